import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { parseCsv } from '../../engine/node';
import { ExcelGateway } from '../../addin/excel/excel-gateway';
import { SheetsGateway } from '../../addin/excel/sheets-gateway';
import { createExcelStandIn } from '../../addin/excel/stand-in/excel-stand-in';
import { StandInWorkbook } from '../../addin/excel/stand-in/stand-in-workbook';
import { workbookFromGrid } from '../../addin/excel/stand-in/workbook-from-grid';
import { WorkbookCatalog, solutionIdsOfSheet } from '../../addin/session/workbook-catalog';
import { ROOT } from '../helpers/deal-rows';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'partner-center', '2023-outbound.csv');
const SAMPLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'catalog.json'), 'utf8')) as { solutions: { id: string; name: string; kind: string; incentiveEligible: boolean }[] };
const HEADERS = ['ID', 'Name', 'Kind', 'Incentive eligible'];

/** A raw Partner Center export opened in Excel (the stand-in), and the pane's gateways on it. */
function openExport(extra?: (book: StandInWorkbook) => void) {
  const book = workbookFromGrid('Deals', parseCsv(fs.readFileSync(FIXTURE, 'utf8'), FIXTURE).grid);
  extra?.(book);
  const excel = createExcelStandIn(book);
  return { book, excel, deals: new ExcelGateway(excel), catalogs: new WorkbookCatalog(new SheetsGateway(excel)) };
}

/** The IDs in the export's Solution columns, found by papaparse, not by the product. */
function idsByPapaparse(): string[] {
  const rows = Papa.parse<Record<string, string>>(fs.readFileSync(FIXTURE, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
  const ids = new Map<string, string>();
  for (const row of rows) for (const [header, cell] of Object.entries(row)) if (/^Solution \d+$/.test(header) && cell.trim()) ids.set(cell.split(',')[0].trim().toUpperCase(), cell.split(',')[0].trim());
  return [...ids.values()];
}

/** A sheet's rows as read, trailing empty cells dropped. */
function valuesOf(book: StandInWorkbook, name: string): unknown[][] {
  const sheet = book.findSheet(name)!;
  return sheet.values.map((row) => {
    const cells = Array.from(row, (v) => v ?? '');
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    return cells;
  });
}

describe('the pane’s catalog: the workbook’s Solutions sheet', () => {
  test('absent: the bundled sample is used, and the pane says how to keep one', async () => {
    const { catalogs, excel } = openExport();
    expect(await catalogs.readWorkbookCatalog()).toEqual({ kind: 'absent' });
    expect(excel.requests).toHaveLength(1);
    const inUse = await catalogs.catalogInUse();
    expect(inUse).toMatchObject({ source: 'bundled', description: 'Using the bundled sample catalog (8 solutions). Create a "Solutions" sheet to keep your own.' });
    expect(inUse.document.solutions).toEqual(SAMPLE.solutions);
  });

  test('created pre-filled with the IDs the deal sheet uses, drop-downs on Kind and Incentive eligible, and read back as that catalog', async () => {
    const { book, excel, deals, catalogs } = openExport();
    const ids = solutionIdsOfSheet(await deals.readSheet());
    expect(new Set(ids.map((i) => i.toUpperCase()))).toEqual(new Set(idsByPapaparse().map((i) => i.toUpperCase())));

    excel.resetCounts();
    const report = await catalogs.createSolutionsSheet(ids);
    expect(excel.requests).toHaveLength(2); // one to see the name is free, one to create and fill
    const known = SAMPLE.solutions.filter((s) => ids.some((id) => id.toUpperCase() === s.id.toUpperCase()));
    expect(report).toEqual({ kind: 'created', sheetName: 'Solutions', ids: ids.length, prefilled: known.length });
    expect(known.length).toBeGreaterThan(0);
    expect(book.activeSheet.name).toBe('Deals'); // the deal sheet stays in front

    const rows = valuesOf(book, 'Solutions');
    expect(rows[0]).toEqual(HEADERS);
    expect(rows.slice(1).map((r) => r[0])).toEqual([...ids].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true })));
    for (const s of known) expect(rows.find((r) => r[0] === s.id)).toEqual([s.id, s.name, s.kind, s.incentiveEligible ? 'Yes' : 'No']);
    for (const r of rows.slice(1)) if (!known.some((s) => s.id === r[0])) expect(r).toEqual([r[0]]);

    const sheet = book.findSheet('Solutions')!;
    expect(sheet.validations).toEqual([
      { area: { row: 1, column: 2, rowCount: 1_048_575, columnCount: 1 }, rule: { list: { inCellDropDown: true, source: 'own,microsoft,third-party,assessment' } }, errorAlert: expect.objectContaining({ showAlert: true, style: 'Stop' }) },
      { area: { row: 1, column: 3, rowCount: 1_048_575, columnCount: 1 }, rule: { list: { inCellDropDown: true, source: 'Yes,No' } }, errorAlert: expect.objectContaining({ showAlert: true, style: 'Stop' }) },
    ]);

    const read = await catalogs.readWorkbookCatalog();
    if (read.kind !== 'catalog') throw new Error(`expected a catalog: ${JSON.stringify(read)}`);
    expect(read.catalog.solutions.map((s) => s.id)).toEqual(known.map((s) => s.id).sort());
    expect(read.pending.map((p) => p.id).sort()).toEqual(ids.filter((id) => !known.some((s) => s.id.toUpperCase() === id.toUpperCase())).sort());
    expect((await catalogs.catalogInUse()).warning).toMatch(/still have no Kind or Incentive eligible, so they are unknown until filled in: /);

    // The analyst picks from the drop-downs: the IDs become known.
    rows.slice(1).forEach((r, i) => {
      if (r.length === 1) {
        book.editCell('Solutions', i + 1, 2, 'third-party');
        book.editCell('Solutions', i + 1, 3, 'No');
      }
    });
    const filled = await catalogs.readWorkbookCatalog();
    expect(filled.kind === 'catalog' && filled.catalog.solutions.length).toBe(ids.length);
    expect(filled.kind === 'catalog' && filled.pending).toEqual([]);
  });

  test('IDs Excel would take for a formula, a number or a date are written as text and read back as written', async () => {
    const { book, catalogs } = openExport();
    const ids = ['=HYPERLINK("x")', '-SOL-1', '+44', '12345', "'quoted", 'Jan 5', 'SOL-1234-PQRS'];
    expect((await catalogs.createSolutionsSheet(ids)).kind).toBe('created');
    const sheet = book.findSheet('Solutions')!;
    const written = sheet.values.slice(1).map((r) => r[0]);
    expect(written.every((v) => typeof v === 'string')).toBe(true);
    expect(new Set(written)).toEqual(new Set(ids));
    const read = await catalogs.readWorkbookCatalog();
    expect(read.kind === 'catalog' && [...read.pending.map((p) => p.id), ...read.catalog.solutions.map((s) => s.id)].sort()).toEqual([...ids].sort());
  });

  test('never overwrites a Solutions sheet: one there already, whatever its case, is left exactly as it was', async () => {
    const mine = [['My own list'], ['ID', 'Kind'], ['X', 'own']];
    const { book, excel, catalogs } = openExport((b) => b.addSheet('solutions', mine));
    excel.resetCounts();
    expect(await catalogs.createSolutionsSheet(['SOL-1234-PQRS'])).toEqual({ kind: 'exists', sheetName: 'solutions' });
    expect(excel.requests).toHaveLength(1);
    expect(valuesOf(book, 'solutions')).toEqual(mine);
    expect(book.sheets.map((s) => s.name)).toEqual(['Deals', 'solutions']);
  });

  test('a Solutions sheet the user adds between the pane’s check and its write is not touched', async () => {
    const { book, excel, catalogs } = openExport();
    excel.beforeSync = (n) => {
      if (n === 1) book.addSheet('Solutions', [['Typed by the user']]);
    };
    expect(await catalogs.createSolutionsSheet(['SOL-1234-PQRS'])).toEqual({ kind: 'exists', sheetName: 'Solutions' });
    expect(valuesOf(book, 'Solutions')).toEqual([['Typed by the user']]);
    expect(book.findSheet('Solutions')!.validations).toEqual([]);
  });

  test('a sheet the analyst keeps anywhere on the tab (headers in B3) is read from its used range; problems name the cells Excel shows', async () => {
    const { catalogs } = openExport((b) => {
      const sheet = b.addSheet('Solutions');
      const put = (r: number, cells: string[]) => cells.forEach((v, c) => ((sheet.values[r] ??= [])[c + 1] = v));
      put(2, ['Incentive eligible', 'Kind', 'ID', 'Name']);
      put(3, ['yes', 'Own', 'SOL-1234-PQRS', 'Backup']);
      put(4, ['No', 'partner', 'SOL-5', 'Five']);
    });
    const read = await catalogs.readWorkbookCatalog();
    expect(read).toMatchObject({ kind: 'problems', sheetName: 'Solutions' });
    expect(read.kind === 'problems' && read.problems.map((p) => p.text)).toEqual(['Sheet "Solutions", row 5, column C "Kind": "partner" is not a kind: write own, microsoft, third-party or assessment.']);
    const inUse = await catalogs.catalogInUse();
    expect(inUse).toMatchObject({ source: 'bundled', warning: expect.stringContaining('The sheet "Solutions" cannot be used as the catalog: Sheet "Solutions", row 5, column C "Kind"') });
  });

  test('a valid sheet gives the catalog and its plain document, which rebuilds the same catalog (for the rules worker)', async () => {
    const { catalogs } = openExport((b) => b.addSheet('Solutions', [HEADERS, ...SAMPLE.solutions.map((s) => [s.id, s.name, s.kind, s.incentiveEligible ? 'Yes' : 'No'])]));
    const inUse = await catalogs.catalogInUse();
    expect(inUse).toMatchObject({ source: 'workbook', description: 'Sheet "Solutions": 8 solutions.' });
    expect(JSON.parse(JSON.stringify(inUse.document))).toEqual({ solutions: SAMPLE.solutions });
  });
});
