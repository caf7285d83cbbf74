import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, formatCsv, parseCsv } from '../../engine/node';
import { type SheetGrid } from '../../engine/index';
import { ROOT } from '../helpers/deal-rows';
import { excelLikeRead, expectedRecords, formulaCells, papaRead, trimmedRecords } from './csv-judges';

/** The grid as the product writes it back: an Errors column first, every other cell as it was. */
function withErrorsColumn(grid: SheetGrid): SheetGrid {
  return { headers: ['Errors', ...grid.headers], rows: grid.rows.map((cells) => ['Some problem', ...cells]) };
}

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
    expect(formatCsv(document, withErrorsColumn(document.grid))).toBe('\uFEFFErrors,Deal Name,Customer Name\r\nSome problem,Skåne deal,Malmö AB');
  });

  test('detects a semicolon delimiter and writes it back, decimal commas bare as Excel writes them', () => {
    const text = 'Deal Name;Estimated Deal Value\nAlpha;12563,50\n';
    const document = parseCsv(text, 'x.csv');
    expect(document.delimiter).toBe(';');
    expect(document.grid.rows[0]).toEqual(['Alpha', '12563,50']);
    expect(formatCsv(document, document.grid)).toBe(text);
    expect(formatCsv(document, withErrorsColumn(document.grid))).toBe('Errors;Deal Name;Estimated Deal Value\nSome problem;Alpha;12563,50\n');
  });

  test('a commas-in-quotes header line is not mistaken for the delimiter', () => {
    expect(parseCsv('"A, B, C";D;E\n1;2;3\n', 'x.csv').delimiter).toBe(';');
  });

  test('an empty file is an input error', () => {
    expect(() => parseCsv('', 'empty.csv')).toThrow('empty.csv: the file is empty; row 1 must hold the headers.');
    expect(() => parseCsv('\uFEFF', 'empty.csv')).toThrow('empty.csv: the file is empty; row 1 must hold the headers.');
  });
});

describe('CSV: a line break inside a cell is always written quoted (defect: bare LF written unquoted)', () => {
  // Excel writes a cell typed with Alt+Enter as a quoted cell holding a bare LF, in a CRLF file.
  const EXCEL_TEXT = 'Deal Name,Notes\r\nAlpha,"line one\nline two =cmd|\' /C calc\'!A0"\r\nBeta,plain\r\n';

  test('a CRLF file from Excel whose cell holds a bare LF: other readers see the same rows and no formula cell', () => {
    const document = parseCsv(EXCEL_TEXT, 'deals.csv');
    expect(document.grid.rows).toEqual([['Alpha', "line one\nline two =cmd|' /C calc'!A0"], ['Beta', 'plain']]);
    const written = withErrorsColumn(document.grid);
    const out = formatCsv(document, written);
    const papa = papaRead(out, ',', '\r\n');
    expect(papa.errors).toEqual([]);
    expect(papa.records).toEqual(expectedRecords([written.headers, ...written.rows]));
    const excel = excelLikeRead(out, ',');
    expect(excel).toEqual(trimmedRecords(expectedRecords([written.headers, ...written.rows])));
    expect(formulaCells(excel)).toEqual([]);
  });

  test.each([
    ['\r\n', '\n'],
    ['\r\n', '\r'],
    ['\n', '\r'],
    ['\n', '\r\n'],
    ['\r', '\n'],
    ['\r', '\r\n'],
  ] as const)('a file ending lines with %j, a cell holding %j: quoted on write, read back whole by papaparse and SheetJS', (ending, inCell) => {
    const grid = { headers: ['Deal Name', 'Notes'], rows: [['Alpha', `one${inCell}=HYPERLINK("x")`], ['Beta', `${inCell}`]] };
    const out = formatCsv({ delimiter: ',', bom: false, lineEnding: ending, finalNewline: true }, grid);
    expect(out).toContain(`"one${inCell}=HYPERLINK(""x"")"`);
    const papa = papaRead(out, ',', ending);
    expect(papa.errors).toEqual([]);
    expect(papa.records).toEqual(expectedRecords([grid.headers, ...grid.rows]));
    expect(excelLikeRead(out, ',')).toEqual(trimmedRecords(expectedRecords([grid.headers, ...grid.rows])));
    expect(parseCsv(out, 'x.csv').grid).toEqual(grid);
  });

  test('cells with quotes, delimiters, a byte order mark or edge spaces are quoted; formula-like text is kept as it is', () => {
    const grid = { headers: ['A', 'B'], rows: [['say "hi"', 'x,y'], ['\uFEFFmark', ' lead'], ['trail ', '=1+2'], ['-5', '@SUM(A1)']] };
    const out = formatCsv({ delimiter: ',', bom: false, lineEnding: '\r\n', finalNewline: true }, grid);
    expect(out).toBe('A,B\r\n"say ""hi""","x,y"\r\n"\uFEFFmark"," lead"\r\n"trail ",=1+2\r\n-5,@SUM(A1)\r\n');
    expect(papaRead(out, ',', '\r\n')).toEqual({ bom: false, errors: [], records: expectedRecords([grid.headers, ...grid.rows]) });
  });

  test('a record of one empty cell is written "" so that no reader skips it as a blank line', () => {
    const grid = { headers: ['A'], rows: [[''], ['x'], []] };
    const out = formatCsv({ delimiter: ',', bom: false, lineEnding: '\n', finalNewline: false }, grid);
    expect(out).toBe('A\n""\nx\n""');
    expect(papaRead(out, ',', '\n').records).toEqual([['A'], [''], ['x'], ['']]);
  });
});

describe('CSV: mixed line endings (defect: \\r glued onto cells)', () => {
  const MIXED = 'Deal Name,Notes\nAlpha,x\r\nBeta,y\nGamma,"two\r\nlines"\nDelta,z\r';

  test('every CRLF, LF or CR outside quotes ends a record; none becomes part of a cell', () => {
    const document = parseCsv(MIXED, 'mixed.csv');
    expect(document.grid.rows).toEqual([['Alpha', 'x'], ['Beta', 'y'], ['Gamma', 'two\r\nlines'], ['Delta', 'z']]);
    expect(document).toMatchObject({ lineEnding: '\n', finalNewline: true });
  });

  test('an untouched mixed file round-trips byte for byte; a changed record keeps its own line ending', () => {
    const document = parseCsv(MIXED, 'mixed.csv');
    expect(formatCsv(document, document.grid)).toBe(MIXED);
    const rows = document.grid.rows.map((cells, i) => (i === 1 ? ['Beta', 'changed'] : cells));
    const out = formatCsv(document, { headers: document.grid.headers, rows });
    expect(out).toBe('Deal Name,Notes\nAlpha,x\r\nBeta,changed\nGamma,"two\r\nlines"\nDelta,z\r');
    expect(excelLikeRead(out, ',')).toEqual([['Deal Name', 'Notes'], ['Alpha', 'x'], ['Beta', 'changed'], ['Gamma', 'two\nlines'], ['Delta', 'z']]);
  });

  test('a record the file did not have gets the most frequent line ending', () => {
    const document = parseCsv('A,B\r\n1,2\n3,4\r\n', 'x.csv');
    expect(document.lineEnding).toBe('\r\n');
    const out = formatCsv(document, { headers: document.grid.headers, rows: [...document.grid.rows, ['5', '6']] });
    expect(out).toBe('A,B\r\n1,2\n3,4\r\n5,6\r\n');
  });
});

describe('CSV: a malformed quote anywhere is an input error naming the line, row and column (defect: accepted mid-file)', () => {
  test.each([
    ['a quote never closed, in the middle of the file', 'Deal Name,Notes\nAlpha,"open\nBeta,x\nGamma,"quoted"\n', /^deals\.csv: line 4: not readable as CSV: the cell at row 2, column B "Notes" has text after its closing quote \(the cell opens with a quote on line 2\)/],
    ['a quote never closed, at the end', 'Deal Name,Notes\nAlpha,"open\nBeta,x\n', /^deals\.csv: line 2: not readable as CSV: the cell at row 2, column B "Notes" starts with a quote \(\"\) that is never closed\.$/],
    ['a quote inside an unquoted cell', 'Deal Name,Notes\nAlpha,ab"c\n', /^deals\.csv: line 2: not readable as CSV: the cell at row 2, column B "Notes" holds a quote \("\) but does not start with one/],
    ['text after a closing quote', 'Deal Name,Notes\nAlpha,"ab"c\n', /^deals\.csv: line 2: not readable as CSV: the cell at row 2, column B "Notes" has text after its closing quote: either a quote is never closed/],
    ['a space after a closing quote', 'Deal Name,Notes\n"Alpha" ,x\n', /^deals\.csv: line 2: not readable as CSV: the cell at row 2, column A "Deal Name" has text after its closing quote/],
    ['a quote in the header line', 'Deal "Name,Notes\nAlpha,x\n', /^deals\.csv: line 1: not readable as CSV: the cell at row 1, column A holds a quote/],
    ['a stray quote after a cell spanning lines (line and row differ)', 'Deal Name,Notes\r\nAlpha,"two\r\nlines"\r\nBeta,x"y\r\n', /^deals\.csv: line 4: not readable as CSV: the cell at row 3, column B "Notes" holds a quote/],
    ['a stray quote in a semicolon file', 'Deal Name;Customer Name;Notes\nAlpha;Contoso;5" disk\n', /^deals\.csv: line 2: not readable as CSV: the cell at row 2, column C "Notes" holds a quote/],
  ])('%s', (_name, text, message) => {
    expect(() => parseCsv(text, 'deals.csv')).toThrow(InputError);
    expect(() => parseCsv(text, 'deals.csv')).toThrow(message);
  });

  test('what Excel writes for the same cells reads back exactly', () => {
    // Excel quotes a cell holding a quote and doubles the quote; it leaves other cells bare.
    const document = parseCsv('Deal Name,Notes\r\nAlpha,"ab""c"\r\n"Beta, Inc","5"" disk"\r\n', 'deals.csv');
    expect(document.grid.rows).toEqual([['Alpha', 'ab"c'], ['Beta, Inc', '5" disk']]);
  });
});

describe('CSV: tab and pipe delimiters are read and written back (defect: "missing required columns")', () => {
  test.each([
    ['tab', '\t'],
    ['pipe', '|'],
  ] as const)('a %s-delimited file is read by its header line and written back with the same delimiter', (_name, d) => {
    const text = `Deal Name${d}Customer Name${d}Notes\r\nAlpha${d}Contoso, Ltd; EMEA${d}"two${d}parts"\r\nBeta${d}Fabrikam${d}\r\n`;
    const document = parseCsv(text, 'deals.csv');
    expect(document.delimiter).toBe(d);
    expect(document.grid.rows).toEqual([['Alpha', 'Contoso, Ltd; EMEA', `two${d}parts`], ['Beta', 'Fabrikam', '']]);
    expect(formatCsv(document, document.grid)).toBe(text);
    const written = withErrorsColumn(document.grid);
    const out = formatCsv(document, written);
    expect(out.split('\r\n')[0]).toBe(`Errors${d}Deal Name${d}Customer Name${d}Notes`);
    expect(papaRead(out, d, '\r\n')).toEqual({ bom: false, errors: [], records: expectedRecords([written.headers, ...written.rows]) });
  });

  test('the delimiter is the one the header line uses most outside quotes, a comma on a tie or when there is none', () => {
    expect(parseCsv('A|B|C,D\n', 'x.csv').delimiter).toBe('|');
    expect(parseCsv('"A|B|C"\tD\n', 'x.csv').delimiter).toBe('\t');
    expect(parseCsv('A;B,C\n', 'x.csv').delimiter).toBe(',');
    expect(parseCsv('Deal Name\nAlpha\n', 'x.csv').delimiter).toBe(',');
  });

  test('in a header line written afresh, a cell holding another delimiter is quoted so the delimiter stays readable', () => {
    const grid = { headers: ['A;B;C', 'D|E', 'F'], rows: [['1;2', '3']] };
    const out = formatCsv({ delimiter: ',', bom: false, lineEnding: '\n', finalNewline: true }, grid);
    expect(out).toBe('"A;B;C","D|E",F\n1;2,3\n');
    expect(parseCsv(out, 'x.csv')).toMatchObject({ delimiter: ',', grid });
  });
});

describe('CSV: an untouched file comes back byte for byte, whatever its style', () => {
  test.each([
    ['every cell quoted (as some exporters write)', '"Deal Name","Notes"\r\n"Alpha","x"\r\n"Beta",""\r\n'],
    ['CR line endings (old Mac Excel)', 'Deal Name,Notes\rAlpha,x\rBeta,"y\rz"\r'],
    ['blank lines and ragged rows', 'Deal Name,Notes,Extra\n\nAlpha\n,,\nBeta,x,y,z\n'],
    ['a BOM, tabs and no final newline', '\uFEFFDeal Name\tNotes\nMünchen\t"😀 ""quoted"""'],
    ['unnecessary quotes and edge spaces', 'Deal Name, Notes \n"Alpha", x\n'],
  ])('%s', (_name, text) => {
    const document = parseCsv(text, 'x.csv');
    expect(formatCsv(document, document.grid)).toBe(text);
  });
});

describe("CSV: Excel's sep= first line", () => {
  test('names the delimiter, is not taken for the header line, and is written back', () => {
    const text = '\uFEFFsep=;\r\nDeal Name;Estimated Deal Value\r\nAlpha;12563,50\r\n';
    const document = parseCsv(text, 'x.csv');
    expect(document.delimiter).toBe(';');
    expect(document.grid.headers).toEqual(['Deal Name', 'Estimated Deal Value']);
    expect(document.grid.rows).toEqual([['Alpha', '12563,50']]);
    expect(formatCsv(document, document.grid)).toBe(text);
    expect(formatCsv(document, { ...document.grid, rows: [['Beta', '1,5']] })).toBe('\uFEFFsep=;\r\nDeal Name;Estimated Deal Value\r\nBeta;1,5\r\n');
  });

  test('a malformed quote after it is located on the line the file shows', () => {
    expect(() => parseCsv('sep=,\nDeal Name,Notes\nAlpha,ab"c\n', 'x.csv')).toThrow(/^x\.csv: line 3: not readable as CSV: the cell at row 2, column B "Notes"/);
  });
});
