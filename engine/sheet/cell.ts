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
