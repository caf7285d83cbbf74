import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, formatCsv, parseCsv } from '../../engine/node';
import { ROOT } from '../helpers/deal-rows';

describe('CSV files', () => {
  test('the example sheet reads and writes back byte for byte', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'deals.csv'), 'utf8');
    const document = parseCsv(text, 'deals.csv');
    expect(document.grid.rows.length).toBeGreaterThanOrEqual(25);
    expect(formatCsv(document, document.grid)).toBe(text);
  });

  test('quotes, embedded commas and newlines survive a round trip', () => {
    const text = 'Deal Name,Notes\n"Contoso, Ltd","two\nlines and ""quotes"""\n';
    const document = parseCsv(text, 'x.csv');
    expect(document.grid.rows[0]).toEqual(['Contoso, Ltd', 'two\nlines and "quotes"']);
    expect(formatCsv(document, document.grid)).toBe(text);
  });

  test('keeps a UTF-8 byte order mark, line endings and a missing final newline', () => {
    const text = '\uFEFFDeal Name,Customer Name\r\nSkåne deal,Malmö AB';
    const document = parseCsv(text, 'x.csv');
    expect(document).toMatchObject({ bom: true, lineEnding: '\r\n', finalNewline: false });
    expect(document.grid.headers[0]).toBe('Deal Name');
    expect(formatCsv(document, document.grid)).toBe(text);
  });

  test('detects a semicolon delimiter and writes it back', () => {
    const text = 'Deal Name;Estimated Deal Value\nAlpha;12563,50\n';
    const document = parseCsv(text, 'x.csv');
    expect(document.delimiter).toBe(';');
    expect(document.grid.rows[0]).toEqual(['Alpha', '12563,50']);
    expect(formatCsv(document, document.grid)).toBe(text);
  });

  test('a commas-in-quotes header line is not mistaken for the delimiter', () => {
    expect(parseCsv('"A, B, C";D;E\n1;2;3\n', 'x.csv').delimiter).toBe(';');
  });

  test('an unclosed quote is an input error naming the file and line', () => {
    expect(() => parseCsv('Deal Name,Notes\nAlpha,"open\nBeta,x\n', 'deals.csv')).toThrow(InputError);
    expect(() => parseCsv('Deal Name,Notes\nAlpha,"open\nBeta,x\n', 'deals.csv')).toThrow(/^deals\.csv: line 2: not readable as CSV: a quoted cell starts here/);
  });

  test('an empty file is an input error', () => {
    expect(() => parseCsv('', 'empty.csv')).toThrow('empty.csv: the file is empty; row 1 must hold the headers.');
  });
});
