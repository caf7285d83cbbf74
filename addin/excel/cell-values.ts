/**
 * The one place the gateway writes cell values: every value goes through `excelCellInput` (text Excel would
 * take as a formula, a number or a date gets the apostrophe Excel hides), so nothing formula-like reaches a cell
 * and text stays text.
 */
/// <reference types="office-js" />
import { excelCellInput } from '../../engine/sheet/cell';
import { type CellValue, type SheetRef } from './excel-host';
import { type OwnWrites } from './own-writes';
import { pacer } from './yielding';

/**
 * Queues a write of `values` from the zero-based `row` and `column`. A write to the deal sheet names it (`onto`),
 * so that its echo is recognised.
 *
 * @example
 * putValues(sheet, 0, 0, [['Time', 'Action']]); // the Deal log's header row
 * putValues(sheet, 4, 2, [['Accepted']], { ref, own }); // a deal sheet cell
 */
export function putValues(sheet: Excel.Worksheet, row: number, column: number, values: readonly (readonly CellValue[])[], onto?: { readonly ref: SheetRef; readonly own: OwnWrites }): void {
  sheet.getRangeByIndexes(row, column, values.length, values[0].length).values = values.map((cells) => cells.map(excelCellInput));
  if (onto) onto.own.note(onto.ref.worksheetId, row + 1, column, values.length, values[0].length);
}

/** Rows per write of `putValuesPaced`. */
const PACED_ROWS = 500;

/**
 * `putValues` for thousands of rows (the Deal log's rows of a 5,000-row batch): written `PACED_ROWS` rows at a
 * time, the same request, the page given a turn between two when the slice is used up.
 */
export async function putValuesPaced(sheet: Excel.Worksheet, row: number, column: number, values: readonly (readonly CellValue[])[], pace = pacer()): Promise<void> {
  for (let start = 0; start < values.length; start += PACED_ROWS) {
    const waiting = pace();
    if (waiting) await waiting;
    putValues(sheet, row + start, column, values.slice(start, start + PACED_ROWS));
  }
}
