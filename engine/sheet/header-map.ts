import { type Cell, cellText, columnLetter } from './cell';
import { COLUMNS, type ColumnSpec, type FieldKey, LIST_COLUMNS, type ListKey, MAX_LIST_ENTRIES, OWNED_KEYS } from './columns';
import { foldWord } from '../domain/vocabulary';

/** Where one numbered column (`Solution 3`) sits in the sheet. */
export interface ListColumn {
  readonly n: number;
  readonly index: number;
  readonly header: string;
}

/** Which sheet column holds which field. Columns the product does not know are simply not in the map. */
export interface HeaderMap {
  readonly fields: Readonly<Partial<Record<FieldKey, number>>>;
  readonly lists: Readonly<Record<ListKey, readonly ListColumn[]>>;
  /** How many columns the header row has. */
  readonly width: number;
}

/** A header row the core cannot work with: these make the whole sheet unusable (CLI exit 2). */
export interface HeaderProblem {
  readonly column?: number;
  readonly message: string;
}

/** Every name a known column goes by (its header and its aliases in Partner Center's layouts), folded. */
const BY_FOLDED_HEADER = new Map<string, ColumnSpec>(
  (COLUMNS as readonly ColumnSpec[]).flatMap((c) => [c.header, ...(c.aliases ?? [])].map((name) => [foldWord(name), c] as const)),
);

/**
 * Maps a header row to the sheet contract. Headers match case-insensitively, ignoring surrounding
 * and repeated spaces; order is free; unknown headers are left alone (their columns are kept as they are).
 * A column Partner Center's layouts name differently (`Declined/Lost/Error reason`, `PartnerID (formerly MPN ID)`)
 * is the same field; two names of one field in one sheet are a duplicate.
 *
 * @example
 * const { map } = mapHeaders(['deal name ', 'Customer Name', 'Solution 1', 'My notes']);
 * map.fields.dealName;     // 0
 * map.lists.solutions[0];  // { n: 1, index: 2, header: 'Solution 1' }
 */
export function mapHeaders(headers: readonly Cell[]): { map: HeaderMap; problems: HeaderProblem[] } {
  const fields: Partial<Record<FieldKey, number>> = {};
  const lists: Record<ListKey, ListColumn[]> = { solutions: [], teamMembers: [], invitedPartners: [] };
  const problems: HeaderProblem[] = [];
  const seen = new Map<string, number>();

  headers.forEach((cell, index) => {
    const folded = foldWord(cellText(cell));
    if (!folded) return;
    const spec = BY_FOLDED_HEADER.get(folded);
    const list = spec ? undefined : matchListHeader(folded);
    const identity = spec ? spec.key : list ? `${list.key}#${list.n}` : undefined;
    if (!identity) return;
    const first = seen.get(identity);
    if (first !== undefined) {
      const firstText = cellText(headers[first]);
      const same = foldWord(firstText) === folded;
      problems.push({
        column: index,
        message: same
          ? `The header "${cellText(cell)}" appears twice (columns ${columnLetter(first)} and ${columnLetter(index)}): keep one.`
          : `The headers "${firstText}" (column ${columnLetter(first)}) and "${cellText(cell)}" (column ${columnLetter(index)}) name the same column: keep one.`,
      });
      return;
    }
    seen.set(identity, index);
    if (spec) fields[spec.key] = index;
    else if (list) lists[list.key].push({ n: list.n, index, header: cellText(cell) });
  });

  for (const key of Object.keys(lists) as ListKey[]) lists[key].sort((a, b) => a.n - b.n);

  const missing = COLUMNS.filter((c: ColumnSpec) => c.requiredHeader && fields[c.key] === undefined).map((c) => c.header);
  if (missing.length > 0) {
    problems.push({ message: `Missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.` });
  }
  return { map: { fields, lists, width: headers.length }, problems };
}

/**
 * The sheet column of a header as a rule message names it (`Currency`, `Solution 2`), or undefined when the
 * sheet has no such column: how the pane finds the cells to mark.
 *
 * @example
 * columnOfHeader(map, 'customer country'); // 10
 */
export function columnOfHeader(map: HeaderMap, header: string): number | undefined {
  const folded = foldWord(header);
  const spec = BY_FOLDED_HEADER.get(folded);
  // Without a Location column, the partner ID column stands for the location (derive-deal-fields.ts).
  if (spec?.key === 'location' && map.fields.location === undefined) return map.fields.partnerId;
  if (spec) return map.fields[spec.key];
  const list = matchListHeader(folded);
  return list ? map.lists[list.key].find((c) => c.n === list.n)?.index : undefined;
}

/**
 * The contract's spelling of a header, matched as `mapHeaders` matches it (case and spaces do not matter);
 * undefined for a column the contract does not know.
 *
 * @example
 * knownHeader('deal  type'); // 'Deal Type'
 * knownHeader('team member 2'); // 'Team member 2'
 */
export function knownHeader(header: string): string | undefined {
  const folded = foldWord(header);
  const spec = BY_FOLDED_HEADER.get(folded);
  if (spec) return spec.header;
  const list = matchListHeader(folded);
  return list ? `${LIST_COLUMNS.find((l) => l.key === list.key)!.prefix} ${list.n}` : undefined;
}

function matchListHeader(folded: string): { key: ListKey; n: number } | undefined {
  for (const list of LIST_COLUMNS) {
    const prefix = list.prefix.toLowerCase();
    if (!folded.startsWith(prefix)) continue;
    const rest = folded.slice(prefix.length).trim();
    if (!/^\d{1,2}$/.test(rest)) continue;
    const n = Number(rest);
    if (n >= 1 && n <= MAX_LIST_ENTRIES) return { key: list.key, n };
  }
  return undefined;
}

/**
 * The map with every owned column the sheet lacks placed after its last column, in contract order:
 * where the results of actions are read from, and where the writers add those columns. A sheet without a
 * `Deal Type` column gets none: its deal type is derived from the row, and an action changes the cells it is
 * derived from (help, Microsoft status, invited partners), never adds the column.
 */
export function withOwnedColumns(map: HeaderMap): HeaderMap {
  const fields: Partial<Record<FieldKey, number>> = { ...map.fields };
  let width = map.width;
  for (const key of OWNED_KEYS) if (key !== 'errors' && key !== 'dealType' && fields[key] === undefined) fields[key] = width++;
  return { fields, lists: map.lists, width };
}
