import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { type CatalogLoad, loadCatalog, resolveCatalog } from '../../engine/io/catalog-sources';
import { InputError } from '../../engine/io/input-error';
import { catalogFromSheet, solutionsSheetRows } from '../../engine/sheet/catalog-sheet';
import { solutionIdsInUse } from '../../engine/sheet/catalog-ids-in-use';
import { parseCsv } from '../../engine/io/csv-file';
import { ROOT } from '../helpers/deal-rows';
import { displayName } from '../../engine/io/rule-files';
import { tempDir } from '../helpers/temp-dir';

const tmp = tempDir();
const SAMPLE = path.join(ROOT, 'rules', 'catalog.json');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'partner-center');
const sample = JSON.parse(fs.readFileSync(SAMPLE, 'utf8')) as { solutions: { id: string; name: string; kind: string; incentiveEligible: boolean }[] };
const HEADERS = ['ID', 'Name', 'Kind', 'Incentive eligible'];
/** The sample catalog as sheet rows, the way an analyst types them. */
const SAMPLE_ROWS = sample.solutions.map((s) => [s.id, s.name, s.kind, s.incentiveEligible ? 'Yes' : 'No']);

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

/** A CSV as Excel's "CSV UTF-8" saves it: BOM, CRLF, quotes only where needed (papaparse writes it). */
function excelCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  return `\uFEFF${Papa.unparse(rows as string[][], { delimiter, newline: '\r\n' })}\r\n`;
}

/**
 * An .xlsx written by ExcelJS with the given sheets. (Not SheetJS: its files declare an .xlsb content type for
 * `.bin` parts they do not have, and the package guard refuses them as binary workbooks; see the report.)
 */
async function excelJsWorkbook(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A minimal .xlsx written by hand (fflate), inline strings only: no library of ours or theirs in between. */
function handWorkbook(sheetName: string, rows: readonly (readonly (string | boolean)[])[]): Uint8Array {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (c: number) => String.fromCharCode(65 + c);
  const sheetRows = rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => (typeof v === 'boolean' ? `<c r="${col(c)}${r + 1}" t="b"><v>${v ? 1 : 0}</v></c>` : `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>${escape(v)}</t></is></c>`)).join('')}</row>`)
    .join('');
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`),
  });
}

function solutionsOf(load: CatalogLoad) {
  if (load.kind !== 'catalog') throw new Error(`expected a catalog, got ${load.problems.join('\n')}`);
  return load.catalog.solutions;
}

function problemsOf(load: CatalogLoad): readonly string[] {
  if (load.kind !== 'problems') throw new Error('expected problems');
  return load.problems;
}

describe('the catalog from every source', () => {
  const expected = sample.solutions;

  test('the shipped JSON is the default and loads as it is', () => {
    const load = resolveCatalog({ input: path.join(tmp, 'deals.csv') });
    expect(load).toMatchObject({ kind: 'catalog', isDefault: true, pending: [] });
    expect(solutionsOf(load)).toEqual(expected);
  });

  test.each([
    ['a CSV saved by Excel (BOM, CRLF)', () => write('excel.csv', excelCsv([HEADERS, ...SAMPLE_ROWS]))],
    ['a ;-delimited CSV with LF endings and no BOM', () => write('semicolon.csv', `${Papa.unparse([HEADERS, ...SAMPLE_ROWS], { delimiter: ';', newline: '\n' })}\n`)],
    ['a CSV with the headers in another order and case, an extra column and Kind/Yes in other cases', () =>
      write('shuffled.csv', excelCsv([['incentive  ELIGIBLE?', 'Notes', 'kind', 'Solution ID', 'name'], ...SAMPLE_ROWS.map(([id, name, kind, yes]) => [yes.toUpperCase(), 'n/a', kind.replace('-', ' ').toUpperCase(), ` ${id} `, name])]))],
    ['an .xlsx written by ExcelJS (Solutions after the deals)', async () => write('exceljs.xlsx', await excelJsWorkbook({ Deals: [['Deal Name'], ['x']], Solutions: [HEADERS, ...SAMPLE_ROWS] }))],
    ['an .xlsx with Incentive eligible as TRUE/FALSE cells, sheet named in another case', async () => write('booleans.xlsx', await excelJsWorkbook({ SOLUTIONS: [HEADERS, ...sample.solutions.map((s) => [s.id, s.name, s.kind, s.incentiveEligible])] }))],
    ['an .xlsx written by hand (inline strings, boolean cells)', () => write('hand.xlsx', handWorkbook('Solutions', [HEADERS, ...sample.solutions.map((s) => [s.id, s.name, s.kind, s.incentiveEligible])]))],
  ])('%s loads the same catalog as the JSON', async (_, make) => {
    const load = loadCatalog(await make());
    expect(solutionsOf(load)).toEqual(expected);
    if (load.kind === 'catalog') expect(load.catalog.find('sol-1234-pqrs')?.kind).toBe('own');
  });

  test('a blank row is skipped; a row without Kind or Incentive eligible is pending, not in the catalog', () => {
    const file = write('pending.csv', excelCsv([HEADERS, SAMPLE_ROWS[0], ['', '', '', ''], ['SOL-9999-NEWX', 'New thing', '', ''], ['SOL-9998-HALF', '', 'own', '']]));
    const load = loadCatalog(file);
    expect(solutionsOf(load).map((s) => s.id)).toEqual(['SOL-1234-PQRS']);
    expect(load.kind === 'catalog' && load.pending).toEqual([
      { row: 4, id: 'SOL-9999-NEWX', missing: ['Kind', 'Incentive eligible'] },
      { row: 5, id: 'SOL-9998-HALF', missing: ['Incentive eligible'] },
    ]);
    expect(load.kind === 'catalog' && load.catalog.find('SOL-9999-NEWX')).toBeUndefined();
  });
});

describe('bad catalog rows are located problems, all at once', () => {
  const bad = [HEADERS, SAMPLE_ROWS[0], ['SOL-2', 'Two', 'ownn', 'Yes'], ['SOL-3', 'Three', 'own', 'maybe'], ['sol-1234-pqrs', 'Again', 'own', 'No'], ['', 'No ID', 'own', 'No'], ['SOL-4, USD', 'Comma', 'own', 'No']];
  const messages = (file: string, where: string) => [
    `${file}: ${where}row 3, column C "Kind": "ownn" is not a kind: write own, microsoft, third-party or assessment.`,
    `${file}: ${where}row 4, column D "Incentive eligible": "maybe" is not Yes or No.`,
    `${file}: ${where}row 5, column A "ID": the ID "sol-1234-pqrs" is listed twice (rows 2 and 5): keep one.`,
    `${file}: ${where}row 6, column A "ID": the ID is empty: each solution needs its ID, as the deal sheet writes it (e.g. SOL-1234-PQRS).`,
    `${file}: ${where}row 7, column A "ID": "SOL-4, USD" holds a comma, which a Solution cell of the deal sheet uses to separate the ID from the price: write the ID alone.`,
  ];

  test('in a CSV: file, row, column and header', () => {
    const file = write('bad.csv', excelCsv(bad));
    expect(problemsOf(loadCatalog(file))).toEqual(messages(displayName(file), ''));
  });

  test('in a workbook: file, sheet, row, column and header', async () => {
    const file = write('bad.xlsx', await excelJsWorkbook({ Deals: [['Deal Name']], Solutions: bad }));
    expect(problemsOf(loadCatalog(file))).toEqual(messages(displayName(file), 'sheet "Solutions", '));
  });

  test('a missing or repeated column is a problem in the header row', () => {
    const missing = write('missing.csv', excelCsv([['ID', 'Name'], ['SOL-1', 'x']]));
    expect(problemsOf(loadCatalog(missing))).toEqual([expect.stringMatching(/missing\.csv: row 1: missing columns Kind, Incentive eligible\. A solutions sheet has the columns ID, Name, Kind, Incentive eligible in row 1\.$/)]);
    const twice = write('twice.csv', excelCsv([['ID', 'Kind', 'Incentive eligible', 'kind'], ['SOL-1', 'own', 'Yes', 'own']]));
    expect(problemsOf(loadCatalog(twice))).toEqual([expect.stringMatching(/twice\.csv: row 1, column D "kind": the column Kind appears twice \(columns B and D\): keep one\.$/)]);
  });

  test('a broken JSON catalog keeps its line and column', () => {
    const file = write('broken.json', '{"solutions": [{"id": "A", "name": "a", "kind": "mine", "incentiveEligible": true}]}');
    expect(problemsOf(loadCatalog(file))).toEqual([expect.stringMatching(/broken\.json:1:\d+ \(\/solutions\/0\/kind\): "kind" must be one of own, microsoft, third-party, assessment\./)]);
  });

  test('what cannot be read at all is an input error naming the file', async () => {
    expect(() => loadCatalog(write('catalog.txt', 'x'))).toThrow(new InputError(`${displayName(path.join(tmp, 'catalog.txt'))}: a solution catalog is a .json, .csv or .xlsx file.`));
    expect(() => loadCatalog(path.join(tmp, 'nowhere.csv'))).toThrow(/nowhere\.csv: cannot read the solution catalog: no such file\./);
    expect(() => loadCatalog(write('latin1.csv', Buffer.from([0x49, 0x44, 0x0d, 0x0a, 0xe9])))).toThrow(/latin1\.csv: not UTF-8 text/);
    const noSolutions = write('nosolutions.xlsx', await excelJsWorkbook({ Deals: [['Deal Name']] }));
    expect(() => loadCatalog(noSolutions)).toThrow(/nosolutions\.xlsx: no sheet named "Solutions"/);
    expect(() => loadCatalog(write('notzip.xlsx', 'not a zip'))).toThrow(/notzip\.xlsx: not readable as an \.xlsx workbook/);
    expect(() => loadCatalog(write('quote.csv', 'ID,Kind,Incentive eligible\r\nSO"L,own,Yes\r\n'))).toThrow(/quote\.csv: line 2: not readable as CSV/);
  });
});

describe('which catalog a deal file gets', () => {
  test('a deal workbook with a Solutions sheet uses it; without one, the sample; --catalog wins over both', async () => {
    const own = write('own.xlsx', await excelJsWorkbook({ Deals: [['Deal Name']], Solutions: [HEADERS, ['SOL-1', 'One', 'own', 'Yes']] }));
    expect(resolveCatalog({ input: own })).toMatchObject({ kind: 'catalog', isDefault: false, source: `sheet "Solutions" of ${displayName(own)}` });
    expect(solutionsOf(resolveCatalog({ input: own })).map((s) => s.id)).toEqual(['SOL-1']);
    expect(resolveCatalog({ input: write('none.xlsx', await excelJsWorkbook({ Deals: [['Deal Name']] })) })).toMatchObject({ kind: 'catalog', isDefault: true });
    const csv = write('given.csv', excelCsv([HEADERS, ['SOL-2', 'Two', 'microsoft', 'No']]));
    expect(solutionsOf(resolveCatalog({ input: own, catalog: csv })).map((s) => s.id)).toEqual(['SOL-2']);
  });

  test('a deal workbook that cannot be opened falls back to the sample (the deal reader reports it)', () => {
    expect(resolveCatalog({ input: write('damaged.xlsx', 'nope') })).toMatchObject({ kind: 'catalog', isDefault: true });
    expect(resolveCatalog({ input: path.join(tmp, 'missing.xlsx') })).toMatchObject({ kind: 'catalog', isDefault: true });
  });
});

describe('a new Solutions sheet from the IDs a deal sheet uses', () => {
  test.each(['feb-2021-outbound.csv', 'sept-2021-inbound.csv', '2023-outbound.csv'])('%s: the IDs are what papaparse finds in its Solution columns', (name) => {
    const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    const independent = new Set<string>();
    for (const row of parsed.data) for (const [header, cell] of Object.entries(row)) if (/^Solution \d+$/.test(header) && cell.trim() !== '') independent.add(cell.split(',')[0].trim().toUpperCase());
    const ids = solutionIdsInUse(parseCsv(text, name).grid);
    expect(new Set(ids.map((id) => id.toUpperCase()))).toEqual(independent);
    expect(ids.length).toBe(independent.size);
  });

  test('rows are sorted, each ID once, filled in from the sample where it knows the ID; the sheet reads back as that catalog', () => {
    const { catalog } = { catalog: resolveCatalog({ input: 'x.csv' }) };
    if (catalog.kind !== 'catalog') throw new Error('sample');
    const rows = solutionsSheetRows(['SOL-9', 'sol-1234-pqrs', 'SOL-10', 'SOL-9', ' '], catalog.catalog);
    expect(rows).toEqual([HEADERS, ['SOL-9', '', '', ''], ['SOL-10', '', '', ''], ['SOL-1234-PQRS', 'Contoso Cloud Backup', 'own', 'Yes']]);
    const back = catalogFromSheet({ headers: rows[0], rows: rows.slice(1) });
    expect(back.kind === 'catalog' && back.catalog.solutions.map((s) => s.id)).toEqual(['SOL-1234-PQRS']);
    expect(back.kind === 'catalog' && back.pending.map((p) => p.id)).toEqual(['SOL-9', 'SOL-10']);
  });
});
