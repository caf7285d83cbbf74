/**
 * What the pane writes, defect by defect (issue 9, "The pane"): results never land on another row, Undo is all
 * or nothing, nothing formula-like is written, hidden rows are left alone, and the stand-in types what it is
 * given as Excel does. The judge is the stand-in's raw cells (`sheet.values`), not the gateway's reader.
 */
import { excelCellInput } from '../../engine/sheet/cell';
import { MARK_FILL } from '../../addin/excel/cell-marks';
import { LOG_SHEET } from '../../addin/excel/deal-log-sheet';
import { ExcelGateway } from '../../addin/excel/excel-gateway';
import { createExcelStandIn, storedValue } from '../../addin/excel/stand-in/excel-stand-in';
import { StandInWorkbook, getCell, getFill, setFill } from '../../addin/excel/stand-in/stand-in-workbook';
import { LOG_HEADERS } from '../../addin/session/sheet-session';
import { exampleRow, openDeals, rowsOf } from './pane-fixture';

/** Row 6 of examples/deals.csv: New/Received, Decline needs a Declined/Lost reason. */
const RECEIVED = 6;

function swapRows(sheet: { values: unknown[][] }, a: number, b: number): void {
  [sheet.values[a - 1], sheet.values[b - 1]] = [sheet.values[b - 1], sheet.values[a - 1]];
}

describe('a result never lands on another row with the same key', () => {
  test.each([
    ['a duplicate Referral ID', { 'Referral ID': 'r-dup' }],
    ['no Referral ID and the same Deal Name + Customer Name', { 'Referral ID': '' }],
  ])('two rows with %s swapped between the read and the write: neither is written, both are reported', async (_, key) => {
    const pane = openDeals([exampleRow(RECEIVED, key), exampleRow(RECEIVED, { ...key, 'Declined/Lost reason': 3 })]);
    const before = rowsOf(pane.sheet);
    pane.select(2, 2);
    // The read is 3 requests (find the sheet, header, selected rows); the user sorts before the write.
    pane.beforeRequest(3, () => swapRows(pane.sheet, 2, 3));
    const report = (await pane.session.applyToSelection('Decline'))!;
    expect(report.write.written).toEqual([]);
    expect(report.write.skipped.map((s) => s.row)).toEqual([2, 3]);
    expect(report.write.skipped[0].reason).toMatch(/^row 2 changed since it was read \(Declined\/Lost reason was "", now 3\); not written$/);
    // Exactly the user's sort: the row without a reason is not Declined, the row with one not refused.
    swapRows(pane.sheet, 2, 3);
    expect(rowsOf(pane.sheet)).toEqual(before);
    expect(pane.book.findSheet(LOG_SHEET)).toBeUndefined();
  });

  test('a cell that is neither key nor owned, changed between the read and the write, keeps the row from being written', async () => {
    const pane = openDeals([exampleRow(RECEIVED), exampleRow(7)]);
    const read = await pane.gateway.readSheet();
    pane.book.editCell('Deals', 1, pane.column('Notes'), 'the user typed this');
    const report = await pane.gateway.writeRows(read.ref, read.headers, read.rows.map((r) => ({ row: r.row, asRead: r.cells, set: { 0: 'checked' } })));
    expect(report.written).toEqual([3]);
    expect(report.skipped).toEqual([{ row: 2, reason: 'row 2 changed since it was read (Notes was "Called CIO: wants real-time fraud scoring", now "the user typed this"); not written' }]);
    expect(pane.cell(2, 'Errors')).toBe('');
  });

  test('a row changed between the guard request and the write request gets back exactly what it held, its fills too', async () => {
    const pane = openDeals([exampleRow(RECEIVED), exampleRow(7)]);
    const read = await pane.gateway.readSheet();
    pane.beforeRequest(1, () => {
      pane.book.editCell('Deals', 1, pane.column('Errors'), '-5 the user wrote'); // after the guard read, before the write
      setFill(pane.sheet, 1, pane.column('Currency'), '#FFFF00');
    });
    const writes = read.rows.map((r) => ({ row: r.row, asRead: r.cells, set: { 0: 'checked' }, marks: { on: [pane.column('Currency')], mayHaveMarks: false } }));
    const report = await pane.gateway.writeRows(read.ref, read.headers, writes);
    expect(report.written).toEqual([3]);
    expect(report.skipped).toEqual([{ row: 2, reason: 'row 2 changed while it was being written (Errors was "", now "-5 the user wrote"); not written' }]);
    expect(pane.cell(2, 'Errors')).toBe('-5 the user wrote');
    expect(getFill(pane.sheet, 1, pane.column('Currency'))).toBe('#FFFF00');
    expect(pane.cell(3, 'Errors')).toBe('checked');
    expect(getFill(pane.sheet, 2, pane.column('Currency'))).toBe(MARK_FILL);
  });

  test('a batch whose Deal log rows were appended keeps only the rows of deals that stood', async () => {
    const pane = openDeals([exampleRow(RECEIVED), exampleRow(RECEIVED, { 'Referral ID': 'r-7777' })]);
    pane.select(2, 2);
    // Requests: 3 to read the selection, then the guard (3), then the write (4).
    pane.beforeRequest(4, () => pane.book.editCell('Deals', 2, pane.column('Notes'), 'edited'));
    const report = (await pane.session.applyToSelection('Accept'))!;
    expect(report.write.written).toEqual([2]);
    expect(report.rows.map((r) => [r.row, r.applied])).toEqual([[2, true], [3, false]]);
    expect(pane.cell(3, 'Partner Referral Status')).toBe('New');
    const log = pane.book.findSheet(LOG_SHEET)!;
    expect(rowsOf(log).length).toBe(2); // header + one row
    expect(log.values[1][4]).toBe('Referral ID r-5005');
  });
});

describe('Undo last batch is all or nothing', () => {
  async function acceptBoth(options = {}) {
    const pane = openDeals([exampleRow(RECEIVED), exampleRow(RECEIVED, { 'Referral ID': 'r-7777' }), exampleRow(7)], options);
    pane.select(2, 2);
    await pane.session.applyToSelection('Accept');
    expect([pane.cell(2, 'Partner Referral Substatus'), pane.cell(3, 'Partner Referral Substatus')]).toEqual(['Accepted', 'Accepted']);
    return pane;
  }

  test('a row changed between the undo’s read and its write: nothing restored, nothing logged', async () => {
    const pane = await acceptBoth();
    const logBefore = rowsOf(pane.book.findSheet(LOG_SHEET)!);
    // Undo reads the log (2 requests) and the sheet (1: it fits one response); the user edits before the check.
    pane.beforeRequest(3, () => pane.book.editCell('Deals', 2, pane.column('Sales Stage'), 'Qualified'));
    const undo = await pane.session.undoLastBatch();
    expect(undo.restored).toEqual([]);
    expect(undo.refused).toMatch(/was not undone: Nothing was restored: row 3 changed since it was read \(Sales Stage was "Accepted", now "Qualified"\)/);
    expect(pane.cell(2, 'Partner Referral Substatus')).toBe('Accepted');
    expect(rowsOf(pane.book.findSheet(LOG_SHEET)!)).toEqual(logBefore);
  });

  test('a row changed between the undo’s check and its write: what was written is put back, nothing logged', async () => {
    const pane = await acceptBoth();
    const logBefore = rowsOf(pane.book.findSheet(LOG_SHEET)!);
    let afterEdit: string[] = [];
    pane.beforeRequest(4, () => {
      pane.book.editCell('Deals', 2, pane.column('Notes'), 'edited');
      afterEdit = rowsOf(pane.sheet);
    });
    const undo = await pane.session.undoLastBatch();
    expect(undo.refused).toMatch(/row 3 changed while it was being restored \(Notes was "Called CIO: wants real-time fraud scoring", now "edited"\)/);
    expect(rowsOf(pane.sheet)).toEqual(afterEdit);
    expect(rowsOf(pane.book.findSheet(LOG_SHEET)!)).toEqual(logBefore);
  });

  test('across several write batches, a change in the last batch keeps the first from being restored', async () => {
    const pane = await acceptBoth({ chunkRows: 1 });
    // Log (2 requests), sheet (1), then batch 1's check: after it, before batch 2's.
    pane.beforeRequest(4, () => pane.book.editCell('Deals', 2, pane.column('Notes'), 'edited'));
    const undo = await pane.session.undoLastBatch();
    expect(undo.restored).toEqual([]);
    expect(pane.cell(2, 'Partner Referral Substatus')).toBe('Accepted');
    expect(pane.cell(3, 'Partner Referral Substatus')).toBe('Accepted');
  });

  test('finds its rows by their whole content: two rows with the same key swapped after the batch are each restored', async () => {
    const pane = openDeals([exampleRow(RECEIVED, { Notes: 'first' }), exampleRow(RECEIVED, { Notes: 'second', Errors: 'old note' })]);
    pane.select(2, 2);
    await pane.session.applyToSelection('Accept');
    swapRows(pane.sheet, 2, 3);
    const undo = await pane.session.undoLastBatch();
    expect(undo.refused).toBeUndefined();
    expect(undo.restored).toEqual([2, 3]);
    expect([pane.cell(2, 'Notes'), pane.cell(2, 'Errors'), pane.cell(2, 'Partner Referral Substatus')]).toEqual(['second', 'old note', 'Received']);
    expect([pane.cell(3, 'Notes'), pane.cell(3, 'Errors'), pane.cell(3, 'Partner Referral Substatus')]).toEqual(['first', '', 'Received']);
  });

  test('restores text read as "-5" as that text, and the number -5 as the number', async () => {
    for (const before of ['-5', '=SUM(A1)', '@x', "'quoted", '40%', -5, true]) {
      const pane = openDeals([exampleRow(RECEIVED, { Errors: before })]);
      pane.select(2);
      await pane.session.applyToSelection('Accept');
      expect(pane.cell(2, 'Errors')).toBe('');
      const undo = await pane.session.undoLastBatch();
      expect({ before, undo }).toEqual({ before, undo: { outcome: 'restored', batch: expect.any(String), restored: [2] } });
      expect({ before, now: pane.cell(2, 'Errors') }).toEqual({ before, now: before });
    }
  });
});

describe('nothing formula-like is written', () => {
  test.each(['=HYPERLINK("http://evil.example","click")', '-r-1', '@x', '+1'])('a deal named %s is logged and undone as text', async (name) => {
    const pane = openDeals([exampleRow(RECEIVED, { 'Referral ID': '', 'Deal Name': name })]);
    pane.select(2);
    const report = (await pane.session.applyToSelection('Accept'))!;
    expect(report.rows[0].applied).toBe(true);
    const log = pane.book.findSheet(LOG_SHEET)!;
    expect(log.values[1][4]).toBe(`${name} / Woodgrove Bank`);
    const undo = await pane.session.undoLastBatch();
    expect(undo.restored).toEqual([2]);
    expect(log.values[2][4]).toBe(`${name} / Woodgrove Bank`);
    expect(pane.cell(2, 'Deal Name')).toBe(name);
    for (const row of log.values) for (const cell of row ?? []) expect(cell).not.toBe('#NAME?');
  });

  test('the gateway writes text Excel would run or convert as text: owned cells, Errors and new headers', async () => {
    const pane = openDeals([exampleRow(RECEIVED)]);
    const read = await pane.gateway.readSheet();
    const texts = ['=1+1', '-abc', '+5', '@x', '\tx', '\rx', '0012', 'TRUE', "'kept"];
    for (const text of texts) {
      const now = await pane.gateway.readSheet();
      await pane.gateway.writeRows(now.ref, now.headers, [{ row: 2, asRead: now.rows[0].cells, set: { 0: text } }]);
      expect(pane.cell(2, 'Errors')).toBe(text);
    }
    await pane.gateway.writeRows(read.ref, read.headers, [], { newColumns: ['=Registration'] });
    expect(getCell(pane.sheet, 0, read.ref.width)).toBe('=Registration');
  });

  test('excelCellInput: the apostrophe only where Excel would otherwise not keep the text', () => {
    expect(['=x', '-5', '+5', '@x', '\tx', '\rx', "'x", '5', '40%', 'TRUE', 'Jan 5', '#N/A', 'Accepted', 'Accept refused: needs Notes', ''].map(excelCellInput)).toEqual([
      "'=x", "'-5", "'+5", "'@x", "'\tx", "'\rx", "''x", "'5", "'40%", "'TRUE", "'Jan 5", "'#N/A", 'Accepted', 'Accept refused: needs Notes', '',
    ]);
    expect([-5, 0, true, false].map(excelCellInput)).toEqual([-5, 0, true, false]);
  });
});

describe('hidden rows in a selection are left alone', () => {
  test('a filtered selection: Accept acts on the visible rows only', async () => {
    const pane = openDeals([exampleRow(RECEIVED), exampleRow(RECEIVED, { 'Referral ID': 'r-hidden', Notes: 'hide me' }), exampleRow(RECEIVED, { 'Referral ID': 'r-3' })]);
    pane.book.filterRows('Deals', pane.column('Notes'), (v) => v !== 'hide me');
    pane.select(2, 3);
    const report = (await pane.session.applyToSelection('Accept'))!;
    expect(report.rows.map((r) => [r.row, r.applied])).toEqual([[2, true], [4, true]]);
    expect([2, 3, 4].map((r) => pane.cell(r, 'Partner Referral Substatus'))).toEqual(['Accepted', 'Received', 'Accepted']);
    const insight = await pane.session.inspectSelection();
    expect(insight?.row).toBe(2);
  });

  test('rows the user hid are left out too; a selection of hidden rows only is no selection', async () => {
    const pane = openDeals([exampleRow(RECEIVED), exampleRow(RECEIVED, { 'Referral ID': 'r-2' })]);
    pane.book.hideRows('Deals', 1, 1);
    pane.select(2, 2);
    const report = (await pane.session.applyToSelection('Accept'))!;
    expect(report.rows.map((r) => r.row)).toEqual([3]);
    expect(pane.cell(2, 'Partner Referral Substatus')).toBe('Received');
    pane.select(2, 1);
    expect(await pane.session.applyToSelection('Accept')).toBeUndefined();
  });
});

describe('the stand-in types what is written as Excel does', () => {
  async function written(value: string | number | boolean) {
    const book = new StandInWorkbook();
    book.addSheet('S', [['x']]);
    await createExcelStandIn(book).run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange('A1').values = [[value]];
      await context.sync();
    });
    return getCell(book.activeSheet, 0, 0);
  }

  test.each([
    ['=1+1', '#NAME?'],
    ['-abc', '#NAME?'],
    ['@x', '#NAME?'],
    ['+abc', '#NAME?'],
    ['-5', -5],
    ['+5', 5],
    ['1,234.5', 1234.5],
    ['40%', 0.4],
    ['1e3', 1000],
    ['true', true],
    ["'-abc", '-abc'],
    ["'=1+1", '=1+1'],
    ["''x", "'x"],
    ['plain', 'plain'],
  ])('%s is stored as %p', async (input, stored) => {
    expect(await written(input)).toBe(stored);
    expect(storedValue(input)).toBe(stored);
  });

  test('Range.rowHidden is true when every row is hidden, false when none is, null when some are', async () => {
    const book = new StandInWorkbook();
    book.addSheet('S', [['h'], ['a'], ['b'], ['c']]);
    book.hideRows('S', 1, 1);
    book.filterRows('S', 0, (v) => v !== 'c');
    const excel = createExcelStandIn(book);
    const hidden = await excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      const ranges = ['A2', 'A3', 'A4', 'A2:A4', 'A1:A3', 'A4:A4'].map((a) => sheet.getRange(a).load('rowHidden'));
      await context.sync();
      return ranges.map((r) => r.rowHidden);
    });
    expect(hidden).toEqual([true, false, true, null, null, true]);
    book.clearFilter('S');
    book.hideRows('S', 1, 1, false);
    expect(book.isRowHidden(book.activeSheet, 3)).toBe(false);
  });

  test('inserted and deleted rows carry their hidden state with them', () => {
    const book = new StandInWorkbook();
    book.addSheet('S', [['h'], ['a'], ['b']]);
    book.hideRows('S', 2, 1); // "b"
    book.insertRows('S', 1);
    expect(book.isRowHidden(book.activeSheet, 3)).toBe(true);
    book.deleteRows('S', 1);
    expect(book.isRowHidden(book.activeSheet, 2)).toBe(true);
    expect(book.activeSheet.values.map((r) => r?.[0])).toEqual(['h', 'a', 'b']);
  });
});

describe('the Deal log', () => {
  test('a log written by an earlier version (without Row content) gets the new column named, and its batches are not undone blindly', async () => {
    const pane = openDeals([exampleRow(RECEIVED)]);
    const old = LOG_HEADERS.slice(0, 10);
    pane.book.addSheet(LOG_SHEET, [[...old], ['2026-11-01T00:00:00.000Z', 'B1', 'Deals', 2, 'Referral ID r-5005', 'Accept', '{}', '{"Errors":"x"}', 'v', '']]);
    let undo = await pane.session.undoLastBatch();
    expect(undo.refused).toMatch(/logged by an earlier version of the add-in/);
    pane.select(2);
    await pane.session.applyToSelection('Accept');
    expect(pane.book.findSheet(LOG_SHEET)!.values[0]).toEqual([...LOG_HEADERS]);
    undo = await pane.session.undoLastBatch();
    expect(undo.restored).toEqual([2]);
  });
});

test('the gateway sets cell values in one place only', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const folder = path.join(__dirname, '..', '..', 'addin', 'excel');
  // Every part of ExcelGateway (the sheets gateway and the stand-in are not).
  const parts: string[] = fs.readdirSync(folder).filter((file: string) => file.endsWith('.ts') && file !== 'sheets-gateway.ts');
  const setters = parts.flatMap((file) => (fs.readFileSync(path.join(folder, file), 'utf8').match(/\.values\s*=/g) ?? []).map(() => file));
  expect(setters).toEqual(['cell-values.ts']);
  expect(fs.readFileSync(path.join(folder, 'cell-values.ts'), 'utf8')).toMatch(/\.values = values\.map\(\(cells\) => cells\.map\(excelCellInput\)\)/);
  expect(ExcelGateway).toBeDefined();
});
