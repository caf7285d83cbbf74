import { type Cell, type SheetGrid, safeCellText } from '../sheet/cell';
import { COLUMN_BY_KEY, type FieldKey, OWNED_KEYS } from '../sheet/columns';
import { type HeaderMap } from '../sheet/header-map';
import { type RowOutcome } from './process-sheet';

/** Where each written column ends up: the same plan drives the CSV, .xlsx and Excel writers. */
/** What writing a row's outcome reads: whether it is a deal, its Errors text and its owned changes. */
export type WrittenOutcome = Pick<RowOutcome, 'isDeal' | 'errors' | 'changes'>;

export interface WritePlan {
  /** `Errors` is absent and gets a new column at this index (0 = first), shifting the others right. */
  readonly insertErrorsAt: number | null;
  /** Owned columns the sheet lacks that some row now fills, appended after the last column, in this order. */
  readonly appended: readonly FieldKey[];
  /** The column of an owned field in the written sheet. */
  columnOf(key: FieldKey): number;
}

/**
 * Plans which columns a write adds: `Errors` as the first column when absent (or the last, with `errorsAtEnd`,
 * for workbooks where shifting columns would break formulas), and any owned column an action fills.
 */
export function planWrite(map: HeaderMap, outcomes: readonly Pick<RowOutcome, 'changes'>[], options: { errorsAtEnd?: boolean; width?: number } = {}): WritePlan {
  // New columns go right of every cell the sheet has: rows may hold cells right of the header's last one.
  const width = Math.max(map.width, options.width ?? 0);
  const hasErrors = map.fields.errors !== undefined;
  const insertErrorsAt = hasErrors ? null : options.errorsAtEnd ? width : 0;
  const shift = insertErrorsAt === 0 ? 1 : 0;
  const needed = new Set(outcomes.flatMap((o) => Object.keys(o.changes) as FieldKey[]));
  const appended = OWNED_KEYS.filter((key) => addsColumn(map, key) && needed.has(key));
  // A new Errors column, first or last, makes the sheet one column wider before the appended ones.
  const firstAppended = width + (insertErrorsAt === null ? 0 : 1);
  return {
    insertErrorsAt,
    appended,
    columnOf(key) {
      if (key === 'errors' && insertErrorsAt !== null) return insertErrorsAt;
      const index = map.fields[key];
      if (index !== undefined) return index + shift;
      const at = appended.indexOf(key);
      if (at < 0) throw new Error(`Column ${key} is not in the write plan.`);
      return firstAppended + at;
    },
  };
}

/**
 * Does writing this owned field add a column to the sheet? (Every one the sheet lacks but `Errors`, which a write
 * plans whatever the rows hold: first in a CSV, last in a workbook.) Only such a column makes where columns go
 * depend on every row.
 */
export function addsColumn(map: HeaderMap, key: FieldKey): boolean {
  return key !== 'errors' && map.fields[key] === undefined;
}

/** The header text of every appended column, by position. */
export function appendedHeaders(plan: WritePlan): { index: number; header: string }[] {
  const columns = plan.appended.map((key) => ({ index: plan.columnOf(key), header: COLUMN_BY_KEY.get(key)!.header }));
  return plan.insertErrorsAt === null ? columns : [{ index: plan.insertErrorsAt, header: 'Errors' }, ...columns];
}

/** The cells to write in a data row (index 0 = sheet row 2), by column: Errors and the owned changes. */
export function rowWrites(plan: WritePlan, outcome: WrittenOutcome): { index: number; value: Cell }[] {
  if (!outcome.isDeal) return [];
  const writes = [{ index: plan.columnOf('errors'), value: safeCellText(outcome.errors) as Cell }];
  for (const [key, value] of Object.entries(outcome.changes) as [FieldKey, Cell][]) {
    writes.push({ index: plan.columnOf(key), value: typeof value === 'string' ? safeCellText(value) : value });
  }
  return writes;
}

/**
 * Applies outcomes to a grid, returning a new grid: every cell the plan does not write stays as it was.
 *
 * @example
 * const written = writeGrid(grid, map, await checkSheet(grid, context));
 */
export function writeGrid(grid: SheetGrid, map: HeaderMap, outcomes: readonly WrittenOutcome[], options: { errorsAtEnd?: boolean; plan?: WritePlan } = {}): SheetGrid {
  const width = grid.rows.reduce((widest, cells) => Math.max(widest, cells.length), grid.headers.length);
  // A sheet written in pieces passes the plan made for all of its rows (its width and every column it needs).
  const plan = options.plan ?? planWrite(map, outcomes, { ...options, width });
  const headers = widened(plan, grid.headers, 'Errors');
  for (const { index, header } of appendedHeaders(plan)) headers[index] = header;
  fillHoles(headers);
  return { headers, rows: grid.rows.map((cells, i) => writtenRow(plan, cells, outcomes[i])) };
}

/**
 * One data row as written: its cells with the plan's new columns and the outcome's writes, in one new array (a
 * sheet of 100,000 rows is written row by row). A blank line is no deal: it is left as it was, not widened into a
 * line of empty cells.
 *
 * @example
 * writtenRow(plan, ['', 'Backup'], { isDeal: true, errors: 'Deal Name is required', changes: {} });
 */
export function writtenRow(plan: WritePlan, cells: readonly Cell[], outcome: WrittenOutcome | undefined): Cell[] {
  if (outcome && !outcome.isDeal) return fillHoles([...cells]);
  const row = widened(plan, cells, '');
  if (outcome) for (const { index, value } of rowWrites(plan, outcome)) row[index] = value;
  return fillHoles(row);
}

/** A copy of the cells with the new Errors column in its place (first, or past the last cell). */
function widened(plan: WritePlan, cells: readonly Cell[], errorsCell: Cell): Cell[] {
  if (plan.insertErrorsAt === 0) {
    const copy = new Array<Cell>(cells.length + 1);
    copy[0] = errorsCell;
    for (let i = 0; i < cells.length; i++) copy[i + 1] = cells[i];
    return copy;
  }
  const copy = cells.slice();
  if (plan.insertErrorsAt !== null) {
    while (copy.length < plan.insertErrorsAt) copy.push('');
    copy[plan.insertErrorsAt] = errorsCell;
  }
  return copy;
}

/** Empty text in every hole (a cell past the end, or one never set), in place. */
function fillHoles(cells: Cell[]): Cell[] {
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined || cells[i] === null) cells[i] = '';
  return cells;
}
