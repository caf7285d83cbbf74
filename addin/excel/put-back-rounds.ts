/**
 * Putting back, in Excel, what writes left in rows they should not have written (what to put back, and where,
 * is decided in `put-back.ts`): round after round, each put-back in a request that loads its row before writing
 * it, until every row holds what it held or the rounds run out.
 */
/// <reference types="office-js" />
import { loadRowFills, setFill } from './cell-marks';
import { putValues } from './cell-values';
import { type CellValue, type ExcelAccess, type SheetRef } from './excel-host';
import { jsonBytes } from './payload-size';
import { type LeftPutBack, type PutBack, type SeenRows, PUT_BACK_ROUNDS, changesSomething, contentKey, copiedContents, outnumberedReason, placePutBacks, withValues } from './put-back';
import { firstDifference } from './row-guard';
import { dealBlockFits, loadDealBlock, readBlock } from './sheet-ranges';
import { spanOf } from './write-batches';

/**
 * Puts back what writes left in rows they should not have written, in rounds: each round finds every row by
 * the content the pane left in it (reading the sheet when a row may have moved), then writes the put-backs in
 * one request that loads those rows first. A put-back that found its row as expected is done; one that found
 * something else wrote into a changed row, so that row gets a put-back of its own, and the first one is looked
 * for again. After `PUT_BACK_ROUNDS` rounds, or when a row cannot be found by its content, what is left is
 * returned (the caller reports it).
 *
 * A row holding what was expected is not enough when the user copied a row the pane wrote and an insert or a
 * sort put the copy where the pane's row was (content cannot tell a row from its copy). So the request also loads
 * every deal row (when the sheet fits one response), and compares the rows holding that content with those that
 * held it when the pane last saw them (`seen`: the rows its write request loaded, then each of these requests):
 * more rows, and not the same ones, and the write may have gone into a copy. It is taken back like one that
 * landed on a changed row (a take-back that may have gone into a copy too is left as it is), and the put-back is
 * left, saying why.
 *
 * @example
 * const { left } = await putBackAll(access, ref, putBacks, { rows: written, complete: false });
 * const strayed = left.map((l) => describeLeft(headers, l));
 */
export async function putBackAll(access: ExcelAccess, ref: SheetRef, putBacks: readonly PutBack[], seen?: SeenRows): Promise<{ done: PutBack[]; left: LeftPutBack[] }> {
  const done: PutBack[] = [];
  const ambiguous: LeftPutBack[] = [];
  const notFound = new Map<PutBack, string>();
  let sight = seen;
  let pending = putBacks.filter((p) => changesSomething(p));
  for (let round = 0; round < PUT_BACK_ROUNDS && pending.length > 0; round++) {
    let unfound: PutBack[] = [];
    if (pending.some((p) => !p.seen)) {
      const block = await readBlock(access, ref, spanOf(ref, pending));
      sight = { rows: dealRows(ref, block), complete: true };
      const placed = placePutBacks(block, pending);
      for (const l of placed.left) notFound.set(l.putBack, l.reason);
      unfound = placed.left.map((l) => l.putBack);
      pending = placed.placed;
      if (pending.length === 0) {
        pending = unfound;
        break;
      }
    }
    const { results, block } = await guardedStep(access, ref, pending);
    const aimed = new Map<string, number>();
    for (const p of pending) aimed.set(contentKey(p.expect), (aimed.get(contentKey(p.expect)) ?? 0) + 1);
    const copied = block ? copiedContents(block, sight, aimed) : new Map<string, number>();
    // A row not found may be one that a put-back of this round restores (a write had landed on it): look again.
    const next: PutBack[] = [...unfound];
    for (const { item, found, foundFills } of results) {
      const landed = firstDifference(item.expect, found) === undefined;
      const holding = landed ? copied.get(contentKey(item.expect)) : undefined;
      if (landed && holding === undefined) {
        done.push(item);
        continue;
      }
      if (holding !== undefined) {
        // It may have landed on a copy of the pane's row: that row gets back what it held, and the put-back is left.
        ambiguous.push({ putBack: item, reason: outnumberedReason(holding) });
        if (item.takesBack) continue;
      } else {
        // It landed on a row holding something else: that row gets back what it held, and the put-back goes on.
        next.push({ ...item, seen: false });
      }
      const values = Object.fromEntries(Object.keys(item.values).map((c) => [c, found[Number(c)] ?? '']));
      const fills = Object.fromEntries(Object.keys(item.fills).map((c) => [c, foundFills?.[Number(c)]]));
      const stray: PutBack = { row: item.row, seen: true, expect: withValues(found, item.values), values, fills, kind: 'stray', source: item.source, takesBack: landed };
      if (changesSomething(stray, item.fills)) next.push(stray);
    }
    // The rows as this request saw them, with what it wrote: the sight the next round's writes are judged by.
    const rows = new Map(block ?? sight?.rows ?? []);
    for (const { item, found } of results) if (item.row > ref.headerRow + 1) rows.set(item.row, withValues(found, item.values));
    sight = block ? { rows, complete: true } : sight && { rows, complete: sight.complete };
    pending = next;
  }
  const left = [...ambiguous, ...pending.map((p) => ({ putBack: p, reason: notFound.get(p) ?? 'the sheet kept changing while the pane was putting it back' }))];
  return { done, left };
}

/**
 * One request that loads every target row whole (and the fills it changes) and, when the sheet fits the
 * response, every deal row, then writes: which rows held what was expected, and where was each content?
 */
async function guardedStep(access: ExcelAccess, ref: SheetRef, items: readonly PutBack[]) {
  return access.excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
    const span = spanOf(ref, items);
    const rowBytes = Math.max(...items.map((i) => jsonBytes(i.expect)));
    const block = dealBlockFits(access, ref, rowBytes, Math.max(...items.map((i) => i.row))) ? loadDealBlock(sheet, ref, span) : undefined;
    const loads = items.map((item) => ({
      item,
      range: sheet.getRangeByIndexes(item.row - 1, ref.firstColumn, 1, span).load('values'),
      fills: Object.keys(item.fills).length > 0 ? loadRowFills(sheet, ref, item.row, span) : undefined,
    }));
    for (const item of items) {
      for (const [c, v] of Object.entries(item.values)) putValues(sheet, item.row - 1, ref.firstColumn + Number(c), [[v]], { ref, own: access.own });
      for (const [c, color] of Object.entries(item.fills)) setFill(sheet, ref, item.row, Number(c), color);
    }
    await context.sync();
    return { results: loads.map(({ item, range, fills }) => ({ item, found: range.values[0], foundFills: fills?.() })), block: block?.() };
  });
}

/** The deal rows of a block read with its header row. */
function dealRows(ref: SheetRef, block: ReadonlyMap<number, CellValue[]>): Map<number, CellValue[]> {
  return new Map([...block].filter(([row]) => row > ref.headerRow + 1));
}
