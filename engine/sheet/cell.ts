/**
 * A cell as the adapters hand it to the core: CSV gives strings, .xlsx and Excel also numbers, booleans and dates.
 * Empty cells are `null` or `''`.
 */
export type Cell = string | number | boolean | Date | null;

/** A sheet as a grid: the header row, then one array of cells per deal. Rows may be shorter than the header. */
export interface SheetGrid {
  readonly headers: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
}

/** The cell's text as a user reads it, trimmed. Dates print as M/D/YYYY (Partner Center's form). */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return formatUsDate(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell).trim();
}

/** M/D/YYYY from a Date's UTC fields (spreadsheet libraries put calendar dates at UTC midnight). */
export function formatUsDate(date: Date): string {
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * Makes text safe to write into a cell: spreadsheet programs run cell text starting with `=`, `+`, `-` or `@`
 * (and tab or carriage return) as a formula. Such text gets a leading apostrophe, which Excel shows as text.
 */
export function safeCellText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The value to hand Excel (`Range.values`) so that the cell then holds exactly `value`: the add-in's one way to
 * write a cell. Text goes through {@link safeCellText}, so nothing formula-like is written; text that Excel
 * would otherwise read as something else (a leading apostrophe, which Excel takes as its text prefix; a number,
 * percentage, date, time, boolean or error value) gets the same leading apostrophe, which Excel hides and keeps
 * as the text prefix, so a value read as text is written back as that text. Numbers and booleans pass as they are.
 *
 * @example
 * excelCellInput('=HYPERLINK("x")'); // "'=HYPERLINK(\"x\")": text, not a formula
 * excelCellInput('-5');              // "'-5": the text -5, not the number
 * excelCellInput(-5);                // -5
 * excelCellInput('Accepted');        // 'Accepted'
 */
export function excelCellInput(value: string | number | boolean): string | number | boolean {
  if (typeof value !== 'string') return value;
  const safe = safeCellText(value);
  if (safe !== value) return safe;
  return excelMightConvert(value) ? `'${value}` : value;
}

const MONTH_FIRST = /^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/,]*\d/i;

/**
 * Could Excel read this typed text as something other than text? A conservative superset of Excel's parsing:
 * an apostrophe prefix, anything starting with a digit, a decimal point, a parenthesis or a currency sign,
 * anything ending in `%`, a month name followed by a number (`Jan 5`), `TRUE`/`FALSE` and `#` error values.
 */
function excelMightConvert(text: string): boolean {
  const trimmed = text.trim();
  return (
    text.startsWith("'") ||
    /^[\d.($€£¥]/.test(trimmed) ||
    trimmed.endsWith('%') ||
    MONTH_FIRST.test(trimmed) ||
    /^(true|false)$/i.test(trimmed) ||
    trimmed.startsWith('#')
  );
}
