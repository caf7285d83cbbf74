/** The delimiters a deal sheet's CSV may use: comma, semicolon (Excel in decimal-comma locales), tab and pipe. */
export type CsvDelimiter = ',' | ';' | '\t' | '|';

/** In order of preference when the header line uses two of them equally often. */
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

/**
 * The delimiter the header line (the text up to the first line break outside quotes) uses most often outside
 * quotes; a comma when it uses none (a one-column sheet).
 *
 * @example
 * detectDelimiter('"A, B, C";D;E\n1;2;3\n'); // ';'
 * detectDelimiter('Deal Name\tCustomer Name\r\n'); // '\t'
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') break;
    else if (isDelimiter(ch)) counts[ch]++;
  }
  return CSV_DELIMITERS.reduce((best, d) => (counts[d] > counts[best] ? d : best));
}

function isDelimiter(ch: string): ch is CsvDelimiter {
  return (CSV_DELIMITERS as readonly string[]).includes(ch);
}
