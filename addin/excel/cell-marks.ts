/**
 * Marks: the fill that shows which cells a problem names. The gateway sets and clears only its own marks; a
 * cell the user filled keeps the user's fill.
 */
/// <reference types="office-js" />
import { type SheetRef } from './excel-host';
import { type BatchedWrite } from './write-batches';
import { pacer } from './yielding';

/** The fill that marks a cell a problem names (Excel's "Bad" red). */
export const MARK_FILL = '#FFC7CE';

type FillResult = { readonly value: { format?: { fill?: { color?: string } } }[][] };

/** A fill the write changed: the cell, and the fill it set. */
export interface FillChange {
  readonly row: number;
  readonly column: number;
}

/** Queues a load of one row's fills (`span` columns); read them (column → colour) after the sync. */
export function loadRowFills(sheet: Excel.Worksheet, ref: SheetRef, row: number, span: number): () => (string | undefined)[] {
  const result = sheet.getRangeByIndexes(row - 1, ref.firstColumn, 1, span).getCellProperties({ format: { fill: { color: true } } }) as FillResult;
  return () => result.value[0].map((cell) => cell.format?.fill?.color?.toUpperCase());
}

/** Rows' fills as loaded: row → column → colour (each row read from the response when first asked for). */
export interface RowFills {
  get(row: number): readonly (string | undefined)[] | undefined;
}

/** Queues a load of the fills of whole rows (in slices that give the page a turn); read them (row → column → colour) after the sync. */
export async function loadFills(sheet: Excel.Worksheet, ref: SheetRef, rowNumbers: readonly number[], pace = pacer()): Promise<{ fills: () => RowFills }> {
  const results = new Map<number, () => (string | undefined)[]>();
  for (const row of rowNumbers) {
    const waiting = pace();
    if (waiting) await waiting;
    results.set(row, loadRowFills(sheet, ref, row, ref.width));
  }
  const read = new Map<number, (string | undefined)[]>();
  const fills: RowFills = {
    get: (row) => {
      if (!read.has(row) && results.has(row)) read.set(row, results.get(row)!());
      return read.get(row);
    },
  };
  return { fills: () => fills };
}

/**
 * Queues the marks: the named cells get the mark unless the user filled them; our own marks elsewhere are cleared.
 * Row by row, in slices that give the page a turn.
 */
export async function queueMarks(sheet: Excel.Worksheet, ref: SheetRef, writes: readonly Pick<BatchedWrite, 'row' | 'marks'>[], fills: RowFills, pace = pacer()): Promise<FillChange[]> {
  const changes: FillChange[] = [];
  for (const w of writes) {
    if (!w.marks) continue;
    const waiting = pace();
    if (waiting) await waiting;
    const on = new Set(w.marks.on);
    const row = fills.get(w.row);
    for (let c = 0; c < ref.width; c++) {
      const color = row?.[c];
      const cell = () => sheet.getRangeByIndexes(w.row - 1, ref.firstColumn + c, 1, 1).format.fill;
      // A cell the user filled keeps the user's fill; only our own marks are set and cleared.
      if (on.has(c) && (color === undefined || color === '#FFFFFF')) {
        cell().color = MARK_FILL;
        changes.push({ row: w.row, column: c });
      } else if (!on.has(c) && color === MARK_FILL) {
        cell().clear();
        changes.push({ row: w.row, column: c });
      }
    }
  }
  return changes;
}

/** Sets one cell's fill to a colour read before (none or white: no fill). */
export function setFill(sheet: Excel.Worksheet, ref: SheetRef, row: number, column: number, color: string | undefined): void {
  const fill = sheet.getRangeByIndexes(row - 1, ref.firstColumn + column, 1, 1).format.fill;
  if (color === undefined || color === '#FFFFFF') fill.clear();
  else fill.color = color;
}
