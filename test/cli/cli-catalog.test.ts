import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { TODAY } from '../helpers/deal-rows';
import { tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';
import { exampleWorkbook, saveWorkbook } from '../helpers/workbooks';

const tmp = tempDir();
const HEADERS = ['ID', 'Name', 'Kind', 'Incentive eligible'];
/** Row 14 of the example (r-5013, Fourth Coffee) is a won Co-sell deal on SOL-1234-PQRS that may be registered. */
const REGISTER_ROW = ['--sheet', 'Deals', '--row', '14', '--action', 'Register', '--today', TODAY];
const NOT_ELIGIBLE = [HEADERS, ['SOL-1234-PQRS', 'Contoso Cloud Backup', 'own', 'No']];

/** The example workbook (Pipeline notes, Deals), with a Solutions sheet when given its rows. */
async function dealWorkbook(name: string, solutions?: unknown[][]): Promise<string> {
  const book = exampleWorkbook();
  if (solutions) book.addWorksheet('Solutions').addRows(solutions);
  return saveWorkbook(book, path.join(tmp, name));
}

describe('cosell takes the catalog from the workbook, a CSV, an .xlsx or JSON', () => {
  test('without a Solutions sheet the shipped sample decides: row 14 may be registered', async () => {
    const input = await dealWorkbook('plain.xlsx');
    const { status, stdout } = await runCli('explain', input, ...REGISTER_ROW);
    expect(stdout).toMatch(/: Register: the policy allows it \(all 4 requirements met\)\.$/m);
    expect(status).toBe(0);
  });

  test("the deal workbook's own Solutions sheet is used when no --catalog is given", async () => {
    const input = await dealWorkbook('own.xlsx', NOT_ELIGIBLE);
    const explained = await runCli('explain', input, ...REGISTER_ROW);
    expect(explained.stdout).toMatch(/Not met:\n  - Register needs an incentive-eligible solution[^\n]*\n {6}register-needs-incentive-eligible-solution /);
    expect(explained.status).toBe(1);

    const checked = await runCli('check', input, '--sheet', 'Deals', '--today', TODAY);
    expect(checked.stdout).toMatch(/^Catalog: sheet "Solutions" of .*own\.xlsx, 1 solution\.$/m);
  });

  test('--catalog takes a CSV (as Excel saves it) or another workbook, and wins over the sheet', async () => {
    const input = await dealWorkbook('given.xlsx', NOT_ELIGIBLE);
    const csv = path.join(tmp, 'solutions.csv');
    fs.writeFileSync(csv, `\uFEFF${Papa.unparse([HEADERS, ['SOL-1234-PQRS', 'Contoso Cloud Backup', 'own', 'Yes']], { newline: '\r\n' })}\r\n`);
    expect((await runCli('explain', input, ...REGISTER_ROW, '--catalog', csv)).status).toBe(0);

    const other = await dealWorkbook('catalog-book.xlsx', NOT_ELIGIBLE);
    const plain = await dealWorkbook('plain-2.xlsx');
    expect((await runCli('explain', plain, ...REGISTER_ROW, '--catalog', other)).status).toBe(1);
    expect((await runCli('explain', plain, ...REGISTER_ROW, '--catalog', path.join(__dirname, '..', '..', 'rules', 'catalog.json'))).status).toBe(0);
  });

  test('a CSV deal sheet with a CSV catalog: check --out writes the same verdicts as with the equivalent JSON', async () => {
    const example = path.join(__dirname, '..', '..', 'examples', 'deals.csv');
    const json = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'rules', 'catalog.json'), 'utf8')) as { solutions: { id: string; name: string; kind: string; incentiveEligible: boolean }[] };
    const csv = path.join(tmp, 'catalog.csv');
    fs.writeFileSync(csv, `\uFEFF${Papa.unparse([HEADERS, ...json.solutions.map((s) => [s.id, s.name, s.kind, s.incentiveEligible ? 'Yes' : 'No'])], { newline: '\r\n' })}\r\n`);
    const [byJson, byCsv] = [path.join(tmp, 'by-json.csv'), path.join(tmp, 'by-csv.csv')];
    const a = await runCli('check', example, '--out', byJson, '--today', TODAY);
    const b = await runCli('check', example, '--out', byCsv, '--today', TODAY, '--catalog', csv);
    expect([a.status, b.status]).toEqual([1, 1]);
    const errors = (file: string) => Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true }).data.map((r) => r.Errors);
    expect(errors(byCsv)).toEqual(errors(byJson));
    expect(b.stdout).toMatch(/^Catalog: .*catalog\.csv, 8 solutions\.$/m);
    expect(a.stdout).not.toContain('Catalog:');
  });

  test('rows still to fill are named once on stderr and are not in the catalog', async () => {
    const input = await dealWorkbook('pending.xlsx', [HEADERS, ['SOL-1234-PQRS', 'Backup', 'own', 'Yes'], ['SOL-0000-XXXX', '', '', '']]);
    const { stderr, stdout } = await runCli('check', input, '--sheet', 'Deals', '--today', TODAY);
    expect(stderr).toMatch(/sheet "Solutions" of .*pending\.xlsx: 1 solution still without Kind or Incentive eligible, so not in the catalog yet: SOL-0000-XXXX \(row 3\)\./);
    expect(stdout).toMatch(/^Catalog: .*, 1 solution\.$/m);
  });

  test('a bad Solutions sheet is exit 2 naming the file, sheet, row and column, and nothing is written', async () => {
    const input = await dealWorkbook('bad.xlsx', [HEADERS, ['SOL-1234-PQRS', 'Backup', 'owned', 'Yes'], ['SOL-2', 'Two', 'own', 'Sometimes']]);
    const out = path.join(tmp, 'bad.out.xlsx');
    const { status, stderr } = await runCli('check', input, '--sheet', 'Deals', '--out', out, '--today', TODAY);
    expect(status).toBe(2);
    expect(stderr).toContain('the solution catalog cannot be used:');
    expect(stderr).toMatch(/bad\.xlsx: sheet "Solutions", row 2, column C "Kind": "owned" is not a kind: write own, microsoft, third-party or assessment\./);
    expect(stderr).toMatch(/bad\.xlsx: sheet "Solutions", row 3, column D "Incentive eligible": "Sometimes" is not Yes or No\./);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--catalog naming a workbook without a Solutions sheet, or another kind of file, is exit 2', async () => {
    const plain = await dealWorkbook('no-solutions.xlsx');
    const example = path.join(__dirname, '..', '..', 'examples', 'deals.csv');
    const noSheet = await runCli('check', example, '--catalog', plain, '--today', TODAY);
    expect(noSheet).toMatchObject({ status: 2, stderr: expect.stringMatching(/no-solutions\.xlsx: no sheet named "Solutions"/) });
    const txt = path.join(tmp, 'catalog.txt');
    fs.writeFileSync(txt, 'ID');
    expect(await runCli('check', example, '--catalog', txt, '--today', TODAY)).toMatchObject({ status: 2, stderr: expect.stringContaining('a solution catalog is a .json, .csv or .xlsx file.') });
  });

  test('check --out on a workbook with a Solutions sheet leaves that sheet as it was (SheetJS reads it back)', async () => {
    const solutions = [HEADERS, ['SOL-1234-PQRS', 'Contoso Cloud Backup', 'own', 'Yes'], ['SOL-2001-AZDM', 'Migration', 'own', 'Yes']];
    const input = await dealWorkbook('kept.xlsx', solutions);
    const out = path.join(tmp, 'kept.out.xlsx');
    await runCli('check', input, '--sheet', 'Deals', '--out', out, '--today', TODAY);
    const book = XLSX.read(fs.readFileSync(out));
    expect(book.SheetNames).toEqual(['Pipeline notes', 'Deals', 'Solutions']);
    expect(XLSX.utils.sheet_to_json(book.Sheets.Solutions, { header: 1 })).toEqual(solutions);
  });
});
