import * as path from 'node:path';
import * as fs from 'node:fs';
import { TODAY, ROOT } from '../helpers/deal-rows';
import { OWNED_KEYS, headerOf } from '../../engine/index';
import { tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';
import * as XLSX from 'xlsx';
import { exampleWorkbook, loadWorkbook, saveWorkbook, sheetValues, zipEntries } from '../helpers/workbooks';

const tmp = tempDir();

describe('cosell on .xlsx workbooks', () => {
  test('check adds Errors as the last column, moving nothing, and keeps cells, types and the other sheets', async () => {
    const input = await saveWorkbook(exampleWorkbook(), path.join(tmp, 'deals.xlsx'));
    const out = path.join(tmp, 'deals.checked.xlsx');
    const { status, stderr } = await runCli('check', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    expect(status).toBe(1);
    expect(stderr).toContain('the new Errors column is column AT of sheet "Deals", right of the used range');

    const before = sheetValues((await loadWorkbook(input)).getWorksheet('Deals')!);
    const written = await loadWorkbook(out);
    const after = sheetValues(written.getWorksheet('Deals')!);
    expect(after[0].at(-1)).toBe('Errors');
    expect(after.map((row) => row.slice(0, -1))).toEqual(before);
    expect(after.slice(1).filter((row) => row.at(-1) !== null && row.at(-1) !== '').length).toBe(6);
    const close = (after[0] as string[]).indexOf('Estimated Close Date');
    expect(after[1][close]).toBeInstanceOf(Date);

    expect(written.worksheets.map((w) => w.name)).toEqual(['Pipeline notes', 'Deals']);
    const notes = written.getWorksheet('Pipeline notes')!;
    expect(notes.getCell('A1').value).toBe('Quarterly pipeline review');
    expect(notes.getCell('A1').font?.bold).toBe(true);
  });

  test('apply changes owned cells only', async () => {
    const input = await saveWorkbook(exampleWorkbook(), path.join(tmp, 'apply.xlsx'));
    const out = path.join(tmp, 'apply.out.xlsx');
    const { status, stdout } = await runCli('apply', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    expect(status).toBe(1);
    expect(stdout).toContain('16 actions applied, 9 refused');
    const before = sheetValues((await loadWorkbook(input)).getWorksheet('Deals')!);
    const after = sheetValues((await loadWorkbook(out)).getWorksheet('Deals')!);
    const headers = after[0] as string[];
    const owned = new Set(OWNED_KEYS.map(headerOf));
    before.forEach((row, r) => row.forEach((cell, c) => !owned.has(headers[c]) && expect([r, headers[c], after[r][c]]).toEqual([r, headers[c], cell])));
    expect(after[1][headers.indexOf('Sales Stage')]).toBe('Proposed');
    expect(after[1][headers.indexOf('Action')]).toBeNull(); // cleared cells are empty, not empty strings
    expect(after[5][headers.indexOf('Partner Referral Status')]).toBe('Active');
  });

  test('reads the first sheet without --sheet, and names the sheets when --sheet is wrong', async () => {
    const input = await saveWorkbook(exampleWorkbook(), path.join(tmp, 'sheets.xlsx'));
    const first = await runCli('check', input, '--today', TODAY);
    expect(first.status).toBe(2);
    expect(first.stderr).toMatch(/sheets\.xlsx: row 1: Missing required columns/);
    const wrong = await runCli('check', input, '--sheet', 'Pipeline', '--today', TODAY);
    expect(wrong).toMatchObject({ status: 2, stderr: expect.stringContaining('no sheet named "Pipeline"; the workbook has "Pipeline notes", "Deals".') });
  });

  test('with formulas in the workbook, Errors is added last so no reference moves', async () => {
    const input = await saveWorkbook(exampleWorkbook({ formula: true }), path.join(tmp, 'formulas.xlsx'));
    const out = path.join(tmp, 'formulas.out.xlsx');
    const { stderr } = await runCli('check', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    expect(stderr).toContain('the new Errors column is column AT');
    const written = await loadWorkbook(out);
    const after = sheetValues(written.getWorksheet('Deals')!);
    expect((after[0] as string[]).at(-1)).toBe('Errors');
    expect(written.getWorksheet('Pipeline notes')!.getCell('A2').value).toMatchObject({ formula: 'SUM(B2:B3)' });
  });

  test('a file that is not a workbook is unusable input', async () => {
    const input = path.join(tmp, 'fake.xlsx');
    fs.writeFileSync(input, 'not a zip');
    expect(await runCli('check', input)).toMatchObject({ status: 2, stderr: expect.stringContaining('fake.xlsx: not readable as an .xlsx workbook') });
  });

  test('a list drop-down, conditional format and merge stay on the cells they covered (Errors no longer shifts columns)', async () => {
    const workbook = exampleWorkbook();
    const deals = workbook.getWorksheet('Deals')!;
    const headers = (deals.getRow(1).values as unknown[]).slice(1) as string[];
    const letter = (header: string) => deals.getColumn(headers.indexOf(header) + 1).letter;
    const status = letter('Partner Referral Status');
    for (let r = 2; r <= 37; r++) deals.getCell(`${status}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"New,Active,Closed"'] };
    deals.addConditionalFormatting({ ref: `${letter('Estimated Deal Value')}2:${letter('Estimated Deal Value')}37`, rules: [{ type: 'cellIs', operator: 'greaterThan', formulae: ['50000'], priority: 1, style: { font: { bold: true } } }] });
    deals.mergeCells('A40:C40');
    deals.getCell('A40').value = 'Reviewed by Priya';
    const input = await saveWorkbook(workbook, path.join(tmp, 'validations.xlsx'));
    const out = path.join(tmp, 'validations.out.xlsx');
    await runCli('check', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);

    // judged by SheetJS and the raw sheet XML
    const sheet = XLSX.read(fs.readFileSync(out)).Sheets.Deals;
    const xml = (await zipEntries(fs.readFileSync(out))).get('xl/worksheets/sheet2.xml')!.toString('utf8');
    const headerAt = (ref: string) => sheet[`${ref.replace(/[\d:].*$/, '')}1`]?.v;
    const sqrefs = [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
    expect(sqrefs.length).toBeGreaterThan(0);
    for (const sqref of sqrefs) for (const range of sqref.split(' ')) expect(headerAt(range)).toBe('Partner Referral Status');
    expect(headerAt(/<conditionalFormatting sqref="([^"]+)"/.exec(xml)![1])).toBe('Estimated Deal Value');
    expect(/<mergeCell ref="([^"]+)"/.exec(xml)![1]).toBe('A40:C40');
    expect(sheet.A40.v).toBe('Reviewed by Priya');
  });

  test('a title merged over empty cells right of the data does not hide the new Errors header: it goes right of the merge', async () => {
    const workbook = exampleWorkbook();
    const deals = workbook.getWorksheet('Deals')!;
    const width = deals.getRow(1).cellCount; // the deals reach this column (AT)
    const col = (offset: number) => deals.getColumn(width + offset).letter;
    deals.mergeCells(`${col(6)}1:${col(8)}2`); // "Quarter summary" over AZ1:BB2, as a user's own block right of the table
    deals.getCell(`${col(6)}1`).value = 'Quarter summary';
    deals.getCell(`${col(6)}3`).value = { formula: 'COUNTA(A:A)', result: 37 };
    deals.getCell(`${col(7)}3`).value = 'checked monthly';
    const input = await saveWorkbook(workbook, path.join(tmp, 'merged-title.xlsx'));
    const out = path.join(tmp, 'merged-title.out.xlsx');
    const { stderr } = await runCli('check', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    expect(stderr).toContain(`the new Errors column is column ${col(9)}`);

    // judged by SheetJS and the raw sheet XML: the merge is as it was, and Errors heads the first column right of it
    const sheet = XLSX.read(fs.readFileSync(out)).Sheets.Deals;
    const xml = (await zipEntries(fs.readFileSync(out))).get('xl/worksheets/sheet2.xml')!.toString('utf8');
    expect([...xml.matchAll(/<mergeCell ref="([^"]+)"/g)].map((m) => m[1])).toEqual([`${col(6)}1:${col(8)}2`]);
    expect(sheet[`${col(9)}1`]?.v).toBe('Errors');
    expect(sheet[`${col(6)}1`]?.v).toBe('Quarter summary');
    expect(sheet[`${col(7)}3`]?.v).toBe('checked monthly');
    const verdicts = Array.from({ length: 36 }, (_, i) => sheet[`${col(9)}${i + 2}`]?.v).filter((v) => typeof v === 'string' && v !== '');
    expect(verdicts).toHaveLength(6); // the six invalid example deals have their problems in the new column
  });

  test('an Action column filled down as a shared formula does not crash apply: its cells are left as they are', async () => {
    const workbook = exampleWorkbook();
    const deals = workbook.getWorksheet('Deals')!;
    const headers = (deals.getRow(1).values as unknown[]).slice(1) as string[];
    const action = deals.getColumn(headers.indexOf('Action') + 1).letter;
    deals.getCell(`${action}2`).value = { formula: 'IF(TRUE,"Stage Proposed","")', result: 'Stage Proposed', shareType: 'shared', ref: `${action}2:${action}4` } as never;
    // the clones' cached results name no action, so they are refused and only the master would be cleared
    deals.getCell(`${action}3`).value = { sharedFormula: `${action}2`, result: 'Hold' } as never;
    deals.getCell(`${action}4`).value = { sharedFormula: `${action}2`, result: 'Hold' } as never;
    const input = await saveWorkbook(workbook, path.join(tmp, 'shared.xlsx'));
    const out = path.join(tmp, 'shared.out.xlsx');
    const { status, stderr } = await runCli('apply', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    expect(status).toBe(1);
    expect(stderr).toContain(`Deals!${action}2 (Action) holds a formula; left as it is`);
    const sheet = XLSX.read(fs.readFileSync(out), { cellFormula: true }).Sheets.Deals;
    expect([sheet[`${action}2`].f, sheet[`${action}3`].f]).toEqual(['IF(TRUE,"Stage Proposed","")', 'IF(TRUE,"Stage Proposed","")']);
  });

  test('a Sales Stage typed as 40% and date serials in General format read as the cell shows them', async () => {
    const workbook = exampleWorkbook();
    const deals = workbook.getWorksheet('Deals')!;
    const headers = (deals.getRow(1).values as unknown[]).slice(1) as string[];
    const cell = (header: string, row: number) => deals.getCell(row, headers.indexOf(header) + 1);
    expect(cell('Sales Stage', 2).value).toBe('Developed');
    cell('Sales Stage', 2).value = 0.4;
    cell('Sales Stage', 2).numFmt = '0%';
    cell('Estimated Close Date', 2).value = 46417; // 1/30/2027, General format
    cell('Created Date', 2).value = 46279.5; // 9/14/2026 at noon, General format
    const input = await saveWorkbook(workbook, path.join(tmp, 'formats.xlsx'));
    const { stdout } = await runCli('explain', input, '--row', '2', '--sheet', 'Deals', '--today', TODAY);
    expect(stdout).toMatch(/: Valid: all \d+ validation requirements are met\.$/m);
    const out = path.join(tmp, 'formats.out.xlsx');
    await runCli('apply', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    const sheet = XLSX.read(fs.readFileSync(out), { cellNF: true }).Sheets.Deals;
    const stage = sheet[XLSX.utils.encode_cell({ r: 1, c: headers.indexOf('Sales Stage') })];
    expect([stage.v, stage.z]).toEqual([0.6, '0%']); // Stage Proposed, written as the number the % cell holds
  });

  test('the example workbook checks like the example CSV', async () => {
    const { stdout } = await runCli('check', path.join(ROOT, 'examples', 'deals.xlsx'), '--today', TODAY);
    expect(stdout).toContain('deals.xlsx: 36 deals: 30 valid, 6 invalid.');
  });
});
