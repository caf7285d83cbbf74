/**
 * Reading the deal sheet: finding it (the table the selection is in, else the active sheet's used range), its
 * rows in chunks within the request budget, the selected rows, and putting the selection on a cell.
 */
/// <reference types="office-js" />
import { type CellValue, type ExcelAccess, type SheetRead, type SheetRef, type SheetRow } from './excel-host';
import { jsonBytes } from './payload-size';
import { yieldToPage } from './yielding';
import { contiguousRuns } from './write-batches';

const SAMPLE_ROWS = 100;

/**
 * Reads the deal sheet: the table the selection is in, else the active sheet's used range.
 *
 * One request where the sheet fits Excel's response limit: it finds the sheet and reads its values whole (a
 * table inside the used range is cut out of them; finding a table's range takes one more). Past the limit
 * (Excel refuses the response), the chunked read: a request finds the sheet and reads the header and a sample of
 * rows, from which the chunk size is set so each response stays within budget; a chunk that is still too large
 * is halved and read again. Once a sheet was too large, the gateway reads in chunks straight away, until a
 * chunked read shows the sheet fits again.
 */
export async function readSheet(access: ExcelAccess, onProgress?: (done: number, total: number) => void): Promise<SheetRead> {
  const { chunkRows, budget } = access;
  return access.excel.run(async (context) => {
    let located: Awaited<ReturnType<typeof locate>> | undefined;
    if (access.reads.whole) {
      try {
        located = await locate(context, SAMPLE_ROWS, true);
        if (located.rows) {
          onProgress?.(located.rows.length, located.rows.length);
          return { ref: located.ref, headers: located.headers, rows: located.rows };
        }
      } catch (error) {
        if (!isPayloadError(error)) throw error;
        access.reads.whole = false; // too large for one response: read in chunks
      }
    }
    located ??= await locate(context, SAMPLE_ROWS);
    const { ref, sample } = located;
    const total = ref.lastRow - (ref.headerRow + 1);
    const rows: SheetRow[] = sample.slice(0, total);
    // Size chunks by the sample's average row, with a margin; a chunk that still does not fit is halved.
    const sampleBytes = sample.reduce((sum, r) => sum + jsonBytes(r.cells), 0);
    let bytes = sampleBytes;
    const perRow = (Math.max(1, sampleBytes) / Math.max(1, sample.length)) * 1.25;
    const chunk = Math.max(1, Math.min(chunkRows, Math.floor(budget / perRow)));
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
    onProgress?.(rows.length, total);
    await readInChunks(context, sheet, ref, ref.headerRow + 1 + rows.length, ref.headerRow + 1 + total, ref.width, chunk, async (start, values) => {
      for (let i = 0; i < values.length; i++) rows.push({ row: start + i + 1, cells: values[i] });
      onProgress?.(rows.length, total);
      // Size the next chunk by what this one weighed.
      const weighed = jsonBytes(values);
      bytes += weighed;
      await yieldToPage();
      return Math.max(1, Math.min(chunkRows, Math.floor(budget / ((weighed / values.length) * 1.25))));
    });
    // A sheet that fits the budget after all (rows were deleted) is read whole again next time.
    if (bytes * 1.25 < budget) access.reads.whole = true;
    return { ref, headers: located.headers, rows };
  });
}

/** Reads some rows (1-based) of a sheet read before, with its current header row, in one request. */
export async function readRows(access: ExcelAccess, ref: SheetRef, rowNumbers: readonly number[]): Promise<SheetRead> {
  return access.excel.run(async (context) => {
    const loaded = loadRows(context.workbook.worksheets.getItem(ref.worksheetId), ref, rowNumbers);
    await context.sync();
    return { ref, headers: loaded.header(), rows: [...loaded.rows()].map(([row, cells]) => ({ row, cells })) };
  });
}

/**
 * The selected rows of the deal sheet (header row excluded) that are visible, and the first of them. Every
 * area of the selection counts (Excel's ctrl-click selects several): the rows of all areas, each once, in
 * sheet order. Rows hidden inside a selected block (by the user or by a filter) are left out: a user who
 * filters, selects the visible rows and clicks an action means those rows only. `Range.rowHidden` (ExcelApi
 * 1.2) per row, in the same request as the values.
 */
export async function readSelection(access: ExcelAccess): Promise<(SheetRead & { activeRow: number }) | undefined> {
  return access.excel.run(async (context) => {
    const { ref, headers, selection } = await locate(context, 0);
    const wanted = new Set<number>();
    for (const area of selection) {
      const first = Math.max(area.row + 1, ref.headerRow + 2);
      const last = Math.min(area.row + area.rowCount, ref.lastRow);
      for (let row = first; row <= last; row++) wanted.add(row);
    }
    if (wanted.size === 0) return undefined;
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
    const runs = contiguousRuns([...wanted]).map((run) => ({
      run,
      range: sheet.getRangeByIndexes(run.first - 1, ref.firstColumn, run.count, ref.width).load('values'),
      hidden: Array.from({ length: run.count }, (_, i) => sheet.getRangeByIndexes(run.first - 1 + i, ref.firstColumn, 1, 1).load('rowHidden')),
    }));
    await context.sync();
    const rows = runs.flatMap(({ run, range, hidden }) => range.values.map((cells, i) => ({ row: run.first + i, cells })).filter((_, i) => hidden[i].rowHidden !== true));
    if (rows.length === 0) return undefined;
    return { ref, headers, rows, activeRow: rows[0].row };
  });
}

/** Selects a cell (1-based row, column index within the sheet) and brings its sheet to the front. */
export async function selectCell(access: ExcelAccess, ref: SheetRef, row: number, column: number): Promise<void> {
  await access.excel.run(async (context) => {
    context.workbook.worksheets.getItem(ref.worksheetId).getRangeByIndexes(row - 1, ref.firstColumn + column, 1, 1).select();
    await context.sync();
  });
}

/** The header row and every row below it down to the used range's end (`span` columns), in chunks within the budget: row → cells. */
export async function readBlock(access: ExcelAccess, ref: SheetRef, span: number): Promise<Map<number, CellValue[]>> {
  return access.excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
    const used = sheet.getUsedRangeOrNullObject(true).load('rowIndex,rowCount,isNullObject');
    await context.sync();
    const block = new Map<number, CellValue[]>();
    const end = used.isNullObject ? ref.headerRow + 1 : Math.max(ref.headerRow + 1, used.rowIndex + used.rowCount); // zero-based, exclusive
    const chunk = Math.max(1, Math.min(access.chunkRows, Math.floor(access.budget / (span * 64))));
    await readInChunks(context, sheet, ref, ref.headerRow, end, span, chunk, (start, values) => void values.forEach((cells, i) => block.set(start + i + 1, cells)));
    return block;
  });
}

/** Queues a load of the header row and of whole rows (one range per run of rows); read them after the sync. */
export function loadRows(sheet: Excel.Worksheet, ref: SheetRef, rowNumbers: readonly number[], span = ref.width) {
  const header = sheet.getRangeByIndexes(ref.headerRow, ref.firstColumn, 1, span).load('values');
  const runs = contiguousRuns(rowNumbers).map((run) => ({ run, range: sheet.getRangeByIndexes(run.first - 1, ref.firstColumn, run.count, span).load('values') }));
  return {
    header: (): CellValue[] => header.values[0],
    rows: (): Map<number, CellValue[]> => new Map(runs.flatMap(({ run, range }) => range.values.map((cells, i) => [run.first + i, cells] as const))),
  };
}

/** Rows of a worksheet in Excel. */
const SHEET_ROWS = 1_048_576;

/**
 * Queues a load of every deal row below the header that holds anything (`span` columns from the first, the used
 * part only: `Range.getUsedRangeOrNullObject`, ExcelApi 1.4); read them after the sync: row (1-based) → cells. In
 * the request of a write, queued before it, this is the sheet as the write found it (which rows hold the same
 * content). One response: the caller keeps it for a sheet that fits one.
 */
export function loadDealBlock(sheet: Excel.Worksheet, ref: SheetRef, span: number): () => Map<number, CellValue[]> {
  const first = ref.headerRow + 1; // zero-based
  const used = sheet.getRangeByIndexes(first, ref.firstColumn, SHEET_ROWS - first, span).getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,values,isNullObject');
  return () => {
    const rows = new Map<number, CellValue[]>();
    if (used.isNullObject) return rows;
    // The used part may start right of the first column (its cells empty in every row).
    const pad = Array.from({ length: used.columnIndex - ref.firstColumn }, () => '' as CellValue);
    (used.values as CellValue[][]).forEach((cells, i) => rows.set(used.rowIndex + i + 1, pad.length > 0 ? [...pad, ...cells] : cells));
    return rows;
  };
}

/**
 * May a request load every deal row (`loadDealBlock`) beside what it does? When the last read of the sheet fitted
 * one response, and as many rows as the sheet had then, each `rowBytes` long, take at most half the byte budget.
 */
export function dealBlockFits(access: ExcelAccess, ref: SheetRef, rowBytes: number, lastRow = ref.lastRow): boolean {
  return access.reads.whole && (Math.max(ref.lastRow, lastRow) - ref.headerRow) * rowBytes * 2 <= access.budget;
}

/** Is this Excel's "request or response too large" error? */
function isPayloadError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'RequestPayloadSizeLimitExceeded';
}

/**
 * Reads zero-based sheet rows `first` to `end` (exclusive), `span` columns wide, one request per chunk of
 * rows: a chunk Excel refuses as too large is halved and read again. `each` gets each chunk's first row and
 * values and may return the next chunk's size.
 */
async function readInChunks(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  ref: SheetRef,
  first: number,
  end: number,
  span: number,
  chunk: number,
  each: (start: number, values: CellValue[][]) => number | void | Promise<number | void>,
): Promise<void> {
  let size = chunk;
  for (let start = first; start < end; ) {
    const count = Math.min(size, end - start);
    const range = sheet.getRangeByIndexes(start, ref.firstColumn, count, span).load('values');
    try {
      await context.sync();
    } catch (error) {
      if (!isPayloadError(error) || count === 1) throw error;
      size = Math.max(1, Math.floor(count / 2));
      continue;
    }
    size = (await each(start, range.values)) ?? size;
    start += count;
  }
}

/**
 * Finds the deal sheet, and queues and reads its header row, a sample of `sampleRows` rows and the selection.
 * With `whole`, the first request also reads the used range's values, and the deal rows are cut out of them
 * (`rows`) when the deal area lies inside the used range (a table may reach past it, into empty rows).
 */
async function locate(context: Excel.RequestContext, sampleRows: number, whole = false) {
  // getSelectedRanges, not getSelectedRange: Excel refuses the latter when the user ctrl-clicked several areas.
  const selected = context.workbook.getSelectedRanges();
  selected.areas.load('items/rowIndex,items/rowCount');
  const tables = selected.getTables(false).load('items/name');
  const active = context.workbook.worksheets.getActiveWorksheet().load('id,name');
  const used = active.getUsedRangeOrNullObject(true).load(`rowIndex,columnIndex,rowCount,columnCount,isNullObject${whole ? ',values' : ''}`);
  await context.sync();

  const table = tables.items[0];
  let area: { row: number; column: number; rowCount: number; columnCount: number };
  if (table) {
    const range = table.getRange().load('rowIndex,columnIndex,rowCount,columnCount');
    await context.sync();
    area = { row: range.rowIndex, column: range.columnIndex, rowCount: range.rowCount, columnCount: range.columnCount };
  } else if (!used.isNullObject) {
    area = { row: used.rowIndex, column: used.columnIndex, rowCount: used.rowCount, columnCount: used.columnCount };
  } else {
    throw new Error(`The sheet "${active.name}" is empty: open a sheet with a header row and one row per deal.`);
  }
  const ref: SheetRef = {
    worksheetId: active.id,
    sheetName: active.name,
    headerRow: area.row,
    firstColumn: area.column,
    width: area.columnCount,
    lastRow: area.row + area.rowCount,
    table: table?.name,
  };
  const selection = () => selected.areas.items.map((a) => ({ row: a.rowIndex, rowCount: a.rowCount }));
  const inside =
    !used.isNullObject &&
    area.row >= used.rowIndex &&
    area.row + area.rowCount <= used.rowIndex + used.rowCount &&
    area.column >= used.columnIndex &&
    area.column + area.columnCount <= used.columnIndex + used.columnCount;
  if (whole && inside) {
    const [top, left] = [area.row - used.rowIndex, area.column - used.columnIndex];
    const values = used.values as CellValue[][];
    const cut = (cells: CellValue[]) => (left === 0 && cells.length === area.columnCount ? cells : cells.slice(left, left + area.columnCount));
    const rows: SheetRow[] = [];
    for (let i = 1; i < area.rowCount; i++) rows.push({ row: area.row + 1 + i, cells: cut(values[top + i]) });
    return { ref, headers: cut(values[top]), sample: [], rows, selection: selection() };
  }
  const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
  const header = sheet.getRangeByIndexes(area.row, area.column, 1, area.columnCount).load('values');
  const sampleCount = Math.min(sampleRows, area.rowCount - 1);
  const sample = sampleCount > 0 ? sheet.getRangeByIndexes(area.row + 1, area.column, sampleCount, area.columnCount).load('values') : undefined;
  await context.sync();
  return {
    ref,
    headers: header.values[0],
    sample: sample ? sample.values.map((cells, i) => ({ row: area.row + 2 + i, cells })) : [],
    rows: undefined as SheetRow[] | undefined,
    selection: selection(),
  };
}
