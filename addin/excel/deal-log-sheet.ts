/**
 * The `Deal log` sheet: one row per change the pane made, appended in the request that makes the change (or in
 * one of its own), read back by Undo and the pane. Its first column, Time, is an Excel date-time.
 */
/// <reference types="office-js" />
import { putValues, putValuesPaced } from './cell-values';
import { mapPaced, pacer } from './yielding';
import { type CellValue, type ExcelHost } from './excel-host';

export const LOG_SHEET = 'Deal log';

/** How the Deal log shows its Time column (local date and time). */
export const LOG_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** Where appended log rows went: the zero-based first row, and how many columns they fill. */
export interface LogBlock {
  readonly first: number;
  readonly width: number;
}

/** The `Deal log` sheet's rows (header first), or [] when there is none. */
export async function readLog(excel: ExcelHost): Promise<CellValue[][]> {
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(LOG_SHEET);
    sheet.load('isNullObject');
    await context.sync();
    if (sheet.isNullObject) return [];
    const used = sheet.getUsedRangeOrNullObject(true).load('values,isNullObject');
    await context.sync();
    return used.isNullObject ? [] : used.values;
  });
}

/** Queues a load of the log sheet (or its absence) and of its used range: where the next rows go, after the sync. */
export function loadLogEnd(context: Excel.RequestContext): { sheet: Excel.Worksheet; used: Excel.Range } {
  const sheet = context.workbook.worksheets.getItemOrNullObject(LOG_SHEET).load('isNullObject');
  const used = sheet.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount,isNullObject');
  return { sheet, used };
}

/**
 * Queues rows appended to the `Deal log` (creating it, or completing its header row), at the end `loadLogEnd`
 * loaded; returns where they go. A batch's thousands of rows are prepared in slices that give the page a turn.
 */
export async function appendLog(context: Excel.RequestContext, end: { sheet: Excel.Worksheet; used: Excel.Range }, rows: readonly (readonly CellValue[])[], logHeaders: readonly string[]): Promise<LogBlock> {
  const { used } = end;
  let sheet = end.sheet;
  let next = 0;
  if (sheet.isNullObject) {
    sheet = context.workbook.worksheets.add(LOG_SHEET);
    putValues(sheet, 0, 0, [[...logHeaders]]);
    sheet.getRangeByIndexes(0, 0, 1, logHeaders.length).format.font.bold = true;
    next = 1;
  } else if (!used.isNullObject) {
    next = used.rowIndex + used.rowCount;
    // A log written by an earlier version has fewer columns: name the new ones.
    const width = used.columnIndex + used.columnCount;
    if (width < logHeaders.length) putValues(sheet, used.rowIndex, width, [logHeaders.slice(width)]);
  }
  const width = Math.max(...rows.map((r) => r.length));
  const pace = pacer();
  await putValuesPaced(sheet, next, 0, await mapPaced(rows, (r) => [...r, ...Array<CellValue>(width - r.length).fill('')], pace), pace);
  // The first column is the time, written as an Excel date-time: shown as one, sorted and filtered as one.
  if (logHeaders[0] === 'Time') sheet.getRangeByIndexes(next, 0, rows.length, 1).numberFormat = rows.map(() => [LOG_TIME_FORMAT]);
  return { first: next, width };
}

/** Appends rows to the `Deal log` in one request of its own. */
export async function appendLogRows(excel: ExcelHost, rows: readonly (readonly CellValue[])[], headers: readonly string[]): Promise<void> {
  await excel.run(async (context) => {
    const end = loadLogEnd(context);
    await context.sync();
    await appendLog(context, end, rows, headers);
    await context.sync();
  });
}

/**
 * Rewrites a block of log rows appended before with `kept` (the rows that stay true), blanking the rest of the
 * block's `count` rows, in one request of its own.
 */
export async function rewriteLogBlock(excel: ExcelHost, block: LogBlock, count: number, kept: readonly (readonly CellValue[])[]): Promise<void> {
  await excel.run(async (context) => {
    const width = Math.max(block.width, ...kept.map((r) => r.length));
    const pad = (r: readonly CellValue[]) => [...r, ...Array<CellValue>(width - r.length).fill('')];
    const rows = [...kept.map(pad), ...Array.from({ length: Math.max(0, count - kept.length) }, () => pad([]))];
    if (rows.length > 0) putValues(context.workbook.worksheets.getItem(LOG_SHEET), block.first, 0, rows);
    await context.sync();
  });
}
