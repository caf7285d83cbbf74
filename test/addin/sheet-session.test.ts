import * as fs from 'node:fs';
import { bundledRulesVersion } from '../../addin/rules/bundled-rules';
import { createSheetContext, describeRuleSet, pipelineOf } from '../../engine/index';
import { shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';
import * as path from 'node:path';
import { parseCsv } from '../../engine/node';
import { MARK_FILL } from '../../addin/excel/cell-marks';
import { LOG_SHEET } from '../../addin/excel/deal-log-sheet';
import { ExcelGateway } from '../../addin/excel/excel-gateway';
import { memorySettings } from '../../addin/excel/settings-store';
import { createExcelStandIn } from '../../addin/excel/stand-in/excel-stand-in';
import { getCell, getFill } from '../../addin/excel/stand-in/stand-in-workbook';
import { workbookFromGrid } from '../../addin/excel/stand-in/workbook-from-grid';
import { inThreadRules } from '../../addin/rules/rules-client';
import { type DealInsight } from '../../addin/rules/rules-host';
import { LOG_HEADERS, SheetSession } from '../../addin/session/sheet-session';
import { repeatedExample } from '../helpers/generated-sheet';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'deals.csv');

/** examples/deals.csv as Excel would open it, with the Errors column emptied (as a fresh export has none). */
function openExample() {
  const grid = parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid;
  const book = workbookFromGrid('Deals', { headers: grid.headers.slice(1), rows: grid.rows.map((r) => r.slice(1)) });
  const excel = createExcelStandIn(book);
  const gateway = new ExcelGateway(excel);
  const session = new SheetSession({ gateway, rules: inThreadRules(), today: () => '2026-11-23', now: () => new Date('2026-11-23T09:30:00Z'), rulesVersion: 'bundled #test' });
  const sheet = book.activeSheet;
  const header = (name: string) => sheet.values[0].indexOf(name);
  const cell = (row: number, name: string) => getCell(sheet, row - 1, header(name));
  const select = (row: number) => book.select({ row: row - 1, column: 0, rowCount: 1, columnCount: 1 });
  return { book, excel, session, sheet, header, cell, select };
}

describe('Check sheet', () => {
  test('writes an Errors column, marks the named cells and counts valid and invalid deals, as the CLI does', async () => {
    const { session, sheet, header, cell } = openExample();
    const report = await session.check();
    expect(report.summary).toMatchObject({ rows: 36, valid: 30, invalid: 6 });
    expect(sheet.values[0][sheet.values[0].length - 1]).toBe('Errors'); // a new last column: nothing shifts
    expect(cell(25, 'Errors')).toMatch(/^Customer Country must be a two-letter ISO 3166 code/);
    expect(cell(2, 'Errors')).toBe('');
    expect(getFill(sheet, 24, header('Currency'))).toBe(MARK_FILL);
    expect(getFill(sheet, 24, header('Deal Name'))).toBeNull();
    expect(report.byRule[0].rows).toBeGreaterThanOrEqual(1);
    expect(report.problems.find((p) => p.row === 25 && p.header === 'Currency')?.message).toMatch(/Currency must be an ISO 4217 code/);
  });

  test('clears the marks of a row that becomes valid when it is checked again', async () => {
    const { book, session, sheet, header, cell } = openExample();
    await session.check();
    book.editCell('Deals', 24, header('Customer Country'), 'US');
    book.editCell('Deals', 24, header('Currency'), 'USD');
    book.editCell('Deals', 24, header('Estimated Close Date'), '12/31/2026');
    await session.recheckRows([25]);
    expect(cell(25, 'Errors')).toBe('');
    expect(getFill(sheet, 24, header('Currency'))).toBeNull();
  });

  test('names the header problems of a sheet it cannot check, and writes nothing', async () => {
    const { book, session, excel } = openExample();
    book.activate('Deals');
    excel.workbook.editCell('Deals', 0, 0, 'Deal Name'); // a second "Deal Name"
    const report = await session.check();
    expect(report.headerProblems[0]).toMatch(/The header "Deal Name" appears twice/);
    expect(book.activeSheet.values[0]).not.toContain('Errors');
  });

  test('selects the cell a problem names', async () => {
    const { book, session, header } = openExample();
    const report = await session.check();
    const problem = report.problems.find((p) => p.row === 25 && p.header === 'Currency')!;
    await session.selectProblem(problem);
    expect(book.selection).toMatchObject({ row: 24, column: header('Currency') });
  });
});

describe('requests to Excel', () => {
  test('a 5,000-deal sheet is checked in three requests, none near 5 MB', async () => {
    const excel = createExcelStandIn(workbookFromGrid('Deals', repeatedExample(5000)));
    const session = new SheetSession({ gateway: new ExcelGateway(excel), rules: inThreadRules(), today: () => '2026-11-23', rulesVersion: 'test' });
    const report = await session.check();
    expect(report.summary.rows).toBe(5000);
    // One read (the sheet found and read whole: it fits one response); then the guarded write (re-read, write).
    expect(excel.requests).toHaveLength(3);
    expect(excel.requests[0].operations).toContain('load Range.rowIndex,columnIndex,rowCount,columnCount,isNullObject,values');
    expect(excel.requests[1].operations.filter((op) => op === 'set values')).toEqual([]); // the guard only reads
    expect(excel.requests[2].operations).toContain('set values');
    for (const request of excel.requests) {
      expect(request.requestBytes).toBeLessThan(4 * 1024 * 1024);
      expect(request.responseBytes).toBeLessThan(4 * 1024 * 1024);
    }
  });
});

describe('the selected deal', () => {
  test('shows a received co-sell deal with Accept allowed and Decline refused with its reasons', async () => {
    const { session, select } = openExample();
    select(6);
    const insight = (await session.inspectSelection()) as DealInsight;
    expect(insight).toMatchObject({ row: 6, state: 'New/Received', dealType: 'Co-sell', valid: true });
    const choices = insight.actions.flatMap((a) => a.choices);
    const accept = choices.find((c) => c.text === 'Accept')!;
    expect(accept).toMatchObject({ allowedRows: 1, reasons: [] });
    const decline = choices.find((c) => c.text === 'Decline')!;
    expect(decline.allowedRows).toBe(0);
    expect(decline.reasons.join(' ')).toMatch(/Declined\/Lost reason/);
    expect(insight.stages).toEqual([]); // a received deal: stages and registration come after Accept
    expect(insight.registration).toEqual({ kind: 'not-relevant' });
  });

  test('Accept advances the row in place, clears its Action cell (which asked for Accept) and logs the batch', async () => {
    const { book, session, select, cell } = openExample();
    select(6);
    const report = (await session.applyToSelection('Accept'))!;
    expect(report.rows).toEqual([{ row: 6, action: 'Accept', applied: true, reasons: [] }]);
    expect([cell(6, 'Partner Referral Status'), cell(6, 'Partner Referral Substatus'), cell(6, 'Sales Stage')]).toEqual(['Active', 'Accepted', 'Accepted']);
    expect(cell(6, 'Action')).toBe(''); // the row asked for Accept: done, as apply would clear it
    const log = book.findSheet(LOG_SHEET)!;
    expect(log.values[0]).toEqual([...LOG_HEADERS]);
    expect(log.values[1].slice(2, 6)).toEqual(['Deals', 6, 'Referral ID r-5005', 'Accept']);
    expect(JSON.parse(String(log.values[1][6]))).toMatchObject({ 'Partner Referral Status': 'New', 'Partner Referral Substatus': 'Received' });
    expect(JSON.parse(String(log.values[1][7]))).toMatchObject({ 'Partner Referral Status': 'Active', 'Partner Referral Substatus': 'Accepted' });
    expect(log.values[1][8]).toBe('bundled #test');
  });

  test('an action acts on every area of a ctrl-click selection, each row once, and on nothing between them', async () => {
    const { book, session, cell } = openExample();
    const row = (n: number) => ({ row: n - 1, column: 0, rowCount: 1, columnCount: 3 });
    book.select([row(2), row(13), { row: 1, column: 4, rowCount: 1, columnCount: 1 }]); // rows 2 and 13 (2 twice)
    const insight = (await session.inspectSelection())!;
    expect(insight.selectedRows).toBe(2);
    const report = (await session.applyToSelection('Stage Proposed'))!;
    expect(report.rows.map((r) => [r.row, r.applied])).toEqual([[2, true], [13, true]]);
    expect([2, 3, 4, 11, 13].map((n) => cell(n, 'Sales Stage'))).toEqual(['Proposed', 'Qualified', 'Accepted', 'Negotiated', 'Proposed']);
  });

  test('the Deal log reads for people: a local date-time cell, the stage asked for, each change before → after', async () => {
    const { book, session, select } = openExample();
    select(2); // Active/Accepted at Developed
    await session.applyToSelection('Stage Proposed');
    const log = book.findSheet(LOG_SHEET)!;
    const at = (header: (typeof LOG_HEADERS)[number]) => log.values[1][LOG_HEADERS.indexOf(header)];
    // 2026-11-23T09:30:00Z as Excel stores a local date-time, shown with a date-time format.
    const now = new Date('2026-11-23T09:30:00Z');
    const local = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours(), now.getMinutes()) / 86_400_000 + 25_569;
    expect(at('Time')).toBeCloseTo(local, 6);
    expect(log.numberFormats.get('1,0')).toBe('yyyy-mm-dd hh:mm:ss');
    expect(at('Action')).toBe('Stage → Proposed');
    expect(at('Changes')).toBe('Sales Stage: Developed → Proposed; Action: Stage Proposed → (empty)');
  });

  test('an action refused by the policy changes no owned cell and says why', async () => {
    const { session, select, cell } = openExample();
    select(6);
    const report = (await session.applyToSelection('Decline'))!;
    expect(report.rows[0]).toMatchObject({ applied: false });
    expect(cell(6, 'Partner Referral Status')).toBe('New');
    expect(cell(6, 'Errors')).toMatch(/^Decline refused: /);
  });

  test('a refusal is logged with its reasons, and Undo passes over it to the batch that changed the sheet', async () => {
    const { book, session, select, cell } = openExample();
    select(6);
    await session.applyToSelection('Accept');
    select(5);
    await session.applyToSelection('Decline'); // a received deal, but Decline needs a Declined/Lost reason
    const log = book.findSheet(LOG_SHEET)!;
    const at = (row: number, header: (typeof LOG_HEADERS)[number]) => log.values[row][LOG_HEADERS.indexOf(header)];
    expect([at(1, 'Action'), at(1, 'Outcome')]).toEqual(['Accept', 'Applied']);
    expect([at(2, 'Action'), at(2, 'Outcome'), at(2, 'Row')]).toEqual(['Decline', 'Refused', 5]);
    expect(at(2, 'Changes')).toMatch(/^Refused: \S/);
    expect([at(2, 'Before'), at(2, 'After')]).toEqual(['{}', '{}']);
    const undo = await session.undoLastBatch();
    expect(undo.refused).toBeUndefined();
    expect(undo.restored).toEqual([6]);
    expect(cell(6, 'Partner Referral Substatus')).toBe('Received');
    expect(at(3, 'Action')).toBe('Undo Accept');
  });

  test('a log holding only refusals leaves nothing to undo', async () => {
    const { book, session, select } = openExample();
    select(6);
    await session.applyToSelection('Decline');
    expect(book.findSheet(LOG_SHEET)!.values[1][LOG_HEADERS.indexOf('Outcome')]).toBe('Refused');
    expect((await session.undoLastBatch()).refused).toBe('There is no batch to undo in the Deal log.');
  });

  test('an action applies to every selected row and reports per row', async () => {
    const { book, session } = openExample();
    book.select({ row: 4, column: 0, rowCount: 3, columnCount: 1 }); // rows 5–7: two received, one pending
    const report = (await session.applyToSelection('Accept'))!;
    expect(report.rows.map((r) => [r.row, r.applied])).toEqual([
      [5, expect.any(Boolean)],
      [6, true],
      [7, expect.any(Boolean)],
    ]);
    expect(report.rows.filter((r) => !r.applied).every((r) => r.reasons.length > 0)).toBe(true);
  });

  test("a button acts only on the selected rows whose state offers its action: the others are neither written nor logged", async () => {
    const { book, session, cell } = openExample();
    book.select({ row: 1, column: 0, rowCount: 5, columnCount: 1 }); // rows 2–6: row 2 is Active/Accepted, row 6 received
    const errorsBefore = cell(2, 'Errors');
    const report = (await session.applyToSelection('Accept'))!;
    expect(report.leftAlone).toContain(2);
    expect(report.rows.map((r) => r.row)).not.toContain(2);
    expect(report.rows.find((r) => r.row === 6)).toMatchObject({ applied: true });
    expect(cell(2, 'Errors')).toBe(errorsBefore);
    const log = book.findSheet(LOG_SHEET)!;
    expect(log.values.slice(1).map((r) => r[LOG_HEADERS.indexOf('Row')])).not.toContain(2);
  });
});

describe('Apply the Action column', () => {
  test('does what the CLI apply does, in place', async () => {
    const { session, cell } = openExample();
    const report = await session.applyActionColumn(true);
    expect(report.summary).toMatchObject({ applied: 17, refused: 9 });
    expect(cell(6, 'Partner Referral Substatus')).toBe('Accepted');
    expect(cell(6, 'Action')).toBe(''); // done: the request is cleared
  });
});

describe('Undo last batch', () => {
  test('restores the owned cells the batch wrote, and logs the undo', async () => {
    const { book, session, select, cell } = openExample();
    select(6);
    await session.applyToSelection('Accept');
    const undo = await session.undoLastBatch();
    expect(undo.refused).toBeUndefined();
    expect(undo.restored).toEqual([6]);
    expect([cell(6, 'Partner Referral Status'), cell(6, 'Partner Referral Substatus'), cell(6, 'Sales Stage')]).toEqual(['New', 'Received', '']);
    expect(book.findSheet(LOG_SHEET)!.values[2][5]).toBe('Undo Accept');
    expect((await session.undoLastBatch()).refused).toBe('There is no batch to undo in the Deal log.');
  });

  test('finds the rows after a sort', async () => {
    const { book, session, select, cell } = openExample();
    select(6);
    await session.applyToSelection('Accept');
    // The user sorts: rows 5 and 6 swap.
    const values = book.activeSheet.values;
    [values[4], values[5]] = [values[5], values[4]];
    const undo = await session.undoLastBatch();
    expect(undo.restored).toEqual([5]);
    expect(cell(5, 'Partner Referral Substatus')).toBe('Received');
  });

  test('refuses, naming the rows, when a row no longer holds what the batch wrote', async () => {
    const { book, session, select, header, cell } = openExample();
    select(6);
    await session.applyToSelection('Accept');
    book.editCell('Deals', 5, header('Sales Stage'), 'Qualified');
    const undo = await session.undoLastBatch();
    expect(undo.restored).toEqual([]);
    expect(undo.refused).toMatch(/row 6 \(Referral ID r-5005\): Sales Stage is now "Qualified", the batch wrote "Accepted"/);
    expect(cell(6, 'Partner Referral Substatus')).toBe('Accepted');
  });
});

describe('Pipeline view', () => {
  test('is the engine\'s pipelineOf on the sheet: every currency apart, an invalid currency flagged', async () => {
    const { session } = openExample();
    const result = await session.pipeline();
    if (result.kind !== 'pipeline') throw new Error(result.reason);
    const grid = parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid;
    const { context } = createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: '2026-11-23' });
    const { kind: _kind, ...pane } = result;
    expect(pane).toEqual(pipelineOf(grid, context!));
    expect(result.currencies.map((c) => c.currency)).toEqual(['USD', 'EUR', 'GBP', 'AUD', 'CAD', 'SEK']);
    expect(result.leftOut.invalidCurrency).toEqual([{ currency: 'US$', rows: [25] }]);
  });
});

describe('the rule set in the Deal log', () => {
  test('the bundled rules are named as the CLI names them, without loading them on the UI thread', () => {
    expect(bundledRulesVersion()).toBe(describeRuleSet(shippedRuleSet()));
  });
});

describe('a Deal view button and the row\'s own Action cell', () => {
  test('performing what the Action cell asks for clears it, so a later Apply does not ask again', async () => {
    const { session, cell, select } = openExample();
    expect(cell(6, 'Action')).toBe('Accept');
    select(6);
    const report = (await session.applyToSelection('Accept'))!;
    expect(report.summary).toMatchObject({ applied: 1, refused: 0 });
    expect([cell(6, 'Partner Referral Substatus'), cell(6, 'Action'), cell(6, 'Errors') ?? '']).toEqual(['Accepted', '', '']);
    const again = await session.applyActionColumn(false);
    expect(again.rows.filter((r) => r.row === 6)).toEqual([]);
    expect(cell(6, 'Errors') ?? '').toBe('');
  });

  test('another request in the Action cell stays for Apply', async () => {
    const { book, session, header, cell, select } = openExample();
    book.editCell('Deals', 5, header('Action'), 'Decline'); // row 6, New/Received: the analyst asked to decline
    select(6);
    await session.applyToSelection('Accept');
    expect([cell(6, 'Partner Referral Substatus'), cell(6, 'Action')]).toEqual(['Accepted', 'Decline']);
  });
});

describe('drop-down lists', () => {
  test('are put on the columns with a vocabulary, never over the user\'s own validation, and removed exactly', async () => {
    const { session, sheet, header } = openExample();
    // The user's own list on Deal Type's deal rows.
    const own = { area: { row: 1, column: header('Deal Type'), rowCount: 36, columnCount: 1 }, rule: { list: { inCellDropDown: true, source: 'Mine,Yours' } } };
    sheet.validations.push(own);
    const report = await session.addDropDowns();
    expect(report.kept).toEqual(['Deal Type']);
    expect(report.added).toEqual(expect.arrayContaining(['Partner Referral Status', 'Sales Stage', 'Direction', 'Action']));
    const status = sheet.validations.find((v) => v.area.column === header('Partner Referral Status'))!;
    expect(status).toMatchObject({ area: { row: 1, rowCount: 36, columnCount: 1 }, rule: { list: { inCellDropDown: true, source: 'New,Active,Closed' } }, errorAlert: { style: 'Warning' } });
    expect(await session.removeDropDowns()).toMatchObject({ sheetName: 'Deals', removed: report.added, changed: [], missing: [] });
    expect(sheet.validations).toEqual([own]);
  });
});

describe('drop-down lists after the pane was closed', () => {
  /** The workbook saved with its settings and opened again: a new gateway and session on what was saved. */
  function reopen(excel: ReturnType<typeof createExcelStandIn>, settings: ReturnType<typeof memorySettings>) {
    const again = memorySettings(settings.saved);
    return { settings: again, session: new SheetSession({ gateway: new ExcelGateway(excel), rules: inThreadRules(), today: () => '2026-11-23', rulesVersion: 'bundled #test', settings: again }) };
  }

  function withSettings() {
    const opened = openExample();
    const settings = memorySettings();
    const session = new SheetSession({ gateway: new ExcelGateway(opened.excel), rules: inThreadRules(), today: () => '2026-11-23', rulesVersion: 'bundled #test', settings });
    const own = { area: { row: 1, column: opened.header('Deal Type'), rowCount: 36, columnCount: 1 }, rule: { list: { inCellDropDown: true, source: 'Mine,Yours' } } };
    opened.sheet.validations.push(own);
    return { ...opened, settings, session, own };
  }

  test('a new pane on the saved workbook offers the lists and removes exactly them, the user\'s own kept', async () => {
    const { excel, sheet, settings, session, own } = withSettings();
    const report = await session.addDropDowns();
    const next = reopen(excel, settings);
    expect(next.session.addedDropDowns()).toEqual([{ sheetName: 'Deals', headers: report.added }]);
    expect(await next.session.removeDropDowns()).toEqual({ sheetName: 'Deals', removed: report.added, changed: [], missing: [] });
    expect(sheet.validations).toEqual([own]);
    // Removed: the workbook no longer lists them.
    expect(reopen(excel, next.settings).session.addedDropDowns()).toEqual([]);
  });

  test('a list the user changed after it was added is kept, said, and no longer the pane\'s', async () => {
    const { excel, sheet, header, settings, session, own } = withSettings();
    await session.addDropDowns();
    const stage = sheet.validations.find((v) => v.area.column === header('Sales Stage'))!;
    stage.rule = { list: { inCellDropDown: true, source: 'Proposed,Won' } };
    const next = reopen(excel, settings);
    const removal = await next.session.removeDropDowns();
    expect(removal.changed).toEqual(['Sales Stage']);
    expect(removal.removed).not.toContain('Sales Stage');
    expect(sheet.validations).toEqual([own, stage]);
    expect(next.session.addedDropDowns()).toEqual([]);
  });

  test('a column moved since is found again by its header', async () => {
    const { excel, sheet, header, settings, session, own } = withSettings();
    const report = await session.addDropDowns();
    // The user drags Action to the first column: its cells and its list move with it.
    const from = header('Action');
    for (const row of sheet.values) row.unshift(...row.splice(from, 1));
    const moved = (column: number) => (column === from ? 0 : column < from ? column + 1 : column);
    sheet.validations = sheet.validations.map((v) => ({ ...v, area: { ...v.area, column: moved(v.area.column) } }));
    expect(sheet.validations.find((v) => v.area.column === 0)?.rule?.list?.source).toMatch(/^Accept,/);
    const removal = await reopen(excel, settings).session.removeDropDowns();
    expect(removal.removed).toEqual(expect.arrayContaining(report.added));
    expect(sheet.validations).toEqual([{ ...own, area: { ...own.area, column: moved(own.area.column) } }]);
  });

  test('on another sheet, nothing is removed and the pane names the sheet the lists are on', async () => {
    const { book, excel, sheet, settings, session } = withSettings();
    await session.addDropDowns();
    const count = sheet.validations.length;
    book.addSheet('Other', [['Deal Name', 'Action'], ['X', '']]);
    book.activate('Other');
    await expect(reopen(excel, settings).session.removeDropDowns()).rejects.toThrow('The drop-down lists the pane added are on the sheet "Deals": open it and remove them again.');
    expect(sheet.validations).toHaveLength(count);
  });

  test('adding again says the lists are already there, not that they are the user\'s', async () => {
    const { session } = withSettings();
    const first = await session.addDropDowns();
    const again = await session.addDropDowns();
    expect(again).toEqual({ added: [], kept: ['Deal Type'], already: first.added });
  });
});
