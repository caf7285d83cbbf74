import * as fs from 'node:fs';
import { type CsvDelimiter, detectDelimiter } from './csv-delimiter';
import { type CsvPosition, type CsvSyntaxProblem, type SourceRecord, readCsvRecords } from './csv-records';

/** The first piece of a CSV file read in pieces: how the file is written, and its header record. */
export interface CsvHead {
  readonly delimiter: CsvDelimiter;
  readonly bom: boolean;
  /** Excel's `sep=;` line with its line ending, or ''. */
  readonly sepLine: string;
  readonly header: SourceRecord;
}

/** What can go wrong reading a CSV file in pieces; the caller words it (with the file's name). */
export type CsvChunkProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'not-utf8' }
  | { readonly kind: 'syntax'; readonly problem: CsvSyntaxProblem; readonly sepLine: boolean };

export class CsvChunkError extends Error {
  constructor(readonly problem: CsvChunkProblem) {
    super(problem.kind);
  }
}

/**
 * Characters gathered before a piece is cut at its last record boundary (and bytes read at a time): 64 K, about
 * 150 records of a Partner Center export. A piece's records are alive until they are judged and written: smaller
 * pieces keep fewer of them in the young generation each time it is collected (at a megabyte, a 100,000-row check
 * used a fifth more processor time and 45 MB more memory).
 */
const PIECE_CHARS = 1 << 16;

/**
 * Reads a CSV file in pieces of whole records (about 64 K characters each), so that a file of any size is read in
 * bounded memory: first its head (delimiter, BOM, `sep=` line, header record), then its data records, each as
 * `readCsvRecords` would give it for the whole file (text, cells, line ending), in order. A piece ends only at a
 * line ending outside quotes, so a cell holding line breaks is never split. Problems (not UTF-8, empty, malformed
 * quotes, with the same line and record as a whole-file read) are thrown as `CsvChunkError`.
 *
 * @example
 * const pieces = csvChunks('deals.csv');
 * const { value: head } = await pieces.next(); // { delimiter: ',', header: { cells: ['Deal Name', …] }, … }
 * for await (const records of pieces) …;       // SourceRecord[] of about 64 K characters each
 */
export async function* csvChunks(file: string, sizes: { readonly pieceChars?: number; readonly readBytes?: number } = {}): AsyncGenerator<CsvHead | SourceRecord[], void, undefined> {
  const pieceChars = sizes.pieceChars ?? PIECE_CHARS;
  const stream = fs.createReadStream(file, { highWaterMark: sizes.readBytes ?? PIECE_CHARS });
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let buffer = '';
  let scanned = 0; // characters of `buffer` scanned for record ends
  let quoted = false; // inside quotes at `scanned`
  let cut = 0; // just after the last record end found in `buffer`
  let head: (Omit<CsvHead, 'header'> & { position: CsvPosition }) | undefined;
  let started = false;

  const decode = (bytes?: Buffer): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new CsvChunkError({ kind: 'not-utf8' });
    }
  };
  /** Finds the last record end outside quotes (a CR at the very end waits: an LF may follow). */
  const scan = () => {
    const found = scanRecordEnds(buffer, { scanned, quoted, cut });
    scanned = found.scanned;
    quoted = found.quoted;
    cut = found.cut;
  };
  /** Parses `text` (whole records) from the current position. */
  const parse = (text: string): SourceRecord[] => {
    const position = head!.position;
    const result = readCsvRecords(text, head!.delimiter, position);
    if (result.kind === 'malformed') throw new CsvChunkError({ kind: 'syntax', problem: result.problem, sepLine: head!.sepLine !== '' });
    head!.position = { line: result.nextLine, records: position.records + result.records.length, headers: position.headers ?? result.records[0].cells };
    return [...result.records];
  };
  /** The head, once the header record is complete (or the file ended). */
  const readHead = (ended: boolean): CsvHead | undefined => {
    const bom = buffer.startsWith('\uFEFF');
    const body = bom ? buffer.slice(1) : buffer;
    const sepLine = /^sep=([,;\t|])(\r\n|\n|\r)/.exec(body)?.[0] ?? '';
    if (!ended && sepLine === '' && /^sep=[,;\t|]\r?$/.test(body)) return undefined; // its line ending is still to come
    const skip = (bom ? 1 : 0) + sepLine.length;
    if (!ended && (cut <= skip || (cut === buffer.length && buffer.endsWith('\r')))) return undefined;
    const table = buffer.slice(skip);
    if (table === '') throw new CsvChunkError({ kind: 'empty' });
    const delimiter = sepLine ? (sepLine[4] as CsvDelimiter) : detectDelimiter(table);
    head = { delimiter, bom, sepLine, position: { line: 1, records: 0, headers: null } };
    // The header record: up to the first record end after the skipped part (or the whole rest).
    const headerText = firstRecordText(buffer, skip, ended);
    if (headerText === undefined) return undefined;
    const [header] = parse(headerText);
    buffer = buffer.slice(skip + headerText.length);
    scanned = Math.max(0, scanned - skip - headerText.length);
    cut = Math.max(0, cut - skip - headerText.length);
    return { delimiter, bom, sepLine, header };
  };

  for await (const bytes of stream as AsyncIterable<Buffer>) {
    buffer += decode(bytes);
    scan();
    if (!started) {
      const first = readHead(false);
      if (!first) continue;
      started = true;
      yield first;
    }
    if (buffer.length >= pieceChars && cut > 0) {
      const text = buffer.slice(0, cut);
      buffer = buffer.slice(cut);
      scanned -= cut;
      cut = 0;
      yield parse(text);
    }
  }
  buffer += decode();
  scan();
  if (!started) {
    const first = readHead(true);
    if (!first) throw new CsvChunkError({ kind: 'empty' });
    yield first;
  }
  if (buffer !== '') yield parse(buffer);
}

/** How far `scanRecordEnds` has read: where it stopped, whether that is inside quotes, and just after the last record end. */
export interface ScanState {
  readonly scanned: number;
  readonly quoted: boolean;
  readonly cut: number;
}

/**
 * Reads on from `state.scanned` to the end of `text`, finding the last record end outside quotes (LF, CRLF or a
 * bare CR); a CR that is the last character waits, unread, since an LF may follow it in the next piece. Quotes
 * toggle the state (a doubled quote toggles twice). Jumps from quote to quote and line end to line end with
 * `indexOf` (each character is passed over once), which is what reading a large file mostly is.
 *
 * @example
 * scanRecordEnds('a,"b\nc"\nd,e\r', { scanned: 0, quoted: false, cut: 0 }); // { scanned: 11, quoted: false, cut: 8 }
 */
export function scanRecordEnds(text: string, state: ScanState): ScanState {
  let { quoted, cut } = state;
  let at = state.scanned;
  const end = text.length;
  let lf = text.indexOf('\n', at);
  let cr = text.indexOf('\r', at);
  while (at < end) {
    const quote = text.indexOf('"', at);
    const stop = quote < 0 ? end : quote;
    if (!quoted) {
      for (; lf >= 0 && lf < stop; lf = text.indexOf('\n', lf + 1)) cut = Math.max(cut, lf + 1);
      for (; cr >= 0 && cr < stop; cr = text.indexOf('\r', cr + 1)) {
        if (cr + 1 === end) return { scanned: cr, quoted, cut };
        if (text.charCodeAt(cr + 1) !== 10) cut = Math.max(cut, cr + 1);
      }
    }
    if (quote < 0) break;
    quoted = !quoted;
    at = quote + 1;
    if (lf >= 0 && lf < at) lf = text.indexOf('\n', at);
    if (cr >= 0 && cr < at) cr = text.indexOf('\r', at);
  }
  return { scanned: end, quoted, cut };
}

/** The text of the record starting at `from`: up to and with its line ending outside quotes, or to the end. */
function firstRecordText(buffer: string, from: number, ended: boolean): string | undefined {
  let quoted = false;
  for (let i = from; i < buffer.length; i++) {
    const code = buffer.charCodeAt(i);
    if (code === 34) quoted = !quoted;
    else if (!quoted && code === 10) return buffer.slice(from, i + 1);
    else if (!quoted && code === 13) {
      if (i + 1 === buffer.length) return ended ? buffer.slice(from) : undefined;
      return buffer.slice(from, buffer.charCodeAt(i + 1) === 10 ? i + 2 : i + 1);
    }
  }
  return ended ? buffer.slice(from) : undefined;
}
