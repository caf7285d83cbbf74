/**
 * The solution catalog as a sheet the analyst keeps: a `Solutions` sheet in the workbook, or a CSV, with the
 * columns ID, Name, Kind and Incentive eligible. The CLI (from a CSV or an .xlsx) and the pane (from the open
 * workbook) read it through this one function, so every source gives the same catalog as the JSON file would.
 */
import { type Cell, type SheetGrid, cellText, columnLetter } from './cell';
import { parseYesNo } from './cell-formats';
import { type CatalogSolution, type SolutionCatalog, createCatalog } from '../domain/catalog';
import { SOLUTION_KINDS, type SolutionKind, foldWord } from '../domain/vocabulary';

/** The name of the sheet that holds the catalog in a workbook (matched in any case). */
export const SOLUTIONS_SHEET = 'Solutions';

/** The catalog sheet's columns, in the order a new sheet gets them. */
export const CATALOG_HEADERS = ['ID', 'Name', 'Kind', 'Incentive eligible'] as const;

/** The catalog as plain data (what `createCatalog` takes and `rules/catalog.json` holds): safe to post to a worker. */
export interface CatalogDocument {
  readonly solutions: readonly CatalogSolution[];
}

/** Where a catalog sheet's cells are, so that a problem names the cell the analyst sees. */
export interface CatalogSheetPlace {
  /** The file (`solutions.csv`, `deals.xlsx`); absent in the pane, where the workbook is the one open. */
  readonly file?: string;
  /** The worksheet, for workbooks (`Solutions`). */
  readonly sheet?: string;
  /** The 1-based sheet row of the header row (default 1). */
  readonly headerRow?: number;
  /** The 0-based sheet column of the grid's first column (default 0: column A). */
  readonly firstColumn?: number;
}

/** A listed solution whose Kind or Incentive eligible is still empty: it is not in the catalog until both are filled. */
export interface PendingSolution {
  readonly row: number;
  readonly id: string;
  readonly missing: readonly ('Kind' | 'Incentive eligible')[];
}

/** A cell (or the header row) of a catalog sheet the product cannot take, with the sentence that says so. */
export interface CatalogSheetProblem {
  readonly row: number;
  /** 0-based sheet column, when the problem is in one cell. */
  readonly column?: number;
  readonly message: string;
  /** The whole sentence, naming the file, sheet, row and column. */
  readonly text: string;
}

/** What a catalog sheet gave: a catalog (with the rows still to fill), or every problem in it. */
export type CatalogSheetResult =
  | { readonly kind: 'catalog'; readonly catalog: SolutionCatalog; readonly document: CatalogDocument; readonly pending: readonly PendingSolution[] }
  | { readonly kind: 'problems'; readonly problems: readonly CatalogSheetProblem[] };

type CatalogField = 'id' | 'name' | 'kind' | 'incentiveEligible';

/** Headers as written, folded (case, surrounding and repeated spaces, a trailing `?` do not matter). */
const HEADER_WORDS: Readonly<Record<string, CatalogField>> = {
  id: 'id',
  'solution id': 'id',
  name: 'name',
  'solution name': 'name',
  kind: 'kind',
  'incentive eligible': 'incentiveEligible',
};
const FIELD_HEADER: Readonly<Record<CatalogField, string>> = { id: 'ID', name: 'Name', kind: 'Kind', incentiveEligible: 'Incentive eligible' };
const REQUIRED: readonly CatalogField[] = ['id', 'kind', 'incentiveEligible'];

/**
 * Reads a catalog sheet: row 1 holds the headers `ID`, `Name`, `Kind`, `Incentive eligible` (in any order and
 * case; `Name` may be absent; other columns are ignored), each further row one solution. `Kind` is one of own,
 * microsoft, third-party, assessment (any case; `third party` too); `Incentive eligible` is Yes or No (or a
 * spreadsheet boolean). Blank rows are skipped. A row whose Kind or Incentive eligible is still empty is listed
 * in `pending`, not in the catalog, so its ID stays unknown until the analyst fills it in. Every other problem
 * (a missing or repeated column, an empty ID, an ID holding a comma or listed twice, a kind or a Yes/No not
 * understood) is returned, all at once, each naming the file, sheet, row and column.
 *
 * @example
 * const result = catalogFromSheet({ headers: ['ID', 'Name', 'Kind', 'Incentive eligible'], rows: [['SOL-1', 'Backup', 'Own', 'Yes']] }, { file: 'solutions.csv' });
 * result.kind === 'catalog' && result.catalog.find('sol-1')?.kind; // 'own'
 */
export function catalogFromSheet(grid: SheetGrid, place: CatalogSheetPlace = {}): CatalogSheetResult {
  const headerRow = place.headerRow ?? 1;
  const firstColumn = place.firstColumn ?? 0;
  const problems: CatalogSheetProblem[] = [];
  const problem = (row: number, column: number | undefined, header: string | undefined, message: string) => {
    const cell = column === undefined ? '' : `, column ${columnLetter(firstColumn + column)}${header ? ` ${JSON.stringify(header)}` : ''}`;
    const at = `${place.sheet === undefined ? '' : `sheet "${place.sheet}", `}row ${row}${cell}`;
    const text = `${place.file === undefined ? at.charAt(0).toUpperCase() + at.slice(1) : `${place.file}: ${at}`}: ${message}`;
    problems.push({ row, ...(column === undefined ? {} : { column: firstColumn + column }), message, text });
  };

  const columns: Partial<Record<CatalogField, number>> = {};
  grid.headers.forEach((cell, index) => {
    const field = HEADER_WORDS[foldWord(cellText(cell)).replace(/\s*\?$/, '')];
    if (field === undefined) return;
    const first = columns[field];
    if (first !== undefined) {
      problem(headerRow, index, cellText(cell), `the column ${FIELD_HEADER[field]} appears twice (columns ${columnLetter(firstColumn + first)} and ${columnLetter(firstColumn + index)}): keep one.`);
      return;
    }
    columns[field] = index;
  });
  const missing = REQUIRED.filter((f) => columns[f] === undefined).map((f) => FIELD_HEADER[f]);
  if (missing.length > 0) {
    problem(headerRow, undefined, undefined, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. A solutions sheet has the columns ${CATALOG_HEADERS.join(', ')} in row ${headerRow}.`);
  }
  if (problems.length > 0) return { kind: 'problems', problems };

  const header = (field: CatalogField) => cellText(grid.headers[columns[field]!]);
  const solutions: CatalogSolution[] = [];
  const pending: PendingSolution[] = [];
  const rowOfId = new Map<string, number>();
  grid.rows.forEach((cells, i) => {
    const row = headerRow + 1 + i;
    const text = (field: CatalogField): string => (columns[field] === undefined ? '' : cellText(cells[columns[field]!]));
    const at = (field: CatalogField) => columns[field]!;
    if (Object.values(columns).every((c) => cellText(cells[c]) === '')) return; // a blank row

    const id = text('id');
    if (id === '') return problem(row, at('id'), header('id'), 'the ID is empty: each solution needs its ID, as the deal sheet writes it (e.g. SOL-1234-PQRS).');
    if (id.includes(',')) problem(row, at('id'), header('id'), `"${id}" holds a comma, which a Solution cell of the deal sheet uses to separate the ID from the price: write the ID alone.`);
    const key = id.toUpperCase();
    const earlier = rowOfId.get(key);
    if (earlier !== undefined) problem(row, at('id'), header('id'), `the ID "${id}" is listed twice (rows ${earlier} and ${row}): keep one.`);
    else rowOfId.set(key, row);

    const kindText = text('kind');
    const kind = kindOf(kindText);
    if (kindText !== '' && kind === undefined) problem(row, at('kind'), header('kind'), `"${kindText}" is not a kind: write ${SOLUTION_KINDS.slice(0, -1).join(', ')} or ${SOLUTION_KINDS[SOLUTION_KINDS.length - 1]}.`);
    const eligibleCell: Cell = cells[at('incentiveEligible')] ?? null;
    const eligibleText = cellText(eligibleCell);
    const incentiveEligible = eligibleText === '' ? undefined : parseYesNo(eligibleCell);
    if (eligibleText !== '' && incentiveEligible === undefined) problem(row, at('incentiveEligible'), header('incentiveEligible'), `"${eligibleText}" is not Yes or No.`);

    const blank = [...(kindText === '' ? (['Kind'] as const) : []), ...(eligibleText === '' ? (['Incentive eligible'] as const) : [])];
    if (blank.length > 0) pending.push({ row, id, missing: blank });
    else if (kind !== undefined && incentiveEligible !== undefined) solutions.push({ id, name: text('name'), kind, incentiveEligible });
  });
  if (problems.length > 0) return { kind: 'problems', problems };

  const document: CatalogDocument = { solutions };
  const { catalog, problems: invalid } = createCatalog(document);
  // Every entry was checked above; createCatalog only indexes it.
  if (!catalog) throw new Error(`catalogFromSheet built an invalid catalog: ${invalid[0]?.message}`);
  return { kind: 'catalog', catalog, document, pending };
}

/** A Kind cell as the catalog's word: any case, a space for the hyphen (`Third party`). */
function kindOf(text: string): SolutionKind | undefined {
  const word = foldWord(text).replace(/ /g, '-');
  return SOLUTION_KINDS.find((k) => k === word);
}

/**
 * The rows of a new catalog sheet for these solution IDs (header first, sorted by ID, each ID once whatever its
 * case): an ID the sample catalog knows is filled in whole (Name, Kind, Incentive eligible Yes/No); any other
 * has its ID alone, for the analyst to complete.
 *
 * @example
 * solutionsSheetRows(['SOL-9', 'SOL-1234-PQRS'], sample);
 * // [['ID', 'Name', 'Kind', 'Incentive eligible'], ['SOL-1234-PQRS', 'Contoso Cloud Backup', 'own', 'Yes'], ['SOL-9', '', '', '']]
 */
export function solutionsSheetRows(ids: readonly string[], sample?: SolutionCatalog): string[][] {
  const unique = new Map<string, string>();
  for (const raw of ids) {
    const id = raw.trim();
    if (id !== '' && !unique.has(id.toUpperCase())) unique.set(id.toUpperCase(), id);
  }
  const rows = [...unique.values()]
    .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }))
    .map((id) => {
      const known = sample?.find(id);
      return known ? [known.id, known.name, known.kind, known.incentiveEligible ? 'Yes' : 'No'] : [id, '', '', ''];
    });
  return [[...CATALOG_HEADERS], ...rows];
}

/** `SOL-1 (row 3), SOL-2 (row 4)`: the pending rows, for a notice. */
export function describePending(pending: readonly PendingSolution[]): string {
  const listed = pending.slice(0, 5).map((p) => `${p.id} (row ${p.row})`);
  return `${listed.join(', ')}${pending.length > 5 ? ` and ${pending.length - 5} more` : ''}`;
}
