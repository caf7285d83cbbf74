import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { readXlsx } from '../../engine/io/xlsx-file';
import { parseUsDate } from '../../engine/index';
import { rawWorkbook } from '../helpers/workbooks';

/** How cells read: as their number format shows them, at the grid position the writer patches. */
describe('reading a worksheet', () => {
  const bytes = rawWorkbook({
    sharedStrings: ['Deal Name'],
    numFmts: ['0.0%', 'yyyy-mm-dd', '@', '#,##0.00 "USD"'],
    cellFormats: [9, 14, 49, 164, 165, 166, 167], // s=1 0%, 2 date, 3 @, 4 0.0%, 5 yyyy-mm-dd, 6 @ (custom), 7 amount
    rows:
      '<row r="1"><c r="B1" t="s"><v>0</v></c><c t="inlineStr"><is><r><t>Sales </t></r><r><t>Stage</t></r><rPh><t>ignored</t></rPh></is></c></row>' +
      '<row r="3"><c r="B3" s="1"><v>0.4</v></c><c r="C3" s="4"><v>0.405</v></c><c r="D3" s="2"><v>46417</v></c><c r="E3" s="5"><v>46417.75</v></c>' +
      '<c r="F3" s="3"><v>12563</v></c><c r="G3" s="6"><v>7</v></c><c r="H3" s="7"><v>12563.5</v></c><c r="I3" t="b"><v>1</v></c><c r="J3" t="e"><v>#N/A</v></c>' +
      '<c r="K3" t="str"><f t="shared" ref="K3:K4" si="0">"Stage "&amp;"Proposed"</f><v>Stage Proposed</v></c><c r="L3"><v>46417</v></c></row>' +
      '<row><c r="K4" t="str"><f t="shared" si="0"/><v>Stage Proposed</v></c></row>',
  });

  test('column A and row 1 stay where they are, whatever the used range, and rows without r follow the previous one', () => {
    const { grid } = readXlsx(bytes, 'read.xlsx');
    expect(grid.headers).toEqual([null, 'Deal Name', 'Sales Stage', null, null, null, null, null, null, null, null, null]);
    expect(grid.rows.length).toBe(3); // rows 2, 3 and 4
    expect(grid.rows[0].every((c) => c === null)).toBe(true);
    expect(grid.rows[2][10]).toBe('Stage Proposed'); // the row without r is row 4
  });

  test('percentages read as text, dates as Dates, text format as text, other numbers as numbers, formulas as their results', () => {
    const row = readXlsx(bytes, 'read.xlsx').grid.rows[1];
    expect(row.slice(1, 4)).toEqual(['40%', '40.5%', new Date(Date.UTC(2027, 0, 30))]);
    expect((row[4] as Date).toISOString()).toBe('2027-01-30T18:00:00.000Z');
    expect(row.slice(5)).toEqual(['12563', '7', 12563.5, true, '#N/A', 'Stage Proposed', 46417]);
    // SheetJS shows the same cells the same way
    const sheet = XLSX.read(bytes).Sheets.Deals;
    expect([sheet.B3.w, sheet.C3.w, sheet.F3.w]).toEqual(['40%', '40.5%', '12563']);
  });

  test('a 1904-system workbook reads its dates in that system', () => {
    const book = rawWorkbook({ date1904: true, cellFormats: [14], rows: '<row r="1"><c r="A1" s="1"><v>44955</v></c></row>' });
    expect(readXlsx(book, '1904.xlsx').grid.headers[0]).toEqual(new Date(Date.UTC(2027, 0, 30)));
  });

  test('a General number in a date column is an Excel date serial (1900 system; the time of day ignored)', () => {
    expect(parseUsDate(46417)).toBe('2027-01-30');
    expect(parseUsDate(46417.99)).toBe('2027-01-30');
    expect(parseUsDate(61)).toBe('1900-03-01');
    expect(parseUsDate(59)).toBe('1900-02-28');
    expect(parseUsDate(60)).toBeUndefined(); // the 29 February 1900 Excel counts but that never was
    expect(parseUsDate(0)).toBeUndefined();
    expect(parseUsDate(-3)).toBeUndefined();
    expect(parseUsDate(3e6)).toBeUndefined();
  });

  test('every date serial reads as the calendar date SheetJS gives it (5,000 serials)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_958_465 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (day, time) => {
        fc.pre(day !== 60);
        const { y, m, d } = XLSX.SSF.parse_date_code(day);
        const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(parseUsDate(day + time)).toBe(iso);
      }),
      { numRuns: 5000 },
    );
  });

  test('a missing sheet names the sheets there are; a sheet name matches in any case', () => {
    expect(() => readXlsx(bytes, 'read.xlsx', 'Pipeline')).toThrow('read.xlsx: no sheet named "Pipeline"; the workbook has "Deals".');
    expect(readXlsx(bytes, 'read.xlsx', 'deals').sheetName).toBe('Deals');
  });
});
