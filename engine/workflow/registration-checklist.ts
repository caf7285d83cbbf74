import { type Deal } from '../sheet/parse-deal';
import { ACTIONS } from '../domain/actions';
import { dealFacts } from '../facts/deal-facts';
import { interpolate } from '../rules/rule-evaluator';
import { type ActionRequest } from '../sheet/action-cell';
import { isClosedDeal, resolveDealState } from '../lifecycle/deal-state';
import { type SheetContext } from './process-sheet';
import { judgeDeals } from './judge-deals';
import { describeCause } from '../facts/undecided-facts';

/** One registration requirement as a checklist line. */
export interface ChecklistItem {
  readonly label: string;
  /** `not judged`: the rule reads a value the row cannot decide (the label says why). */
  readonly status: 'met' | 'not met' | 'not judged';
}

/**
 * Whether deal registration can matter for a deal, and if so what it needs: shown for an active deal (what
 * Register will need once it is won) and a won deal not yet registered; not for a received, lost, declined or
 * expired deal, nor once registration is submitted.
 */
export type RegistrationChecklist = { readonly kind: 'not-relevant' } | { readonly kind: 'checklist'; readonly items: readonly ChecklistItem[] };

/**
 * Each registration rule as a checklist line: its message up to the first clause, met when it did not fire. A
 * rule that cannot be judged on the deal (a solution the catalog does not know) is `not judged` and says why.
 *
 * @example
 * const list = await registrationChecklist(deal, context);
 * if (list.kind === 'checklist') list.items; // [{ label: 'Register needs Microsoft invited to the deal (Deal Type Co-sell)', status: 'not met' }, …]
 */
export async function registrationChecklist(deal: Deal, context: SheetContext): Promise<RegistrationChecklist> {
  const state = resolveDealState(deal);
  const relevant = state.kind === 'state' && (state.snapshot.matches('accepted') || state.snapshot.matches({ won: 'unregistered' }));
  if (!relevant) return { kind: 'not-relevant' };
  const register = ACTIONS.find((a) => a.gate === 'register')!;
  const request: ActionRequest = { action: register };
  const facts = dealFacts(deal, { catalog: context.catalog, today: context.today, request, closed: isClosedDeal(deal) });
  const [verdict] = await judgeDeals(context, [{ deal, request }], () => ['register']);
  const fired = new Set((verdict.refusals.register ?? []).map((f) => f.rule));
  // Each rule's own cause: one rule may wait on the deal type, another on the catalog.
  const notJudged = new Map(verdict.notJudged.filter((n) => n.gate === 'register').map((n) => [n.rule, describeCause(n.cause)]));
  const items = context.evaluator.ruleSet.rules
    .filter((rule) => rule.event.type === 'register')
    .map((rule): ChecklistItem => {
      const label = interpolate(rule.event.params.message, facts).split(/[;:] /)[0].replace(/\.$/, '');
      const why = notJudged.get(rule.name);
      if (why !== undefined) return { label: `${label}: cannot be judged: ${why}`, status: 'not judged' };
      return { label, status: fired.has(rule.name) ? 'not met' : 'met' };
    });
  return { kind: 'checklist', items };
}
