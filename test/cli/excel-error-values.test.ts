/**
 * A cell that shows an Excel error (a formula that failed: #NAME?, #N/A …) holds no value: the row is invalid, said
 * in words, and the value never reaches an import file. The workbook is written by exceljs, with cached error
 * results as Excel stores them (`t="e"`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exampleWorkbook, saveWorkbook } from '../helpers/workbooks';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

const dir = tempDir();

test('a Deal Name showing #NAME? and one showing #N/A make their rows invalid, and neither reaches the import file', async () => {
  const workbook = exampleWorkbook();
  const deals = workbook.getWorksheet('Deals')!;
  const nameColumn = (deals.getRow(1).values as unknown[]).indexOf('Deal Name');
  deals.getRow(2).getCell(nameColumn).value = { formula: 'CONCATENATE(B2,XX)', result: { error: '#NAME?' } } as never;
  deals.getRow(3).getCell(nameColumn).value = { formula: 'VLOOKUP(A3,Z:Z,2,FALSE)', result: { error: '#N/A' } } as never;
  const file = await saveWorkbook(workbook, path.join(dir, 'deals.xlsx'));

  const { status, stdout } = await runCli('check', file, '--sheet', 'Deals', '--today', '2026-11-23');
  expect(status).toBe(1);
  expect(stdout).toMatch(/row 2: Deal Name: an Excel error \(such as #N\/A or #NAME\?\) shows where a value belongs/);
  expect(stdout).toMatch(/row 3: Deal Name: an Excel error \(such as #N\/A or #NAME\?\) shows where a value belongs/);

  const out = path.join(dir, 'import');
  fs.mkdirSync(out);
  const imported = await runCli('import-files', file, '--sheet', 'Deals', '--all-valid', '--out-dir', out, '--today', '2026-11-23');
  expect(imported.stderr).toBe('');
  expect(fs.readdirSync(out).length).toBeGreaterThan(0);
  const written = fs.readdirSync(out).map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n');
  expect(written).not.toMatch(/#NAME\?|#N\/A/);
});
