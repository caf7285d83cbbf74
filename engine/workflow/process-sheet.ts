import { type Cell, type SheetGrid, cellText } from '../sheet/cell';
import { type FieldKey } from '../sheet/columns';
import { type HeaderMap, withOwnedColumns } from '../sheet/header-map';
import { type Deal, parseDeal } from '../sheet/parse-deal';
import { ownedCellChanges } from '../sheet/owned-cells';
import { type SolutionCatalog } from '../domain/catalog';
import { dealFacts } from '../facts/deal-facts';
import { type Finding, type RuleEvaluator, type Verdict } from '../rules/rule-evaluator';
import { ACTIONS, type ActionRequest, actionFor } from '../lifecycle/actions';
import { judgeAction } from '../lifecycle/judge-action';
import { resolveDealState } from '../lifecycle/deal-state';

/** Everything a sheet is judged with. */
export interface SheetContext {
  readonly map: HeaderMap;
  readonly evaluator: RuleEvaluator;
  readonly catalog: SolutionCatalog;
  /** ISO date the deals are judged on (expiry counts days to it). */
  readonly today: string;
  /** Numbers use a decimal comma (`;`-delimited files). */
  readonly decimalComma: boolean;
  /** Rows per rule-evaluation batch. */
  readonly batchSize?: number;
  /** Called after each batch, for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What happened to one row, and what to write into it. */
export interface RowOutcome {
  /** The sheet row number (the header is row 1). */
  readonly row: number;
  /** The row is a deal (not a blank line). */
  readonly isDeal: boolean;
  /** The `Errors` text: '' for a valid row, else messages joined by '; '. */
  readonly errors: string;
  /** The headers the row's problems name (the cells the pane marks), each once, in message order. */
  readonly columns: readonly string[];
  /** The validation rules that fired, with their messages and columns (the pane's problem list). */
  readonly problems: readonly Finding[];
  /** Owned cells to write besides `Errors` (the lifecycle's cells, and `Action` cleared after success). */
  readonly changes: Readonly<Partial<Record<FieldKey, Cell>>>;
  /** The row is valid after this run. */
  readonly valid: boolean;
  /** The action performed or refused, if the row asked for one. */
  readonly action?: { readonly name: string; readonly applied: boolean; readonly reasons: readonly string[] };
}

/**
 * Validates every row: the CLI's `check` and the pane's "Check sheet".
 *
 * @example
 * const outcomes = await checkSheet(grid, context);
 * outcomes.filter((o) => !o.valid).map((o) => `${o.row}: ${o.errors}`);
 */
export async function checkSheet(grid: SheetGrid, context: SheetContext): Promise<RowOutcome[]> {
  return inBatches(grid, context, async (rows) => {
    const verdicts = await context.evaluator.evaluate(rows.map(({ deal }) => dealFacts(deal, context)), NO_GATES);
    return rows.map(({ deal, blank }, i) => (blank ? blankOutcome(deal) : validationOutcome(deal, verdicts[i])));
  });
}

/**
 * Performs each row's `Action` (and, with `expireOverdue`, expires overdue received deals that ask for nothing).
 * An action is judged on the row as filled; the row it would produce must pass validation too; otherwise the
 * row keeps its cells and only `Errors` says why.
 */
export async function applySheet(grid: SheetGrid, context: SheetContext, options: { expireOverdue?: boolean } = {}): Promise<RowOutcome[]> {
  const expire = ACTIONS.find((a) => a.event === 'EXPIRE')!;
  // The row an action produces may fill an owned column the sheet lacks (e.g. Registration Status).
  const resultMap = withOwnedColumns(context.map);
  return inBatches(grid, context, async (rows) => {
    const requests = rows.map(({ deal, blank }): RowRequest => {
      if (blank) return {};
      const actionText = String(deal.values.action ?? '');
      if (actionText !== '') return { ...actionFor(actionText, deal), explicit: true };
      const received = resolveDealState(deal).snapshot?.matches('received');
      return options.expireOverdue && received ? { request: { action: expire } as ActionRequest, explicit: false } : {};
    });
    const verdicts = await context.evaluator.evaluate(
      rows.map(({ deal }, i) => dealFacts(deal, { ...context, request: requests[i].request })),
      (i) => (requests[i].request?.action.gate ? [requests[i].request!.action.gate!] : []),
    );

    // Judge each action synchronously, then re-validate the rows the applied actions would produce, as one batch.
    const judged = rows.map(({ deal, cells }, i) => {
      const request = requests[i].request;
      if (!request) return undefined;
      const judgement = judgeAction(deal, request, verdicts[i]);
      if (judgement.kind === 'refused') return { request, judgement, changes: undefined, result: undefined };
      const helpColumn = context.map.fields.microsoftHelpRequired;
      const changes = ownedCellChanges(deal, helpColumn === undefined ? undefined : cells[helpColumn], judgement.before, judgement.after);
      if (requests[i].explicit) changes.action = ''; // done: clear the request
      const result = parseDeal(withChanges(cells, changes, resultMap), resultMap, deal.row, context);
      return { request, judgement, changes, result };
    });
    const resulting = judged.filter((j) => j?.result !== undefined).map((j) => j!.result!);
    const resultVerdicts = await context.evaluator.evaluate(resulting.map((deal) => dealFacts(deal, context)), NO_GATES);
    const verdictOfResult = new Map(resulting.map((deal, i) => [deal, resultVerdicts[i]]));

    return rows.map(({ deal, blank }, i): RowOutcome => {
      const j = judged[i];
      if (blank) return blankOutcome(deal);
      if (requests[i].error) return refusedOutcome(deal, verdicts[i], NOT_AN_ACTION, [requests[i].error!], false);
      if (!j) return validationOutcome(deal, verdicts[i]);
      const name = j.request.action.name;
      if (j.judgement.kind === 'refused') {
        // --expire-overdue only expires what is overdue; a deal that is not is simply checked.
        return requests[i].explicit ? refusedOutcome(deal, verdicts[i], name, j.judgement.reasons) : validationOutcome(deal, verdicts[i]);
      }
      const problems = verdictOfResult.get(j.result!)!.problems;
      if (problems.length > 0) {
        // Problems the row already has are listed after the refusal; name only what the action would add.
        const existing = new Set(verdicts[i].problems.map((p) => p.rule));
        const added = problems.filter((p) => !existing.has(p.rule)).map((p) => `the row would be invalid: ${p.message}`);
        const reasons = added.length > 0 ? added : ['fix the problems below first'];
        return requests[i].explicit ? refusedOutcome(deal, verdicts[i], name, reasons) : validationOutcome(deal, verdicts[i]);
      }
      return { row: deal.row, isDeal: true, errors: '', columns: [], problems: [], changes: j.changes!, valid: true, action: { name, applied: true, reasons: [] } };
    });
  });
}

/** What a row asks for: an action, or an Action cell that is no action; `explicit` unless --expire-overdue chose it. */
interface RowRequest {
  readonly request?: ActionRequest;
  readonly error?: string;
  readonly explicit?: boolean;
}

/** How the summary counts Action cells that name no action. */
export const NOT_AN_ACTION = '(not an action)';

/** Validation only: no action gate is judged. */
const NO_GATES = () => [];

interface ParsedRow {
  readonly deal: Deal;
  readonly cells: readonly Cell[];
  readonly blank: boolean;
}

async function inBatches(grid: SheetGrid, context: SheetContext, run: (rows: ParsedRow[]) => Promise<RowOutcome[]>): Promise<RowOutcome[]> {
  const size = context.batchSize ?? 500;
  const outcomes: RowOutcome[] = [];
  for (let start = 0; start < grid.rows.length; start += size) {
    const rows = grid.rows.slice(start, start + size).map((cells, i) => ({
      cells,
      deal: parseDeal(cells, context.map, start + i + 2, context),
      blank: cells.every((cell) => cellText(cell) === ''),
    }));
    outcomes.push(...(await run(rows)));
    context.onProgress?.(Math.min(start + size, grid.rows.length), grid.rows.length);
  }
  return outcomes;
}

/** The Errors cell: messages joined by '; ', each without its closing full stop. */
export function joinMessages(messages: readonly string[]): string {
  return messages.map((m) => m.replace(/\.$/, '')).join('; ');
}

function blankOutcome(deal: Deal): RowOutcome {
  return { row: deal.row, isDeal: false, errors: '', columns: [], problems: [], changes: {}, valid: true };
}

function validationOutcome(deal: Deal, verdict: Verdict): RowOutcome {
  const messages = verdict.problems.map((p) => p.message);
  return { row: deal.row, isDeal: true, errors: joinMessages(messages), columns: columnsOf(verdict), problems: verdict.problems, changes: {}, valid: messages.length === 0 };
}

function refusedOutcome(deal: Deal, verdict: Verdict, name: string, reasons: readonly string[], prefixed = true): RowOutcome {
  const problems = verdict.problems.map((p) => p.message);
  const errors = joinMessages([prefixed ? `${name} refused: ${joinMessages(reasons)}` : joinMessages(reasons), ...problems]);
  return { row: deal.row, isDeal: true, errors, columns: columnsOf(verdict), problems: verdict.problems, changes: {}, valid: problems.length === 0, action: { name, applied: false, reasons } };
}

function columnsOf(verdict: Verdict): string[] {
  return [...new Set(verdict.problems.flatMap((p) => p.columns))];
}

function withChanges(cells: readonly Cell[], changes: Partial<Record<FieldKey, Cell>>, map: HeaderMap): Cell[] {
  const copy = [...cells];
  for (const [key, value] of Object.entries(changes) as [FieldKey, Cell][]) {
    const index = map.fields[key];
    if (index !== undefined) copy[index] = value;
  }
  return copy;
}

/** Counts for the CLI's summary and the pane's status line. */
export interface Summary {
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  readonly applied: number;
  readonly refused: number;
  readonly byAction: Readonly<Record<string, { applied: number; refused: number }>>;
}

export function summarize(outcomes: readonly RowOutcome[]): Summary {
  const deals = outcomes.filter((o) => o.isDeal);
  const byAction: Record<string, { applied: number; refused: number }> = {};
  for (const { action } of deals) {
    if (!action) continue;
    const counts = (byAction[action.name] ??= { applied: 0, refused: 0 });
    if (action.applied) counts.applied++;
    else counts.refused++;
  }
  return {
    rows: deals.length,
    valid: deals.filter((o) => o.valid).length,
    invalid: deals.filter((o) => !o.valid).length,
    applied: deals.filter((o) => o.action?.applied).length,
    refused: deals.filter((o) => o.action && !o.action.applied).length,
    byAction,
  };
}
