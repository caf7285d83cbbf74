import { type Cell, formatUsDate } from '../../sheet/cell';
import { type CsvDelimiter } from './csv-delimiter';

/**
 * One record as CSV text (without its line ending), quoting as RFC 4180 requires and a little more: a cell is
 * enclosed in quotes (inner quotes doubled) when it holds the delimiter, a quote, a CR or LF (bare or paired), or
 * a byte order mark, or when it starts or ends with a space (some readers trim those); other cells are written
 * bare, as Excel writes them. In the header line (`header: true`) a cell holding any of `,` `;` TAB `|` is quoted
 * too, since the reader picks the delimiter from that line. A record of one empty cell is written `""`, so that
 * no reader takes it for a blank line it may skip. Quoting never changes a cell's text; formula-like text is the
 * sheet writer's business (`safeCellText`), since quotes do not stop a spreadsheet from running it.
 *
 * @example
 * csvRecordText(['Contoso, Ltd', 'two\nlines', 'plain'], ',', false); // '"Contoso, Ltd","two\nlines",plain'
 * csvRecordText(['12563,50', 'x'], ';', false);                        // '12563,50;x'
 * csvRecordText(['A;B', 'C'], ',', true);                              // '"A;B",C'
 * csvRecordText([''], ',', false);                                     // '""'
 */
export function csvRecordText(cells: readonly Cell[], delimiter: CsvDelimiter, header: boolean): string {
  if (cells.length <= 1 && cellString(cells[0] ?? '') === '') return '""';
  const mustQuote = header ? QUOTED_IN_HEADER : QUOTED_BY_DELIMITER[delimiter];
  let text = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cellString(cells[i]);
    const quote = mustQuote.test(cell) || (cell.length > 0 && (cell.charCodeAt(0) === SPACE || cell.charCodeAt(cell.length - 1) === SPACE));
    if (i > 0) text += delimiter;
    text += quote ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
  return text;
}

const SPACE = 32;
/** The characters that make a cell quoted, by delimiter (a space at either end is checked apart, without a scan). */
const QUOTED_BY_DELIMITER: Readonly<Record<CsvDelimiter, RegExp>> = {
  ',': /["\r\n\uFEFF,]/,
  ';': /["\r\n\uFEFF;]/,
  '\t': /["\r\n\uFEFF\t]/,
  '|': /["\r\n\uFEFF|]/,
};
/** In the header line, any delimiter: the reader picks the delimiter from that line. */
const QUOTED_IN_HEADER = /["\r\n\uFEFF,;\t|]/;

/** A cell's value as text: CSV files hold text only. Dates print as M/D/YYYY (Partner Center's form). */
export function cellString(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return formatUsDate(cell);
  return String(cell);
}
