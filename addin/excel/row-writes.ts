/**
 * Writing deal rows back: cells, marks and `Deal log` rows, in batches, each request under Excel on the web's
 * 5 MB limit and never one request per cell.
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
 *
 * Requests per chunk of rows: one that re-reads the rows (and the fills of rows whose marks may change) and one
 * that writes. Neither grows with the number of cells.
 */
/// <reference types="office-js" />
import { loadFills, queueMarks } from './cell-marks';
import { putValues } from './cell-values';
import { appendLog, loadLogEnd, rewriteLogBlock } from './deal-log-sheet';
import { type CellValue, type ExcelAccess, type SheetRef } from './excel-host';
import { type PutBack, type StrayWrite, describeLeft, strayOf, withValues } from './put-back';
import { putBackAll } from './put-back-rounds';
import { changedReason, headerChange } from './row-guard';
import { loadRows } from './sheet-ranges';
import { type BatchedWrite, contiguousRuns, readsFills, spanOf, splitBatches } from './write-batches';
import { pacer } from './yielding';

/** One row's write, with Excel's cell values (see `BatchedWrite`). */
export type RowWrite = BatchedWrite<CellValue>;

export interface WriteOptions {
  /** Headers of columns the write adds right of the last column, in order. */
  readonly newColumns?: readonly string[];
  /** The `Deal log` header row, written when the log sheet is created. */
  readonly logHeaders?: readonly string[];
  /** The `Deal log` row for a row left holding the pane's values (a write that landed on a changed row and could not be put back). */
  readonly logStray?: (stray: StrayWrite) => readonly CellValue[];
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
 * Writes rows in batches (at most `chunkRows` rows and `budget` bytes per request), each row only if the header
 * row and the whole row still hold what was read (`asRead`); the others are reported as skipped.
 *
 * @example
 * const report = await writeRows(access, read.ref, read.headers, writes, { logHeaders: LOG_HEADERS });
 */
export async function writeRows(access: ExcelAccess, ref: SheetRef, headers: readonly CellValue[], writes: readonly RowWrite[], options: WriteOptions = {}): Promise<WriteReport> {
  const written: number[] = [];
  const skipped: { row: number; reason: string }[] = [];
  const strayed: { row: number; reason: string }[] = [];
  let newColumns = options.newColumns ?? [];
  const batches = await batchesOf(access, ref, writes);
  if (batches.length === 0 && newColumns.length > 0) batches.push([]); // only the new headers to write
  for (const batch of batches) {
    const report = await access.excel.run((context) => writeBatch(access, context, ref, headers, batch, { ...options, newColumns }));
    strayed.push(...report.strayed);
    if (report.aborted) return { written, skipped, strayed, aborted: report.aborted };
    written.push(...report.written);
    skipped.push(...report.skipped);
    newColumns = []; // added by the first batch
  }
  return { written, skipped, strayed };
}

/** Writes split into batches within the row budget and the byte budget. */
export function batchesOf(access: ExcelAccess, ref: SheetRef, writes: readonly RowWrite[]): Promise<RowWrite[][]> {
  return splitBatches(writes, { width: ref.width, chunkRows: access.chunkRows, budgetBytes: access.budget });
}

/**
 * Queues the rows' cell writes: a column slice per run of rows when every row of the run writes it; single cells
 * otherwise. Queued in slices that give the page a turn (the request is sent only at the next sync).
 */
export async function queueSets(access: ExcelAccess, sheet: Excel.Worksheet, ref: SheetRef, writes: readonly RowWrite[], pace = pacer()): Promise<void> {
  const onto = { ref, own: access.own };
  const written = new Set<number>();
  for (const w of writes) {
    const waiting = pace();
    if (waiting) await waiting;
    for (const c of Object.keys(w.set)) written.add(Number(c));
  }
  const columns = [...written].sort((a, b) => a - b);
  // Sorted once and walked run by run (filtering all writes per run was quadratic on scattered rows).
  const sorted = [...writes].sort((a, b) => a.row - b.row);
  let next = 0;
  for (const run of contiguousRuns(writes.map((w) => w.row))) {
    const from = next;
    while (next < sorted.length && sorted[next].row < run.first + run.count) next++;
    const inRun = sorted.slice(from, next);
    for (const c of columns) {
      if (inRun.every((w) => c in w.set)) {
        await pace();
        putValues(sheet, run.first - 1, ref.firstColumn + c, inRun.map((w) => [w.set[c]]), onto);
        continue;
      }
      for (const w of inRun) {
        if (!(c in w.set)) continue;
        const waiting = pace();
        if (waiting) await waiting;
        putValues(sheet, w.row - 1, ref.firstColumn + c, [[w.set[c]]], onto);
      }
    }
  }
}

async function writeBatch(access: ExcelAccess, context: Excel.RequestContext, ref: SheetRef, headers: readonly CellValue[], batch: readonly RowWrite[], options: WriteOptions): Promise<WriteReport> {
  const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
  // 5,000 rows are a lot of operations to queue and of cells to compare: the loops give the page a turn.
  const pace = pacer();

  // Request 1: re-read the header, every target row whole (and the cells right of it the write sets), the
  // fills of rows whose marks may change, and the log's end.
  const span = spanOf(ref, batch);
  const guard = loadRows(sheet, ref, batch.map((w) => w.row), span);
  const fills = await loadFills(sheet, ref, batch.filter(readsFills).map((w) => w.row), pace);
  const logEnd = batch.some((w) => w.log) ? loadLogEnd(context) : undefined;
  await context.sync();

  const aborted = headerChange(ref, headers, guard.header(), 'since it was read');
  if (aborted) return { written: [], skipped: [], strayed: [], aborted };
  const current = guard.rows();
  const skipped: { row: number; reason: string }[] = [];
  const ok: RowWrite[] = [];
  for (const w of batch) {
    const waiting = pace();
    if (waiting) await waiting;
    const reason = changedReason(w.row, headers, w.asRead, current.get(w.row) ?? [], 'since it was read');
    if (reason) skipped.push({ row: w.row, reason });
    else ok.push(w);
  }
  const newColumns = options.newColumns ?? [];
  if (ok.length === 0 && newColumns.length === 0) return { written: [], skipped, strayed: [] };

  // Request 2: load the rows and their fills again, then write. The loads run first, so they hold the cells
  // as they were at the moment of writing, whatever the user did since request 1.
  const snapshot = loadRows(sheet, ref, ok.map((w) => w.row), span);
  const fillSnapshot = await loadFills(sheet, ref, ok.filter(readsFills).map((w) => w.row), pace);
  if (newColumns.length > 0) addColumns(access, context, sheet, ref, newColumns);
  await queueSets(access, sheet, ref, ok, pace);
  const fillChanges = await queueMarks(sheet, ref, ok, fills.fills(), pace);
  const logRows = ok.flatMap((w) => (w.log ? [w.log] : []));
  const logBlock = logEnd && logRows.length > 0 ? await appendLog(context, logEnd, logRows, options.logHeaders ?? []) : undefined;
  await context.sync();

  // Then, only if the user changed something between requests 1 and 2: put back what those rows held, each
  // put-back guarded like a write (see `putBackAll`).
  const headerRaced = headerChange(ref, headers, snapshot.header(), 'while it was being written');
  const before = snapshot.rows();
  const raced = new Map<number, string>();
  for (const w of ok) {
    const waiting = pace();
    if (waiting) await waiting;
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
  // What the pane saw of the sheet when it wrote: the rows it loaded, with what it wrote into them.
  const seen = { rows: new Map(ok.map((w) => [w.row, withValues(before.get(w.row) ?? [], w.set)] as const)), complete: false };
  const { left } = await putBackAll(access, ref, putBacks, seen);
  const strayed = left.map((l) => ({ row: l.putBack.row, reason: describeLeft(headers, l) }));

  // The Deal log keeps the rows of the deals that were written, and those of rows still holding the pane's values.
  if (logBlock && raced.size > 0) {
    const strayLogs = options.logStray ? left.flatMap((l) => (l.putBack.kind === 'stray' ? [options.logStray!(strayOf(l.putBack))] : [])) : [];
    const kept = [...ok.flatMap((w) => (w.log && !raced.has(w.row) ? [w.log] : [])), ...strayLogs];
    await rewriteLogBlock(access.excel, logBlock, logRows.length, kept);
  }
  const strayNote = (row: number) => (left.some((l) => l.putBack.source === row) ? `; ${left.filter((l) => l.putBack.source === row).map((l) => describeLeft(headers, l)).join('; ')}` : '');
  if (headerRaced) {
    const message = headerRaced.replace('nothing was written', left.length === 0 ? 'nothing was kept' : `what was written was put back except: ${strayed.map((s) => s.reason).join('; ')}`);
    return { written: [], skipped: [], strayed, aborted: message };
  }
  const written = ok.filter((w) => !raced.has(w.row)).map((w) => w.row);
  return { written, skipped: [...skipped, ...[...raced].map(([row, reason]) => ({ row, reason: reason + strayNote(row) }))], strayed };
}

/** Queues the header cells of columns added right of the last column (in a table, as new table columns). */
function addColumns(access: ExcelAccess, context: Excel.RequestContext, sheet: Excel.Worksheet, ref: SheetRef, headers: readonly string[]): void {
  if (ref.table) {
    // Add unnamed columns, then write their header cells like any other cell (which names them).
    const table = context.workbook.tables.getItem(ref.table);
    for (let i = 0; i < headers.length; i++) table.columns.add(null as unknown as number);
    access.own.note(ref.worksheetId, ref.headerRow + 1, ref.firstColumn + ref.width, ref.lastRow - ref.headerRow, headers.length);
  }
  putValues(sheet, ref.headerRow, ref.firstColumn + ref.width, [[...headers]], { ref, own: access.own });
}
