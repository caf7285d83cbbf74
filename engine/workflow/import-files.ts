import { groupDigits } from './listed-text';
import { type Cell, type SheetGrid, cellText, columnLetter, formatUsDate } from '../sheet/cell';
import { dateFromSerial } from '../sheet/date-serial';
import { parseNumber, parseUsDate, parseYesNo } from '../sheet/cell-formats';
import { canonical, foldWord } from '../domain/vocabulary';
import { LAYOUT_TITLES, type LayoutColumn, type PartnerCenterLayout, detectLayout } from '../sheet/partner-center-layouts';
import { type RowOutcome } from './process-sheet';

/** Partner Center's bulk import takes at most this many deals per file (reference §8). */
export const IMPORT_ROWS_PER_FILE = 1000;

/** What Partner Center accepts in `Marketplace Purchase Intent` (2023 layout). */
export const MARKETPLACE_PURCHASE_INTENTS = ['Yes', 'No', 'Have not decided'] as const;

/**
 * Which rows go into the import files.
 *
 * - `changed`: the rows that differ from the export the sheet came from, matched by `Referral ID`; a row counts
 *   as changed when any of Partner Center's columns differs (dates compared as dates, amounts as numbers, other
 *   text trimmed, line endings ignored). A row without a Referral ID is a new deal, and always goes.
 * - `all-valid`: every deal.
 * - `rows`: the given sheet rows (the pane's Deal log: the rows its actions changed), with those whose deal was
 *   already Closed before the logged actions named in `closedBefore`.
 *
 * Whatever the selection, a row Partner Center would refuse is held back (see {@link planImportFiles}).
 */
export type ImportSelection =
  | { readonly kind: 'changed'; readonly original: SheetGrid; /** The original uses a decimal comma. */ readonly decimalComma?: boolean }
  | { readonly kind: 'all-valid' }
  | { readonly kind: 'rows'; readonly rows: ReadonlySet<number>; readonly closedBefore: ReadonlySet<number> };

export interface ImportRequest {
  /** The worked sheet. */
  readonly grid: SheetGrid;
  /** `checkSheet`'s outcomes for `grid`: the active rules' verdict on every row. */
  readonly outcomes: readonly RowOutcome[];
  readonly selection: ImportSelection;
  /** The sheet uses a decimal comma (`;`-delimited CSV). */
  readonly decimalComma?: boolean;
  /** Rows per file; Partner Center's limit unless a test asks for fewer. */
  readonly rowsPerFile?: number;
}

/** One row of an import file: the sheet row it comes from and its cells, in the file's column order. */
export interface ImportRow {
  readonly row: number;
  readonly cells: readonly string[];
}

/** A selected row that Partner Center would refuse, and why. */
export interface HeldBackRow {
  readonly row: number;
  readonly dealName: string;
  readonly reasons: readonly string[];
}

/** What the import files hold. */
export interface ImportPlan {
  readonly kind: 'plan';
  readonly layout: PartnerCenterLayout;
  /** Why the sheet is in that layout (`it has Marketplace Purchase Intent`). */
  readonly evidence: string;
  /** The files' header row: `Errors` first, then Partner Center's columns in the export's order. */
  readonly headers: readonly string[];
  /** The rows of each file, in sheet order, at most `rowsPerFile` each. Empty when no row is to be written. */
  readonly files: readonly (readonly ImportRow[])[];
  readonly heldBack: readonly HeldBackRow[];
  readonly counts: {
    /** Deals in the sheet (blank rows are none). */
    readonly deals: number;
    /** Deals the selection picked (changed, new, all, or logged). */
    readonly selected: number;
    /** Deals identical to the original export (selection `changed` only). */
    readonly unchanged: number;
    readonly written: number;
  };
  /** Said once for the whole sheet: columns missing, deals the original does not hold, and so on. */
  readonly notices: readonly string[];
}

/** Why no import file can be made: the problem, in the worked sheet or in the original export, at row 1. */
export interface ImportProblem {
  readonly source: 'sheet' | 'original';
  /** The header row's column, when one column is at fault. */
  readonly column?: number;
  readonly message: string;
}

export type ImportPlanResult = ImportPlan | { readonly kind: 'unusable'; readonly problems: readonly ImportProblem[] };

const ERRORS = 'Errors';
const REFERRAL_ID = 'Referral ID';
const STATUS = 'Partner Referral Status';
const SUBSTATUS = 'Partner Referral Substatus';
const CONSENT = 'Consent to share Customer/Partner contact';
const INTENT = 'Marketplace Purchase Intent';
const DATE_COLUMNS = new Set(['Estimated Close Date']);
const AMOUNT_COLUMNS = new Set(['Estimated Deal Value']);

/**
 * Plans the files Partner Center's bulk import takes back from a worked sheet (no I/O: the CLI and the pane
 * write what it returns).
 *
 * - **Columns**: only Partner Center's, of the layout the sheet is in (Feb 2021, Sept 2021 or 2023, detected from
 *   the header row), in the order of the export (the original export's header row when given, else the sheet's,
 *   which the product never reorders), `Errors` first and empty. The columns the product adds and unknown
 *   columns are left out.
 * - **Cells**: as the sheet holds them (amounts and dates written as text stay exactly as they are); a date cell,
 *   or a date serial number in `Estimated Close Date`, is written M/D/YYYY as Partner Center's sample writes it
 *   (`1/30/2020`); a spreadsheet TRUE/FALSE is written Yes/No.
 * - **Held back**, listed with every reason: a row invalid by the active rules; `Consent to share
 *   Customer/Partner contact` No; a deal that was already Closed being edited (Partner Center takes no edit to a
 *   terminal deal); in the 2023 layout a new deal (no Referral ID) without `Marketplace Purchase Intent`, or any
 *   row whose intent is not Yes, No or Have not decided; a Referral ID on two rows; and a cell that starts like a
 *   formula (`=`, `+`, `-`, `@`, a tab or CR) unless it is a number or a phone number (a sign, then only digits,
 *   spaces and `( ) . , / -`): a spreadsheet opening the file would run it, while Partner Center would store the
 *   text, so neither writing it nor prefixing it (which would change the data) is right.
 * - **Files**: at most `rowsPerFile` (1,000) rows each, in sheet order.
 *
 * @example
 * const outcomes = await checkSheet(worked, context);
 * const plan = planImportFiles({ grid: worked, outcomes, selection: { kind: 'changed', original: exported } });
 * if (plan.kind === 'plan') plan.files.map((rows) => rows.length); // [1000, 1000, 312]
 */
export function planImportFiles(request: ImportRequest): ImportPlanResult {
  const { grid, selection } = request;
  const sheet = detectLayout(grid.headers);
  if (sheet.kind === 'none') return unusable('sheet', sheet.message);
  const sheetColumns = byName(sheet.columns);
  const refuse: ImportProblem[] = [];
  let original: OriginalExport | undefined;
  if (selection.kind === 'changed') {
    const detected = detectLayout(selection.original.headers);
    if (detected.kind === 'none') return unusable('original', detected.message);
    if (detected.layout !== sheet.layout) {
      return unusable('original', `the original export is in the ${LAYOUT_TITLES[detected.layout]} layout (${detected.evidence}) and the sheet in the ${LAYOUT_TITLES[sheet.layout]} layout (${sheet.evidence}): compare the sheet with the export it came from.`);
    }
    const columns = byName(detected.columns);
    if (columns.get(REFERRAL_ID)?.index === undefined) refuse.push({ source: 'original', message: 'it has no Referral ID column, so its deals cannot be matched with the sheet\'s.' });
    original = { grid: selection.original, columns, decimalComma: selection.decimalComma ?? false, rows: new Map() };
  }
  if ((selection.kind === 'changed' || selection.kind === 'all-valid') && sheetColumns.get(REFERRAL_ID)?.index === undefined) {
    refuse.push({ source: 'sheet', message: 'it has no Referral ID column: Partner Center would take every row for a new deal.' });
  }
  if (refuse.length > 0) return { kind: 'unusable', problems: refuse };

  const order = outputColumns(original ? [...original.columns.values()] : sheet.columns);
  const notices = columnNotices(sheet.layout, order, sheet.columns, original);
  const at = (cells: readonly Cell[], column: LayoutColumn | undefined): Cell => (column?.index === undefined ? null : (cells[column.index] ?? null));
  const sheetCell = (cells: readonly Cell[], name: string) => at(cells, sheetColumns.get(name));
  const referralOf = (cells: readonly Cell[]) => cellText(sheetCell(cells, REFERRAL_ID));

  if (original) {
    const byReferral = original.rows;
    original.grid.rows.forEach((cells, i) => {
      const id = foldWord(cellText(at(cells, original!.columns.get(REFERRAL_ID))));
      if (id !== '') byReferral.set(id, [...(byReferral.get(id) ?? []), { row: i + 2, cells }]);
    });
  }
  const outcomeOf = new Map(request.outcomes.map((o) => [o.row, o]));
  const sheetRowsOf = new Map<string, number[]>();
  grid.rows.forEach((cells, i) => {
    const id = foldWord(referralOf(cells));
    if (id !== '' && outcomeOf.get(i + 2)?.isDeal) sheetRowsOf.set(id, [...(sheetRowsOf.get(id) ?? []), i + 2]);
  });

  const written: ImportRow[] = [];
  const heldBack: HeldBackRow[] = [];
  let deals = 0;
  let unchanged = 0;
  let notInOriginal = 0;
  grid.rows.forEach((cells, i) => {
    const row = i + 2;
    const outcome = outcomeOf.get(row);
    if (!outcome) throw new Error(`planImportFiles: no outcome for row ${row}: pass checkSheet's outcomes for this grid.`);
    if (!outcome.isDeal) return;
    deals++;
    const referral = referralOf(cells);
    const id = foldWord(referral);
    const reasons: string[] = [];
    // The deal as the export had it, when the export holds it once.
    let before: readonly Cell[] | undefined;
    let closedBefore: string | undefined;
    if (original) {
      const matches = id === '' ? [] : (original.rows.get(id) ?? []);
      if (matches.length > 1) reasons.push(`the original export holds Referral ID ${referral} on rows ${matches.map((m) => m.row).join(', ')}, so this row cannot be compared`);
      else if (matches.length === 1) {
        before = matches[0].cells;
        if (!differs(cells, before, order, sheetColumns, original, request.decimalComma ?? false)) {
          unchanged++;
          return;
        }
        closedBefore = closedState(at(before, original.columns.get(STATUS)), at(before, original.columns.get(SUBSTATUS)), 'in the original export');
      } else if (id !== '') notInOriginal++;
    } else if (selection.kind === 'rows') {
      if (!selection.rows.has(row)) return;
      if (selection.closedBefore.has(row)) closedBefore = `the deal was already Closed before the logged actions: Partner Center takes no edits to a closed deal`;
    }
    if (before === undefined && selection.kind !== 'rows') {
      // All valid rows, or a row the original does not hold: its earlier state is unknown, so a closed deal is taken as closed before.
      const now = closedState(sheetCell(cells, STATUS), sheetCell(cells, SUBSTATUS), 'now');
      if (now !== undefined && (selection.kind === 'all-valid' || id !== '')) closedBefore = `${now} (a deal closed since the export goes when the sheet is compared with the original export)`;
    }

    const sameReferral = id === '' ? [] : (sheetRowsOf.get(id) ?? []);
    if (sameReferral.length > 1) reasons.push(`Referral ID ${referral} is on rows ${sameReferral.join(', ')} of the sheet: keep one row per deal`);
    if (!outcome.valid) reasons.push(`invalid: ${outcome.errors}`);
    if (parseYesNo(sheetCell(cells, CONSENT)) === false) reasons.push(`${CONSENT} is No: Partner Center refuses the row`);
    if (closedBefore !== undefined) reasons.push(closedBefore);
    if (sheet.layout === '2023') reasons.push(...intentProblems(sheetCell(cells, INTENT), id === ''));

    const importCells = order.map((column) => {
      if (column.name === ERRORS) return '';
      const inSheet = sheetColumns.get(column.name);
      if (inSheet?.index !== undefined) return importText(cells[inSheet.index] ?? null, column.name);
      return before && original ? importText(at(before, original.columns.get(column.name)), column.name) : '';
    });
    importCells.forEach((text, c) => {
      if (formulaLike(text)) reasons.push(`${order[c].header} starts with ${JSON.stringify(text.charAt(0))}: a spreadsheet opening the import file would run it as a formula, while Partner Center would store the text; start the cell with another character`);
    });

    if (reasons.length > 0) heldBack.push({ row, dealName: cellText(sheetCell(cells, 'Deal Name')), reasons });
    else written.push({ row, cells: importCells });
  });

  if (notInOriginal > 0) notices.push(`${count(notInOriginal, 'deal')} of the sheet ${notInOriginal === 1 ? 'has a Referral ID' : 'have Referral IDs'} the original export does not hold: written as changed.`);
  const size = request.rowsPerFile ?? IMPORT_ROWS_PER_FILE;
  const files: ImportRow[][] = [];
  for (let start = 0; start < written.length; start += size) files.push(written.slice(start, start + size));
  return {
    kind: 'plan',
    layout: sheet.layout,
    evidence: sheet.evidence,
    headers: order.map((c) => c.header),
    files,
    heldBack,
    counts: { deals, selected: written.length + heldBack.length, unchanged, written: written.length },
    notices,
  };
}

/**
 * Would a spreadsheet opening a CSV take this text for a formula? Text starting with `=`, `+`, `-`, `@`, a tab or
 * a CR does, except a number or phone number: a sign followed only by digits, spaces and `( ) . , / -`
 * (`+49 89 1234567`, `-5`), which names nothing a spreadsheet could call.
 *
 * @example
 * formulaLike('=HYPERLINK("http://x")'); // true
 * formulaLike('- follow up with the CFO'); // true
 * formulaLike('+1 (425) 555-0100');       // false
 */
export function formulaLike(text: string): boolean {
  if (!/^[=+\-@\t\r]/.test(text)) return false;
  return !/^[+-][\d ().,/-]*\d[\d ().,/-]*$/.test(text);
}

/**
 * A cell as the import file writes it: text exactly as it is; a date cell (or a date serial in
 * `Estimated Close Date`) as M/D/YYYY; a number as JavaScript writes it; TRUE/FALSE as Yes/No.
 *
 * @example
 * importText(new Date(Date.UTC(2020, 0, 30)), 'Estimated Close Date'); // '1/30/2020'
 * importText(43860, 'Estimated Close Date'); // '1/30/2020'
 * importText('1,250,000', 'Estimated Deal Value'); // '1,250,000'
 */
export function importText(cell: Cell, column: string): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : formatUsDate(cell);
  if (typeof cell === 'boolean') return cell ? 'Yes' : 'No';
  if (typeof cell === 'number' && DATE_COLUMNS.has(column)) {
    const date = cell >= 1 ? dateFromSerial(Math.floor(cell)) : undefined;
    return date ? formatUsDate(date) : String(cell);
  }
  return String(cell);
}

interface OriginalExport {
  readonly grid: SheetGrid;
  readonly columns: ReadonlyMap<string, LayoutColumn>;
  readonly decimalComma: boolean;
  /** The export's rows by folded Referral ID (more than one when the export repeats an ID). */
  readonly rows: Map<string, { row: number; cells: readonly Cell[] }[]>;
}

function unusable(source: ImportProblem['source'], message: string): ImportPlanResult {
  return { kind: 'unusable', problems: [{ source, message }] };
}

function byName(columns: readonly LayoutColumn[]): Map<string, LayoutColumn> {
  return new Map(columns.map((c) => [c.name, c]));
}

/** The order of the files' columns: `Errors` first, then the source's layout columns in its order. */
function outputColumns(source: readonly LayoutColumn[]): LayoutColumn[] {
  const present = source.filter((c) => c.index !== undefined && c.name !== ERRORS).sort((a, b) => a.index! - b.index!);
  const errors = source.find((c) => c.name === ERRORS)!;
  return [{ ...errors, header: ERRORS }, ...present];
}

function columnNotices(layout: PartnerCenterLayout, order: readonly LayoutColumn[], sheet: readonly LayoutColumn[], original: OriginalExport | undefined): string[] {
  const notices: string[] = [];
  const written = new Set(order.map((c) => c.name));
  const absent = sheet.filter((c) => !written.has(c.name)).map((c) => c.name);
  if (absent.length > 0) {
    const whose = original ? 'the original export lacks' : 'the sheet lacks';
    notices.push(`${whose} ${count(absent, `of the ${LAYOUT_TITLES[layout]} layout's columns`)} (${listed(absent)}): the import files leave ${absent.length === 1 ? 'it' : 'them'} out.`);
  }
  if (original) {
    const inSheet = new Set(sheet.filter((c) => c.index !== undefined).map((c) => c.name));
    const fromOriginal = order.filter((c) => c.name !== ERRORS && !inSheet.has(c.name)).map((c) => c.name);
    if (fromOriginal.length > 0) notices.push(`the sheet lacks ${listed(fromOriginal)}: the import files take ${fromOriginal.length === 1 ? 'its cells' : 'their cells'} from the original export (empty for new deals).`);
  }
  return notices;
}

/** Does any Partner Center column of the worked row differ from the export's row? */
function differs(cells: readonly Cell[], before: readonly Cell[], order: readonly LayoutColumn[], sheet: ReadonlyMap<string, LayoutColumn>, original: OriginalExport, decimalComma: boolean): boolean {
  return order.some(({ name }) => {
    const now = sheet.get(name)?.index;
    const then = original.columns.get(name)?.index;
    if (name === ERRORS || now === undefined || then === undefined) return false;
    return comparable(cells[now] ?? null, name, decimalComma) !== comparable(before[then] ?? null, name, original.decimalComma);
  });
}

/** A cell's value for comparison: dates as ISO dates, amounts as numbers, other text trimmed with line endings folded. */
function comparable(cell: Cell, column: string, decimalComma: boolean): string {
  if (DATE_COLUMNS.has(column)) {
    const iso = parseUsDate(cell);
    if (iso !== undefined) return iso;
  }
  if (AMOUNT_COLUMNS.has(column)) {
    const amount = parseNumber(cell, { decimalComma });
    if (amount !== undefined) return String(amount);
  }
  return importText(cell, column).trim().replace(/\r\n?/g, '\n');
}

/** `the deal was already Closed/Won in the original export: …`, or undefined for a deal that is not closed. */
function closedState(status: Cell, substatus: Cell, when: string): string | undefined {
  if (foldWord(cellText(status)) !== 'closed') return undefined;
  const pair = cellText(substatus) === '' ? cellText(status) : `${cellText(status)}/${cellText(substatus)}`;
  const was = when === 'now' ? `the deal is ${pair}` : `the deal was already ${pair} ${when}`;
  return `${was}: Partner Center takes no edits to a closed deal`;
}

function intentProblems(cell: Cell, newDeal: boolean): string[] {
  const text = cellText(cell);
  if (text === '') return newDeal ? [`a new deal needs ${INTENT} (${MARKETPLACE_PURCHASE_INTENTS.join(', ')}) to be created`] : [];
  return canonical(MARKETPLACE_PURCHASE_INTENTS, text) === undefined ? [`${INTENT} must be ${MARKETPLACE_PURCHASE_INTENTS.join(', ')}, not ${JSON.stringify(text)}`] : [];
}

function count(n: number | readonly unknown[], what: string): string {
  const value = typeof n === 'number' ? n : n.length;
  return `${groupDigits(value)} ${what}${typeof n === 'number' && value !== 1 ? 's' : ''}`;
}

/** At most eight names, then how many more. */
function listed(names: readonly string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`;
}

/** Where a header-row problem is: `row 1` or `row 1, column C`. */
export function importProblemPlace(problem: ImportProblem): string {
  return problem.column === undefined ? 'row 1' : `row 1, column ${columnLetter(problem.column)}`;
}
