import { type Cell, type SheetGrid, cellText } from '../sheet/cell';
import { type FieldKey } from '../sheet/columns';
import { type HeaderMap, withOwnedColumns } from '../sheet/header-map';
import { type Deal, parseDeal } from '../sheet/parse-deal';
import { ownedCellChanges, problemsLeftInPlace } from './owned-cells';
import { type SolutionCatalog } from '../domain/catalog';
import { type Direction } from '../domain/vocabulary';
import { type Finding, type RuleEvaluator } from '../rules/rule-evaluator';
import { ACTIONS } from '../domain/actions';
import { type ActionRequest, actionFor } from '../sheet/action-cell';
import { judgeAction } from '../lifecycle/judge-action';
import { isClosedDeal, resolveDealState } from '../lifecycle/deal-state';
import { type JudgedVerdict, NOT_JUDGED_REASON, type NotJudged, judgeDeals } from './judge-deals';
import { ownErrorsText } from './own-messages';
import { type SheetNotice, SheetTally } from './sheet-notices';

/** Everything a sheet is judged with. */
export interface SheetContext {
  readonly map: HeaderMap;
  readonly evaluator: RuleEvaluator;
  readonly catalog: SolutionCatalog;
  /** ISO date the deals are judged on (expiry counts days to it). */
  readonly today: string;
  /** Numbers use a decimal comma (`;`-delimited files). */
  readonly decimalComma: boolean;
  /**
   * The direction of the whole export (one tab of Partner Center's co-sell page), for rows of a sheet without a
   * Direction column; undefined when not given (rows then derive it where they can).
   */
  readonly direction?: Direction;
  /**
   * Rows per rule-evaluation batch (100 by default): a batch's deals, facts and verdicts are alive together, and
   * at 100 rows they are mostly let go before the young generation is collected (at 500, a 100,000-row check spent
   * a fifth more processor time, mostly copying them).
   */
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
  readonly action?: {
    readonly name: string;
    /** The stage a Stage action asked for. */
    readonly target?: string;
    readonly applied: boolean;
    readonly reasons: readonly string[];
  };
  /** Rules that could not be judged on this row (a value the sheet does not decide), and why: see the sheet notices. */
  readonly notJudged: readonly NotJudged[];
}

/** A sheet's rows judged, and what is said once for the whole sheet (derived columns, what was not judged, …). */
export interface SheetJudgement {
  readonly outcomes: RowOutcome[];
  readonly notices: SheetNotice[];
}

/** What to do with a sheet: validate it, or perform its actions (`expireOverdue`: also expire overdue received deals). */
export type SheetRun = { readonly kind: 'check' } | { readonly kind: 'apply'; readonly expireOverdue: boolean };

/**
 * Judges a sheet: `check` validates every row, `apply` performs each row's Action. Returns the row outcomes and the
 * sheet-level notices (said once, not on every row): what was derived for columns the sheet lacks, which rules
 * could not be judged and why, solution IDs the catalog does not know, Partner Center messages kept, the import
 * limit. The CLI and the pane show the notices before the rows' problems.
 *
 * @example
 * const { outcomes, notices } = await judgeSheet(grid, context, { kind: 'check' });
 * notices.map((n) => n.message); // ['Direction: the sheet has no Direction column; 12 deals are Inbound …', …]
 */
export async function judgeSheet(grid: SheetGrid, context: SheetContext, run: SheetRun): Promise<SheetJudgement> {
  const outcomes: RowOutcome[] = [];
  const notices = await judgeRowBatches(gridBatches(grid), context, run, (batch) => void outcomes.push(...batch), grid.rows.length);
  return { outcomes, notices };
}

/**
 * Judges a sheet whose rows arrive in batches (a file too large to hold at once): each batch's outcomes go to
 * `onOutcomes` as soon as they are known, in row order, and only the sheet notices are kept to the end. Rows are
 * numbered from 2 (row 1 holds the headers) in the order they arrive. `judgeSheet` is this over a grid.
 *
 * @example
 * const notices = await judgeRowBatches(batchesOf(file), context, { kind: 'check' }, (outcomes) => write(outcomes));
 */
export async function judgeRowBatches(
  batches: Iterable<readonly (readonly Cell[])[]> | AsyncIterable<readonly (readonly Cell[])[]>,
  context: SheetContext,
  run: SheetRun,
  onOutcomes: (outcomes: RowOutcome[]) => void | Promise<void>,
  total?: number,
): Promise<SheetNotice[]> {
  const tally = new SheetTally(context);
  const judge = run.kind === 'check' ? checkRows(context) : applyRows(context, run.expireOverdue, tally);
  await inBatches(batches, context, tally, judge, onOutcomes, total);
  return tally.notices(run);
}

function* gridBatches(grid: SheetGrid): Generator<readonly (readonly Cell[])[]> {
  yield grid.rows;
}

/**
 * Validates every row: the CLI's `check` and the pane's "Check sheet" (`judgeSheet` also gives the sheet notices).
 *
 * @example
 * const outcomes = await checkSheet(grid, context);
 * outcomes.filter((o) => !o.valid).map((o) => `${o.row}: ${o.errors}`);
 */
export async function checkSheet(grid: SheetGrid, context: SheetContext): Promise<RowOutcome[]> {
  return (await judgeSheet(grid, context, { kind: 'check' })).outcomes;
}

/**
 * Performs each row's `Action` (and, with `expireOverdue`, expires overdue received deals that ask for nothing).
 * An action is judged on the row as filled; the row it would produce must pass validation too; otherwise the
 * row keeps its cells and only `Errors` says why. `judgeSheet` also gives the sheet notices.
 */
export async function applySheet(grid: SheetGrid, context: SheetContext, options: { expireOverdue?: boolean } = {}): Promise<RowOutcome[]> {
  return (await judgeSheet(grid, context, { kind: 'apply', expireOverdue: options.expireOverdue === true })).outcomes;
}

function checkRows(context: SheetContext): (rows: ParsedRow[]) => Promise<RowOutcome[]> {
  return async (rows) => {
    const verdicts = await judgeDeals(context, rows.map(({ deal }) => ({ deal })));
    return rows.map(({ deal, blank }, i) => (blank ? blankOutcome(deal) : validationOutcome(deal, verdicts[i])));
  };
}

function applyRows(context: SheetContext, expireOverdue: boolean, tally: SheetTally): (rows: ParsedRow[]) => Promise<RowOutcome[]> {
  const expire = ACTIONS.find((a) => a.event === 'EXPIRE')!;
  // The row an action produces may fill an owned column the sheet lacks (e.g. Registration Status).
  const resultMap = withOwnedColumns(context.map);
  const derivedDealType = context.map.fields.dealType === undefined;
  return async (rows) => {
    const requests = rows.map(({ deal, blank }): RowRequest => {
      if (blank) return {};
      const actionText = String(deal.values.action ?? '');
      if (actionText !== '') return { ...actionFor(actionText, deal), explicit: true };
      if (!expireOverdue) return {};
      const state = resolveDealState(deal);
      const received = state.kind === 'state' && state.snapshot.matches('received');
      return received ? { request: { action: expire } as ActionRequest, explicit: false } : {};
    });
    const verdicts = await judgeDeals(
      context,
      rows.map(({ deal }, i) => ({ deal, request: requests[i].request })),
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
      // Without a Deal Type column the type is derived: the action changed the cells it is derived from.
      if (derivedDealType) delete changes.dealType;
      if (requests[i].explicit) changes.action = ''; // done: clear the request
      const result = parseDeal(withChanges(cells, changes, resultMap), resultMap, deal.row, context);
      return { request, judgement, changes, result };
    });
    const resulting = judged.filter((j) => j?.result !== undefined).map((j) => j!.result!);
    const resultVerdicts = await judgeDeals(context, resulting.map((deal) => ({ deal })));
    const verdictOfResult = new Map(resulting.map((deal, i) => [deal, resultVerdicts[i]]));
    // A row an action closes is judged again as if open: closing must not hide the problems the row had.
    const closing = resulting.filter((deal) => isClosedDeal(deal));
    const asOpenVerdicts = await judgeDeals(context, closing.map((deal) => ({ deal, asOpen: true })));
    const asOpenOfResult = new Map(closing.map((deal, i) => [deal, asOpenVerdicts[i]]));

    return rows.map(({ deal, blank }, i): RowOutcome => {
      const j = judged[i];
      if (blank) return blankOutcome(deal);
      if (requests[i].error) return refusedOutcome(deal, verdicts[i], NOT_AN_ACTION, [requests[i].error!], false);
      if (!j) return validationOutcome(deal, verdicts[i]);
      const name = j.request.action.name;
      if (j.judgement.kind === 'refused') {
        // --expire-overdue only expires what is overdue; a deal that is not is simply checked.
        if (!requests[i].explicit) {
          if (notJudgedGate(verdicts[i], 'expire')) tally.overdueNotJudged(deal.row);
          return validationOutcome(deal, verdicts[i]);
        }
        return refusedOutcome(deal, verdicts[i], name, j.judgement.reasons, true, targetOf(j.request));
      }
      const result = verdictOfResult.get(j.result!)!;
      const problems = result.problems;
      if (derivedDealType && j.result!.values.dealType !== j.judgement.after.dealType) {
        const reasons = [`the sheet has no Deal Type column, and the row would not show the deal as ${j.judgement.after.dealType ?? 'its new type'}: add a Deal Type column`];
        return requests[i].explicit ? refusedOutcome(deal, verdicts[i], name, reasons, true, targetOf(j.request)) : validationOutcome(deal, verdicts[i]);
      }
      const asOpen = asOpenOfResult.get(j.result!) ?? result;
      const leftInPlace = problemsLeftInPlace(verdicts[i].problems, asOpen.problems, (Object.keys(j.changes!) as FieldKey[]).filter((k) => k !== 'action'));
      if (problems.length > 0 || leftInPlace.length > 0) {
        // Problems the row already has are listed after the refusal; name only what the action would add.
        const existing = new Set(verdicts[i].problems.map((p) => p.rule));
        const added = problems.filter((p) => !existing.has(p.rule)).map((p) => `the row would be invalid: ${p.message}`);
        const reasons = added.length > 0 ? added : [FIX_FIRST];
        return requests[i].explicit ? refusedOutcome(deal, verdicts[i], name, reasons, true, targetOf(j.request)) : validationOutcome(deal, verdicts[i]);
      }
      return {
        row: deal.row,
        isDeal: true,
        errors: '',
        columns: [],
        problems: [],
        changes: j.changes!,
        valid: true,
        action: { name, ...targetOf(j.request), applied: true, reasons: [] },
        notJudged: result.notJudged,
      };
    });
  };
}

/** Was an action of this gate refused because one of its rules could not be judged? */
function notJudgedGate(verdict: JudgedVerdict, gate: string): boolean {
  return verdict.notJudged.some((n) => n.gate === gate);
}

/** What a row asks for: an action, or an Action cell that is no action; `explicit` unless --expire-overdue chose it. */
interface RowRequest {
  readonly request?: ActionRequest;
  readonly error?: string;
  readonly explicit?: boolean;
}

/** Why an action is refused on a row whose own problems it would leave in place (they follow in `Errors`). */
export const FIX_FIRST = "fix this row's problems first";

/** The stage a request asks for, as an outcome's `target`. */
function targetOf(request: ActionRequest): { target?: string } {
  return request.stage ? { target: request.stage.name } : {};
}

/**
 * An outcome's action as people read it: `Accept`, `Stage → Proposed`.
 *
 * @example
 * actionText({ name: 'Stage', target: 'Proposed', applied: true, reasons: [] }); // 'Stage → Proposed'
 */
export function actionText(action: NonNullable<RowOutcome['action']>): string {
  return action.target === undefined ? action.name : `${action.name} → ${action.target}`;
}

/** How the summary counts Action cells that name no action. */
export const NOT_AN_ACTION = '(not an action)';


interface ParsedRow {
  readonly deal: Deal;
  readonly cells: readonly Cell[];
  readonly blank: boolean;
}

async function inBatches(
  batches: Iterable<readonly (readonly Cell[])[]> | AsyncIterable<readonly (readonly Cell[])[]>,
  context: SheetContext,
  tally: SheetTally,
  run: (rows: ParsedRow[]) => Promise<RowOutcome[]>,
  onOutcomes: (outcomes: RowOutcome[]) => void | Promise<void>,
  total?: number,
): Promise<void> {
  const size = context.batchSize ?? 100;
  const isOwn = ownErrorsText(context.evaluator.ruleSet);
  const errorsColumn = context.map.fields.errors;
  const keptColumn = context.map.fields.partnerCenterErrors;
  let done = 0;
  for await (const batch of batches) {
    for (let start = 0; start < batch.length; start += size) {
      const first = done + 2;
      const rows = batch.slice(start, start + size).map((cells, i) => ({
        cells,
        deal: parseDeal(cells, context.map, first + i, context),
        blank: cells.every((cell) => cellText(cell) === ''),
      }));
      const judged = await run(rows);
      const outcomes = judged.map((outcome, i) => {
        const { cells, deal, blank } = rows[i];
        if (blank) return outcome;
        // Text in Errors that the product did not write (Partner Center's import messages) is kept, never overwritten.
        const foreign = errorsColumn === undefined ? '' : cellText(cells[errorsColumn]);
        const kept = keptColumn === undefined ? '' : cellText(cells[keptColumn]);
        const moved = foreign !== '' && !isOwn(foreign) ? keptErrors(kept, foreign) : undefined;
        const final = moved === undefined ? outcome : { ...outcome, changes: { ...outcome.changes, partnerCenterErrors: moved } };
        if (moved !== undefined) tally.keptErrors(deal.row);
        tally.add(deal, final);
        return final;
      });
      done += rows.length;
      await onOutcomes(outcomes);
      context.onProgress?.(done, total ?? done);
    }
  }
}

/** The `Partner Center errors` cell with the foreign Errors text added, unless it already holds it as a whole message. */
function keptErrors(kept: string, foreign: string): string {
  if (kept === '' || kept === foreign) return foreign;
  const holds = kept.startsWith(`${foreign}; `) || kept.endsWith(`; ${foreign}`) || kept.includes(`; ${foreign}; `);
  return holds ? kept : `${kept}; ${foreign}`;
}

/** The Errors cell: messages joined by '; ', each without its closing full stop. */
export function joinMessages(messages: readonly string[]): string {
  let text = '';
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    text += (i > 0 ? '; ' : '') + (m.endsWith('.') ? m.slice(0, -1) : m);
  }
  return text;
}

/** A row that is no deal (blank), or that an action leaves alone: nothing to write, nothing to log. */
export function blankOutcome(deal: Pick<Deal, 'row'>): RowOutcome {
  return { row: deal.row, isDeal: false, errors: '', columns: [], problems: [], changes: {}, valid: true, notJudged: [] };
}

function validationOutcome(deal: Deal, verdict: JudgedVerdict): RowOutcome {
  const messages = verdict.problems.map((p) => p.message);
  return {
    row: deal.row,
    isDeal: true,
    errors: joinMessages(messages),
    columns: columnsOf(verdict),
    problems: verdict.problems,
    changes: {},
    valid: messages.length === 0,
    notJudged: verdict.notJudged,
  };
}

function refusedOutcome(deal: Deal, verdict: JudgedVerdict, name: string, reasons: readonly string[], prefixed = true, target: { target?: string } = {}): RowOutcome {
  const problems = verdict.problems.map((p) => p.message);
  const errors = joinMessages([prefixed ? `${name} refused: ${joinMessages(reasons)}` : joinMessages(reasons), ...problems]);
  return {
    row: deal.row,
    isDeal: true,
    errors,
    columns: columnsOf(verdict),
    problems: verdict.problems,
    changes: {},
    valid: problems.length === 0,
    action: { name, ...target, applied: false, reasons },
    notJudged: verdict.notJudged,
  };
}

function columnsOf(verdict: JudgedVerdict): string[] {
  if (verdict.problems.length === 0) return [];
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
  /** Actions refused because a rule of theirs could not be judged (e.g. Expire without a Created Date column). */
  readonly notJudged: number;
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
    notJudged: deals.filter((o) => o.action && !o.action.applied && o.action.reasons.some((r) => r.startsWith(NOT_JUDGED_REASON))).length,
  };
}
