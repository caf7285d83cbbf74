/**
 * The Excel gateway: the only module that calls `Excel.run`. It reads the deal sheet (the active sheet's used
 * range, or the table the selection is in) in chunks, and writes cells, marks and `Deal log` rows back in
 * batches, each request under Excel on the web's 5 MB limit and never one request per cell.
 *
 * Between a read and a write the user may sort, insert or edit. Every write batch therefore first re-reads the
 * header row and each target row's guard cells (its key and owned cells) and writes only the rows that still hold
 * what was read; the others are reported as skipped.
 *
 * Requests per chunk of rows: reading is one request; writing is one request that re-reads the guards (and the
 * fills of rows whose marks may change) and one that writes. Neither grows with the number of cells.
 */
/// <reference types="office-js" />
import { columnLetter } from '../../engine/sheet/cell';
import { jsonBytes } from './payload-size';

/** What the gateway needs of Excel: `Excel.run` (the real one, or the stand-in's). */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export type CellValue = string | number | boolean;

/** The lowest ExcelApi requirement set the gateway uses (manifest.xml declares it; a test checks they agree). */
export const REQUIRED_EXCEL_API = {
  version: '1.9',
  because: ['Range.getCellProperties (marks)', 'Range.getTables (the table the selection is in)', 'WorksheetCollection.onChanged / onSelectionChanged'],
} as const;

/** The fill that marks a cell a problem names (Excel's "Bad" red). */
export const MARK_FILL = '#FFC7CE';

export const LOG_SHEET = 'Deal log';

/** Where the deal sheet is: enough to read and write it again. */
export interface SheetRef {
  readonly worksheetId: string;
  readonly sheetName: string;
  /** Zero-based position of the header row's first cell. */
  readonly headerRow: number;
  readonly firstColumn: number;
  /** Header cells (columns) and the last row (1-based) of the data when read. */
  readonly width: number;
  readonly lastRow: number;
  /** The table the deals are in, if any. */
  readonly table?: string;
}

/** A deal row as read: its 1-based sheet row number and its cells (index 0 = the header's first column). */
export interface SheetRow {
  readonly row: number;
  readonly cells: readonly CellValue[];
}

export interface SheetRead {
  readonly ref: SheetRef;
  readonly headers: readonly CellValue[];
  readonly rows: readonly SheetRow[];
}

/** One row's write: the cells to set, guarded by the cells it was read with. */
export interface RowWrite {
  readonly row: number;
  /** Column index → the value read there. The row is written only if these still hold. */
  readonly expect: Readonly<Record<number, CellValue>>;
  /** Column index → the value to write (index ≥ width for columns the write adds). */
  readonly set: Readonly<Record<number, CellValue>>;
  /** The columns to mark; the row's other marks are cleared. Absent: marks are left alone. */
  readonly marks?: { readonly on: readonly number[]; readonly mayHaveMarks: boolean };
  /** A `Deal log` row to append when this row is written. */
  readonly log?: readonly CellValue[];
}

export interface WriteOptions {
  /** Headers of columns the write adds right of the last column, in order. */
  readonly newColumns?: readonly string[];
  /** The `Deal log` header row, written when the log sheet is created. */
  readonly logHeaders?: readonly string[];
}

export interface WriteReport {
  readonly written: readonly number[];
  readonly skipped: readonly { row: number; reason: string }[];
  /** Set when nothing was written because the header row changed. */
  readonly aborted?: string;
}

export interface GatewayOptions {
  /** Rows per read and write chunk (default 5,000). */
  readonly chunkRows?: number;
  /** Bytes a request or response may take (default 4.5 MB): below Excel on the web's 5 MB, with a margin. */
  readonly budgetBytes?: number;
  /** How long after its own write a change event is taken as that write's echo (ms). */
  readonly echoWindowMs?: number;
}

const SAMPLE_ROWS = 100;
const FILL_BYTES_PER_CELL = 44; // {"format":{"fill":{"color":"#FFFFFF"}}},
const OPERATION_BYTES = 160;

/**
 * @example
 * const gateway = new ExcelGateway(Excel);
 * const sheet = await gateway.readSheet((done, total) => progress(done / total));
 * const report = await gateway.writeRows(sheet.ref, sheet.headers, writes);
 */
export class ExcelGateway {
  private readonly chunkRows: number;
  private readonly budget: number;
  private readonly echoWindow: number;
  /** Ranges this gateway wrote, by address: Excel echoes each write as a change event with that address. */
  private readonly ownWrites: { worksheetId: string; address: string; until: number }[] = [];

  constructor(private readonly excel: ExcelHost, options: GatewayOptions = {}) {
    this.chunkRows = options.chunkRows ?? 5000;
    this.budget = options.budgetBytes ?? 4.5 * 1024 * 1024;
    this.echoWindow = options.echoWindowMs ?? 3000;
  }

  /**
   * Reads the deal sheet: the table the selection is in, else the active sheet's used range. The first request
   * finds it and reads the header and a sample of rows, from which the chunk size is set so each response stays
   * within budget; a chunk that is still too large is halved and read again.
   */
  async readSheet(onProgress?: (done: number, total: number) => void): Promise<SheetRead> {
    return this.excel.run(async (context) => {
      const located = await this.locate(context, SAMPLE_ROWS);
      const { ref, sample } = located;
      const total = ref.lastRow - (ref.headerRow + 1);
      const rows: SheetRow[] = sample.slice(0, total);
      // Size chunks by the sample's average row, with a margin; a chunk that still does not fit is halved.
      const perRow = (Math.max(1, sample.reduce((sum, r) => sum + jsonBytes(r.cells), 0)) / Math.max(1, sample.length)) * 1.25;
      let chunk = Math.max(1, Math.min(this.chunkRows, Math.floor(this.budget / perRow)));
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      onProgress?.(rows.length, total);
      while (rows.length < total) {
        const start = ref.headerRow + 1 + rows.length; // zero-based sheet row
        const count = Math.min(chunk, total - rows.length);
        const range = sheet.getRangeByIndexes(start, ref.firstColumn, count, ref.width).load('values');
        try {
          await context.sync();
        } catch (error) {
          if (!isPayloadError(error) || count === 1) throw error;
          chunk = Math.max(1, Math.floor(count / 2));
          continue;
        }
        range.values.forEach((cells, i) => rows.push({ row: start + i + 1, cells }));
        // Size the next chunk by what this one weighed.
        const measured = (jsonBytes(range.values) / range.values.length) * 1.25;
        chunk = Math.max(1, Math.min(this.chunkRows, Math.floor(this.budget / measured)));
        onProgress?.(rows.length, total);
      }
      return { ref, headers: located.headers, rows };
    });
  }

  /** Reads some rows (1-based) of a sheet read before, with its current header row, in one request. */
  async readRows(ref: SheetRef, rowNumbers: readonly number[]): Promise<SheetRead> {
    return this.excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      const header = sheet.getRangeByIndexes(ref.headerRow, ref.firstColumn, 1, ref.width).load('values');
      const runs = contiguousRuns(rowNumbers).map((run) => ({ run, range: sheet.getRangeByIndexes(run.first - 1, ref.firstColumn, run.count, ref.width).load('values') }));
      await context.sync();
      const rows = runs.flatMap(({ run, range }) => range.values.map((cells, i) => ({ row: run.first + i, cells })));
      return { ref, headers: header.values[0], rows };
    });
  }

  /** The selected rows of the deal sheet (header row excluded), and the active cell's row. */
  async readSelection(): Promise<(SheetRead & { activeRow: number }) | undefined> {
    return this.excel.run(async (context) => {
      const { ref, headers, selection } = await this.locate(context, 0);
      const first = Math.max(selection.row + 1, ref.headerRow + 2);
      const last = Math.min(selection.row + selection.rowCount, ref.lastRow);
      if (last < first) return undefined;
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      const range = sheet.getRangeByIndexes(first - 1, ref.firstColumn, last - first + 1, ref.width).load('values');
      await context.sync();
      return { ref, headers, rows: range.values.map((cells, i) => ({ row: first + i, cells })), activeRow: first };
    });
  }

  /**
   * Writes rows in batches (at most `chunkRows` rows and `budgetBytes` per request), each batch guarded: cells
   * are written only where the header row and the row's `expect` cells still hold what was read.
   */
  async writeRows(ref: SheetRef, headers: readonly CellValue[], writes: readonly RowWrite[], options: WriteOptions = {}): Promise<WriteReport> {
    const written: number[] = [];
    const skipped: { row: number; reason: string }[] = [];
    let newColumns = options.newColumns ?? [];
    for (const batch of this.batches(ref, writes)) {
      const report = await this.excel.run((context) => this.writeBatch(context, ref, headers, batch, { ...options, newColumns }));
      if (report.aborted) return { written, skipped, aborted: report.aborted };
      written.push(...report.written);
      skipped.push(...report.skipped);
      newColumns = []; // added by the first batch
    }
    return { written, skipped };
  }

  /** Selects a cell (1-based row, column index within the sheet) and brings its sheet to the front. */
  async selectCell(ref: SheetRef, row: number, column: number): Promise<void> {
    await this.excel.run(async (context) => {
      context.workbook.worksheets.getItem(ref.worksheetId).getRangeByIndexes(row - 1, ref.firstColumn + column, 1, 1).select();
      await context.sync();
    });
  }

  /** The `Deal log` sheet's rows (header first), or [] when there is none. */
  async readLog(): Promise<CellValue[][]> {
    return this.excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject(LOG_SHEET);
      sheet.load('isNullObject');
      await context.sync();
      if (sheet.isNullObject) return [];
      const used = sheet.getUsedRangeOrNullObject(true).load('values,isNullObject');
      await context.sync();
      return used.isNullObject ? [] : used.values;
    });
  }

  /**
   * Calls `onRows` with the rows a user's edit touched, per sheet. The add-in's own writes echo back as change
   * events; those are ignored.
   */
  async watchChanges(onRows: (worksheetId: string, rows: number[]) => void): Promise<() => Promise<void>> {
    return this.excel.run(async (context) => {
      const handler = context.workbook.worksheets.onChanged.add(async (event: Excel.WorksheetChangedEventArgs) => {
        const area = parseArea(event.address);
        if (!area || this.isEcho(event.worksheetId, event.address)) return;
        onRows(event.worksheetId, Array.from({ length: area.bottom - area.top + 1 }, (_, i) => area.top + i));
      });
      await context.sync();
      return async () => {
        await this.excel.run(async (ctx) => {
          handler.remove();
          await ctx.sync();
        });
      };
    });
  }

  /** Calls `onSelect` when the selection moves. */
  async watchSelection(onSelect: () => void): Promise<void> {
    await this.excel.run(async (context) => {
      context.workbook.worksheets.onSelectionChanged.add(async () => onSelect());
      await context.sync();
    });
  }

  // ---- internals ----

  private async locate(context: Excel.RequestContext, sampleRows: number) {
    const selected = context.workbook.getSelectedRange().load('rowIndex,columnIndex,rowCount,columnCount');
    const tables = context.workbook.getSelectedRange().getTables(false).load('items/name');
    const active = context.workbook.worksheets.getActiveWorksheet().load('id,name');
    const used = active.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount,isNullObject');
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
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
    const header = sheet.getRangeByIndexes(area.row, area.column, 1, area.columnCount).load('values');
    const sampleCount = Math.min(sampleRows, area.rowCount - 1);
    const sample = sampleCount > 0 ? sheet.getRangeByIndexes(area.row + 1, area.column, sampleCount, area.columnCount).load('values') : undefined;
    await context.sync();
    return {
      ref,
      headers: header.values[0],
      sample: sample ? sample.values.map((cells, i) => ({ row: area.row + 2 + i, cells })) : [],
      selection: { row: selected.rowIndex, rowCount: selected.rowCount },
    };
  }

  /** Splits writes into batches within the row budget and, for each of its two requests, the byte budget. */
  private batches(ref: SheetRef, writes: readonly RowWrite[]): RowWrite[][] {
    const batches: RowWrite[][] = [];
    let current: RowWrite[] = [];
    let bytes = { request: 0, response: 0 };
    for (const write of [...writes].sort((a, b) => a.row - b.row)) {
      const cost = writeCost(ref, write);
      const full = bytes.request + cost.request > this.budget || bytes.response + cost.response > this.budget;
      if (current.length > 0 && (current.length >= this.chunkRows || full)) {
        batches.push(current);
        current = [];
        bytes = { request: 0, response: 0 };
      }
      current.push(write);
      bytes = { request: bytes.request + cost.request, response: bytes.response + cost.response };
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }

  private async writeBatch(context: Excel.RequestContext, ref: SheetRef, headers: readonly CellValue[], batch: readonly RowWrite[], options: WriteOptions): Promise<WriteReport> {
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);

    // Request 1: re-read the header, each row's guard cells, the fills of rows whose marks may change, and the log's end.
    const header = sheet.getRangeByIndexes(ref.headerRow, ref.firstColumn, 1, ref.width).load('values');
    const guardColumns = [...new Set(batch.flatMap((w) => Object.keys(w.expect).map(Number)))].sort((a, b) => a - b);
    const guards = contiguousRuns(batch.map((w) => w.row)).map((run) => ({
      run,
      columns: guardColumns.map((c) => ({ c, range: sheet.getRangeByIndexes(run.first - 1, ref.firstColumn + c, run.count, 1).load('values') })),
    }));
    const fills = new Map(
      batch
        .filter((w) => w.marks && (w.marks.mayHaveMarks || w.marks.on.length > 0))
        .map((w) => [w.row, sheet.getRangeByIndexes(w.row - 1, ref.firstColumn, 1, ref.width).getCellProperties({ format: { fill: { color: true } } })]),
    );
    const wantsLog = batch.some((w) => w.log);
    const log = wantsLog ? context.workbook.worksheets.getItemOrNullObject(LOG_SHEET).load('isNullObject') : undefined;
    const logUsed = log?.getUsedRangeOrNullObject(true).load('rowIndex,rowCount,isNullObject');
    await context.sync();

    const now = header.values[0];
    const changedAt = headers.findIndex((h, i) => String(now[i]) !== String(h));
    if (changedAt >= 0) {
      return { written: [], skipped: [], aborted: `The header row of "${ref.sheetName}" changed since it was read (column ${changedAt + 1}: "${now[changedAt]}"); nothing was written. Check the sheet again.` };
    }
    const current = new Map<number, Map<number, CellValue>>();
    for (const { run, columns } of guards) {
      for (const { c, range } of columns) range.values.forEach(([value], i) => (current.get(run.first + i) ?? current.set(run.first + i, new Map()).get(run.first + i)!).set(c, value));
    }
    const skipped: { row: number; reason: string }[] = [];
    const ok = batch.filter((w) => {
      const cells = current.get(w.row);
      const differs = Object.entries(w.expect).find(([c, value]) => String(cells?.get(Number(c)) ?? '') !== String(value));
      if (differs) {
        const [c, value] = differs;
        skipped.push({ row: w.row, reason: `row ${w.row} changed since it was read (${String(headers[Number(c)] ?? `column ${Number(c) + 1}`)} was "${value}", now "${cells?.get(Number(c)) ?? ''}"); not written` });
      }
      return !differs;
    });

    // Request 2: the writes.
    const newColumns = options.newColumns ?? [];
    if (newColumns.length > 0) this.addColumns(context, sheet, ref, newColumns);
    const columns = [...new Set(ok.flatMap((w) => Object.keys(w.set).map(Number)))].sort((a, b) => a - b);
    for (const run of contiguousRuns(ok.map((w) => w.row))) {
      const inRun = ok.filter((w) => w.row >= run.first && w.row < run.first + run.count);
      for (const c of columns) {
        // A column slice per run when every row of the run writes it; single cells otherwise.
        if (inRun.every((w) => c in w.set)) {
          this.setValues(sheet, ref, run.first, c, inRun.map((w) => [w.set[c]]));
        } else {
          for (const w of inRun) if (c in w.set) this.setValues(sheet, ref, w.row, c, [[w.set[c]]]);
        }
      }
    }
    for (const w of ok) {
      if (!w.marks) continue;
      const on = new Set(w.marks.on);
      const fill = fills.get(w.row)?.value[0];
      for (let c = 0; c < ref.width; c++) {
        const color = fill?.[c]?.format?.fill?.color?.toUpperCase();
        const cell = () => sheet.getRangeByIndexes(w.row - 1, ref.firstColumn + c, 1, 1).format.fill;
        // A cell the user filled keeps the user's fill; only our own marks are set and cleared.
        if (on.has(c) && (color === undefined || color === '#FFFFFF')) cell().color = MARK_FILL;
        else if (!on.has(c) && color === MARK_FILL) cell().clear();
      }
    }
    const logRows = ok.filter((w) => w.log).map((w) => w.log!);
    if (log && logRows.length > 0) this.appendLog(context, log, logUsed!, logRows, options.logHeaders ?? []);
    await context.sync();
    return { written: ok.map((w) => w.row), skipped };
  }

  private addColumns(context: Excel.RequestContext, sheet: Excel.Worksheet, ref: SheetRef, headers: readonly string[]): void {
    if (ref.table) {
      const table = context.workbook.tables.getItem(ref.table);
      for (const header of headers) table.columns.add(null as unknown as number, undefined, header);
      return;
    }
    sheet.getRangeByIndexes(ref.headerRow, ref.firstColumn + ref.width, 1, headers.length).values = [[...headers]];
  }

  private appendLog(context: Excel.RequestContext, log: Excel.Worksheet, used: Excel.Range, rows: readonly (readonly CellValue[])[], logHeaders: readonly string[]): void {
    let sheet = log;
    let next = 0;
    if (log.isNullObject) {
      sheet = context.workbook.worksheets.add(LOG_SHEET);
      sheet.getRangeByIndexes(0, 0, 1, logHeaders.length).values = [[...logHeaders]];
      sheet.getRangeByIndexes(0, 0, 1, logHeaders.length).format.font.bold = true;
      next = 1;
    } else {
      next = used.isNullObject ? 0 : used.rowIndex + used.rowCount;
    }
    const width = Math.max(...rows.map((r) => r.length));
    sheet.getRangeByIndexes(next, 0, rows.length, width).values = rows.map((r) => [...r, ...Array(width - r.length).fill('')]);
  }

  /** Sets a block of values (1-based row, column index in the sheet) and notes it to recognise its echo. */
  private setValues(sheet: Excel.Worksheet, ref: SheetRef, row: number, column: number, values: CellValue[][]): void {
    sheet.getRangeByIndexes(row - 1, ref.firstColumn + column, values.length, values[0].length).values = values;
    const first = `${columnLetter(ref.firstColumn + column)}${row}`;
    const last = `${columnLetter(ref.firstColumn + column + values[0].length - 1)}${row + values.length - 1}`;
    const now = Date.now();
    this.ownWrites.splice(0, this.ownWrites.length, ...this.ownWrites.filter((w) => w.until > now));
    this.ownWrites.push({ worksheetId: ref.worksheetId, address: first === last ? first : `${first}:${last}`, until: now + this.echoWindow });
  }

  /** An event for exactly a range this gateway just wrote is that write's echo (consumed once). */
  private isEcho(worksheetId: string, address: string): boolean {
    const bare = address.replace(/^.*!/, '').replace(/\$/g, '').toUpperCase();
    const index = this.ownWrites.findIndex((w) => w.worksheetId === worksheetId && w.address === bare && w.until > Date.now());
    if (index >= 0) this.ownWrites.splice(index, 1);
    return index >= 0;
  }
}

/** Is this Excel's "request or response too large" error? */
export function isPayloadError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'RequestPayloadSizeLimitExceeded';
}

/**
 * What one row adds to a write batch: to the request (the cells and fills it sets, the log row) and to the
 * response of the guard request (its guard cells, and its fills when its marks may change).
 */
function writeCost(ref: SheetRef, write: RowWrite): { request: number; response: number } {
  const readsFills = write.marks !== undefined && (write.marks.mayHaveMarks || write.marks.on.length > 0);
  const guards = Object.values(write.expect).reduce<number>((sum, v) => sum + jsonBytes(v) + 4, 0);
  const sets = Object.values(write.set).reduce<number>((sum, v) => sum + jsonBytes(v) + 4, OPERATION_BYTES);
  const fills = readsFills ? ref.width * FILL_BYTES_PER_CELL : 0;
  const marks = readsFills ? (write.marks!.on.length + 1) * OPERATION_BYTES : 0;
  return { request: sets + marks + (write.log ? jsonBytes(write.log) : 0) + OPERATION_BYTES, response: guards + fills };
}


/** Groups 1-based row numbers into runs of consecutive rows. */
export function contiguousRuns(rows: readonly number[]): { first: number; count: number }[] {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: { first: number; count: number }[] = [];
  for (const row of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.first + last.count === row) last.count++;
    else runs.push({ first: row, count: 1 });
  }
  return runs;
}

/** `B3` or `A2:C9` → 1-based rows and zero-based columns. */
function parseArea(address: string): { top: number; bottom: number; left: number; right: number } | undefined {
  const match = /^(?:.*!)?\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(address);
  if (!match) return undefined;
  const col = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const [left, right] = [col(match[1]), col(match[3] ?? match[1])];
  const [top, bottom] = [Number(match[2]), Number(match[4] ?? match[2])];
  return { top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: Math.min(left, right), right: Math.max(left, right) };
}

/** Values the add-in keeps in the workbook (its document settings), surviving save and reopen. */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /** Persists the settings into the workbook. */
  save(): Promise<void>;
}

/**
 * The workbook's settings through Office.js (`Office.context.document.settings`): kept with the file, per add-in.
 *
 * @example
 * const settings = officeSettings();
 * settings.set('cosell.rules', stored);
 * await settings.save();
 */
export function officeSettings(): SettingsStore {
  const settings = Office.context.document.settings;
  return {
    get: (key) => settings.get(key) ?? undefined,
    set: (key, value) => settings.set(key, value),
    save: () =>
      new Promise((resolve, reject) =>
        settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(new Error(`Could not save the workbook's settings: ${result.error?.message ?? 'unknown error'}`)))),
      ),
  };
}

/** Settings in memory, for the preview and tests: the same contract, kept only while the page lives. */
export function memorySettings(initial: Record<string, unknown> = {}): SettingsStore & { saved: Record<string, unknown> } {
  const values: Record<string, unknown> = JSON.parse(JSON.stringify(initial));
  const store = {
    saved: JSON.parse(JSON.stringify(initial)) as Record<string, unknown>,
    get: (key: string) => values[key],
    set: (key: string, value: unknown) => void (values[key] = JSON.parse(JSON.stringify(value))),
    save: async () => void (store.saved = JSON.parse(JSON.stringify(values))),
  };
  return store;
}
