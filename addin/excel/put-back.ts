/**
 * Putting back what a write changed, guarded like every write. Excel has no transactions and no conditional
 * write: the only guard a request can carry is a load of the row queued before its writes, which Excel runs
 * first, so the response tells for certain what the row held when the write landed. A put-back is therefore
 * aimed at the row that holds exactly what the pane left there (found again by content when a sort may have
 * moved it), written in a request that loads that row first, and checked afterwards; if it landed on anything
 * else it is itself put back the same way. After a few rounds the rows still holding the pane's values are
 * reported, each by what it holds and what it held.
 */
import { type GuardValue, firstDifference } from './row-guard';

/** Rounds of put-backs before the rows still holding the pane's values are reported instead. */
export const PUT_BACK_ROUNDS = 4;

/** One row's put-back: the cells (and fills) to write back into the row that holds exactly `expect`. */
export interface PutBack {
  /** The 1-based row where that content was last seen. */
  readonly row: number;
  /** `row` was seen holding `expect` in the request just made (no need to look for it). */
  readonly seen: boolean;
  /** The row's cells as the pane left them: the put-back lands only on a row that holds exactly these. */
  readonly expect: readonly GuardValue[];
  /** Column → the value the cell held before the pane wrote it. */
  readonly values: Readonly<Record<number, GuardValue>>;
  /** Column → the fill the cell had before the pane changed it (undefined: none). */
  readonly fills: Readonly<Record<number, string | undefined>>;
  /** A rollback of a write that landed where it should (undo's), or the repair of one that landed on a changed row. */
  readonly kind: 'rollback' | 'stray';
  /** The row the original write aimed at, for reports. */
  readonly source: number;
  /**
   * It takes back a put-back that may have gone into a copy of the pane's row (see `putBackAll`): if it may have
   * too, it is left as it is, as another would only undo it.
   */
  readonly takesBack?: boolean;
}

/** A put-back that could not be done: the row, as last seen, still holds the pane's values. */
export interface LeftPutBack {
  readonly putBack: PutBack;
  readonly reason: string;
}

/** A row the pane wrote although it had changed, and could not put back: where it was last seen, what it held, what it holds. */
export interface StrayWrite {
  readonly row: number;
  /** The row the write aimed at. */
  readonly source: number;
  readonly before: readonly GuardValue[];
  readonly after: readonly GuardValue[];
}

/** A put-back left undone, as the row it concerns. */
export function strayOf(putBack: PutBack): StrayWrite {
  return { row: putBack.row, source: putBack.source, before: withValues(putBack.expect, putBack.values), after: putBack.expect };
}

/**
 * `cells` with `values` written into them (missing cells read as empty text).
 *
 * @example
 * withValues(['a', 'b'], { 3: 'x' }); // ['a', 'b', '', 'x']
 */
export function withValues(cells: readonly GuardValue[], values: Readonly<Record<number, GuardValue>>): GuardValue[] {
  const columns = Object.keys(values).map(Number);
  const width = Math.max(cells.length, ...columns.map((c) => c + 1));
  return Array.from({ length: width }, (_, c) => (c in values ? values[c] : (cells[c] ?? '')));
}

/** Does the put-back change anything (a value that differs from what the row holds, or a fill)? */
export function changesSomething(putBack: PutBack, fillsNow?: Readonly<Record<number, string | undefined>>): boolean {
  const values = Object.entries(putBack.values).some(([c, v]) => firstDifference([v], [putBack.expect[Number(c)] ?? '']) !== undefined);
  const fills = Object.entries(putBack.fills).some(([c, f]) => (fillsNow ? normalFill(fillsNow[Number(c)]) !== normalFill(f) : true));
  return values || fills;
}

/** No fill and white are the same to a reader. */
export function normalFill(color: string | undefined | null): string {
  const upper = (color ?? '').toUpperCase();
  return upper === '#FFFFFF' ? '' : upper;
}

/**
 * A row's content as put-backs compare it: its cells, trailing empty cells dropped.
 *
 * @example
 * contentKey(['a', '', '']) === contentKey(['a']); // true
 */
export function contentKey(cells: readonly GuardValue[]): string {
  return JSON.stringify(trimmed(cells));
}

/**
 * How many rows hold each content (by `contentKey`) now or once the put-backs land: each of `rows`, and each row a
 * put-back can give back what it held, as a row holds what that put-back expects (a write that landed on a row the
 * pane had written hid that row's content: the row is one more that may be the pane's).
 *
 * @example
 * holdingCounts(block.values(), pending).get(contentKey(p.expect)); // 2: the pane's row and a copy of it
 */
export function holdingCounts(rows: Iterable<readonly GuardValue[]>, putBacks: readonly PutBack[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const cells of rows) {
    const key = contentKey(cells);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const restoring = putBacks.filter((p) => counts.has(contentKey(p.expect))).map((p) => contentKey(withValues(p.expect, p.values)));
  for (const key of restoring) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/**
 * The deal rows as the pane last saw them, with what it wrote in that request: row (1-based) → cells. `complete`:
 * every row below the header was loaded (a row not in `rows` was empty); otherwise only the rows in `rows` are known.
 */
export interface SeenRows {
  readonly rows: ReadonlyMap<number, readonly GuardValue[]>;
  readonly complete: boolean;
}

/**
 * The contents a guarded write may have put into a copy of the pane's row, each with how many rows held it: more
 * rows held it when the write landed (`now`, the deal rows loaded in the write's request) than put-backs were
 * `aimed` at it, and not the rows that held it when the pane last saw the sheet (`seen`), so an insert, a delete
 * or a sort moved rows since, and a copy may sit where the pane's row was. Identical rows where they were are
 * harmless (whichever of them is written, the sheet is the same). Where the pane saw only some rows, only those
 * count: one of them that held it and no longer does, or now holds it and did not (a row it never saw holding
 * the content tells nothing: it may have held it all along). Without `seen`, the pane cannot tell: none.
 *
 * @example
 * copiedContents(block, seen, aimed).get(contentKey(p.expect)); // 3: three rows hold it, two were the pane's
 */
export function copiedContents(now: ReadonlyMap<number, readonly GuardValue[]>, seen: SeenRows | undefined, aimed: ReadonlyMap<string, number>): Map<string, number> {
  const copied = new Map<string, number>();
  if (!seen) return copied;
  const placesOf = (rows: ReadonlyMap<number, readonly GuardValue[]>) => {
    const places = new Map<string, number[]>();
    for (const [row, cells] of rows) {
      const key = contentKey(cells);
      if (aimed.has(key)) places.set(key, [...(places.get(key) ?? []), row]);
    }
    return places;
  };
  const [nowPlaces, seenPlaces] = [placesOf(now), placesOf(seen.rows)];
  for (const [key, count] of aimed) {
    const is = nowPlaces.get(key) ?? [];
    if (is.length <= count) continue;
    const was = new Set(seenPlaces.get(key) ?? []);
    const holds = new Set(is);
    const moved = seen.complete
      ? is.length !== was.size || is.some((row) => !was.has(row))
      : [...was].some((row) => !holds.has(row)) || is.some((row) => seen.rows.has(row) && !was.has(row));
    if (moved) copied.set(key, is.length);
  }
  return copied;
}

/** Why a put-back is left when more rows hold its content than put-backs are aimed at it. */
export function outnumberedReason(rows: number): string {
  return `${rows} rows hold what the pane left in it, and the pane cannot tell which one it wrote`;
}

/**
 * Aims each put-back at the row of `block` (row → cells) that holds exactly what the pane left: the row it was
 * last seen in if that still holds it, else the one row holding it. Put-backs whose content is in no row, or in
 * more rows than there are put-backs with that content (a duplicated row; counting the rows other put-backs give
 * it back to, see `holdingCounts`), are left, each with the reason: the row it was last seen in may hold a copy
 * the user made, moved there by an insert or a sort (content cannot tell a row from its copy).
 *
 * @example
 * const { placed, left } = placePutBacks(block, pending);
 */
export function placePutBacks(block: ReadonlyMap<number, readonly GuardValue[]>, pending: readonly PutBack[]): { placed: PutBack[]; left: LeftPutBack[] } {
  const byContent = new Map<string, number[]>();
  for (const [row, cells] of block) {
    const key = contentKey(cells);
    byContent.set(key, [...(byContent.get(key) ?? []), row]);
  }
  const groups = new Map<string, PutBack[]>();
  for (const p of pending) {
    const key = contentKey(p.expect);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }

  const holding = holdingCounts(block.values(), pending);

  const placed: PutBack[] = [];
  const left: LeftPutBack[] = [];
  for (const [content, group] of groups) {
    const candidates = byContent.get(content) ?? [];
    const rows = holding.get(content) ?? 0;
    if (rows > group.length) {
      for (const p of group) left.push({ putBack: p, reason: outnumberedReason(rows) });
      continue;
    }
    const free = new Set(candidates);
    const unplaced: PutBack[] = [];
    for (const p of group) {
      if (free.has(p.row)) {
        free.delete(p.row);
        placed.push({ ...p, seen: true });
      } else unplaced.push(p);
    }
    if (unplaced.length === 0) continue;
    const same = unplaced.every((p) => JSON.stringify([p.values, p.fills]) === JSON.stringify([unplaced[0].values, unplaced[0].fills]));
    if (free.size === unplaced.length && same) {
      // As many identical rows as identical put-backs: any pairing gives the same sheet.
      [...free].sort((a, b) => a - b).forEach((row, i) => placed.push({ ...unplaced[i], row, seen: true }));
    } else if (free.size === 0) {
      for (const p of unplaced) left.push({ putBack: p, reason: 'it changed or went since, and no row holds what the pane left in it' });
    } else {
      for (const p of unplaced) left.push({ putBack: p, reason: outnumberedReason(candidates.length) });
    }
  }
  return { placed, left };
}

/**
 * A put-back the pane could not do, for a person: where the row was last seen, what it holds, what it held.
 *
 * @example
 * describeLeft(['Referral ID', 'Sales Stage'], left);
 * // 'row 4 holds what the pane wrote (Sales Stage "Accepted", was "Proposed"), because it changed or went since…'
 */
export function describeLeft(headers: readonly GuardValue[], left: LeftPutBack): string {
  const { putBack } = left;
  const cells = Object.entries(putBack.values)
    .filter(([c, v]) => firstDifference([v], [putBack.expect[Number(c)] ?? '']) !== undefined)
    .map(([c, v]) => `${String(headers[Number(c)] ?? '') || `column ${Number(c) + 1}`} ${shown(putBack.expect[Number(c)])}, was ${shown(v)}`);
  const fills = Object.keys(putBack.fills).length > 0 ? `${cells.length > 0 ? '; ' : ''}its marks` : '';
  return `row ${putBack.row} holds what the pane wrote (${cells.join('; ')}${fills}) and was not put back: ${left.reason}`;
}

function shown(value: GuardValue | undefined): string {
  return typeof value === 'string' || value === undefined ? `"${value ?? ''}"` : String(value);
}

function trimmed(cells: readonly GuardValue[]): GuardValue[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '') === '') end--;
  return Array.from(cells.slice(0, end), (v) => v ?? '');
}
