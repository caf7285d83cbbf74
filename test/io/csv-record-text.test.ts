import fc from 'fast-check';
import Papa from 'papaparse';
import { CSV_DELIMITERS, type CsvDelimiter } from '../../engine/io/csv/csv-delimiter';
import { csvRecordText } from '../../engine/io/csv/csv-record-text';

/** Text with every character that matters to quoting, and some that do not. */
const cellText = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ',', ';', '\t', '|', '"', '\r', '\n', '\uFEFF', 'é', '=', "'"), maxLength: 8 });

/** When a cell must be quoted, as the function's documentation says it (written apart from the code). */
function mustQuote(cell: string, delimiter: CsvDelimiter, header: boolean): boolean {
  const delimiters: readonly string[] = header ? CSV_DELIMITERS : [delimiter];
  return /["\r\n\uFEFF]/.test(cell) || cell.startsWith(' ') || cell.endsWith(' ') || delimiters.some((d) => cell.includes(d));
}

describe('one record as CSV text', () => {
  test('another reader (papaparse) reads back exactly the cells, whatever they hold, for every delimiter', () => {
    fc.assert(
      fc.property(fc.array(cellText, { minLength: 2, maxLength: 6 }), fc.constantFrom(...CSV_DELIMITERS), fc.boolean(), (cells, delimiter, header) => {
        const parsed = Papa.parse<string[]>(csvRecordText(cells, delimiter, header), { delimiter, newline: '\n', quoteChar: '"' });
        expect(parsed.data).toEqual([cells]);
      }),
      { numRuns: 2000 },
    );
  });

  test('a cell is quoted exactly when it holds a quote, a line break, a byte order mark or a delimiter, or starts or ends with a space', () => {
    fc.assert(
      fc.property(cellText, cellText, fc.constantFrom(...CSV_DELIMITERS), fc.boolean(), (cell, other, delimiter, header) => {
        const text = csvRecordText([cell, other], delimiter, header);
        const quoted = mustQuote(cell, delimiter, header);
        const written = quoted ? `"${cell.replace(/"/g, '""')}"` : cell;
        expect(text.startsWith(`${written}${delimiter}`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('a record of one empty cell is written as a pair of quotes, not as an empty line', () => {
    expect(csvRecordText([''], ',', false)).toBe('""');
    expect(csvRecordText([null], ';', true)).toBe('""');
  });
});
