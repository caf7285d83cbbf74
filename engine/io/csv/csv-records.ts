import { type CsvDelimiter } from './csv-delimiter';

/** A line ending as it appears in the file: CRLF (Windows, RFC 4180), LF (Unix) or a bare CR (old Mac). */
export type CsvLineEnding = '\r\n' | '\n' | '\r';

/** One record exactly as the file holds it: its text (without the line ending), its cells and its ending. */
export interface SourceRecord {
  /** The record's characters in the file, quotes and all, without the line ending. */
  readonly text: string;
  /** The cell values the text encodes. */
  readonly cells: readonly string[];
  /** The line ending after the record; '' for a last record without one. */
  readonly ending: CsvLineEnding | '';
}

/** Why the text is not CSV, and where: lines and records count from 1, cells from 0. */
export interface CsvSyntaxProblem {
  readonly kind: 'unclosed-quote' | 'quote-in-unquoted-cell' | 'text-after-closing-quote';
  /** The line where the problem shows. */
  readonly line: number;
  /** The line where the quoted cell involved opens (equals `line` when the cell is not quoted). */
  readonly openedOnLine: number;
  /** The record (the spreadsheet row number) and the cell within it. */
  readonly record: number;
  readonly cell: number;
  /** The first record's cells, when the problem lies after it (to name the column). */
  readonly headers: readonly string[] | null;
}

export type CsvRecordsResult =
  | { readonly kind: 'records'; readonly records: readonly SourceRecord[]; /** The line after the last record. */ readonly nextLine: number }
  | { readonly kind: 'malformed'; readonly problem: CsvSyntaxProblem };

/**
 * Where a piece of a file starts, for a file read in pieces (see `csv-chunks.ts`): the line it starts on, the
 * records before it, and the header record once it has been read (problems name their column by it).
 */
export interface CsvPosition {
  readonly line: number;
  readonly records: number;
  readonly headers: readonly string[] | null;
}

const START: CsvPosition = { line: 1, records: 0, headers: null };

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/**
 * Splits CSV text into records, strictly by RFC 4180: a cell holding the delimiter, a quote, CR or LF must be
 * enclosed in quotes, and a quote inside it doubled. Outside quotes, CRLF, LF and a bare CR each end a record
 * (files edited by several tools mix them); inside quotes they are cell text. A quote inside an unquoted cell,
 * text after a closing quote, and a quote that never closes are problems, never guessed at. A text ending with a
 * line ending has no empty record after it.
 *
 * @example
 * readCsvRecords('a,"b ""c"""\r\nd\n', ','); // records: ['a', 'b "c"'] ending '\r\n', ['d'] ending '\n'
 * readCsvRecords('a,b"c\n', ',').kind;      // 'malformed' (quote-in-unquoted-cell, line 1, cell 1)
 */
export function readCsvRecords(text: string, delimiter: CsvDelimiter, from: CsvPosition = START): CsvRecordsResult {
  const separator = delimiter.charCodeAt(0);
  const records: SourceRecord[] = [];
  const length = text.length;
  let at = 0;
  let line = from.line;
  for (;;) {
    const recordStart = at;
    const cells: string[] = [];
    const where = (kind: CsvSyntaxProblem['kind'], problemLine: number, openedOnLine: number): CsvRecordsResult => ({
      kind: 'malformed',
      problem: { kind, line: problemLine, openedOnLine, record: from.records + records.length + 1, cell: cells.length, headers: from.headers ?? (records.length > 0 ? records[0].cells : null) },
    });
    for (;;) {
      if (text.charCodeAt(at) === QUOTE) {
        const openedOnLine = line;
        let value = '';
        let from = at + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) return where('unclosed-quote', openedOnLine, openedOnLine);
          const chunk = text.slice(from, close);
          line += lineBreaks(chunk);
          value += chunk;
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
          } else {
            at = close + 1;
            break;
          }
        }
        const next = text.charCodeAt(at);
        if (at < length && next !== separator && next !== CR && next !== LF) return where('text-after-closing-quote', line, openedOnLine);
        cells.push(value);
      } else {
        let end = at;
        for (; end < length; end++) {
          const code = text.charCodeAt(end);
          if (code === separator || code === CR || code === LF) break;
          if (code === QUOTE) return where('quote-in-unquoted-cell', line, line);
        }
        cells.push(text.slice(at, end));
        at = end;
      }
      if (at < length && text.charCodeAt(at) === separator) at++;
      else break;
    }
    const body = text.slice(recordStart, at);
    let ending: SourceRecord['ending'] = '';
    if (text.charCodeAt(at) === CR) ending = text.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
    else if (text.charCodeAt(at) === LF) ending = '\n';
    at += ending.length;
    if (ending !== '') line++;
    records.push({ text: body, cells, ending });
    if (at >= length) return { kind: 'records', records, nextLine: line };
  }
}

/** Line breaks in a stretch of text: CRLF, LF and bare CR count one each. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}
