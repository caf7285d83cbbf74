import * as fs from 'node:fs';
import * as path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { XMLParser } from 'fast-xml-parser';
import { readXlsx, writeCells } from '../../engine/io/xlsx-file';
import { formulaCells } from '../../engine/io/xlsx/formula-cells';
import { checkXml } from '../../engine/io/xlsx/xml-check';
import { XmlProblem, scanTags } from '../../engine/io/xlsx/xml-text';
import { readZip } from '../../engine/io/xlsx/zip-archive';
import { ZipRewriteFailure, rewriteZip } from '../../engine/io/xlsx/zip-rewrite';
import { InputError } from '../../engine/io/input-error';
import { TODAY } from '../helpers/deal-rows';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';
import { exampleWorkbook, rawWorkbook } from '../helpers/workbooks';

/**
 * Workbooks crafted the way a reviewer attacked the .xlsx writer: part names in another case, array formulas
 * and data tables, a used range reaching Excel's last column, XML built to make a scanner quadratic, and
 * DOCTYPE entities. Outputs are judged by SheetJS, fflate and fast-xml-parser, never only by our own reader.
 */
jest.setTimeout(30_000); // the CLI runs below take a few seconds on a loaded 2-core machine
const tmp = tempDir();
const DEALS = 'xl/worksheets/sheet2.xml'; // the example workbook's "Deals" sheet, as ExcelJS names it
const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Deal Name</t></is></c></row>';

/** The example workbook (Pipeline notes, Deals) as bytes, with some parts' text edited. */
async function exampleBytes(edits: Record<string, (text: string) => string> = {}): Promise<Buffer> {
  const bytes = Buffer.from(await exampleWorkbook().xlsx.writeBuffer());
  return editPackage(bytes, edits);
}

/** A package with some parts' text edited, rebuilt with fflate. */
function editPackage(bytes: Uint8Array, edits: Record<string, (text: string) => string>): Buffer {
  const entries = unzipSync(bytes);
  for (const [name, edit] of Object.entries(edits)) {
    if (!(name in entries)) throw new Error(`no part ${name}`);
    entries[name] = strToU8(edit(strFromU8(entries[name])));
  }
  return Buffer.from(zipSync(entries));
}

/** The sheet XML with the cell `ref` replaced by `cell`. */
function replaceCell(xml: string, ref: string, cell: string): string {
  const pattern = new RegExp(`<c r="${ref}"[^>]*?(?:/>|>.*?</c>)`);
  if (!pattern.test(xml)) throw new Error(`no cell ${ref}`);
  return xml.replace(pattern, cell);
}

function save(name: string, bytes: Uint8Array): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** A cell's value as SheetJS reads it (undefined when empty). */
function sheetJs(bytes: Uint8Array, ref: string): unknown {
  return (XLSX.read(bytes, { type: 'buffer' }).Sheets.Deals[ref] as XLSX.CellObject | undefined)?.v;
}

function elapsed<T>(run: () => T): { ms: number; result: T | Error } {
  const started = performance.now();
  let result: T | Error;
  try {
    result = run();
  } catch (error) {
    result = error as Error;
  }
  return { ms: performance.now() - started, result };
}

describe('part names are case-insensitive: the write replaces the very entry the reader read', () => {
  test('apply on a workbook whose relationship says worksheets/Sheet2.xml writes into the entry xl/worksheets/sheet2.xml', async () => {
    const relsEdit = { 'xl/_rels/workbook.xml.rels': (t: string) => t.replace('Target="worksheets/sheet2.xml"', 'Target="worksheets/Sheet2.xml"') };
    const input = save('case.xlsx', await exampleBytes(relsEdit));
    const reference = save('case-reference.xlsx', await exampleBytes());
    const out = path.join(tmp, 'case.out.xlsx');
    const outReference = path.join(tmp, 'case-reference.out.xlsx');
    const run = await runCli('apply', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    await runCli('apply', reference, '--out', outReference, '--sheet', 'Deals', '--today', TODAY);
    expect(run.stdout).toContain('16 actions applied');

    const written = fs.readFileSync(out);
    expect(written.equals(fs.readFileSync(input))).toBe(false);
    const entries = unzipSync(written);
    expect(Object.keys(entries).filter((n) => /sheet2\.xml$/i.test(n))).toEqual([DEALS]);
    // SheetJS finds the writes: the same sheet as the apply of the unedited workbook
    expect(sheetJs(written, 'AT1')).toBe('Errors');
    expect(sheetJs(written, 'T2')).toBe('Proposed');
    const asJson = (bytes: Uint8Array) => XLSX.utils.sheet_to_json(XLSX.read(bytes, { type: 'buffer' }).Sheets.Deals, { header: 1, raw: true });
    expect(asJson(written)).toEqual(asJson(fs.readFileSync(outReference)));
  });

  test('a write whose part is not in the package fails loudly instead of returning the workbook unchanged', () => {
    const archive = readZip(rawWorkbook({ rows: HEADER }));
    expect(() => rewriteZip(archive, new Map([['xl/worksheets/Sheet1.xml', strToU8('<worksheet/>')]]))).toThrow(ZipRewriteFailure);
    expect(() => rewriteZip(archive, new Map([['xl/worksheets/Sheet1.xml', strToU8('<worksheet/>')]]))).toThrow('it has no part named xl/worksheets/Sheet1.xml');
  });

  test('a package with two parts whose names differ only in case is refused as damaged', () => {
    const bytes = rawWorkbook({ rows: HEADER, extraParts: { 'xl/worksheets/Sheet1.xml': '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>' } });
    expect(() => readXlsx(bytes, 'twins.xlsx')).toThrow(InputError);
    expect(() => readXlsx(bytes, 'twins.xlsx')).toThrow(/twins\.xlsx: not readable as an \.xlsx workbook: it is damaged \(the parts xl\/worksheets\/sheet1\.xml and xl\/worksheets\/Sheet1\.xml differ only in case/);
  });
});

describe('cells an array formula or data table computes are formula cells', () => {
  test('apply leaves a row alone whose changed cell lies inside an array formula, and keeps Action cells inside one', async () => {
    const original = await exampleBytes();
    const stageOf17 = sheetJs(original, 'T17');
    const esc = (t: unknown) => String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const input = save(
      'array.xlsx',
      editPackage(original, {
        [DEALS]: (xml) => {
          // T17:T18 (Sales Stage) and AR2:AR4 (Action) are array formulas; T18 and AR3:AR4 have no <f> of their own
          let edited = replaceCell(xml, 'T17', `<c r="T17" t="str"><f t="array" ref="T17:T18">T17:T18</f><v>${esc(stageOf17)}</v></c>`);
          edited = replaceCell(edited, 'AR2', '<c r="AR2" t="str"><f t="array" ref="AR2:AR4">IF(TRUE,{"Stage Proposed";"Invite Microsoft";"Invite partner"})</f><v>Stage Proposed</v></c>');
          return edited;
        },
      }),
    );
    const out = path.join(tmp, 'array.out.xlsx');
    const { stderr } = await runCli('apply', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    const written = fs.readFileSync(out);
    const before = (ref: string) => sheetJs(fs.readFileSync(input), ref);

    // Row 18 (Stage Prepare assessment report) would change T18, which the array formula computes: nothing of the row is written
    expect(sheetJs(written, 'T18')).toBe(before('T18'));
    expect(sheetJs(written, 'AR18')).toBe(before('AR18'));
    expect(sheetJs(written, 'AT18')).toBe('Stage was not written: Sales Stage (T18) holds a formula, which cosell does not overwrite.');
    expect(stderr).toContain('row 18 (T18) kept its cells');
    // AR3 and AR4 are not cleared; rows 3 and 4 are otherwise applied
    expect([sheetJs(written, 'AR3'), sheetJs(written, 'AR4')]).toEqual(['Invite Microsoft', 'Invite partner']);
    expect(sheetJs(written, 'AK3')).toBe('Co-sell');
    expect(stderr).toContain('Deals!AR2, AR3, AR4 (Action) hold formulas; left as they are.');
    // the array formula itself is as it was, judged on the raw XML
    const cells = new Map<string, any>();
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'row' || n === 'c' }).parse(strFromU8(unzipSync(written)[DEALS]));
    for (const row of parsed.worksheet.sheetData.row) for (const c of row.c) cells.set(c['@r'], c);
    expect(cells.get('T17').f).toMatchObject({ '#text': 'T17:T18', '@t': 'array', '@ref': 'T17:T18' });
    expect(cells.get('T18').f).toBeUndefined();
  });

  test('array formulas and data tables cover their whole range; a shared formula covers only cells with their own <f>', () => {
    const rows = [
      HEADER,
      '<row r="2"><c r="A2" t="str"><f t="array" ref="A2:B3">{1,2;3,4}</f><v>1</v></c><c r="B2"><v>2</v></c><c r="D2"><f t="dataTable" ref="D2:E4" dt2D="0" dtr="0" r1="A1"/><v>5</v></c></row>',
      '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><v>4</v></c><c r="G3"><f t="shared" ref="G3:G5" si="0">A3</f><v>3</v></c></row>',
      '<row r="4"><c r="G4"><f t="shared" si="0"/><v>0</v></c></row>',
      '<row r="5"><c r="G5"><v>7</v></c></row>',
    ].join('');
    const document = readXlsx(rawWorkbook({ rows }), 'ranges.xlsx');
    const holdsFormula = formulaCells(document.index);
    const covered = (ref: string) => {
      const { r, c } = XLSX.utils.decode_cell(ref);
      return holdsFormula(r + 1, c);
    };
    expect(['A2', 'B2', 'A3', 'B3', 'D2', 'E2', 'D4', 'E4', 'G3', 'G4'].filter((ref) => !covered(ref))).toEqual([]);
    expect(['C2', 'A4', 'B4', 'F2', 'D5', 'G5', 'H3', 'A1'].filter(covered)).toEqual([]);
    expect(() => writeCells(document, [{ row: 3, col: 1, value: 'x' }])).toThrow('Not written: Deals!B3 holds a formula.');
    expect(() => writeCells(document, [{ row: 4, col: 4, value: 'x' }])).toThrow('Not written: Deals!E4 holds a formula.');
    expect(sheetJs(writeCells(document, [{ row: 5, col: 6, value: 'x' }]), 'G5')).toBe('x');
  });

  test('a new column goes right of an array formula range even where the range has no cell elements', () => {
    const rows = `<row r="1"><c r="A1" t="inlineStr"><is><t>Deal Name</t></is></c><c r="B1" t="str"><f t="array" ref="B1:D1">{"","",""}</f><v></v></c></row>`;
    expect(readXlsx(rawWorkbook({ rows }), 'wide-array.xlsx').grid.headers).toHaveLength(4);
  });
});

describe('a sheet already reaching Excel last column or row', () => {
  test('check --out refuses a sheet whose used range reaches XFD (exit 2, naming the sheet) and writes nothing', async () => {
    const input = save('xfd.xlsx', await exampleBytes({ [DEALS]: (xml) => xml.replace('</row>', '<c r="XFD1" t="inlineStr"><is><t>far right</t></is></c></row>').replace('<dimension ref="A1:AS37"/>', '<dimension ref="A1:XFD37"/>') }));
    const out = path.join(tmp, 'xfd.out.xlsx');
    const { status, stderr } = await runCli('check', input, '--out', out, '--sheet', 'Deals', '--today', TODAY);
    expect(status).toBe(2);
    expect(stderr).toContain(`${input}: sheet "Deals" uses columns up to XFD, Excel's last, so there is no column right of its used range for the new "Errors" column`);
    expect(stderr).toContain('Nothing was written.');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('xfd.out'))).toEqual([]);
  });

  test('a sheet whose one stray cell sits at XFD1048576 is refused by its extent, quickly, not built cell by cell', () => {
    const bytes = rawWorkbook({ rows: `${HEADER}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>` });
    const read = elapsed(() => readXlsx(bytes, 'far.xlsx'));
    expect(read.result).toBeInstanceOf(InputError);
    expect((read.result as Error).message).toBe(
      'far.xlsx: sheet "Deals" is not read: its used range A1:XFD1048576 spans 17,179,869,184 cells, over the 10,000,000 cosell reads. Clear the stray cells far right or far down, or save the deal sheet alone.',
    );
    expect(read.ms).toBeLessThan(2000);
  });

  test('the writer never writes a cell beyond XFD or row 1,048,576', () => {
    const document = readXlsx(rawWorkbook({ rows: HEADER }), 'edge.xlsx');
    expect(() => writeCells(document, [{ row: 1, col: 16_384, value: 'Errors' }])).toThrow("Not written: Deals!XFE1 is outside Excel's grid (A1:XFD1048576).");
    expect(() => writeCells(document, [{ row: 1_048_577, col: 0, value: 'x' }])).toThrow("Not written: Deals!A1048577 is outside Excel's grid");
    const last = writeCells(document, [{ row: 1_048_576, col: 16_383, value: 'corner' }]);
    expect((XLSX.read(last, { type: 'buffer' }).Sheets.Deals.XFD1048576 as XLSX.CellObject).v).toBe('corner');
  });
});

/** 2 MB texts that make a backtracking scanner quadratic; each is a located error found in one pass. */
const TWO_MB = 2 * 1024 * 1024;
const fill = (unit: string, prefix = '<worksheet>') => prefix + unit.repeat(Math.ceil(TWO_MB / unit.length));
const HOSTILE: readonly [string, string, RegExp][] = [
  ['unclosed comments', fill('<!--'), /a comment \(<!--\) is never closed at line 1, column 12/],
  ['unclosed processing instructions', fill('<?x '), /a processing instruction \(<\?\) is never closed at line 1, column 12/],
  ['processing instructions without a target', fill('<?'), /a processing instruction \(<\?\) without a target name at line 1, column 12/],
  ['unclosed CDATA sections', fill('<![CDATA['), /a CDATA section \(<!\[CDATA\[\) is never closed at line 1, column 12/],
  ['an unclosed attribute value', fill('a', '<worksheet><c r="'), /the value of attribute r of <c> is never closed at line 1, column 17/],
  ['attribute values holding tags', fill('<c r="'), /the value of attribute r of <c> holds a "<" at line 1, column 18/],
  ['unclosed tags', fill('<c '), /the tag <c> is not well formed at line 1, column 15/],
  ['unclosed end tags', fill('</c'), /an end tag is not well formed at line 1, column 12/],
  ['stray ampersands', fill('&'), /the reference &… names no character or predefined entity at line 1, column 12/],
  ['long character references', fill('9', '<worksheet>&#'), /the reference &#9{19}… names no character/],
  ['attributes without end', fill(' a="1"', '<c'), /the attribute a of <c> has no value|the tag <c> is never closed at line 1, column 1/],
  ['open elements never closed', fill('<c>'), /the element <c> is never closed at line 1, column \d+/],
  ['stray less-than signs', fill('< '), /a "<" that starts no tag \(write it as &lt;\) at line 1, column 12/],
];

describe('the XML scanner is linear: hostile parts are located errors within a bound', () => {
  test.each(HOSTILE)('%s (2 MB): a located error in under 2 s', (_name, xml, message) => {
    const checked = elapsed(() => checkXml(xml));
    expect(checked.result).toBeInstanceOf(XmlProblem);
    expect((checked.result as Error).message).toMatch(message);
    expect(checked.ms).toBeLessThan(2000);
    const scanned = elapsed(() => [...scanTags(xml)].length);
    expect(scanned.ms).toBeLessThan(2000);
  });

  test('a 2 MB sheet part of unclosed comments is refused naming the part and position, in under 2 s', () => {
    // stored, not deflated: 2 MB of one pattern deflates a thousandfold, which the zip-bomb guard refuses first
    const entries = unzipSync(rawWorkbook({ rows: '', sheetXml: fill('<!--', '<?xml version="1.0"?>\n<worksheet>') }));
    const bytes = zipSync(Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, [data, { level: 0 }]])));
    const read = elapsed(() => readXlsx(bytes, 'comments.xlsx'));
    expect(read.result).toBeInstanceOf(InputError);
    expect((read.result as Error).message).toBe('comments.xlsx: not readable as an .xlsx workbook: it is damaged (the part xl/worksheets/sheet1.xml is not well-formed XML: a comment (<!--) is never closed at line 2, column 12).');
    expect(read.ms).toBeLessThan(2000);
  });

  test('a 2 MB well-formed sheet full of comments, CDATA and instructions reads in under 5 s (a quadratic scan takes minutes)', () => {
    const row = (r: number) => `<!-- row ${r} --><row r="${r}"><?pi x?><c r="A${r}" t="inlineStr"><is><t><![CDATA[a<b]]>&amp;<!-- c --></t></is></c></row>`;
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i + 2)).join('');
    expect(rows.length).toBeGreaterThan(TWO_MB);
    const read = elapsed(() => readXlsx(rawWorkbook({ rows: HEADER + rows }), 'big.xlsx'));
    expect(read.result).not.toBeInstanceOf(Error);
    expect(read.ms).toBeLessThan(5000);
    const { grid } = read.result as ReturnType<typeof readXlsx>;
    expect(grid.rows).toHaveLength(20_000);
    expect(grid.rows[19_999][0]).toBe('a<b&');
  });
});

describe('parts no XML parser would read as we did are refused', () => {
  const lol = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>';
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

  test('a sheet with a DOCTYPE (entity expansion) is refused with a plain message naming the part', () => {
    const sheetXml = `<?xml version="1.0" encoding="UTF-8"?>\n${lol}<worksheet xmlns="${ns}"><sheetData>${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`;
    expect(() => readXlsx(rawWorkbook({ rows: '', sheetXml }), 'lol.xlsx')).toThrow(
      'lol.xlsx: not readable as an .xlsx workbook: its part xl/worksheets/sheet1.xml has a document type declaration (<!DOCTYPE …>, line 2, column 1); Excel refuses such a file and cosell does not read one.',
    );
  });

  test('shared strings with a DOCTYPE (an external entity) are refused', () => {
    const bytes = editPackage(rawWorkbook({ rows: HEADER, sharedStrings: ['Dana'] }), {
      'xl/sharedStrings.xml': (t) => t.replace('?>', `?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>`).replace('Dana', '&x;'),
    });
    expect(() => readXlsx(bytes, 'xxe.xlsx')).toThrow(/xxe\.xlsx: not readable as an \.xlsx workbook: its part xl\/sharedStrings\.xml has a document type declaration/);
  });

  test.each([
    ['an undefined entity', '<row r="2"><c r="A2" t="inlineStr"><is><t>&d;</t></is></c></row>', /the reference &d; names no character or predefined entity at line 1, column \d+/],
    ['end tags out of order', '<row r="2"><c r="A2" t="inlineStr"><is><t>x</is></t></c></row>', /the end tag <\/is> closes <t>/],
    ['an attribute twice', '<row r="2"><c r="A2" r="B2"><v>1</v></c></row>', /the tag <c> has the attribute r twice/],
    ['a bare <', '<row r="2"><c r="A2" t="inlineStr"><is><t>a < b</t></is></c></row>', /a "<" that starts no tag/],
  ])('a sheet with %s is refused as damaged, located', (_name, rows, message) => {
    expect(() => readXlsx(rawWorkbook({ rows: HEADER + rows }), 'bad.xlsx')).toThrow(message);
  });

  test('comments and processing instructions inside a cell text are not part of it (as an XML parser reads it)', () => {
    const text = 'a<!-- hidden -->b<?pi x?>c';
    const bytes = rawWorkbook({ rows: `${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>${text}</t></is></c></row>` });
    // fast-xml-parser (and LibreOffice, checked by hand) read "abc"; SheetJS is no judge here: it keeps the markup
    expect(new XMLParser({ ignorePiTags: true }).parse(`<t>${text}</t>`).t).toBe('abc');
    expect(readXlsx(bytes, 'comment.xlsx').grid.rows[0][0]).toBe('abc');
  });
});
