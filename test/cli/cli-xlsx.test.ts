import * as path from 'node:path';
import * as fs from 'node:fs';
import { TODAY, ROOT } from '../helpers/deal-rows';
import { OWNED_KEYS, headerOf } from '../../engine/index';
import { tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';
import { exampleWorkbook, loadWorkbook, saveWorkbook, sheetValues } from '../helpers/workbooks';

const tmp = tempDir();

describe('cosell on .xlsx workbooks', () => {
  test('check adds Errors as the first column and keeps cells, types and the other sheets', async () => {
    const input = await saveWorkbook(exampleWorkbook(), path.join(tmp, 'deals.xlsx'));
    const out = path.join(tmp, 'deals.checked.xlsx');
    const { status } = await runCli('check', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    expect(status).toBe(1);

    const before = sheetValues((await loadWorkbook(input)).getWorksheet('Deals')!);
    const written = await loadWorkbook(out);
    const after = sheetValues(written.getWorksheet('Deals')!);
    expect(after[0][0]).toBe('Errors');
    expect(after.map((row) => row.slice(1))).toEqual(before);
    expect(after.slice(1).filter((row) => row[0] !== null && row[0] !== '').length).toBe(6);
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
    expect(stdout).toContain('15 actions applied, 10 refused');
    const before = sheetValues((await loadWorkbook(input)).getWorksheet('Deals')!);
    const after = sheetValues((await loadWorkbook(out)).getWorksheet('Deals')!);
    const headers = after[0] as string[];
    const owned = new Set(OWNED_KEYS.map(headerOf));
    before.forEach((row, r) => row.forEach((cell, c) => !owned.has(headers[c + 1]) && expect([r, headers[c + 1], after[r][c + 1]]).toEqual([r, headers[c + 1], cell])));
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
    expect(stderr).toContain('the new Errors column was added last');
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

  test('the example workbook checks like the example CSV', async () => {
    const { stdout } = await runCli('check', path.join(ROOT, 'examples', 'deals.xlsx'), '--today', TODAY);
    expect(stdout).toContain('deals.xlsx: 36 deals: 30 valid, 6 invalid.');
  });
});
