import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { type Cell, type SheetGrid, checkSheet, createCatalog, createSheetContext } from '../../engine/index';
import { detectLayout, partnerCenterColumns } from '../../engine/sheet/partner-center-layouts';
import { type ImportPlan, type ImportSelection, formulaLike, importText, planImportFiles } from '../../engine/workflow/import-files';
import { importFileTexts } from '../../engine/io/import-files-writer';
import { loadRuleDir } from '../../engine/io/rule-files';
import { COMMITTED_FIXTURES, FIXTURE_DIR } from '../fixtures/partner-center/make-exports';
import { LAYOUT_NAMES, layoutHeaders } from '../fixtures/partner-center/layouts';
import { FIXTURE_CATALOG, withProductColumns } from './import-worked-sheet';

const ruleSet = loadRuleDir(path.join(__dirname, '..', '..', 'rules')).ruleSet!;
const catalog = createCatalog(FIXTURE_CATALOG).catalog!;

/** A fixture's records as an independent reader (papaparse) gives them. */
function fixtureRecords(file: string): string[][] {
  const text = fs.readFileSync(path.join(FIXTURE_DIR, file), 'utf8').replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
}

const gridOf = (records: readonly (readonly Cell[])[]): SheetGrid => ({ headers: records[0], rows: records.slice(1) });

async function plan(worked: SheetGrid, selection: ImportSelection, rowsPerFile?: number): Promise<ImportPlan> {
  const { context, problems } = createSheetContext(worked, { rules: ruleSet, catalog, today: '2023-06-12' });
  if (!context) throw new Error(problems.map((p) => p.message).join('; '));
  const result = planImportFiles({ grid: worked, outcomes: await checkSheet(worked, context), selection, rowsPerFile });
  if (result.kind !== 'plan') throw new Error(result.problems.map((p) => p.message).join('; '));
  return result;
}

/** The import files as papaparse reads them back: header row and records, per file. */
function readBack(p: ImportPlan): { text: string; records: string[][] }[] {
  return importFileTexts(p).map((text) => ({ text, records: Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data }));
}

const export2023 = fixtureRecords('2023-outbound.csv');
const col = (name: string) => export2023[0].indexOf(name);
/** The outbound 2023 export with the product's columns, and `edit` applied to a copy of its rows. */
function worked(edit: (rows: Cell[][]) => void = () => {}): SheetGrid {
  const records: Cell[][] = withProductColumns(export2023, 'Outbound');
  edit(records.slice(1));
  return gridOf(records);
}
const original: ImportSelection = { kind: 'changed', original: gridOf(export2023) };
/** Sheet rows (Excel numbering) whose status pair is `status`. */
const rowsWith = (status: string) => export2023.slice(1).flatMap((r, i) => (`${r[col('Partner Referral Status')]}/${r[col('Partner Referral Substatus')]}` === status ? [i + 2] : []));

describe('Partner Center layouts', () => {
  test.each(LAYOUT_NAMES)('the %s layout lists the columns of the fixtures generated in it, in their order', (layout) => {
    expect(partnerCenterColumns(layout)).toEqual(layoutHeaders(layout));
  });

  test.each(COMMITTED_FIXTURES.map((f) => [f.file, f.layout] as const))('%s is detected as the %s layout from its header row', (file, layout) => {
    const detected = detectLayout(fixtureRecords(file)[0]);
    expect(detected.kind === 'layout' && detected.layout).toBe(layout);
  });

  test('a 2023 sheet that still names the reason column "Declined/Lost reason" has it written under its 2023 name', () => {
    const headers = layoutHeaders('2023').map((h) => (h === 'Declined/Lost/Error reason' ? 'Declined/Lost reason' : h));
    const detected = detectLayout(headers);
    if (detected.kind !== 'layout') throw new Error('no layout');
    expect(detected.columns.find((c) => c.name === 'Declined/Lost/Error reason')).toEqual({ name: 'Declined/Lost/Error reason', index: headers.indexOf('Declined/Lost reason'), header: 'Declined/Lost/Error reason' });
  });

  test('a header row without the deal and status columns is in no layout, and says what it lacks', () => {
    expect(detectLayout(['Deal Name', 'Notes'])).toEqual({ kind: 'none', message: "the header row is not Partner Center's: it lacks Customer Name, Partner Referral Status, Partner Referral Substatus." });
  });
});

describe('import files: columns and cells', () => {
  test("only Partner Center's columns are written, in the export's order with Errors first and empty, whatever the sheet added or moved", async () => {
    // The analyst's sheet: Errors moved to the end (as a workbook appends it), the product's columns and one of their own in between.
    const records = withProductColumns(export2023, 'Outbound').map((r, i) => {
      const copy = [...r.slice(1, 20), i === 0 ? 'My notes' : 'mine', ...r.slice(20), r[0]];
      return copy;
    });
    const row = rowsWith('Active/Accepted')[3];
    records[row - 1][records[0].indexOf('Notes')] = 'Edited by the analyst';
    records[row - 1][records[0].indexOf('Errors')] = 'an old message';
    const p = await plan(gridOf(records), original);
    expect(p.files.flat().map((r) => r.row)).toEqual([row]);
    const [file] = readBack(p);
    expect(file.records[0]).toEqual(layoutHeaders('2023'));
    expect(file.records.slice(1).map((r) => r[0])).toEqual(file.records.slice(1).map(() => ''));
    expect(file.records[1][layoutHeaders('2023').indexOf('Notes')]).toBe('Edited by the analyst');
  });

  test('a file is UTF-8 with a BOM, CRLF after every record, quoted per RFC 4180, and reads back cell for cell', async () => {
    const rows = rowsWith('Active/Accepted').slice(0, 3);
    const p = await plan(worked(), { kind: 'rows', rows: new Set(rows), closedBefore: new Set() });
    const [file] = readBack(p);
    expect(file.text.startsWith('\uFEFFErrors,Engagement ID,')).toBe(true);
    expect(file.text.endsWith('\r\n')).toBe(true);
    expect(file.text.replace(/"[^"]*"/g, '').split('\r\n')).toHaveLength(rows.length + 2);
    rows.forEach((row, i) => expect(file.records[i + 1].slice(1)).toEqual(export2023[row - 1].slice(1)));
  });

  test('dates in date cells and date serials are written M/D/YYYY; amounts and dates written as text stay exactly as they were', () => {
    expect(importText(new Date(Date.UTC(2020, 0, 30)), 'Estimated Close Date')).toBe('1/30/2020');
    expect(importText(43860, 'Estimated Close Date')).toBe('1/30/2020');
    expect(importText('03/05/2021', 'Estimated Close Date')).toBe('03/05/2021');
    expect(importText('1,250,000', 'Estimated Deal Value')).toBe('1,250,000');
    expect(importText(12563.5, 'Estimated Deal Value')).toBe('12563.5');
    expect(importText(true, 'Microsoft help required?')).toBe('Yes');
  });

  test('numbers and phone numbers are data; anything else starting with = + - @ is formula-like', () => {
    for (const data of ['+49 89 1234567', '+1 (425) 555-0100', '-5', '-12,563.50', 'Contoso', '']) expect(formulaLike(data)).toBe(false);
    for (const formula of ['=1+1', '=HYPERLINK("http://x")', '@SUM(A1)', '+cmd|" /C calc"!A0', '-2+3', '- follow up with CFO', '\t=1']) expect(formulaLike(formula)).toBe(true);
  });
});

describe('import files: which rows', () => {
  test('with the original export, only rows whose Partner Center cells differ are written; product columns, Errors, amount and date formatting do not count', async () => {
    const [a, b, c, d] = rowsWith('Active/Accepted');
    const sheet = worked((rows) => {
      rows[a - 2][col('Estimated Close Date')] = new Date(`${String(rows[a - 2][col('Estimated Close Date')]).replace(/(\d+)\/(\d+)\/(\d+)/, '$3-$1-$2')}T00:00:00Z`);
      rows[b - 2][col('Errors')] = 'an old message';
      rows[b - 2][rows[b - 2].length - 2] = 'Private';
      rows[c - 2][col('Notes')] = 'Workshop booked for 14 June.';
      rows[d - 2][col('Sales Stage')] = '80';
    });
    const p = await plan(sheet, original);
    expect(p.files.flat().map((r) => r.row)).toEqual([c, d].filter((r) => p.files.flat().some((w) => w.row === r)));
    expect([...p.files.flat().map((r) => r.row), ...p.heldBack.map((h) => h.row)].sort((x, y) => x - y)).toEqual([c, d]);
    expect(p.counts).toMatchObject({ deals: 30, selected: 2, unchanged: 28 });
  });

  test('rows Partner Center would refuse are held back, each with its reason, and are in no file', async () => {
    const active = rowsWith('Active/Accepted');
    const [consentNo, formula, closed, invalid, good] = [active[0], active[1], rowsWith('Closed/Won')[0], active[2], active[3]];
    const sheet = worked((rows) => {
      rows[consentNo - 2][col('Consent to share Customer/Partner contact')] = 'No';
      rows[consentNo - 2][col('Microsoft help required?')] = 'No';
      rows[formula - 2][col('Notes')] = '=HYPERLINK("http://example.com","Call")';
      rows[closed - 2][col('Notes')] = 'Edited after the deal closed';
      rows[invalid - 2][col('Customer Country')] = 'USA';
      rows[good - 2][col('CRM ID')] = 'CRM-123456';
    });
    const p = await plan(sheet, original);
    const reasons = new Map(p.heldBack.map((h) => [h.row, h.reasons.join(' | ')]));
    expect(reasons.get(consentNo)).toContain('Consent to share Customer/Partner contact is No: Partner Center refuses the row');
    expect(reasons.get(formula)).toContain('Notes starts with "=": a spreadsheet opening the import file would run it as a formula');
    expect(reasons.get(closed)).toMatch(/^the deal was already Closed\/Won in the original export: Partner Center takes no edits to a closed deal/);
    expect(reasons.get(invalid)).toMatch(/^invalid: .*Customer Country/);
    expect(p.files.flat().map((r) => r.row)).toEqual([good]);
    const [file] = readBack(p);
    expect(file.records).toHaveLength(2);
    expect(file.records[1][col('CRM ID')]).toBe('CRM-123456');
  });

  test('a new 2023 deal (no Referral ID) needs Marketplace Purchase Intent; with it, it is written as new', async () => {
    const base = rowsWith('Active/Accepted')[4];
    const records: Cell[][] = withProductColumns(export2023, 'Outbound');
    const newDeal = (intent: string) => records[base - 1].map((cell, i) => (i === col('Referral ID') || i === col('Engagement ID') ? '' : i === col('Marketplace Purchase Intent') ? intent : i === col('Deal Name') ? `New deal ${intent || 'without intent'}` : cell));
    records.push(newDeal(''), newDeal('Have not decided'));
    const p = await plan(gridOf(records), original);
    expect(p.heldBack).toEqual([{ row: 32, dealName: 'New deal without intent', reasons: ['a new deal needs Marketplace Purchase Intent (Yes, No, Have not decided) to be created'] }]);
    expect(p.files.flat().map((r) => r.row)).toEqual([33]);
  });

  test('a Referral ID on two rows of the sheet holds both rows back', async () => {
    const [a, b] = rowsWith('Active/Accepted');
    const sheet = worked((rows) => {
      rows[b - 2][col('Referral ID')] = rows[a - 2][col('Referral ID')];
      rows[a - 2][col('Notes')] = 'changed';
    });
    const p = await plan(sheet, original);
    expect(p.heldBack.map((h) => h.row).sort((x, y) => x - y)).toEqual([a, b].sort((x, y) => x - y));
    expect(p.heldBack[0].reasons.join()).toContain(`is on rows ${Math.min(a, b)}, ${Math.max(a, b)} of the sheet`);
  });

  test('all valid rows: every valid open deal is written; closed deals are held back, since their earlier state is unknown', async () => {
    const p = await plan(worked(), { kind: 'all-valid' });
    const closed = export2023.slice(1).flatMap((r, i) => (r[col('Partner Referral Status')] === 'Closed' ? [i + 2] : []));
    const written = p.files.flat().map((r) => r.row);
    expect(written.length).toBeGreaterThan(0);
    for (const row of closed) expect(written).not.toContain(row);
    for (const row of closed) expect(p.heldBack.find((h) => h.row === row)?.reasons.join()).toContain('Partner Center takes no edits to a closed deal');
    expect(written.length + p.heldBack.length).toBe(30);
  });

  test('the Deal log selection: only the logged rows, a deal closed before the logged actions held back', async () => {
    const [active] = rowsWith('Active/Accepted');
    const [won] = rowsWith('Closed/Won');
    const p = await plan(worked(), { kind: 'rows', rows: new Set([active, won]), closedBefore: new Set([won]) });
    expect(p.files.flat().map((r) => r.row)).toEqual([active]);
    expect(p.heldBack.map((h) => [h.row, h.reasons])).toEqual([[won, ['the deal was already Closed before the logged actions: Partner Center takes no edits to a closed deal']]]);
  });

  test('files hold at most rowsPerFile rows each, in sheet order', async () => {
    const p = await plan(worked((rows) => rows.forEach((r) => (r[col('CRM ID')] = 'CRM-000001'))), original, 4);
    const rows = p.files.flat().map((r) => r.row);
    expect(p.files.map((f) => f.length)).toEqual([...Array(Math.floor(rows.length / 4)).fill(4), ...(rows.length % 4 ? [rows.length % 4] : [])]);
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
  });

  test('an original export in another layout, or without Referral IDs, is refused before anything is planned', async () => {
    const sheet = worked();
    const { context } = createSheetContext(sheet, { rules: ruleSet, catalog, today: '2023-06-12' });
    const outcomes = await checkSheet(sheet, context!);
    const feb = gridOf(fixtureRecords('feb-2021-outbound.csv'));
    expect(planImportFiles({ grid: sheet, outcomes, selection: { kind: 'changed', original: feb } })).toEqual({
      kind: 'unusable',
      problems: [{ source: 'original', message: 'the original export is in the Feb 2021 layout (it has none of the Sept 2021 or 2023 columns) and the sheet in the 2023 layout (it has Marketplace Purchase Intent): compare the sheet with the export it came from.' }],
    });
    const noIds = gridOf(export2023.map((r) => r.filter((_, i) => i !== col('Referral ID'))));
    expect(planImportFiles({ grid: sheet, outcomes, selection: { kind: 'changed', original: noIds } })).toMatchObject({ kind: 'unusable', problems: [{ source: 'original' }] });
  });
});
