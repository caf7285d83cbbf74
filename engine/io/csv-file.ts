import { type Cell, type SheetGrid, columnLetter } from '../sheet/cell';
import { type CsvDelimiter, detectDelimiter } from './csv/csv-delimiter';
import { type CsvLineEnding, type CsvSyntaxProblem, type SourceRecord, readCsvRecords } from './csv/csv-records';
import { cellString, csvRecordText } from './csv/csv-record-text';
import { InputError } from './input-error';

export { type CsvDelimiter } from './csv/csv-delimiter';
export { type CsvLineEnding } from './csv/csv-records';

/** How a CSV file is written: the details a new file is made with, or that a file read is written back with. */
export interface CsvStyle {
  readonly delimiter: CsvDelimiter;
  readonly bom: boolean;
  /** The ending of a record the file did not have; a record read keeps its own. */
  readonly lineEnding: CsvLineEnding;
  readonly finalNewline: boolean;
}

/** A CSV file as read: its grid, its style, and each record as the file held it. */
export interface CsvDocument extends CsvStyle {
  readonly grid: SheetGrid;
  /** Record 0 is the header line. A record written back with the cells it was read with is copied verbatim. */
  readonly source: readonly SourceRecord[];
  /** Excel's `sep=;` line before the header line, with its line ending, written back as it was; '' when none. */
  readonly sepLine: string;
}

/**
 * Reads CSV text strictly by RFC 4180 (quotes, embedded delimiters and line breaks; UTF-8 with or without BOM).
 * The delimiter is whichever of `,` `;` TAB `|` the header line uses most outside quotes, or the one a first line
 * `sep=;` names (as Excel writes and reads it; that line is kept). Records may end in
 * CRLF, LF or CR, even mixed in one file: a line ending is never part of a cell. `lineEnding` is the most
 * frequent one (CRLF on a tie or when there is none). A malformed quote anywhere (one that never closes, one
 * inside an unquoted cell, text after a closing quote) is an `InputError` naming the file, line, row and column.
 *
 * @example
 * parseCsv('Deal Name;Estimated Deal Value\r\nX;12563,50\r\n', 'deals.csv').delimiter; // ';'
 * parseCsv('A,B\nx,y\r\n', 'mixed.csv').grid.rows[0]; // ['x', 'y']
 */
export function parseCsv(text: string, file: string): CsvDocument {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  // Excel writes and honours a first line `sep=;` naming the delimiter; the header line follows it.
  const sepLine = /^sep=([,;\t|])(\r\n|\n|\r)/.exec(body)?.[0] ?? '';
  const table = body.slice(sepLine.length);
  if (table === '') throw new InputError(`${file}: the file is empty; row 1 must hold the headers.`);
  const delimiter = sepLine ? (sepLine[4] as CsvDelimiter) : detectDelimiter(table);
  const result = readCsvRecords(table, delimiter);
  if (result.kind === 'malformed') {
    const shift = sepLine ? 1 : 0;
    const { problem } = result;
    throw new InputError(`${file}: ${describeCsvProblem({ ...problem, line: problem.line + shift, openedOnLine: problem.openedOnLine + shift })}`);
  }
  const { records } = result;
  const last = records[records.length - 1];
  return {
    grid: { headers: records[0].cells, rows: records.slice(1).map((r) => r.cells) },
    delimiter,
    bom,
    lineEnding: dominantEnding(records),
    finalNewline: last.ending !== '',
    source: records,
    sepLine,
  };
}

/**
 * Writes a grid as CSV in `style`: its delimiter and BOM, and every cell quoted where RFC 4180 needs it (see
 * `csvRecordText`). Given the document a grid was read from, a record whose cells are those it was read with is
 * copied as the file had it, and every record keeps its own line ending, so an untouched file comes back byte
 * for byte; other records are written afresh.
 *
 * @example
 * const document = parseCsv(text, 'deals.csv');
 * formatCsv(document, document.grid) === text; // true
 * formatCsv({ delimiter: ',', bom: true, lineEnding: '\r\n', finalNewline: true }, { headers: ['A'], rows: [['x\ny']] }); // '\uFEFFA\r\n"x\ny"\r\n'
 */
export function formatCsv(style: CsvStyle | CsvDocument, grid: SheetGrid): string {
  const source = 'source' in style ? style.source : [];
  const records = [grid.headers, ...grid.rows];
  const parts: string[] = style.bom ? ['\uFEFF'] : [];
  if ('sepLine' in style) parts.push(style.sepLine);
  records.forEach((cells, i) => {
    const original = source[i] as SourceRecord | undefined;
    const copied = original !== undefined && sameCells(original.cells, cells);
    const isLast = i === records.length - 1;
    const ending = original !== undefined && original.ending !== '' ? original.ending : style.lineEnding;
    let text = copied ? original.text : csvRecordText(cells, style.delimiter, i === 0);
    // A last record with no line ending after it must not be an empty line, or it would read as no record.
    if (isLast && !style.finalNewline && text === '') text = '""';
    parts.push(text);
    if (!isLast || style.finalNewline) parts.push(ending);
  });
  return parts.join('');
}

function sameCells(read: readonly string[], written: readonly Cell[]): boolean {
  return read.length === written.length && read.every((text, i) => text === cellString(written[i]));
}

function dominantEnding(records: readonly SourceRecord[]): CsvLineEnding {
  const counts: Record<CsvLineEnding, number> = { '\r\n': 0, '\n': 0, '\r': 0 };
  for (const { ending } of records) if (ending !== '') counts[ending]++;
  return (['\n', '\r'] as const).reduce<CsvLineEnding>((best, e) => (counts[e] > counts[best] ? e : best), '\r\n');
}

/** The problem in words, located: `line 4: not readable as CSV: the cell at row 3, column B "Notes" …`. */
export function describeCsvProblem(problem: CsvSyntaxProblem): string {
  const header = problem.headers?.[problem.cell];
  const cell = `the cell at row ${problem.record}, column ${columnLetter(problem.cell)}${header ? ` ${JSON.stringify(header.trim())}` : ''}`;
  const where = `line ${problem.line}: not readable as CSV: ${cell}`;
  switch (problem.kind) {
    case 'unclosed-quote':
      return `${where} starts with a quote (") that is never closed.`;
    case 'quote-in-unquoted-cell':
      return `${where} holds a quote (") but does not start with one. A cell holding quotes must be enclosed in quotes, each inner quote doubled: "ab""c" for ab"c.`;
    case 'text-after-closing-quote': {
      const opened = problem.openedOnLine === problem.line ? '' : ` (the cell opens with a quote on line ${problem.openedOnLine})`;
      return `${where} has text after its closing quote${opened}: either a quote is never closed, or a quote inside the cell is not doubled ("").`;
    }
  }
}

/** A CSV file that is not UTF-8: how to save it from Excel so that it is. */
export function notUtf8(file: string): InputError {
  return new InputError(`${file}: not UTF-8 text. Save the CSV from Excel as "CSV UTF-8 (Comma delimited)".`);
}
