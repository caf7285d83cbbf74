import { type Cell, type SheetGrid, cellText } from '../sheet/cell';
import { type Deal, parseDeal, textOrNull } from '../sheet/parse-deal';
import { stagesFor } from '../domain/vocabulary';
import { type Facts, dealFacts } from '../facts/deal-facts';
import { type Finding, gateOpen } from '../rules/rule-evaluator';
import { ACTIONS, type ActionGate } from '../domain/actions';
import { type ActionRequest, actionFor } from '../sheet/action-cell';
import { possibleActions } from '../lifecycle/judge-action';
import { type RowOutcome, type SheetContext, joinMessages, judgeSheet } from '../workflow/process-sheet';
import { createSheetContext } from '../workflow/sheet-context';
import { isClosedDeal } from '../lifecycle/deal-state';

/** What one rule set says about one row: its problems and the actions it allows. */
export interface RowJudgement {
  readonly valid: boolean;
  readonly problems: readonly Finding[];
  /** Actions the lifecycle offers in the deal's state and the policy's gate allows (`Register`, `Stage Proposed`). */
  readonly allowed: readonly string[];
  /** Actions the lifecycle offers but the policy refuses, with the rules that refuse them. */
  readonly refused: Readonly<Record<string, readonly Finding[]>>;
}

export interface RowImpact {
  readonly row: number;
  readonly referralId: string;
  readonly dealName: string;
  readonly before: RowJudgement;
  readonly after: RowJudgement;
  readonly problemsAdded: readonly Finding[];
  readonly problemsRemoved: readonly Finding[];
  readonly actionsLost: readonly string[];
  readonly actionsGained: readonly string[];
}

export interface ImpactReport {
  readonly deals: number;
  /** Only the rows whose verdict or allowed actions differ. */
  readonly changed: readonly RowImpact[];
  readonly becameInvalid: number;
  readonly becameValid: number;
  /** Per action: on how many deals it is no longer / newly allowed. */
  readonly actionsLost: Readonly<Record<string, number>>;
  readonly actionsGained: Readonly<Record<string, number>>;
}

/**
 * Compares, row by row, what two rule sets say about a sheet: validation problems and allowed actions. Both
 * contexts must come from the same grid (same header map, catalog and date); only their evaluators differ.
 *
 * @example
 * const report = await compareRuleSets(grid, activeContext, candidateContext);
 * report.changed.map((r) => `${r.row}: lost ${r.actionsLost.join(', ')}`);
 */
export async function compareRuleSets(grid: SheetGrid, active: SheetContext, candidate: SheetContext): Promise<ImpactReport> {
  const size = active.batchSize ?? 500;
  const changed: RowImpact[] = [];
  let deals = 0;
  for (let start = 0; start < grid.rows.length; start += size) {
    const rows = grid.rows
      .slice(start, start + size)
      .map((cells, i) => ({ cells, row: start + i + 2 }))
      .filter(({ cells }) => cells.some((cell) => cellText(cell) !== ''));
    const batch = rows.map(({ cells, row }) => parseDeal(cells, active.map, row, active));
    deals += batch.length;
    const cells = rows.map((r) => r.cells);
    const [before, after] = [await judgeRows(grid.headers, cells, batch, active), await judgeRows(grid.headers, cells, batch, candidate)];
    batch.forEach((deal, i) => {
      const impact = rowImpact(deal, before[i], after[i]);
      if (impact) changed.push(impact);
    });
    active.onProgress?.(Math.min(start + size, grid.rows.length), grid.rows.length);
  }
  const count = (pick: (r: RowImpact) => readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const r of changed) for (const a of pick(r)) counts[a] = (counts[a] ?? 0) + 1;
    return counts;
  };
  return {
    deals,
    changed,
    becameInvalid: changed.filter((r) => r.before.valid && !r.after.valid).length,
    becameValid: changed.filter((r) => !r.before.valid && r.after.valid).length,
    actionsLost: count((r) => r.actionsLost),
    actionsGained: count((r) => r.actionsGained),
  };
}

/**
 * Each deal's problems and allowed actions under one rule set. An action counts as allowed only where `apply`
 * would perform it (the gate open, the lifecycle willing, and the row it makes valid): each possible action is
 * applied to a copy of the row, as an Action cell asking for it. Where it is refused, the gate's rules say why, or
 * apply's own reasons when the gate was open.
 */
async function judgeRows(headers: readonly Cell[], cells: readonly (readonly Cell[])[], deals: readonly Deal[], context: SheetContext): Promise<RowJudgement[]> {
  const verdicts = await context.evaluator.evaluate(deals.map((deal) => dealFacts(deal, { ...context, closed: isClosedDeal(deal) })), () => []);
  const asks = deals.flatMap((deal, index) => possibleRequests(deal).map((request) => ({ index, request })));
  const gated = asks.filter((a) => a.request.action.gate !== null);
  const facts: Facts[] = gated.map(({ index, request }) => dealFacts(deals[index], { ...context, request, closed: isClosedDeal(deals[index]) }));
  const gateVerdicts = await context.evaluator.evaluate(facts, (i) => [gated[i].request.action.gate as ActionGate], { validation: false });
  const verdictOf = new Map(gated.map((ask, i) => [ask, gateVerdicts[i]]));
  const applied = await applyEach(headers, cells, asks, context);
  const allowed: string[][] = deals.map(() => []);
  const refused: Record<string, readonly Finding[]>[] = deals.map(() => ({}));
  asks.forEach((ask, i) => {
    const outcome = applied[i];
    const verdict = verdictOf.get(ask);
    const gate = ask.request.action.gate;
    if (outcome.action?.applied) allowed[ask.index].push(label(ask.request));
    else if (verdict && gate && !gateOpen(verdict, gate)) refused[ask.index][label(ask.request)] = verdict.refusals[gate]!;
    else refused[ask.index][label(ask.request)] = [{ rule: APPLY_REFUSED_RULE, gate: gate ?? 'validation', message: joinMessages(outcome.action?.reasons ?? []), columns: [] }];
  });
  return deals.map((_, i) => ({ valid: verdicts[i].problems.length === 0, problems: verdicts[i].problems, allowed: allowed[i], refused: refused[i] }));
}

/** Where an action's gate is open but apply still refuses it (the row it makes is invalid, …): apply's reasons. */
export const APPLY_REFUSED_RULE = 'apply';

/** Applies each ask to a copy of its row whose Action cell asks for it; one outcome per ask. */
async function applyEach(headers: readonly Cell[], cells: readonly (readonly Cell[])[], asks: readonly { index: number; request: ActionRequest }[], context: SheetContext): Promise<RowOutcome[]> {
  if (asks.length === 0) return [];
  const column = context.map.fields.action ?? headers.length;
  const asked: SheetGrid = {
    headers: context.map.fields.action === undefined ? [...headers, 'Action'] : headers,
    rows: asks.map(({ index, request }) => {
      const copy = [...cells[index]];
      while (copy.length < column) copy.push('');
      copy[column] = label(request);
      return copy;
    }),
  };
  const { context: askedContext } = createSheetContext(asked, { rules: context.evaluator, catalog: context.catalog, today: context.today, direction: context.direction, decimalComma: context.decimalComma });
  return (await judgeSheet(asked, askedContext!, { kind: 'apply', expireOverdue: false })).outcomes;
}

/** Every action the deal's state offers, with Stage once per stage of its stage list. */
function possibleRequests(deal: Deal): ActionRequest[] {
  const names = [
    ...ACTIONS.filter((a) => a.event !== 'STAGE').map((a) => a.name),
    ...stagesFor(textOrNull(deal.values.dealType)).filter((s) => s.percent > 0 && s.name !== 'Created').map((s) => `Stage ${s.name}`),
  ];
  const requests = names.map((n) => actionFor(n, deal).request).filter((r): r is ActionRequest => r !== undefined);
  return possibleActions(deal, requests);
}

function label(request: ActionRequest): string {
  return request.stage ? `${request.action.name} ${request.stage.name}` : request.action.name;
}

function rowImpact(deal: Deal, before: RowJudgement, after: RowJudgement): RowImpact | undefined {
  const rulesOf = (j: RowJudgement) => new Set(j.problems.map((p) => p.rule));
  const problemsAdded = after.problems.filter((p) => !rulesOf(before).has(p.rule));
  const problemsRemoved = before.problems.filter((p) => !rulesOf(after).has(p.rule));
  const actionsLost = before.allowed.filter((a) => !after.allowed.includes(a));
  const actionsGained = after.allowed.filter((a) => !before.allowed.includes(a));
  if (problemsAdded.length + problemsRemoved.length + actionsLost.length + actionsGained.length === 0) return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { row: deal.row, referralId: text(deal.values.referralId), dealName: text(deal.values.dealName), before, after, problemsAdded, problemsRemoved, actionsLost, actionsGained };
}
