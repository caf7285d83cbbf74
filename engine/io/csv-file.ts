import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { type SheetGrid } from '../sheet/cell';
import { InputError } from './input-error';

/** A CSV file as read: its grid and the details needed to write it back the way it came. */
export interface CsvDocument {
  readonly grid: SheetGrid;
  readonly delimiter: ',' | ';';
  readonly bom: boolean;
  readonly lineEnding: '\r\n' | '\n';
  readonly finalNewline: boolean;
}

/**
 * Reads CSV text (RFC 4180: quotes, embedded delimiters and newlines; UTF-8 with or without BOM).
 * The delimiter is `,` or, for files from Excel in locales with a decimal comma, `;`: whichever the header line
 * uses more often outside quotes.
 *
 * @example
 * parseCsv('Deal Name;Estimated Deal Value\r\nX;12563,50\r\n', 'deals.csv').delimiter; // ';'
 */
export function parseCsv(text: string, file: string): CsvDocument {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  let records: string[][];
  try {
    records = parse(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (error) {
    const { code, message, lines } = error as { code?: string; message: string; lines?: number };
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new InputError(`${file}: line ${unclosedQuoteLine(body)}: not readable as CSV: a quoted cell starts here and its closing quote (") is missing.`);
    }
    throw new InputError(`${file}${lines ? `: line ${lines}` : ''}: not readable as CSV: ${message.replace(/^[^:]*: /, '')}`);
  }
  if (records.length === 0) throw new InputError(`${file}: the file is empty; row 1 must hold the headers.`);
  const [headers, ...rows] = records;
  return {
    grid: { headers, rows },
    delimiter,
    bom,
    lineEnding: /\r\n/.test(body) ? '\r\n' : '\n',
    finalNewline: /\n$/.test(body),
  };
}

/** Writes a grid as CSV the way `document` was written (delimiter, BOM, line endings). */
export function formatCsv(document: Omit<CsvDocument, 'grid'>, grid: SheetGrid): string {
  const records = [grid.headers, ...grid.rows].map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
  let text = stringify(records, { delimiter: document.delimiter, record_delimiter: document.lineEnding === '\r\n' ? 'windows' : 'unix' });
  if (!document.finalNewline) text = text.slice(0, -document.lineEnding.length);
  return (document.bom ? '\uFEFF' : '') + text;
}

/** The line where the quoted cell that never closes begins. */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let openedAt = 1;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      if (quoted) openedAt = line;
    } else if (ch === '\n') line++;
  }
  return openedAt;
}

function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}
