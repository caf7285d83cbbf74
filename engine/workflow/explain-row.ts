import { type SheetGrid, cellText } from '../sheet/cell';
import { parseDeal, textOrNull } from '../sheet/parse-deal';
import { dealFacts } from '../facts/deal-facts';
import { describeCause } from '../facts/undecided-facts';
import { type RuleTrace } from '../rules/rule-evaluator';
import { type Gate } from '../domain/actions';
import { actionFor } from '../sheet/action-cell';
import { describeState, isClosedDeal, resolveDealState } from '../lifecycle/deal-state';
import { lifecycleRefusalOf } from '../lifecycle/judge-action';
import { type SheetContext } from './process-sheet';
import { applyAsAsked } from './deal-offers';
import { judgeDeals } from './judge-deals';

/** Why a row is valid or not, or why an action is allowed or refused, requirement by requirement. */
export interface RowExplanation {
  readonly row: number;
  readonly dealName: string;
  readonly customerName: string;
  /** The deal's lifecycle state (`Active/Accepted`), or `no lifecycle state` (validation names the cells). */
  readonly state: string;
  /** `validation`, or the action as asked (`Register`, `Stage Proposed`). */
  readonly subject: string;
  readonly gate: Gate | null;
  /**
   * For an action the lifecycle itself refuses (whatever the rules say), or an Action text that names no action:
   * why, in the words `apply` writes. Then no requirement is listed.
   */
  readonly lifecycleRefusal?: string;
  /** The rules' answer: valid / invalid for validation, allowed / refused for an action's gate. */
  readonly passed: boolean;
  /**
   * For an action the rules allow but `apply` still refuses (the row has problems the action would leave in place,
   * or the row it would produce is invalid): apply's reasons, as it writes them into `Errors`.
   */
  readonly applyRefusal?: string;
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
  const dealState = resolveDealState(deal);
  const stateText = dealState.kind === 'state' ? describeState(dealState.snapshot) : 'no lifecycle state';
  const who = { row, dealName: textOrNull(deal.values.dealName) ?? '', customerName: textOrNull(deal.values.customerName) ?? '', state: stateText };
  // An Action text that names no action is refused by apply with the same sentence: explain says so for the row.
  if (parsed?.error) return { explanation: { ...who, subject: actionText!.trim(), gate: null, lifecycleRefusal: parsed.error, passed: false, requirements: [] } };
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
  const lifecycleRefusal = request ? lifecycleRefusalOf(deal, request) : undefined;
  // An action is never allowed on a guess; a row is not invalid by a rule that could not be judged.
  const rulesPass = requirements.every((r) => !r.fired) && (gate === 'validation' || requirements.every((r) => !r.notJudged));
  // What apply would do with the action, on this row alone: the verdict explain leads with is apply's.
  const applied = actionText !== undefined && rulesPass && lifecycleRefusal === undefined ? await applyOnRow(grid, context, cells, actionText) : undefined;
  const applyRefusal = applied?.applied === false ? applied.reasons.join('; ') : undefined;
  const passed = rulesPass && lifecycleRefusal === undefined && applyRefusal === undefined;
  return {
    explanation: {
      ...who,
      subject: request ? (request.stage ? `${request.action.name} ${request.stage.name}` : request.action.name) : 'validation',
      gate,
      ...(lifecycleRefusal === undefined ? {} : { lifecycleRefusal }),
      passed,
      ...(applyRefusal === undefined ? {} : { applyRefusal }),
      // Where the lifecycle refuses the action, its policy's requirements do not apply to the row: none are listed.
      requirements: lifecycleRefusal === undefined ? requirements : [],
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
  if (e.lifecycleRefusal !== undefined) return `${e.subject} refused: ${e.lifecycleRefusal}`;
  const unmet = e.requirements.filter((r) => r.fired).length;
  const unjudged = e.requirements.filter((r) => r.notJudged).length;
  const total = e.requirements.length;
  const of = (n: number) => (total === 1 ? 'its one requirement' : `${n} of ${total} requirements`);
  if (e.subject !== 'validation' && e.gate !== null && unmet === 0 && unjudged > 0) return `${e.subject}: refused: ${of(unjudged)} cannot be judged on this row.`;
  if (e.subject === 'validation') return e.passed ? `Valid: all ${total} validation requirements are met.` : `Invalid: ${unmet} of ${total} validation requirements ${unmet === 1 ? 'is' : 'are'} not met.`;
  if (e.gate === null) return e.applyRefusal === undefined ? `${e.subject} has no rules: the lifecycle alone decides it.` : `${e.subject}: no rule decides it, but apply refuses it: ${e.applyRefusal}.`;
  if (unmet > 0) return `${e.subject}: refused by ${of(unmet)}.`;
  const allowed = total === 0 ? `${e.subject}: no rule decides it, and the lifecycle allows it` : `${e.subject}: the policy allows it (${total === 1 ? 'its one requirement is met' : `all ${total} requirements met`})`;
  return e.applyRefusal === undefined ? `${allowed}.` : `${allowed}, but apply refuses it: ${e.applyRefusal}.`;
}

/** A fact's or a compared value as the explanation shows it. */
export function showValue(value: unknown): string {
  return value === undefined ? '(not evaluated)' : JSON.stringify(value);
}

/** Applies one action to one row alone, as `apply` would (the Deal view's buttons do the same): applied, or why not. */
async function applyOnRow(grid: SheetGrid, context: SheetContext, cells: SheetGrid['rows'][number], actionText: string): Promise<{ applied: boolean; reasons: readonly string[] }> {
  const { outcomes } = await applyAsAsked({ headers: grid.headers, rows: [cells] }, { ...context, onProgress: undefined }, actionText);
  return { applied: outcomes[0].action?.applied === true, reasons: outcomes[0].action?.reasons ?? [] };
}
