import { MARK_FILL } from '../../addin/excel/cell-marks';
import { ExcelGateway } from '../../addin/excel/excel-gateway';
import { type CellValue } from '../../addin/excel/excel-host';
import { type RowWrite } from '../../addin/excel/row-writes';
import { PAYLOAD_LIMIT_BYTES, createExcelStandIn } from '../../addin/excel/stand-in/excel-stand-in';
import { StandInWorkbook, getCell, getFill, setFill } from '../../addin/excel/stand-in/stand-in-workbook';

const HEADERS = ['Referral ID', 'Deal Name', 'Customer Name', 'Partner Referral Status', 'Errors'];

function bookWith(rowCount: number, cell = (r: number, c: number) => (c === 0 ? `r-${r}` : c === 4 ? '' : `value ${r}.${c}`)) {
  const book = new StandInWorkbook();
  const rows = Array.from({ length: rowCount }, (_, r) => HEADERS.map((_, c) => cell(r + 1, c)));
  book.addSheet('Deals', [HEADERS, ...rows]);
  return book;
}

function setup(book: StandInWorkbook, options: ConstructorParameters<typeof ExcelGateway>[1] = {}) {
  const excel = createExcelStandIn(book);
  return { excel, gateway: new ExcelGateway(excel, options) };
}

/** Guards a write by the whole row as read, as the session does. */
function errorsWrite(row: number, cells: readonly CellValue[], errors: string, marks?: RowWrite['marks']): RowWrite {
  return { row, asRead: cells, set: { 4: errors }, marks };
}

describe('reading the deal sheet', () => {
  test('reads the used range wherever it starts, numbering rows as Excel does', async () => {
    const book = new StandInWorkbook();
    const sheet = book.addSheet('Deals');
    [['Deal Name', 'Customer Name'], ['Backup', 'Fabrikam'], ['Migration', 'Northwind']].forEach((cells, r) =>
      cells.forEach((v, c) => ((sheet.values[r + 2] ??= [])[c + 1] = v)),
    );
    const { gateway } = setup(book);
    const read = await gateway.readSheet();
    expect(read.ref).toMatchObject({ sheetName: 'Deals', headerRow: 2, firstColumn: 1, width: 2, lastRow: 5 });
    expect(read.headers).toEqual(['Deal Name', 'Customer Name']);
    expect(read.rows).toEqual([
      { row: 4, cells: ['Backup', 'Fabrikam'] },
      { row: 5, cells: ['Migration', 'Northwind'] },
    ]);
  });

  test('reads the table the selection is in rather than the whole sheet', async () => {
    const book = bookWith(3);
    const sheet = book.activeSheet;
    ['Notes', 'above the table'].forEach((v, c) => ((sheet.values[10] ??= [])[c] = v));
    sheet.tables.push({ name: 'Deals', row: 0, column: 0, rowCount: 4, columnCount: HEADERS.length });
    book.select({ row: 1, column: 1, rowCount: 1, columnCount: 1 });
    const read = await setup(book).gateway.readSheet();
    expect(read.ref.table).toBe('Deals');
    expect(read.rows).toHaveLength(3);
  });

  test('reads a sheet that fits one response in one request: finding it, its header and its rows', async () => {
    const { excel, gateway } = setup(bookWith(12_000), { chunkRows: 5000 });
    const progress: number[] = [];
    const read = await gateway.readSheet((done) => progress.push(done));
    expect(read.rows).toHaveLength(12_000);
    expect(read.rows[11_999]).toEqual({ row: 12_001, cells: ['r-12000', 'value 12000.1', 'value 12000.2', 'value 12000.3', ''] });
    expect(read.headers).toEqual(HEADERS);
    expect(excel.requests).toHaveLength(1);
    expect(progress).toEqual([12_000]);
  });

  test('past the response limit, one request per chunk of rows after the requests that find the sheet, and straight away next time', async () => {
    // The whole sheet (~0.7 MB) is over this stand-in's limit; a chunk of 5,000 rows (~0.3 MB) is not.
    const book = bookWith(12_000);
    const excel = createExcelStandIn(book, { limitBytes: 600_000 });
    const gateway = new ExcelGateway(excel, { chunkRows: 5000, budgetBytes: 500_000 });
    const progress: number[] = [];
    const read = await gateway.readSheet((done) => progress.push(done));
    expect(read.rows).toHaveLength(12_000);
    expect(read.rows[11_999]).toEqual({ row: 12_001, cells: ['r-12000', 'value 12000.1', 'value 12000.2', 'value 12000.3', ''] });
    // 1: the whole read, refused; 2: selection, used range, tables; 3: header and a 100-row sample; then 11,900 rows in chunks of 5,000.
    expect(excel.requests).toHaveLength(1 + 2 + 3);
    expect(excel.requests[0].responseBytes).toBeGreaterThan(600_000);
    expect(progress).toEqual([100, 5100, 10100, 12000]);
    // The gateway remembers the sheet is too large for one response: no refused request the next time.
    excel.resetCounts();
    expect((await gateway.readSheet()).rows).toEqual(read.rows);
    expect(excel.requests).toHaveLength(2 + 3);
  });

  test('a table inside the used range is cut out of the one read; one more request finds its range', async () => {
    const book = bookWith(6);
    const sheet = book.activeSheet;
    ['Notes', 'beside the table'].forEach((v, c) => ((sheet.values[8] ??= [])[c + 1] = v));
    sheet.tables.push({ name: 'Deals', row: 0, column: 1, rowCount: 4, columnCount: 3 });
    book.select({ row: 1, column: 1, rowCount: 1, columnCount: 1 });
    const { excel, gateway } = setup(book);
    const read = await gateway.readSheet();
    expect(read.ref).toMatchObject({ table: 'Deals', headerRow: 0, firstColumn: 1, width: 3, lastRow: 4 });
    expect(read.headers).toEqual(HEADERS.slice(1, 4));
    expect(read.rows).toEqual([1, 2, 3].map((r) => ({ row: r + 1, cells: [`value ${r}.1`, `value ${r}.2`, `value ${r}.3`] })));
    expect(excel.requests).toHaveLength(2);
  });

  test('keeps every response under 5 MB, halving a chunk that would not fit', async () => {
    const big = 'x'.repeat(3000);
    // The sample is small; the rows after it are large, so the first full chunk is too big and must be split.
    const book = bookWith(5000, (r, c) => (c === 0 ? `r-${r}` : r > 100 ? big : 'small'));
    const { excel, gateway } = setup(book);
    const read = await gateway.readSheet();
    expect(read.rows).toHaveLength(5000);
    expect(String(read.rows[4999].cells[1])).toHaveLength(3000);
    const succeeded = excel.requests.filter((r) => r.responseBytes <= PAYLOAD_LIMIT_BYTES);
    expect(Math.max(...succeeded.map((r) => r.responseBytes))).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
    // The whole read (request 0) was refused; then the first full chunk was refused and halved until it fit (4
    // times: 4,900 rows → 306); later chunks were sized by what the previous one weighed, and none was refused.
    const refused = excel.requests.map((r, i) => (r.responseBytes > PAYLOAD_LIMIT_BYTES ? i : -1)).filter((i) => i >= 0);
    expect(refused).toEqual([0, 3, 4, 5, 6]);
    const totalBytes = excel.requests.reduce((sum, r) => sum + (r.responseBytes <= PAYLOAD_LIMIT_BYTES ? r.responseBytes : 0), 0);
    expect(excel.requests.length).toBeLessThanOrEqual(2 + refused.length + Math.ceil(totalBytes / ((4 * 1024 * 1024) / 1.2)) + 1);
  });

  test('refuses an empty sheet with a message naming it', async () => {
    const book = new StandInWorkbook();
    book.addSheet('Empty');
    await expect(setup(book).gateway.readSheet()).rejects.toThrow('The sheet "Empty" is empty');
  });
});

describe('a selection of several areas (ctrl-click)', () => {
  const area = (row: number, rowCount = 1) => ({ row, column: 0, rowCount, columnCount: HEADERS.length });

  test('reads the rows of every area, each once and in sheet order, without the header', async () => {
    const book = bookWith(8);
    // Rows 6–7, then row 3, then the header with row 2 (overlapping row 2 again), as the user ctrl-clicked them.
    book.select([area(5, 2), area(2), area(0, 2), area(1)]);
    const read = await setup(book).gateway.readSelection();
    expect(read?.rows.map((r) => r.row)).toEqual([2, 3, 6, 7]);
    expect(read?.rows[2].cells[0]).toBe('r-5');
    expect(read?.activeRow).toBe(2);
  });

  test('leaves out hidden rows of every area, and finds the table any area is in', async () => {
    const book = bookWith(8);
    book.activeSheet.tables.push({ name: 'Deals', row: 0, column: 0, rowCount: 9, columnCount: HEADERS.length });
    book.hideRows('Deals', 6, 1);
    book.select([area(1), area(5, 3)]);
    const read = await setup(book).gateway.readSelection();
    expect(read?.ref.table).toBe('Deals');
    expect(read?.rows.map((r) => r.row)).toEqual([2, 6, 8]);
  });

  test('the stand-in reports it as Excel does: getSelectedRange fails, getSelectedRanges lists the areas', async () => {
    const book = bookWith(8);
    book.select([area(1), area(4)]);
    const excel = createExcelStandIn(book);
    await expect(
      excel.run(async (context) => {
        const range = context.workbook.getSelectedRange().load('address');
        await context.sync();
        return range.address;
      }),
    ).rejects.toMatchObject({ code: 'InvalidSelection' });
    const seen = await excel.run(async (context) => {
      const ranges = context.workbook.getSelectedRanges().load('address,areaCount');
      ranges.areas.load('items/address');
      await context.sync();
      return { address: ranges.address, areaCount: ranges.areaCount, areas: ranges.areas.items.map((r: { address: string }) => r.address) };
    });
    expect(seen).toEqual({ address: 'Deals!A2:E2,Deals!A5:E5', areaCount: 2, areas: ['Deals!A2:E2', 'Deals!A5:E5'] });
  });

  test('the selection event names every area, comma-separated', async () => {
    const book = bookWith(8);
    const seen: string[] = [];
    book.onSelection((e) => seen.push(e.address));
    book.select([area(1), { row: 4, column: 2, rowCount: 1, columnCount: 1 }]);
    expect(seen).toEqual(['A2:E2,C5']);
    expect(book.selection).toEqual({ row: 4, column: 2, rowCount: 1, columnCount: 1 }); // the active area: the last
  });
});

describe('writing rows', () => {
  test('writes each chunk with one guard request and one write request, never one per cell', async () => {
    const { excel, gateway } = setup(bookWith(12_000), { chunkRows: 5000 });
    const read = await gateway.readSheet();
    excel.resetCounts();
    const report = await gateway.writeRows(read.ref, read.headers, read.rows.map((r) => errorsWrite(r.row, r.cells, `problem in ${r.row}`)));
    expect(report.written).toHaveLength(12_000);
    expect(excel.requests).toHaveLength(3 * 2);
    for (const request of excel.requests) {
      expect(request.requestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
      expect(request.responseBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    }
    // A contiguous run of rows is one column slice, not 5,000 single-cell writes.
    expect(excel.requests[1].operations.filter((op) => op === 'set values')).toHaveLength(1);
    expect(getCell(excel.workbook.activeSheet, 12_000, 4)).toBe('problem in 12001');
  });

  test('splits a write batch that would pass 5 MB', async () => {
    const { excel, gateway } = setup(bookWith(3000));
    const read = await gateway.readSheet();
    excel.resetCounts();
    const long = 'y'.repeat(4000);
    await gateway.writeRows(read.ref, read.headers, read.rows.map((r) => errorsWrite(r.row, r.cells, long)));
    expect(excel.requests.length).toBeGreaterThan(2);
    for (const request of excel.requests) expect(request.requestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect(getCell(excel.workbook.activeSheet, 3000, 4)).toBe(long);
  });

  test('skips a row whose key changed since it was read (a sort, an insert), saying which and why', async () => {
    const { excel, gateway } = setup(bookWith(5));
    const read = await gateway.readSheet();
    excel.workbook.editCell('Deals', 2, 0, 'r-99'); // row 3 now holds another deal
    const report = await gateway.writeRows(read.ref, read.headers, read.rows.map((r) => errorsWrite(r.row, r.cells, 'checked')));
    expect(report.written).toEqual([2, 4, 5, 6]);
    expect(report.skipped).toEqual([{ row: 3, reason: 'row 3 changed since it was read (Referral ID was "r-2", now "r-99"); not written' }]);
    expect(getCell(excel.workbook.activeSheet, 2, 4)).toBe('');
    expect(getCell(excel.workbook.activeSheet, 3, 4)).toBe('checked');
  });

  test('writes nothing when the header row changed (a column was inserted)', async () => {
    const { excel, gateway } = setup(bookWith(3));
    const read = await gateway.readSheet();
    excel.workbook.editCell('Deals', 0, 1, 'Something else');
    const report = await gateway.writeRows(read.ref, read.headers, read.rows.map((r) => errorsWrite(r.row, r.cells, 'checked')));
    expect(report.written).toEqual([]);
    expect(report.aborted).toMatch(/header row of "Deals" changed .*column 2: "Something else".*nothing was written/);
    expect(getCell(excel.workbook.activeSheet, 1, 4)).toBe('');
  });

  test('marks the named cells, clears its own marks when the row is valid, and never touches a fill of the user', async () => {
    const book = bookWith(2);
    setFill(book.activeSheet, 1, 2, '#FFFF00'); // the user's yellow
    const { gateway } = setup(book);
    let read = await gateway.readSheet();
    await gateway.writeRows(read.ref, read.headers, [errorsWrite(2, read.rows[0].cells, 'bad', { on: [1, 2], mayHaveMarks: false })]);
    expect(getFill(book.activeSheet, 1, 1)).toBe(MARK_FILL);
    expect(getFill(book.activeSheet, 1, 2)).toBe('#FFFF00');

    read = await gateway.readSheet();
    await gateway.writeRows(read.ref, read.headers, [errorsWrite(2, read.rows[0].cells, '', { on: [], mayHaveMarks: true })]);
    expect(getFill(book.activeSheet, 1, 1)).toBeNull();
    expect(getFill(book.activeSheet, 1, 2)).toBe('#FFFF00');
  });

  test('adds new columns right of the last one and appends Deal log rows, creating the log sheet once', async () => {
    const { excel, gateway } = setup(bookWith(2));
    const read = await gateway.readSheet();
    const write = (row: number, text: string): RowWrite => ({ row, asRead: read.rows[row - 2].cells, set: { 5: text }, log: ['now', 'B1', 'Deals', row, text] });
    await gateway.writeRows(read.ref, read.headers, [write(2, 'Submitted')], { newColumns: ['Registration Status'], logHeaders: ['Time', 'Batch', 'Sheet', 'Row', 'Value'] });
    await gateway.writeRows({ ...read.ref, width: 6 }, [...read.headers, 'Registration Status'], [write(3, 'Approved')]);
    expect(getCell(excel.workbook.activeSheet, 0, 5)).toBe('Registration Status');
    expect(await gateway.readLog()).toEqual([
      ['Time', 'Batch', 'Sheet', 'Row', 'Value'],
      ['now', 'B1', 'Deals', 2, 'Submitted'],
      ['now', 'B1', 'Deals', 3, 'Approved'],
    ]);
  });

  test('adds a new column to the table the deals are in', async () => {
    const book = bookWith(2);
    book.activeSheet.tables.push({ name: 'Deals', row: 0, column: 0, rowCount: 3, columnCount: HEADERS.length });
    book.select({ row: 1, column: 0, rowCount: 1, columnCount: 1 });
    const { gateway } = setup(book);
    const read = await gateway.readSheet();
    await gateway.writeRows(read.ref, read.headers, [{ row: 2, asRead: read.rows[0].cells, set: { 5: 'Submitted' } }], { newColumns: ['Registration Status'] });
    expect(book.activeSheet.tables[0].columnCount).toBe(HEADERS.length + 1);
    expect(getCell(book.activeSheet, 0, 5)).toBe('Registration Status');
    expect(getCell(book.activeSheet, 1, 5)).toBe('Submitted');
  });

  test('selects a cell', async () => {
    const { excel, gateway } = setup(bookWith(3));
    const read = await gateway.readSheet();
    await gateway.selectCell(read.ref, 3, 2);
    expect(excel.workbook.selection).toEqual({ row: 2, column: 2, rowCount: 1, columnCount: 1 });
  });
});

describe('watching edits', () => {
  test("reports the rows a user's edit touched and ignores the add-in's own writes", async () => {
    const { excel, gateway } = setup(bookWith(3));
    const seen: number[][] = [];
    await gateway.watchChanges((_, rows) => seen.push(rows));
    const read = await gateway.readSheet();
    await gateway.writeRows(read.ref, read.headers, read.rows.map((r) => errorsWrite(r.row, r.cells, 'checked')));
    excel.workbook.editCell('Deals', 2, 1, 'edited');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([[3]]);
  });
});

describe('the stand-in keeps Excel’s rules', () => {
  test('reading a property that was not loaded and synced throws', async () => {
    const excel = createExcelStandIn(bookWith(1));
    await expect(
      excel.run(async (context) => {
        const range = context.workbook.worksheets.getActiveWorksheet().getRange('A1');
        range.load('values');
        return range.values; // before sync
      }),
    ).rejects.toMatchObject({ code: 'PropertyNotLoaded' });
  });

  test('setting values of the wrong shape throws', async () => {
    const excel = createExcelStandIn(bookWith(1));
    await expect(
      excel.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().getRange('A1:B1').values = [['only one']];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('a range’s used part is the smallest area of it holding values, or a null object (Range.getUsedRangeOrNullObject)', async () => {
    const book = bookWith(3);
    book.activeSheet.values[5] = ['', '', 'far below, third column'];
    const excel = createExcelStandIn(book);
    const [used, empty] = await excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      const ranges = [sheet.getRangeByIndexes(2, 1, 100, 2), sheet.getRangeByIndexes(20, 0, 100, 5)].map((r) => r.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,values,isNullObject'));
      await context.sync();
      return ranges.map((r) => (r.isNullObject ? null : { row: r.rowIndex, column: r.columnIndex, values: r.values }));
    });
    expect(used).toEqual({ row: 2, column: 1, values: [['value 2.1', 'value 2.2'], ['value 3.1', 'value 3.2'], ['', ''], ['', 'far below, third column']] });
    expect(empty).toBeNull();
  });

  test('counts every sync', async () => {
    const excel = createExcelStandIn(bookWith(1));
    await excel.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange('A1').load('values');
      await context.sync();
      await context.sync();
    });
    expect(excel.requests).toHaveLength(2);
  });
});
