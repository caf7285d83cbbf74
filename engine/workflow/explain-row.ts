import { type SheetGrid, cellText } from '../sheet/cell';
import { parseDeal, textOrNull } from '../sheet/parse-deal';
import { dealFacts } from '../facts/deal-facts';
import { describeCause } from '../facts/undecided-facts';
import { type RuleTrace } from '../rules/rule-evaluator';
import { type Gate } from '../domain/actions';
import { actionFor } from '../sheet/action-cell';
import { describeState, isClosedDeal, resolveDealState } from '../lifecycle/deal-state';
import { possibleActions } from '../lifecycle/judge-action';
import { type SheetContext } from './process-sheet';
import { judgeDeals } from './judge-deals';

/** Why a row is valid or not, or why an action is allowed or refused, requirement by requirement. */
export interface RowExplanation {
  readonly row: number;
  readonly dealName: string;
  readonly customerName: string;
  /** The deal's lifecycle state (`Active/Accepted`), or why it has none. */
  readonly state: string;
  /** `validation`, or the action as asked (`Register`, `Stage Proposed`). */
  readonly subject: string;
  readonly gate: Gate | null;
  /** For an action: whether the lifecycle offers it in the deal's state at all. */
  readonly possible?: boolean;
  /** The rules' answer: valid / invalid for validation, allowed / refused for an action's gate. */
  readonly passed: boolean;
  /** Validation problems of the row, when an action is explained (apply refuses actions on invalid rows). */
  readonly rowProblems: number;
  /** Every rule of the gate; a requirement is met when its rule did not fire. Unmet first, then not judged. */
  readonly requirements: readonly ExplainedRequirement[];
}

/** A requirement as explained: its rule's trace, and why it was not judged, when the row cannot decide a fact it reads. */
export interface ExplainedRequirement extends RuleTrace {
  /** Set when the rule reads a value the row cannot decide (a column the sheet lacks, an unknown solution). */
  readonly notJudged?: string;
}

/**
 * Explains one sheet row: its validation, or one action's gate.
 *
 * @example
 * const { explanation } = await explainRow(grid, context, 14, 'Register');
 * explanation?.requirements.filter((r) => r.fired).map((r) => r.message);
 */
export async function explainRow(grid: SheetGrid, context: SheetContext, row: number, actionText?: string): Promise<{ explanation?: RowExplanation; error?: string }> {
  const index = row - 2;
  if (!Number.isInteger(row) || index < 0 || index >= grid.rows.length) {
    return { error: grid.rows.length === 0 ? 'the sheet has no deals.' : `row ${row} is not a deal row: deals are in rows 2 to ${grid.rows.length + 1}.` };
  }
  const cells = grid.rows[index];
  if (cells.every((cell) => cellText(cell) === '')) return { error: `row ${row} is empty.` };
  const deal = parseDeal(cells, context.map, row, context);
  const parsed = actionText === undefined ? undefined : actionFor(actionText, deal);
  if (parsed?.error) return { error: parsed.error };
  const request = parsed?.request;
  const gate: Gate | null = request ? request.action.gate : 'validation';
  const facts = dealFacts(deal, { ...context, request, closed: isClosedDeal(deal) });
  const traces = gate ? await context.evaluator.explain(facts, gate) : [];
  // Judged as check and apply judge it: a rule reading a value the row cannot decide is not judged.
  const actionGate = request?.action.gate ?? null;
  const [verdict] = await judgeDeals(context, [{ deal, request }], () => (actionGate ? [actionGate] : []));
  const skipped = new Map(verdict.notJudged.filter((n) => n.gate === gate).map((n) => [n.rule, describeCause(n.cause)]));
  const judged: ExplainedRequirement[] = traces.map((t) => (skipped.has(t.rule.name) ? { ...t, fired: false, notJudged: skipped.get(t.rule.name) } : t));
  const requirements = [...judged.filter((r) => r.fired), ...judged.filter((r) => !r.fired && r.notJudged), ...judged.filter((r) => !r.fired && !r.notJudged)];
  // An action is never allowed on a guess; a row is not invalid by a rule that could not be judged.
  const passed = requirements.every((r) => !r.fired) && (gate === 'validation' || requirements.every((r) => !r.notJudged));
  const dealState = resolveDealState(deal);
  return {
    explanation: {
      row,
      dealName: textOrNull(deal.values.dealName) ?? '',
      customerName: textOrNull(deal.values.customerName) ?? '',
      state: dealState.kind === 'state' ? describeState(dealState.snapshot) : dealState.error,
      subject: request ? (request.stage ? `${request.action.name} ${request.stage.name}` : request.action.name) : 'validation',
      gate,
      ...(request ? { possible: possibleActions(deal, [request]).length > 0 } : {}),
      passed,
      rowProblems: verdict.problems.length,
      requirements,
    },
  };
}

/**
 * The explanation's verdict in one sentence: what `cosell explain` and the pane's "Why?" both lead with.
 *
 * @example
 * explanationHeadline(e); // 'Register: refused by 1 of 5 requirements.'
 */
export function explanationHeadline(e: RowExplanation): string {
  const unmet = e.requirements.filter((r) => r.fired).length;
  const unjudged = e.requirements.filter((r) => r.notJudged).length;
  if (e.subject !== 'validation' && e.gate !== null && unmet === 0 && unjudged > 0) return `${e.subject}: refused: ${unjudged} of ${e.requirements.length} requirements cannot be judged on this row.`;
  const total = e.requirements.length;
  if (e.subject === 'validation') return e.passed ? `Valid: all ${total} validation requirements are met.` : `Invalid: ${unmet} of ${total} validation requirements are not met.`;
  if (e.gate === null) return `${e.subject} has no rules: the lifecycle alone decides it.`;
  return e.passed ? `${e.subject}: the policy allows it (all ${total} requirements met).` : `${e.subject}: refused by ${unmet} of ${total} requirements.`;
}

/** A fact's or a compared value as the explanation shows it. */
export function showValue(value: unknown): string {
  return value === undefined ? '(not evaluated)' : JSON.stringify(value);
}
