/**
 * The one place the gateway writes cell values: every value goes through `excelCellInput` (text Excel would
 * take as a formula, a number or a date gets the apostrophe Excel hides), so nothing formula-like reaches a cell
 * and text stays text.
 */
/// <reference types="office-js" />
import { excelCellInput } from '../../engine/sheet/cell';
import { type CellValue, type SheetRef } from './excel-host';
import { type OwnWrites } from './own-writes';
import { mapPaced, pacer } from './yielding';

/**
 * Queues a write of `values` from the zero-based `row` and `column`. A write to the deal sheet names it (`onto`),
 * so that its echo is recognised.
 *
 * @example
 * putValues(sheet, 0, 0, [['Time', 'Action']]); // the Deal log's header row
 * putValues(sheet, 4, 2, [['Accepted']], { ref, own }); // a deal sheet cell
 */
export function putValues(sheet: Excel.Worksheet, row: number, column: number, values: readonly (readonly CellValue[])[], onto?: { readonly ref: SheetRef; readonly own: OwnWrites }): void {
  putInput(sheet, row, column, values.map((cells) => cells.map(excelCellInput)), onto);
}

/**
 * `putValues` for thousands of rows (the Deal log's rows of a 5,000-row batch): the values are made Excel input
 * in slices that give the page a turn, then queued as one write.
 */
export async function putValuesPaced(sheet: Excel.Worksheet, row: number, column: number, values: readonly (readonly CellValue[])[], pace = pacer()): Promise<void> {
  putInput(sheet, row, column, await mapPaced(values, (cells) => cells.map(excelCellInput), pace));
}

function putInput(sheet: Excel.Worksheet, row: number, column: number, input: CellValue[][], onto?: { readonly ref: SheetRef; readonly own: OwnWrites }): void {
  sheet.getRangeByIndexes(row, column, input.length, input[0].length).values = input;
  if (onto) onto.own.note(onto.ref.worksheetId, row + 1, column, input.length, input[0].length);
}
