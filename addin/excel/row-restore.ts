/**
 * Undo's write, all or nothing: rows put back as they were read before a write, every row checked before any is
 * written, and everything taken back if the sheet changes while it writes.
 */
/// <reference types="office-js" />
import { appendLogRows } from './deal-log-sheet';
import { type CellValue, type ExcelAccess, type SheetRef } from './excel-host';
import { jsonBytes } from './payload-size';
import { type PutBack, type StrayWrite, describeLeft, strayOf, withValues } from './put-back';
import { putBackAll } from './put-back-rounds';
import { changedReason, firstDifference, headerChange } from './row-guard';
import { type RowWrite, batchesOf, queueSets } from './row-writes';
import { dealBlockFits, loadDealBlock, loadRows } from './sheet-ranges';
import { pacer } from './yielding';

/**
 * The write whose restore a put-back left in a row would take back, if the row holds exactly that: before Undo
 * wrote it, it held what the batch left in the write's row (the user moved or copied that row), and now it holds
 * what that row held before the batch.
 */
function restoreOf(writes: readonly RowWrite[], putBack: PutBack): RowWrite | undefined {
  const before = withValues(putBack.expect, putBack.values);
  return writes.find((w) => firstDifference(w.asRead, before) === undefined && firstDifference(withValues(w.asRead, w.set), putBack.expect) === undefined);
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

/**
 * Undo's write, all or nothing. It checks every row of every batch (the header row and the whole row against
 * `asRead`) before writing any; if one changed, it writes nothing. It then writes batch by batch, each request
 * loading its rows before writing them. If a request finds a row changed (the user edited or sorted between
 * two requests), Undo takes back everything it wrote: every restored row, found again by the content Undo
 * left in it (a sort may have moved it), and the changed row, each put-back guarded the same way (see
 * `putBackAll`). Only when every row was restored does it append each write's `log` row to the `Deal log`.
 * If the sheet kept changing so that some rows could not be taken back, those rows stay restored and are
 * logged, and the report names them and any row left holding values Undo wrote into it by mistake (a row that
 * got them after the user moved or copied a batch row there, and so holds that row's restore, stayed restored).
 *
 * @example
 * const report = await restoreRows(access, read.ref, read.headers, writes, { headers: LOG_HEADERS });
 * if (report.kind !== 'restored') show(report.reason);
 */
export async function restoreRows(access: ExcelAccess, ref: SheetRef, headers: readonly CellValue[], writes: readonly RowWrite[], log: { readonly headers: readonly string[]; readonly stray?: (stray: StrayWrite) => readonly CellValue[] }): Promise<RestoreReport> {
  const batches = await batchesOf(access, ref, writes);
  // 5,000 rows are a lot of cells to compare and of operations to queue: the loops give the page a turn.
  const pace = pacer();
  const changed: { row: number; reason: string }[] = [];
  for (const batch of batches) {
    const check = await access.excel.run(async (context) => {
      const guard = loadRows(context.workbook.worksheets.getItem(ref.worksheetId), ref, batch.map((w) => w.row));
      await context.sync();
      return { aborted: headerChange(ref, headers, guard.header(), 'since it was read'), rows: guard.rows() };
    });
    if (check.aborted) return { kind: 'refused', reason: check.aborted, changed: [] };
    for (const w of batch) {
      const waiting = pace();
      if (waiting) await waiting;
      const reason = changedReason(w.row, headers, w.asRead, check.rows.get(w.row) ?? [], 'since it was read');
      if (reason) changed.push({ row: w.row, reason });
    }
  }
  if (changed.length > 0) return { kind: 'refused', reason: `Nothing was restored: ${changed.map((c) => c.reason).join('; ')}.`, changed: [] };

  const restored: RowWrite[] = [];
  // Each write request also loads every deal row when the sheet fits: if the sheet changes, the put-backs are judged
  // by where each content was when Undo wrote (see `putBackAll`). A row's size from a sample of rows across the sheet.
  const every = Math.ceil(writes.length / 200);
  const rowBytes = Math.max(0, ...writes.filter((_, i) => i % every === 0).map((w) => jsonBytes(w.asRead)));
  for (const batch of batches) {
    const step = await access.excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
      const snapshot = loadRows(sheet, ref, batch.map((w) => w.row));
      const block = dealBlockFits(access, ref, rowBytes) ? loadDealBlock(sheet, ref, ref.width) : undefined;
      await queueSets(access, sheet, ref, batch, pace);
      await context.sync();
      return { header: snapshot.header(), rows: snapshot.rows(), block: block?.() };
    });
    const header = headerChange(ref, headers, step.header, 'while it was being restored');
    const strays: PutBack[] = [];
    const raced: string[] = header ? [header] : [];
    for (const w of batch) {
      const waiting = pace();
      if (waiting) await waiting;
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
    // What Undo saw of the sheet when it wrote this batch: every deal row or the batch's, with what it wrote.
    const seenRows = new Map(step.block ?? []);
    for (const w of batch) seenRows.set(w.row, withValues(step.rows.get(w.row) ?? [], w.set));
    const { left } = await putBackAll(access, ref, [...rollbacks, ...strays], { rows: seenRows, complete: step.block !== undefined });
    const changedText = raced.join('; ');
    if (left.length === 0) return { kind: 'refused', reason: `Nothing was restored: ${changedText}.`, changed: [] };

    // Some rows could not be taken back: they stay restored, and are logged; rows Undo wrote by mistake are named.
    const kept = left.filter((l) => l.putBack.kind === 'rollback');
    const keptWrites = kept.map((l) => restored.find((w) => w.row === l.putBack.source)!).filter(Boolean);
    const strayLeft = left.filter((l) => l.putBack.kind === 'stray');
    // A row written by mistake may hold exactly a restore: it held what the batch left in a row Undo restores (the
    // user moved that row there, or copied it) and got that row's values. It stayed restored, where it is now.
    const moved = strayLeft.flatMap((l) => {
      const of = restoreOf(writes, l.putBack);
      return of ? [{ l, of }] : [];
    });
    const mistaken = strayLeft.filter((l) => !moved.some((m) => m.l === l));
    const strayed = mistaken.map((l) => ({ row: l.putBack.row, reason: describeLeft(headers, l) }));
    const logRows = [...keptWrites.flatMap((w) => (w.log ? [w.log] : [])), ...(log.stray ? strayLeft.map((l) => log.stray!(strayOf(l.putBack))) : [])];
    if (logRows.length > 0) await appendLogRows(access.excel, logRows, log.headers);
    const stayed = [
      ...kept.map((l) => ({ row: l.putBack.source, why: `row ${l.putBack.source}: ${l.reason}` })),
      ...moved.map(({ l, of }) => ({ row: l.putBack.row, why: `row ${l.putBack.row} holds what row ${of.row} held before the batch, as Undo wrote it there after the user moved or copied that row: ${l.reason}` })),
    ];
    const rows = stayed.map((s) => s.row).sort((a, b) => a - b);
    const keptText = rows.length > 0 ? `row${rows.length === 1 ? '' : 's'} ${rows.join(', ')} stayed restored (logged), as the sheet changed while the pane was taking ${rows.length === 1 ? 'it' : 'them'} back (${stayed.map((s) => s.why).join('; ')})` : 'no row stayed restored';
    const strayText = strayed.length > 0 ? `; ${strayed.map((s) => s.reason).join('; ')}` : '';
    return { kind: 'partial', reason: `Undo stopped because ${changedText}; ${keptText}; the other rows were put back as they were${strayText}.`, rows, strayed };
  }
  const logRows = writes.flatMap((w) => (w.log ? [w.log] : []));
  if (logRows.length > 0) await appendLogRows(access.excel, logRows, log.headers);
  return { kind: 'restored', rows: writes.map((w) => w.row).sort((a, b) => a - b) };
}
