import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { type Cell } from '../../engine/index';

/**
 * Independent readers that judge the CSV the product writes: other people's parsers, never ours.
 *
 * - `papaRead`: papaparse told the delimiter and line ending, strict in that any error it reports fails the test.
 * - `excelLikeRead`: SheetJS's CSV reader, which (like Excel) ends a record at any CR, LF or CRLF outside
 *   quotes: an unquoted line break inside a cell shows up as a split record here.
 */

export type Records = string[][];

/** Records as a writer meant them: text cells, and a record of no cells read as one empty cell. */
export function expectedRecords(records: readonly (readonly Cell[])[]): Records {
  return records.map((cells) => (cells.length === 0 ? [''] : cells.map((c) => (c === null ? '' : String(c)))));
}

/**
 * Reads CSV text with papaparse. The BOM is split off first (reported as `bom`). papaparse reads a final line
 * ending as the start of one more, empty record; RFC 4180 says it ends the last record, so that empty record is
 * dropped (and checked to be empty).
 *
 * @example
 * papaRead('\uFEFFa,b\r\n', ',', '\r\n'); // { bom: true, errors: [], records: [['a', 'b']] }
 */
export function papaRead(text: string, delimiter: string, newline: '\r\n' | '\n' | '\r'): { bom: boolean; errors: unknown[]; records: Records } {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { delimiter, newline, quoteChar: '"', escapeChar: '"', skipEmptyLines: false });
  const records = result.data;
  const errors: unknown[] = [...result.errors];
  if (body.endsWith(newline) && records.length > 0) {
    const extra = records.pop();
    if (extra?.length !== 1 || extra[0] !== '') errors.push({ code: 'not an empty last record', extra });
  }
  return { bom, errors, records };
}

/**
 * Reads CSV text with SheetJS, as Excel would split it into rows and cells. SheetJS drops empty cells at the end
 * of a row and empty rows at the end of the sheet, and changes CRs inside a quoted cell (CRLF becomes LF), so
 * compare with `trimmedRecords`, which does the same to what was written and drops every CR inside a cell: this
 * judge is about where rows and cells end, papaparse about every character.
 *
 * @example
 * excelLikeRead('a,b\r\nx,one\ntwo\r\n', ','); // [['a', 'b'], ['x', 'one'], ['two']]: the bare LF split the row
 */
export function excelLikeRead(text: string, delimiter: string): Records {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const book = XLSX.read(body, { type: 'string', raw: true, FS: delimiter, dense: true, cellDates: false });
  const sheet = book.Sheets[book.SheetNames[0]];
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: true });
  return trimmedRecords(rows.map((row) => row.map((v) => String(v))));
}

/** Records without empty cells at the end of each and empty records at the end, and without CRs inside cells. */
export function trimmedRecords(records: Records): Records {
  const trimmed = records.map((cells) => {
    const copy = cells.map((cell) => cell.replace(/\r/g, ''));
    while (copy.length > 0 && copy[copy.length - 1] === '') copy.pop();
    return copy;
  });
  while (trimmed.length > 0 && trimmed[trimmed.length - 1].length === 0) trimmed.pop();
  return trimmed;
}

/** Cells a spreadsheet would run as a formula (text starting with = + - @, TAB or CR). */
export function formulaCells(records: Records): string[] {
  return records.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
}
