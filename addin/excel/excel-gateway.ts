/**
 * The Excel gateway: the only module that calls `Excel.run`. It reads the deal sheet (the active sheet's used
 * range, or the table the selection is in) in chunks, and writes cells, marks and `Deal log` rows back in
 * batches, each request under Excel on the web's 5 MB limit and never one request per cell.
 *
 * Between a read and a write the user may sort, insert, delete, hide or edit. A write therefore lands only on a
 * row that still holds everything that was read from it (every cell of the row, not only its key):
 * - each batch's first request re-reads the header row and every target row whole, and skips the rows that
 *   changed;
 * - its second request loads the same rows again before its writes and writes. Excel runs a request's queued
 *   operations in order, as one batch, so these loads are the cells as they were at the moment of writing: a
 *   write is never unverified. A row that changed between the two requests got the write although it should
 *   not have; it is reported as skipped and put back (`putBackAll`): aimed at the row that holds exactly what the
 *   write left (found again by content if the user sorted meanwhile), in a request that loads that row first, and
 *   checked the same way, round after round. What cannot be put back is reported, row by row.
 * Excel has no conditional write, so the window that remains is between two requests: a user edit landing there
 * can make one write land on a changed row, which is then always detected and put back (or reported).
 * Undo (`restoreRows`) checks every row of every batch before it writes any, and if a row changes while it
 * writes, takes back every row it restored the same way; it logs only what stayed restored.
 *
 * Every value the gateway writes goes through one choke point (`putValues`, which applies `excelCellInput`), so
 * nothing formula-like reaches a cell and text stays text.
 *
 * Requests per chunk of rows: reading is one request; writing is one request that re-reads the rows (and the
 * fills of rows whose marks may change) and one that writes. Neither grows with the number of cells.
 */
/// <reference types="office-js" />
import { columnLetter, excelCellInput } from '../../engine/sheet/cell';
import { jsonBytes } from './payload-size';
import { type LeftPutBack, type PutBack, PUT_BACK_ROUNDS, changesSomething, describeLeft, placePutBacks, withValues } from './put-back';
import { changedReason, firstDifference, sameCell } from './row-guard';
import { contiguousRuns, readsFills, splitBatches } from './write-batches';

export { contiguousRuns };

/** What the gateway needs of Excel: `Excel.run` (the real one, or the stand-in's). */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** `Excel.run(context, batch)`: a batch on an earlier request's context (how an event handler is removed). */
  run<T>(context: Excel.RequestContext, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export type CellValue = string | number | boolean;

/** How the Deal log shows its Time column (local date and time). */
export const LOG_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

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

/** One row's write: the cells to set, guarded by the whole row as it was read. */
export interface RowWrite {
  readonly row: number;
  /** Every cell of the row as it was read (index 0 = the header's first column). The row is written only if it still holds exactly these. */
  readonly asRead: readonly CellValue[];
  /**
   * Column index → the value the cell is to hold (index ≥ width for columns the write adds). This is content,
   * not Excel input: the gateway turns text Excel would take as a formula or a number into text Excel keeps.
   */
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
  /** The `Deal log` row for a row left holding the pane's values (a write that landed on a changed row and could not be put back). */
  readonly logStray?: (stray: StrayWrite) => readonly CellValue[];
}

/** A row the pane wrote although it had changed, and could not put back: where it was last seen, what it held, what it holds. */
export interface StrayWrite {
  readonly row: number;
  /** The row the write aimed at. */
  readonly source: number;
  readonly before: readonly CellValue[];
  readonly after: readonly CellValue[];
}

export interface WriteReport {
  readonly written: readonly number[];
  readonly skipped: readonly { row: number; reason: string }[];
  /**
   * Rows that still hold values the pane wrote although they had changed (it tried to put them back and could
   * not, because the user kept changing the sheet): where each was last seen and what it holds. Usually empty.
   */
  readonly strayed: readonly { row: number; reason: string }[];
  /** Set when nothing was written because the header row changed. */
  readonly aborted?: string;
}

/**
 * What `restoreRows` did: every row restored and logged; or nothing changed at all; or, when the sheet kept
 * changing while Undo took back what it had begun, the rows that stayed restored (logged) and the rows that hold
 * values Undo wrote into them by mistake, each named.
 */
export type RestoreReport =
  | { readonly kind: 'restored'; readonly rows: readonly number[] }
  | { readonly kind: 'refused'; readonly reason: string; readonly changed: readonly { row: number; reason: string }[] }
  | { readonly kind: 'partial'; readonly reason: string; readonly rows: readonly number[]; readonly strayed: readonly { row: number; reason: string }[] };

export interface GatewayOptions {
  /** Rows per read and write chunk (default 5,000). */
  readonly chunkRows?: number;
  /** Bytes a request or response may take (default 4.5 MB): below Excel on the web's 5 MB, with a margin. */
  readonly budgetBytes?: number;
  /** How long after its own write a change event is taken as that write's echo (ms). */
  readonly echoWindowMs?: number;
}

const SAMPLE_ROWS = 100;

type FillResult = { readonly value: { format?: { fill?: { color?: string } } }[][] };
/** A fill the write changed: the cell, and the fill it set. */
interface FillChange {
  readonly row: number;
  readonly column: number;
}

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
      const chunk = Math.max(1, Math.min(this.chunkRows, Math.floor(this.budget / perRow)));
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      onProgress?.(rows.length, total);
      await this.readInChunks(context, sheet, ref, ref.headerRow + 1 + rows.length, ref.headerRow + 1 + total, ref.width, chunk, (start, values) => {
        values.forEach((cells, i) => rows.push({ row: start + i + 1, cells }));
        onProgress?.(rows.length, total);
        // Size the next chunk by what this one weighed.
        const measured = (jsonBytes(values) / values.length) * 1.25;
        return Math.max(1, Math.min(this.chunkRows, Math.floor(this.budget / measured)));
      });
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

  /**
   * The selected rows of the deal sheet (header row excluded) that are visible, and the first of them. Rows
   * hidden inside the selected block (by the user or by a filter) are left out: a user who filters, selects the
   * visible rows and clicks an action means those rows only. `Range.rowHidden` (ExcelApi 1.2) per row, in the
   * same request as the values.
   */
  async readSelection(): Promise<(SheetRead & { activeRow: number }) | undefined> {
    return this.excel.run(async (context) => {
      const { ref, headers, selection } = await this.locate(context, 0);
      const first = Math.max(selection.row + 1, ref.headerRow + 2);
      const last = Math.min(selection.row + selection.rowCount, ref.lastRow);
      if (last < first) return undefined;
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      const range = sheet.getRangeByIndexes(first - 1, ref.firstColumn, last - first + 1, ref.width).load('values');
      const hidden = Array.from({ length: last - first + 1 }, (_, i) => sheet.getRangeByIndexes(first - 1 + i, ref.firstColumn, 1, 1).load('rowHidden'));
      await context.sync();
      const rows = range.values.map((cells, i) => ({ row: first + i, cells })).filter((_, i) => hidden[i].rowHidden !== true);
      if (rows.length === 0) return undefined;
      return { ref, headers, rows, activeRow: rows[0].row };
    });
  }

  /**
   * Writes rows in batches (at most `chunkRows` rows and `budgetBytes` per request), each row only if the header
   * row and the whole row still hold what was read (`asRead`); the others are reported as skipped.
   */
  async writeRows(ref: SheetRef, headers: readonly CellValue[], writes: readonly RowWrite[], options: WriteOptions = {}): Promise<WriteReport> {
    const written: number[] = [];
    const skipped: { row: number; reason: string }[] = [];
    const strayed: { row: number; reason: string }[] = [];
    let newColumns = options.newColumns ?? [];
    const batches = this.batches(ref, writes);
    if (batches.length === 0 && newColumns.length > 0) batches.push([]); // only the new headers to write
    for (const batch of batches) {
      const report = await this.excel.run((context) => this.writeBatch(context, ref, headers, batch, { ...options, newColumns }));
      strayed.push(...report.strayed);
      if (report.aborted) return { written, skipped, strayed, aborted: report.aborted };
      written.push(...report.written);
      skipped.push(...report.skipped);
      newColumns = []; // added by the first batch
    }
    return { written, skipped, strayed };
  }

  /**
   * Undo's write, all or nothing. It checks every row of every batch (the header row and the whole row against
   * `asRead`) before writing any; if one changed, it writes nothing. It then writes batch by batch, each request
   * loading its rows before writing them. If a request finds a row changed (the user edited or sorted between
   * two requests), Undo takes back everything it wrote: every restored row, found again by the content Undo
   * left in it (a sort may have moved it), and the changed row, each put-back guarded the same way (see
   * `putBackAll`). Only when every row was restored does it append each write's `log` row to the `Deal log`.
   * If the sheet kept changing so that some rows could not be taken back, those rows stay restored and are
   * logged, and the report names them and any row left holding values Undo wrote into it by mistake.
   *
   * @example
   * const report = await gateway.restoreRows(read.ref, read.headers, writes, { headers: LOG_HEADERS });
   * if (report.kind !== 'restored') show(report.reason);
   */
  async restoreRows(ref: SheetRef, headers: readonly CellValue[], writes: readonly RowWrite[], log: { readonly headers: readonly string[]; readonly stray?: (stray: StrayWrite) => readonly CellValue[] }): Promise<RestoreReport> {
    const batches = this.batches(ref, writes);
    const changed: { row: number; reason: string }[] = [];
    for (const batch of batches) {
      const check = await this.excel.run(async (context) => {
        const guard = this.loadRows(context.workbook.worksheets.getItem(ref.worksheetId), ref, batch.map((w) => w.row));
        await context.sync();
        return { aborted: this.headerChange(ref, headers, guard.header(), 'since it was read'), rows: guard.rows() };
      });
      if (check.aborted) return { kind: 'refused', reason: check.aborted, changed: [] };
      for (const w of batch) {
        const reason = changedReason(w.row, headers, w.asRead, check.rows.get(w.row) ?? [], 'since it was read');
        if (reason) changed.push({ row: w.row, reason });
      }
    }
    if (changed.length > 0) return { kind: 'refused', reason: `Nothing was restored: ${changed.map((c) => c.reason).join('; ')}.`, changed: [] };

    const restored: RowWrite[] = [];
    for (const batch of batches) {
      const step = await this.excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
        const snapshot = this.loadRows(sheet, ref, batch.map((w) => w.row));
        this.queueSets(sheet, ref, batch);
        await context.sync();
        return { header: snapshot.header(), rows: snapshot.rows() };
      });
      const header = this.headerChange(ref, headers, step.header, 'while it was being restored');
      const strays: PutBack[] = [];
      const raced: string[] = header ? [header] : [];
      for (const w of batch) {
        const found = step.rows.get(w.row) ?? [];
        const reason = header ?? changedReason(w.row, headers, w.asRead, found, 'while it was being restored');
        if (!reason) {
          restored.push(w);
          continue;
        }
        if (!header) raced.push(reason);
        const values = Object.fromEntries(Object.keys(w.set).map((c) => [c, found[Number(c)] ?? '']));
        strays.push({ row: w.row, seen: true, expect: withValues(found, w.set), values, fills: {}, kind: 'stray', source: w.row });
      }
      if (raced.length === 0) continue;

      // Take back everything: the rows restored so far (this batch's were seen a moment ago; earlier ones may have moved).
      const thisBatch = new Set(batch.map((w) => w.row));
      const rollbacks: PutBack[] = restored.map((w) => ({
        row: w.row,
        seen: thisBatch.has(w.row),
        expect: withValues(w.asRead, w.set),
        values: Object.fromEntries(Object.keys(w.set).map((c) => [c, w.asRead[Number(c)] ?? ''])),
        fills: {},
        kind: 'rollback',
        source: w.row,
      }));
      const { left } = await this.putBackAll(ref, [...rollbacks, ...strays]);
      const changedText = raced.join('; ');
      if (left.length === 0) return { kind: 'refused', reason: `Nothing was restored: ${changedText}.`, changed: [] };

      // Some rows could not be taken back: they stay restored, and are logged; rows Undo wrote by mistake are named.
      const kept = left.filter((l) => l.putBack.kind === 'rollback');
      const keptWrites = kept.map((l) => restored.find((w) => w.row === l.putBack.source)!).filter(Boolean);
      const strayLeft = left.filter((l) => l.putBack.kind === 'stray');
      const strayed = strayLeft.map((l) => ({ row: l.putBack.row, reason: describeLeft(headers, l) }));
      const logRows = [...keptWrites.flatMap((w) => (w.log ? [w.log] : [])), ...(log.stray ? strayLeft.map((l) => log.stray!(strayOf(l.putBack))) : [])];
      if (logRows.length > 0) await this.appendLogRows(logRows, log.headers);
      const rows = kept.map((l) => l.putBack.source).sort((a, b) => a - b);
      const keptText = rows.length > 0 ? `row${rows.length === 1 ? '' : 's'} ${rows.join(', ')} stayed restored (logged), as the sheet changed while the pane was taking ${rows.length === 1 ? 'it' : 'them'} back (${kept.map((l) => `row ${l.putBack.source}: ${l.reason}`).join('; ')})` : 'no row stayed restored';
      const strayText = strayed.length > 0 ? `; ${strayed.map((s) => s.reason).join('; ')}` : '';
      return { kind: 'partial', reason: `Undo stopped because ${changedText}; ${keptText}; the other rows were put back as they were${strayText}.`, rows, strayed };
    }
    const logRows = writes.flatMap((w) => (w.log ? [w.log] : []));
    if (logRows.length > 0) await this.appendLogRows(logRows, log.headers);
    return { kind: 'restored', rows: writes.map((w) => w.row).sort((a, b) => a - b) };
  }

  /** Appends rows to the `Deal log` in one request of its own. */
  private async appendLogRows(rows: readonly (readonly CellValue[])[], headers: readonly string[]): Promise<void> {
    await this.excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject(LOG_SHEET).load('isNullObject');
      const used = sheet.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount,isNullObject');
      await context.sync();
      this.appendLog(context, sheet, used, rows, headers);
      await context.sync();
    });
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
      // A handler is removed on the context it was added with (Excel.run(handler.context, …)): removing it on a
      // new context, as this did, left it in place, so edits kept being heard after the pane stopped following.
      return async () => {
        await this.excel.run(context, async (ctx) => {
          handler.remove();
          await ctx.sync();
        });
      };
    });
  }

  /**
   * Puts a drop-down list (an Excel list validation, with a warning that still lets another value be kept) on each
   * column's deal rows, in one request to look and one to write; a column whose rows already carry any validation
   * (the user's own) is left as it is. Returns the columns given lists and those kept.
   *
   * @example
   * await gateway.addDropDowns(ref, [{ column: 22, values: ['New', 'Active', 'Closed'] }]); // { added: [22], kept: [] }
   */
  async addDropDowns(ref: SheetRef, lists: readonly { readonly column: number; readonly values: readonly string[] }[]): Promise<{ added: number[]; kept: number[] }> {
    const rows = ref.lastRow - (ref.headerRow + 1);
    if (rows <= 0 || lists.length === 0) return { added: [], kept: [] };
    return this.excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      const ranges = lists.map((l) => sheet.getRangeByIndexes(ref.headerRow + 1, ref.firstColumn + l.column, rows, 1));
      ranges.forEach((r) => r.dataValidation.load('type'));
      await context.sync();
      const added: number[] = [];
      const kept: number[] = [];
      lists.forEach((list, i) => {
        if (ranges[i].dataValidation.type !== 'None') return void kept.push(list.column);
        ranges[i].dataValidation.rule = { list: { inCellDropDown: true, source: list.values.join(',') } };
        ranges[i].dataValidation.errorAlert = { showAlert: true, style: 'Warning', title: 'Not in the list', message: `Usually one of: ${list.values.join(', ')}.`.slice(0, 225) };
        added.push(list.column);
      });
      await context.sync();
      return { added, kept };
    });
  }

  /**
   * Removes the drop-down lists `addDropDowns` put on these columns' deal rows, each only if it is still exactly that
   * list (a column whose validation the user changed since keeps it). Returns the columns cleared and those kept.
   */
  async removeDropDowns(ref: SheetRef, lists: readonly { readonly column: number; readonly values: readonly string[] }[]): Promise<{ removed: number[]; changed: number[] }> {
    const rows = ref.lastRow - (ref.headerRow + 1);
    if (rows <= 0 || lists.length === 0) return { removed: [], changed: [] };
    return this.excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      const ranges = lists.map((l) => sheet.getRangeByIndexes(ref.headerRow + 1, ref.firstColumn + l.column, rows, 1));
      ranges.forEach((r) => r.dataValidation.load('type,rule'));
      await context.sync();
      const removed: number[] = [];
      const changed: number[] = [];
      lists.forEach((list, i) => {
        const validation = ranges[i].dataValidation;
        if (validation.type !== 'List' || validation.rule.list?.source !== list.values.join(',')) return void changed.push(list.column);
        validation.clear();
        removed.push(list.column);
      });
      await context.sync();
      return { removed, changed };
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

  private batches(ref: SheetRef, writes: readonly RowWrite[]): RowWrite[][] {
    return splitBatches(writes, { width: ref.width, chunkRows: this.chunkRows, budgetBytes: this.budget });
  }

  private async writeBatch(context: Excel.RequestContext, ref: SheetRef, headers: readonly CellValue[], batch: readonly RowWrite[], options: WriteOptions): Promise<WriteReport> {
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);

    // Request 1: re-read the header, every target row whole (and the cells right of it the write sets), the
    // fills of rows whose marks may change, and the log's end.
    const span = spanOf(ref, batch);
    const guard = this.loadRows(sheet, ref, batch.map((w) => w.row), span);
    const fills = this.loadFills(sheet, ref, batch.filter(readsFills).map((w) => w.row));
    const log = batch.some((w) => w.log) ? context.workbook.worksheets.getItemOrNullObject(LOG_SHEET).load('isNullObject') : undefined;
    const logUsed = log?.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount,isNullObject');
    await context.sync();

    const aborted = this.headerChange(ref, headers, guard.header(), 'since it was read');
    if (aborted) return { written: [], skipped: [], strayed: [], aborted };
    const current = guard.rows();
    const skipped: { row: number; reason: string }[] = [];
    const ok = batch.filter((w) => {
      const reason = changedReason(w.row, headers, w.asRead, current.get(w.row) ?? [], 'since it was read');
      if (reason) skipped.push({ row: w.row, reason });
      return reason === undefined;
    });
    const newColumns = options.newColumns ?? [];
    if (ok.length === 0 && newColumns.length === 0) return { written: [], skipped, strayed: [] };

    // Request 2: load the rows and their fills again, then write. The loads run first, so they hold the cells
    // as they were at the moment of writing, whatever the user did since request 1.
    const snapshot = this.loadRows(sheet, ref, ok.map((w) => w.row), span);
    const fillSnapshot = this.loadFills(sheet, ref, ok.filter(readsFills).map((w) => w.row));
    if (newColumns.length > 0) this.addColumns(context, sheet, ref, newColumns);
    this.queueSets(sheet, ref, ok);
    const fillChanges = this.queueMarks(sheet, ref, ok, fills.fills());
    const logRows = ok.flatMap((w) => (w.log ? [w.log] : []));
    const logBlock = log && logUsed && logRows.length > 0 ? this.appendLog(context, log, logUsed, logRows, options.logHeaders ?? []) : undefined;
    await context.sync();

    // Then, only if the user changed something between requests 1 and 2: put back what those rows held, each
    // put-back guarded like a write (see `putBackAll`).
    const headerRaced = this.headerChange(ref, headers, snapshot.header(), 'while it was being written');
    const before = snapshot.rows();
    const raced = new Map<number, string>();
    for (const w of ok) {
      const reason = headerRaced ?? changedReason(w.row, headers, w.asRead, before.get(w.row) ?? [], 'while it was being written');
      if (reason) raced.set(w.row, reason);
    }
    const fillsBefore = fillSnapshot.fills();
    const fillsRead = fills.fills();
    const userFilled = fillChanges.filter((f) => raced.has(f.row) || fillsBefore.get(f.row)?.[f.column] !== fillsRead.get(f.row)?.[f.column]);
    if (raced.size === 0 && userFilled.length === 0) return { written: ok.map((w) => w.row), skipped, strayed: [] };

    const putBacks: PutBack[] = [];
    for (const w of ok) {
      const found = before.get(w.row) ?? [];
      const set = raced.has(w.row) ? w.set : {};
      const restoreFills = Object.fromEntries(userFilled.filter((f) => f.row === w.row).map((f) => [f.column, fillsBefore.get(f.row)?.[f.column]]));
      if (!raced.has(w.row) && Object.keys(restoreFills).length === 0) continue;
      const values = Object.fromEntries(Object.keys(set).map((c) => [c, found[Number(c)] ?? '']));
      putBacks.push({ row: w.row, seen: true, expect: withValues(found, w.set), values, fills: restoreFills, kind: 'stray', source: w.row });
    }
    if (headerRaced && newColumns.length > 0 && !ref.table) {
      const header = snapshot.header();
      const added = Object.fromEntries(newColumns.map((h, i) => [ref.width + i, h]));
      putBacks.push({ row: ref.headerRow + 1, seen: true, expect: withValues(header, added), values: Object.fromEntries(newColumns.map((_, i) => [ref.width + i, header[ref.width + i] ?? ''])), fills: {}, kind: 'stray', source: ref.headerRow + 1 });
    }
    const { left } = await this.putBackAll(ref, putBacks);
    const strayed = left.map((l) => ({ row: l.putBack.row, reason: describeLeft(headers, l) }));

    // The Deal log keeps the rows of the deals that were written, and those of rows still holding the pane's values.
    if (logBlock && raced.size > 0) {
      const strayLogs = options.logStray ? left.flatMap((l) => (l.putBack.kind === 'stray' ? [options.logStray!(strayOf(l.putBack))] : [])) : [];
      const kept = [...ok.flatMap((w) => (w.log && !raced.has(w.row) ? [w.log] : [])), ...strayLogs];
      await this.excel.run(async (ctx) => {
        const width = Math.max(logBlock.width, ...kept.map((r) => r.length));
        const pad = (r: readonly CellValue[]) => [...r, ...Array<CellValue>(width - r.length).fill('')];
        const rows = [...kept.map(pad), ...Array.from({ length: Math.max(0, logRows.length - kept.length) }, () => pad([]))];
        if (rows.length > 0) this.putValues(ctx.workbook.worksheets.getItem(LOG_SHEET), undefined, logBlock.first, 0, rows);
        await ctx.sync();
      });
    }
    const strayNote = (row: number) => (left.some((l) => l.putBack.source === row) ? `; ${left.filter((l) => l.putBack.source === row).map((l) => describeLeft(headers, l)).join('; ')}` : '');
    if (headerRaced) {
      const message = headerRaced.replace('nothing was written', left.length === 0 ? 'nothing was kept' : `what was written was put back except: ${strayed.map((s) => s.reason).join('; ')}`);
      return { written: [], skipped: [], strayed, aborted: message };
    }
    const written = ok.filter((w) => !raced.has(w.row)).map((w) => w.row);
    return { written, skipped: [...skipped, ...[...raced].map(([row, reason]) => ({ row, reason: reason + strayNote(row) }))], strayed };
  }

  /**
   * Puts back what writes left in rows they should not have written, in rounds: each round finds every row by
   * the content the pane left in it (reading the sheet when a row may have moved), then writes the put-backs in
   * one request that loads those rows first. A put-back that found its row as expected is done; one that found
   * something else wrote into a changed row, so that row gets a put-back of its own, and the first one is looked
   * for again. After `PUT_BACK_ROUNDS` rounds, or when a row cannot be found by its content, what is left is
   * returned (the caller reports it).
   */
  private async putBackAll(ref: SheetRef, putBacks: readonly PutBack[]): Promise<{ done: PutBack[]; left: LeftPutBack[] }> {
    const done: PutBack[] = [];
    const notFound = new Map<PutBack, string>();
    let pending = putBacks.filter((p) => changesSomething(p));
    for (let round = 0; round < PUT_BACK_ROUNDS && pending.length > 0; round++) {
      let unfound: PutBack[] = [];
      if (pending.some((p) => !p.seen)) {
        const placed = placePutBacks(await this.readBlock(ref, spanOf(ref, pending)), pending);
        for (const l of placed.left) notFound.set(l.putBack, l.reason);
        unfound = placed.left.map((l) => l.putBack);
        pending = placed.placed;
        if (pending.length === 0) {
          pending = unfound;
          break;
        }
      }
      const results = await this.guardedStep(ref, pending);
      // A row not found may be one that a put-back of this round restores (a write had landed on it): look again.
      const next: PutBack[] = [...unfound];
      for (const { item, found, foundFills } of results) {
        if (firstDifference(item.expect, found) === undefined) {
          done.push(item);
          continue;
        }
        // It landed on a row holding something else: that row gets back what it held, and the put-back goes on.
        next.push({ ...item, seen: false });
        const values = Object.fromEntries(Object.keys(item.values).map((c) => [c, found[Number(c)] ?? '']));
        const fills = Object.fromEntries(Object.keys(item.fills).map((c) => [c, foundFills?.[Number(c)]]));
        const stray: PutBack = { row: item.row, seen: true, expect: withValues(found, item.values), values, fills, kind: 'stray', source: item.source };
        if (changesSomething(stray, item.fills)) next.push(stray);
      }
      pending = next;
    }
    const left = pending.map((p) => ({ putBack: p, reason: notFound.get(p) ?? 'the sheet kept changing while the pane was putting it back' }));
    return { done, left };
  }

  /** One request that loads every target row whole (and the fills it changes), then writes: which rows held what was expected? */
  private async guardedStep(ref: SheetRef, items: readonly PutBack[]) {
    return this.excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      const span = spanOf(ref, items);
      const loads = items.map((item) => ({
        item,
        range: sheet.getRangeByIndexes(item.row - 1, ref.firstColumn, 1, span).load('values'),
        fills: Object.keys(item.fills).length > 0 ? (sheet.getRangeByIndexes(item.row - 1, ref.firstColumn, 1, span).getCellProperties({ format: { fill: { color: true } } }) as FillResult) : undefined,
      }));
      for (const item of items) {
        for (const [c, v] of Object.entries(item.values)) this.putValues(sheet, ref, item.row - 1, ref.firstColumn + Number(c), [[v]]);
        for (const [c, color] of Object.entries(item.fills)) this.setFill(sheet, ref, item.row, Number(c), color);
      }
      await context.sync();
      return loads.map(({ item, range, fills }) => ({ item, found: range.values[0], foundFills: fills?.value[0].map((cell) => cell.format?.fill?.color?.toUpperCase()) }));
    });
  }

  /** The header row and every row below it down to the used range's end (`span` columns), in chunks within the budget: row → cells. */
  private async readBlock(ref: SheetRef, span: number): Promise<Map<number, CellValue[]>> {
    return this.excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      const used = sheet.getUsedRangeOrNullObject(true).load('rowIndex,rowCount,isNullObject');
      await context.sync();
      const block = new Map<number, CellValue[]>();
      const end = used.isNullObject ? ref.headerRow + 1 : Math.max(ref.headerRow + 1, used.rowIndex + used.rowCount); // zero-based, exclusive
      const chunk = Math.max(1, Math.min(this.chunkRows, Math.floor(this.budget / (span * 64))));
      await this.readInChunks(context, sheet, ref, ref.headerRow, end, span, chunk, (start, values) => void values.forEach((cells, i) => block.set(start + i + 1, cells)));
      return block;
    });
  }

  /**
   * Reads zero-based sheet rows `first` to `end` (exclusive), `span` columns wide, one request per chunk of
   * rows: a chunk Excel refuses as too large is halved and read again. `each` gets each chunk's first row and
   * values and may return the next chunk's size.
   */
  private async readInChunks(
    context: Excel.RequestContext,
    sheet: Excel.Worksheet,
    ref: SheetRef,
    first: number,
    end: number,
    span: number,
    chunk: number,
    each: (start: number, values: CellValue[][]) => number | void,
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
      size = each(start, range.values) ?? size;
      start += count;
    }
  }

  /** Queues a load of the header row and of whole rows (one range per run of rows); read them after the sync. */
  private loadRows(sheet: Excel.Worksheet, ref: SheetRef, rowNumbers: readonly number[], span = ref.width) {
    const header = sheet.getRangeByIndexes(ref.headerRow, ref.firstColumn, 1, span).load('values');
    const runs = contiguousRuns(rowNumbers).map((run) => ({ run, range: sheet.getRangeByIndexes(run.first - 1, ref.firstColumn, run.count, span).load('values') }));
    return {
      header: (): CellValue[] => header.values[0],
      rows: (): Map<number, CellValue[]> => new Map(runs.flatMap(({ run, range }) => range.values.map((cells, i) => [run.first + i, cells] as const))),
    };
  }

  /** Queues a load of the fills of whole rows; read them (row → column → colour) after the sync. */
  private loadFills(sheet: Excel.Worksheet, ref: SheetRef, rowNumbers: readonly number[]) {
    const results = rowNumbers.map((row) => [row, sheet.getRangeByIndexes(row - 1, ref.firstColumn, 1, ref.width).getCellProperties({ format: { fill: { color: true } } }) as FillResult] as const);
    return { fills: () => new Map(results.map(([row, result]) => [row, result.value[0].map((cell) => cell.format?.fill?.color?.toUpperCase())] as const)) };
  }

  /** The header row changed since it was read: the message that says so, or undefined. */
  private headerChange(ref: SheetRef, headers: readonly CellValue[], now: readonly CellValue[], when: string): string | undefined {
    const changedAt = headers.findIndex((h, i) => !sameCell(now[i], h));
    if (changedAt < 0) return undefined;
    return `The header row of "${ref.sheetName}" changed ${when} (column ${changedAt + 1}: "${now[changedAt]}"); nothing was written. Check the sheet again.`;
  }

  /** Queues the rows' cell writes: a column slice per run of rows when every row of the run writes it; single cells otherwise. */
  private queueSets(sheet: Excel.Worksheet, ref: SheetRef, writes: readonly RowWrite[]): void {
    const columns = [...new Set(writes.flatMap((w) => Object.keys(w.set).map(Number)))].sort((a, b) => a - b);
    for (const run of contiguousRuns(writes.map((w) => w.row))) {
      const inRun = writes.filter((w) => w.row >= run.first && w.row < run.first + run.count).sort((a, b) => a.row - b.row);
      for (const c of columns) {
        if (inRun.every((w) => c in w.set)) this.putValues(sheet, ref, run.first - 1, ref.firstColumn + c, inRun.map((w) => [w.set[c]]));
        else for (const w of inRun) if (c in w.set) this.putValues(sheet, ref, w.row - 1, ref.firstColumn + c, [[w.set[c]]]);
      }
    }
  }

  /** Queues the marks: the named cells get the mark unless the user filled them; our own marks elsewhere are cleared. */
  private queueMarks(sheet: Excel.Worksheet, ref: SheetRef, writes: readonly RowWrite[], fills: ReadonlyMap<number, readonly (string | undefined)[]>): FillChange[] {
    const changes: FillChange[] = [];
    for (const w of writes) {
      if (!w.marks) continue;
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
  private setFill(sheet: Excel.Worksheet, ref: SheetRef, row: number, column: number, color: string | undefined): void {
    const fill = sheet.getRangeByIndexes(row - 1, ref.firstColumn + column, 1, 1).format.fill;
    if (color === undefined || color === '#FFFFFF') fill.clear();
    else fill.color = color;
  }

  private addColumns(context: Excel.RequestContext, sheet: Excel.Worksheet, ref: SheetRef, headers: readonly string[]): void {
    if (ref.table) {
      // Add unnamed columns, then write their header cells like any other cell (which names them).
      const table = context.workbook.tables.getItem(ref.table);
      for (let i = 0; i < headers.length; i++) table.columns.add(null as unknown as number);
      this.noteEcho(ref, ref.headerRow + 1, ref.firstColumn + ref.width, ref.lastRow - ref.headerRow, headers.length);
    }
    this.putValues(sheet, ref, ref.headerRow, ref.firstColumn + ref.width, [[...headers]]);
  }

  /** Appends rows to the `Deal log` (creating it, or completing its header row); returns where they went. */
  private appendLog(context: Excel.RequestContext, log: Excel.Worksheet, used: Excel.Range, rows: readonly (readonly CellValue[])[], logHeaders: readonly string[]): { first: number; width: number } {
    let sheet = log;
    let next = 0;
    if (log.isNullObject) {
      sheet = context.workbook.worksheets.add(LOG_SHEET);
      this.putValues(sheet, undefined, 0, 0, [[...logHeaders]]);
      sheet.getRangeByIndexes(0, 0, 1, logHeaders.length).format.font.bold = true;
      next = 1;
    } else if (!used.isNullObject) {
      next = used.rowIndex + used.rowCount;
      // A log written by an earlier version has fewer columns: name the new ones.
      const width = used.columnIndex + used.columnCount;
      if (width < logHeaders.length) this.putValues(sheet, undefined, used.rowIndex, width, [logHeaders.slice(width)]);
    }
    const width = Math.max(...rows.map((r) => r.length));
    this.putValues(sheet, undefined, next, 0, rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill('')]));
    // The first column is the time, written as an Excel date-time: shown as one, sorted and filtered as one.
    if (logHeaders[0] === 'Time') sheet.getRangeByIndexes(next, 0, rows.length, 1).numberFormat = rows.map(() => [LOG_TIME_FORMAT]);
    return { first: next, width };
  }

  /**
   * The one place the gateway writes cell values: every value goes through `excelCellInput` (text Excel would
   * take as a formula, a number or a date gets the apostrophe Excel hides). Writes to the deal sheet (`ref`) are
   * noted, to recognise their echo.
   */
  private putValues(sheet: Excel.Worksheet, ref: SheetRef | undefined, row: number, column: number, values: readonly (readonly CellValue[])[]): void {
    sheet.getRangeByIndexes(row, column, values.length, values[0].length).values = values.map((cells) => cells.map(excelCellInput));
    if (ref) this.noteEcho(ref, row + 1, column, values.length, values[0].length);
  }

  /** Notes a range this gateway wrote (1-based first row, zero-based column in the sheet), to recognise its echo. */
  private noteEcho(ref: SheetRef, row: number, column: number, rowCount: number, columnCount: number): void {
    const first = `${columnLetter(column)}${row}`;
    const last = `${columnLetter(column + columnCount - 1)}${row + rowCount - 1}`;
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

/** The columns a request loads for these writes: the sheet's width, or more when a write sets a cell right of it. */
function spanOf(ref: SheetRef, writes: readonly { readonly set?: Readonly<Record<number, unknown>>; readonly values?: Readonly<Record<number, unknown>>; readonly fills?: Readonly<Record<number, unknown>>; readonly expect?: readonly unknown[] }[]): number {
  let span = ref.width;
  for (const w of writes) {
    for (const c of [...Object.keys(w.set ?? {}), ...Object.keys(w.values ?? {}), ...Object.keys(w.fills ?? {})]) span = Math.max(span, Number(c) + 1);
    span = Math.max(span, w.expect?.length ?? 0);
  }
  return span;
}

/** A put-back left undone, as the row it concerns. */
function strayOf(putBack: PutBack): StrayWrite {
  return { row: putBack.row, source: putBack.source, before: withValues(putBack.expect, putBack.values), after: putBack.expect };
}

/** Is this Excel's "request or response too large" error? */
export function isPayloadError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'RequestPayloadSizeLimitExceeded';
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
