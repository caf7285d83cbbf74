import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Papa from 'papaparse';
import { checkSheet, createSheetContext } from '../../engine/index';
import { parseCsv, readDealFile } from '../../engine/node';
import { runCli } from '../helpers/run-cli';
import { BASE_ROW, ROOT, TODAY, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';
import { tempDir } from '../helpers/temp-dir';
import { excelLikeRead, formulaCells, papaRead, trimmedRecords } from './csv-judges';

/**
 * CSV end to end: bytes on disk → readDealFile → check → DealFile.write → bytes on disk, judged by papaparse and
 * SheetJS (never by our own reader).
 */

const tmp = tempDir();
const EXAMPLE = path.join(ROOT, 'examples', 'deals.csv');
/** The example sheet as papaparse reads it: the independent view of its cells. */
const EXAMPLE_RECORDS = Papa.parse<string[]>(fs.readFileSync(EXAMPLE, 'utf8'), { delimiter: ',', newline: '\n', skipEmptyLines: 'greedy' }).data;
const NOTES = EXAMPLE_RECORDS[0].indexOf('Notes');
const COUNTRY = EXAMPLE_RECORDS[0].indexOf('Customer Country');

/** Writes records as Excel would (papaparse quotes only the cells that need it) and returns the file's path. */
function writeInput(name: string, records: string[][], options: { delimiter: string; newline: '\r\n' | '\n'; bom: boolean }): string {
  const file = path.join(tmp, name);
  const text = Papa.unparse(records, { delimiter: options.delimiter, newline: options.newline, quotes: false });
  fs.writeFileSync(file, (options.bom ? '\uFEFF' : '') + text + options.newline);
  return file;
}

/** Runs `check --out` through the API: read, check, write. Returns the output's bytes. */
async function checkAndWrite(input: string, out: string): Promise<Buffer> {
  const file = await readDealFile(input);
  const { context, problems } = createSheetContext(file.grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY, decimalComma: file.decimalComma });
  expect(problems).toEqual([]);
  await file.write(out, context!.map, await checkSheet(file.grid, context!));
  return fs.readFileSync(out);
}

describe('CSV files end to end (read, check, write)', () => {
  test('a UTF-8 byte order mark is kept, so Excel still reads München as München', async () => {
    const records = EXAMPLE_RECORDS.map((cells, r) => (r === 1 ? cells.map((c, i) => (i === NOTES ? 'Kunde in München' : c)) : cells));
    const input = writeInput('bom.csv', records, { delimiter: ',', newline: '\r\n', bom: true });
    const bytes = await checkAndWrite(input, path.join(tmp, 'bom.out.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { bom, errors, records: written } = papaRead(bytes.toString('utf8'), ',', '\r\n');
    expect([bom, errors]).toEqual([true, []]);
    expect(written[1][NOTES]).toBe('Kunde in München');
  });

  test('a file without a byte order mark gets none', async () => {
    const input = writeInput('no-bom.csv', EXAMPLE_RECORDS, { delimiter: ',', newline: '\r\n', bom: false });
    const bytes = await checkAndWrite(input, path.join(tmp, 'no-bom.out.csv'));
    expect(bytes.subarray(0, 6).toString('utf8')).toBe('Errors');
  });

  test('a bare LF inside a cell of a CRLF file (Excel: Alt+Enter) stays inside its cell for every reader; no formula cell appears', async () => {
    const injected = "line one\nline two =cmd|' /C calc'!A0";
    // Row 25 is invalid (Customer Country "USA"), so its Errors cell changes and the row is written afresh.
    const records = EXAMPLE_RECORDS.map((cells, r) => (r === 24 ? cells.map((c, i) => (i === NOTES ? injected : c)) : cells));
    expect(records[24][COUNTRY]).toBe('USA');
    const input = writeInput('alt-enter.csv', records, { delimiter: ',', newline: '\r\n', bom: false });
    const bytes = await checkAndWrite(input, path.join(tmp, 'alt-enter.out.csv'));
    const text = bytes.toString('utf8');
    const papa = papaRead(text, ',', '\r\n');
    expect(papa.errors).toEqual([]);
    expect(papa.records).toHaveLength(records.length);
    expect(papa.records[24][NOTES]).toBe(injected);
    expect(papa.records[24][0]).toMatch(/Customer Country/);
    // SheetJS, like Excel, ends a row at any line break outside quotes: it must see the same rows and cells.
    expect(excelLikeRead(text, ',')).toEqual(trimmedRecords(papa.records));
    expect(formulaCells(excelLikeRead(text, ','))).toEqual(formulaCells(trimmedRecords(records)));
    // Every cell of every row is the input's, but Errors.
    expect(papa.records.map((cells) => cells.slice(1))).toEqual(records.map((cells) => cells.slice(1)));
  });

  test.each([
    ['tab', '\t'],
    ['pipe', '|'],
  ])('a %s-delimited sheet is read (its required columns found) and written back with the same delimiter', async (_name, delimiter) => {
    const records = EXAMPLE_RECORDS.map((cells, r) => (r === 0 ? cells : cells.map((c, i) => (i === NOTES && c !== '' ? `${c}; 12,5 % off` : c))));
    const input = writeInput(`delimited-${_name}.csv`, records, { delimiter, newline: '\r\n', bom: false });
    const file = await readDealFile(input);
    expect(file.decimalComma).toBe(false);
    const bytes = await checkAndWrite(input, path.join(tmp, `delimited-${_name}.out.csv`));
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(fs.readFileSync(input, 'utf8').split('\r\n')[0]);
    const written = papaRead(text, delimiter, '\r\n');
    expect(written.errors).toEqual([]);
    expect(written.records.map((cells) => cells.slice(1))).toEqual(records.map((cells) => cells.slice(1)));
    // The same verdicts as for the comma-delimited original.
    const comma = papaRead((await checkAndWrite(EXAMPLE, path.join(tmp, `comma-${_name}.out.csv`))).toString('utf8'), ',', '\n');
    expect(written.records.map((cells) => cells[0])).toEqual(comma.records.map((cells) => cells[0]));
  });

  test('an untouched sheet is written back byte for byte, in whatever style it came (BOM, CRLF, every cell quoted)', async () => {
    const checked = papaRead((await checkAndWrite(EXAMPLE, path.join(tmp, 'checked.csv'))).toString('utf8'), ',', '\n').records;
    const valid = [checked[0], ...checked.slice(1).filter((cells) => cells[0] === '')];
    expect(valid.length).toBeGreaterThan(20);
    const input = path.join(tmp, 'all-quoted.csv');
    fs.writeFileSync(input, `\uFEFF${Papa.unparse(valid, { quotes: true, newline: '\r\n' })}\r\n`);
    const bytes = await checkAndWrite(input, path.join(tmp, 'all-quoted.out.csv'));
    expect(bytes.equals(fs.readFileSync(input))).toBe(true);
  });
});

describe('CSV rows that do not match the header row', () => {
  test('a cell right of the header in a longer row is kept: owned columns an action adds go right of every cell', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-ragged-'));
    const file = path.join(dir, 'ragged.csv');
    const example = parseCsv(fs.readFileSync(path.join(ROOT, 'examples', 'deals.csv'), 'utf8'), 'deals.csv');
    const drop = ['Sales Stage', 'Registration Status'].map((h) => example.grid.headers.indexOf(h));
    const keep = (cells: readonly unknown[]) => cells.filter((_, c) => !drop.includes(c)).map(String);
    // Every deal row carries one more cell than the header row: a note typed right of the table.
    const records = [keep(example.grid.headers), ...example.grid.rows.map((cells) => [...keep(cells), 'KEEP-ME'])];
    fs.writeFileSync(file, Papa.unparse(records, { newline: '\r\n' }) + '\r\n');
    const out = path.join(dir, 'out.csv');
    const run = await runCli('apply', file, '--out', out, '--today', TODAY);
    expect(run.stderr).toBe('');
    const written = Papa.parse<string[]>(fs.readFileSync(out, 'utf8'), { skipEmptyLines: true }).data;
    const noteAt = records[0].length; // the example sheet has its Errors column, so nothing shifts
    expect(written.slice(1).map((row) => row[noteAt])).toEqual(records.slice(1).map(() => 'KEEP-ME'));
    expect(written[0].slice(noteAt + 1)).toContain('Sales Stage');
  });

  test('a blank line stays blank when Errors is added', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-blank-'));
    const file = path.join(dir, 'blank.csv');
    const headers = Object.keys(BASE_ROW).filter((h) => h !== 'Errors');
    const row = headers.map((h) => BASE_ROW[h]);
    fs.writeFileSync(file, [Papa.unparse([headers, row]), '', Papa.unparse([row])].join('\r\n') + '\r\n');
    const out = path.join(dir, 'out.csv');
    const run = await runCli('check', file, '--out', out, '--today', TODAY);
    expect(run.stderr).toBe('');
    const lines = fs.readFileSync(out, 'utf8').split('\r\n');
    expect(lines[2]).toBe('');
    expect(lines[1].startsWith(',')).toBe(true); // the deals got their (empty) Errors cell
  });
});
