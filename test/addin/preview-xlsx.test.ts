/**
 * @jest-environment jsdom
 */
/**
 * The preview's browser .xlsx reader (fflate + DOMParser), on workbooks written by an independent writer
 * (exceljs) and by hand: cells as Excel's Range.values gives them, formulas by their cached results only.
 */
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { XlsxOpenError, readXlsxSheet } from '../../addin/preview/xlsx-sheet';

async function exceljsWorkbook(build: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  build(book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** A package from parts given as text (a minimal .xlsx, or a damaged one). */
function pkg(parts: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, text]) => [name, strToU8(text)])));
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const RELS = (target: string) =>
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${target}"/></Relationships>`;

test('reads shared strings, numbers, booleans, a line break and a date with its format, from exceljs', async () => {
  const bytes = await exceljsWorkbook((book) => {
    const sheet = book.addWorksheet('My deals');
    sheet.addRow(['Deal Name', 'Estimated Deal Value', 'Is Strategic', 'Notes', 'Estimated Close Date']);
    sheet.addRow(['Backup refresh', 1200.5, true, 'first line\nsecond line', new Date(Date.UTC(2027, 0, 30))]);
    sheet.addRow(['<b>not html</b>', -3, false, '', null]);
    sheet.getCell('E2').numFmt = 'm/d/yyyy';
  });
  const sheet = readXlsxSheet(bytes, 'mine.xlsx');
  expect(sheet.name).toBe('My deals');
  expect(sheet.rows).toEqual([
    ['Deal Name', 'Estimated Deal Value', 'Is Strategic', 'Notes', 'Estimated Close Date'],
    ['Backup refresh', 1200.5, true, 'first line\nsecond line', 46417],
    ['<b>not html</b>', -3, false, '', ''],
  ]);
  expect(sheet.numberFormats.get('1,4')).toBe('m/d/yyyy');
  expect(sheet.numberFormats.has('1,1')).toBe(false); // General
});

test('takes a formula’s cached result and never evaluates it; inline strings and rich text read as text', async () => {
  const bytes = await exceljsWorkbook((book) => {
    const sheet = book.addWorksheet('Sums');
    sheet.getCell('A1').value = 'Total';
    sheet.getCell('B1').value = { formula: 'SUM(1,2)', result: 7 }; // a wrong cache: read as written
    sheet.getCell('C1').value = { formula: 'NOW()' } as ExcelJS.CellFormulaValue; // no cache: empty
    sheet.getCell('D1').value = { richText: [{ text: 'Fab' }, { font: { bold: true }, text: 'rikam' }] };
  });
  expect(readXlsxSheet(bytes, 'sums.xlsx').rows).toEqual([['Total', 7, '', 'Fabrikam']]);
});

test('reads the first worksheet the workbook lists, wherever its part is, with inline strings and 1904 dates', () => {
  const bytes = pkg({
    'xl/workbook.xml': `<workbook ${NS}><workbookPr date1904="1"/><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': RELS('/xl/worksheets/deals.xml'),
    'xl/styles.xml': `<styleSheet ${NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
    'xl/worksheets/deals.xml': `<worksheet ${NS}><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>Contoso_x000D_</t></is></c><c s="1"><v>45000</v></c><c t="e"><v>#N/A</v></c></row></sheetData></worksheet>`,
  });
  const sheet = readXlsxSheet(bytes, 'deals.xlsx');
  expect(sheet.rows).toEqual([
    ['', '', '', ''],
    ['', 'Contoso\r', 46462, '#N/A'],
  ]);
  expect(sheet.numberFormats.get('1,2')).toBe('m/d/yyyy');
});

test.each([
  ['a text file', strToU8('Deal Name,Customer\nA,B\n'), /notes\.xlsx is not a readable \.xlsx workbook: it is not a zip package/],
  ['a legacy .xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /encrypted \(password-protected\) workbook or a legacy \.xls/],
  ['a truncated zip', Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0]), /notes\.xlsx is not a readable \.xlsx workbook: it is damaged/],
  ['a zip without a workbook', pkg({ 'hello.txt': 'hi' }), /it has no workbook part/],
  ['a workbook with broken XML', pkg({ 'xl/workbook.xml': '<workbook><sheets>' }), /xl\/workbook\.xml is not well-formed XML/],
])('refuses %s with a message naming the file', (_, bytes, message) => {
  expect(() => readXlsxSheet(bytes, 'notes.xlsx')).toThrow(XlsxOpenError);
  expect(() => readXlsxSheet(bytes, 'notes.xlsx')).toThrow(message);
});
