/**
 * Finding again, for Undo, the rows a logged batch wrote: by their whole content as the batch left them
 * (`Row content` in the `Deal log`), never by key alone, so a sort is fine and a duplicate key cannot mislead.
 */
import { type FieldKey, type HeaderMap, columnOfHeader, headerOf } from '../../engine/index';
import { type CellValue, type SheetRead } from '../excel/excel-host';
import { rowContent } from './row-content';
import { pacer } from '../excel/yielding';

/** One row of a logged batch. */
export interface LoggedEntry {
  /** The sheet row it was written in (rows may have moved since). */
  readonly row: number;
  readonly key: string;
  readonly action: string;
  /** The owned cells before and after, by header. */
  readonly before: Readonly<Record<string, CellValue>>;
  readonly after: Readonly<Record<string, CellValue>>;
  /** `rowContent` of the row as the batch left it; '' in logs of earlier versions. */
  readonly content: string;
}

type SheetRow = SheetRead['rows'][number];

export type FoundRows =
  | { readonly kind: 'found'; readonly rows: readonly { entry: LoggedEntry; row: SheetRow }[] }
  | { readonly kind: 'refused'; readonly problems: readonly string[] };

/** The column of an owned header the log names (`Errors` included), or undefined when the sheet lacks it. */
export function ownedColumn(map: HeaderMap, header: string): number | undefined {
  return columnOfHeader(map, header) ?? (header === 'Errors' ? map.fields.errors : undefined);
}

/**
 * Pairs every logged entry with the one row that now holds exactly what the batch left in it. Rows with the same
 * content are told apart by the row number logged; if that cannot settle it, or a row is missing or changed,
 * the whole batch is refused, each problem named. The sheet's rows are hashed in slices that give the page a turn.
 *
 * @example
 * const found = await findLoggedRows(read, map, batch.entries);
 * if (found.kind === 'refused') return found.problems.join('; ');
 */
export async function findLoggedRows(read: SheetRead, map: HeaderMap, entries: readonly LoggedEntry[], pace = pacer()): Promise<FoundRows> {
  const problems: string[] = [];
  for (const entry of entries) {
    if (!entry.content) problems.push(`${entry.key} (row ${entry.row}) was logged by an earlier version of the add-in, without the row's content, so it cannot be found safely`);
    const missing = Object.keys(entry.after).find((header) => ownedColumn(map, header) === undefined);
    if (missing) problems.push(`${entry.key} (row ${entry.row}): the sheet has no ${missing} column`);
  }
  if (problems.length > 0) return { kind: 'refused', problems };

  const byContent = new Map<string, SheetRow[]>();
  for (const row of read.rows) {
    const waiting = pace();
    if (waiting) await waiting;
    const content = rowContent(read.headers, row.cells);
    const same = byContent.get(content);
    if (same) same.push(row);
    else byContent.set(content, [row]);
  }
  const groups = new Map<string, LoggedEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.content);
    if (group) group.push(entry);
    else groups.set(entry.content, [entry]);
  }

  const found: { entry: LoggedEntry; row: SheetRow }[] = [];
  for (const [content, group] of groups) {
    const candidates = byContent.get(content) ?? [];
    const free = new Set(candidates);
    const unplaced: LoggedEntry[] = [];
    for (const entry of group) {
      const same = candidates.find((c) => c.row === entry.row && free.has(c));
      if (same) {
        free.delete(same);
        found.push({ entry, row: same });
      } else unplaced.push(entry);
    }
    if (unplaced.length === 0) continue;
    if (free.size === unplaced.length) {
      // As many identical rows as entries left: they cannot be told apart, and any pairing gives the same sheet.
      [...free].sort((a, b) => a.row - b.row).forEach((row, i) => found.push({ entry: unplaced[i], row }));
    } else if (free.size > unplaced.length) {
      for (const entry of unplaced) problems.push(`${entry.key} (row ${entry.row}): ${candidates.length} rows hold what the batch left in it, and undo cannot tell which one it wrote`);
    } else {
      for (const entry of unplaced) problems.push(describeChange(read, map, entry));
    }
  }
  return problems.length > 0 ? { kind: 'refused', problems } : { kind: 'found', rows: found.sort((a, b) => a.row.row - b.row.row) };
}

/** Why an entry's row is not found: what changed in it, when its key still names one row. */
function describeChange(read: SheetRead, map: HeaderMap, entry: LoggedEntry): string {
  const sameKey = read.rows.filter((r) => rowKey(map, r.cells) === entry.key);
  if (sameKey.length !== 1) return `${entry.key} (row ${entry.row}) is no longer in the sheet as the batch left it`;
  const [row] = sameKey;
  for (const [header, after] of Object.entries(entry.after)) {
    const now = row.cells[ownedColumn(map, header)!] ?? '';
    if (now !== after) return `row ${row.row} (${entry.key}): ${header} is now "${now}", the batch wrote "${after}"`;
  }
  return `row ${row.row} (${entry.key}) changed since the batch, in cells the batch did not write`;
}

/** `Referral ID`, else `Deal Name` + `Customer Name`: how the log names a row to a person (not how undo finds it). */
export function rowKey(map: HeaderMap, cells: readonly CellValue[]): string | undefined {
  const at = (key: FieldKey) => {
    const index = map.fields[key];
    return index === undefined ? '' : String(cells[index] ?? '').trim();
  };
  const referral = at('referralId');
  if (referral) return `${headerOf('referralId')} ${referral}`;
  const name = at('dealName');
  const customer = at('customerName');
  return name || customer ? `${name} / ${customer}` : undefined;
}

/**
 * A Deal log `Before` or `After` cell (JSON keyed by header) as cells; anything unreadable as none.
 *
 * @example
 * loggedCells('{"Sales Stage":"Accepted"}'); // { 'Sales Stage': 'Accepted' }
 */
export function loggedCells(value: CellValue | undefined): Record<string, CellValue> {
  try {
    const parsed: unknown = JSON.parse(String(value ?? '{}'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, CellValue>) : {};
  } catch {
    return {};
  }
}
