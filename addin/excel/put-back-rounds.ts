/**
 * Putting back, in Excel, what writes left in rows they should not have written (what to put back, and where,
 * is decided in `put-back.ts`): round after round, each put-back in a request that loads its row before writing
 * it, until every row holds what it held or the rounds run out.
 */
/// <reference types="office-js" />
import { loadRowFills, setFill } from './cell-marks';
import { putValues } from './cell-values';
import { type ExcelAccess, type SheetRef } from './excel-host';
import { type LeftPutBack, type PutBack, PUT_BACK_ROUNDS, changesSomething, placePutBacks, withValues } from './put-back';
import { firstDifference } from './row-guard';
import { readBlock } from './sheet-ranges';
import { spanOf } from './write-batches';

/**
 * Puts back what writes left in rows they should not have written, in rounds: each round finds every row by
 * the content the pane left in it (reading the sheet when a row may have moved), then writes the put-backs in
 * one request that loads those rows first. A put-back that found its row as expected is done; one that found
 * something else wrote into a changed row, so that row gets a put-back of its own, and the first one is looked
 * for again. After `PUT_BACK_ROUNDS` rounds, or when a row cannot be found by its content, what is left is
 * returned (the caller reports it).
 *
 * @example
 * const { left } = await putBackAll(access, ref, putBacks);
 * const strayed = left.map((l) => describeLeft(headers, l));
 */
export async function putBackAll(access: ExcelAccess, ref: SheetRef, putBacks: readonly PutBack[]): Promise<{ done: PutBack[]; left: LeftPutBack[] }> {
  const done: PutBack[] = [];
  const notFound = new Map<PutBack, string>();
  let pending = putBacks.filter((p) => changesSomething(p));
  for (let round = 0; round < PUT_BACK_ROUNDS && pending.length > 0; round++) {
    let unfound: PutBack[] = [];
    if (pending.some((p) => !p.seen)) {
      const placed = placePutBacks(await readBlock(access, ref, spanOf(ref, pending)), pending);
      for (const l of placed.left) notFound.set(l.putBack, l.reason);
      unfound = placed.left.map((l) => l.putBack);
      pending = placed.placed;
      if (pending.length === 0) {
        pending = unfound;
        break;
      }
    }
    const results = await guardedStep(access, ref, pending);
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
async function guardedStep(access: ExcelAccess, ref: SheetRef, items: readonly PutBack[]) {
  return access.excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
    const span = spanOf(ref, items);
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
    return loads.map(({ item, range, fills }) => ({ item, found: range.values[0], foundFills: fills?.() }));
  });
}
