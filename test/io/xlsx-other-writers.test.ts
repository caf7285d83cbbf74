import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { ROOT, TODAY } from '../helpers/deal-rows';
import { tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

/** Workbooks made by other programs than ours open, and keep every cell we do not own. */
const tmp = tempDir();

test('a workbook SheetJS wrote (it declares .bin as a binary sheet type, with no such part) is read, checked and written', async () => {
  const csv = fs.readFileSync(path.join(ROOT, 'examples', 'deals.csv'), 'utf8');
  const book = XLSX.read(csv, { type: 'string', raw: true });
  const input = path.join(tmp, 'sheetjs.xlsx');
  fs.writeFileSync(input, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
  const out = path.join(tmp, 'sheetjs.checked.xlsx');
  const run = await runCli('check', input, '--today', TODAY, '--out', out);
  expect(run.stderr).not.toMatch(/binary workbook/);
  expect(run.status).toBe(1);
  const before = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: '' });
  const written = XLSX.read(fs.readFileSync(out));
  const after = XLSX.utils.sheet_to_json<string[]>(written.Sheets[written.SheetNames[0]], { header: 1, raw: true, defval: '' });
  const errors = before[0].indexOf('Errors'); // the example sheet has its Errors column
  const unowned = (rows: string[][]) => rows.map((row) => row.filter((_, c) => c !== errors));
  expect(after[0]).toEqual(before[0]);
  expect(unowned(after)).toEqual(unowned(before));
  expect(after.slice(1).filter((row) => row[errors] !== '').length).toBe(6);
});
