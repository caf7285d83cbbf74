import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { type Cell, type RowOutcome, createSheetContext, judgeSheet, mapHeaders } from '../../engine/index';
import { type XlsxDocument, readXlsx, writeXlsx, writeXlsxFile } from '../../engine/io/xlsx-file';
import { openAtomically } from '../../engine/io/atomic-write';
import { ZipRewriteFailure, rewriteZipTo } from '../../engine/io/xlsx/zip-rewrite';
import { STRUCTURES_WORKBOOK } from '../fixtures/make-structures-workbook';
import { TODAY, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';
import { tempDir } from '../helpers/temp-dir';
import { exampleWorkbook, rawWorkbook } from '../helpers/workbooks';

/**
 * The CLI writes a workbook by streaming (`writeXlsxFile`: the sheet patched and deflated piece by piece into a
 * temporary file); `writeXlsx` builds the same workbook in memory. Both must give the same bytes, for workbooks
 * with every structure (tables, merges, data validations, formulas, shared and inline strings) and for
 * arbitrary outcomes, new rows and columns included.
 */
const tmp = tempDir();
let written = 0;

async function bothWays(document: XlsxDocument, outcomes: readonly RowOutcome[] | Parameters<typeof writeXlsx>[2], map = mapHeaders(document.grid.headers).map): Promise<{ memory: Buffer; streamed: Buffer }> {
  const inMemory = writeXlsx(document, map, outcomes);
  const out = path.join(tmp, `streamed-${written++}.xlsx`);
  const streamed = await writeXlsxFile(document, map, outcomes, out);
  expect(streamed.notices).toEqual(inMemory.notices);
  expect(streamed.keptRows).toEqual(inMemory.keptRows);
  return { memory: inMemory.bytes, streamed: fs.readFileSync(out) };
}

async function judged(document: XlsxDocument, kind: 'check' | 'apply'): Promise<RowOutcome[]> {
  const { context } = createSheetContext(document.grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY, decimalComma: false });
  const run = kind === 'check' ? ({ kind: 'check' } as const) : ({ kind: 'apply', expireOverdue: true } as const);
  return (await judgeSheet(document.grid, context!, run)).outcomes;
}

describe('the streamed workbook write gives the bytes of the in-memory one', () => {
  test.each(['check', 'apply'] as const)('the structures workbook (tables, merges, validations, formulas, charts), %s', async (kind) => {
    const document = readXlsx(fs.readFileSync(STRUCTURES_WORKBOOK), 'structures.xlsx', 'Deals');
    const { memory, streamed } = await bothWays(document, await judged(document, kind));
    expect(streamed.equals(memory)).toBe(true);
  });

  test.each(['check', 'apply'] as const)('an exceljs workbook (shared strings, dates, numbers; Errors appended), %s', async (kind) => {
    const file = path.join(tmp, 'example.xlsx');
    await exampleWorkbook({ formula: true }).xlsx.writeFile(file);
    const document = readXlsx(fs.readFileSync(file), 'example.xlsx', 'Deals');
    const { memory, streamed } = await bothWays(document, await judged(document, kind));
    expect(streamed.equals(memory)).toBe(true);
  });

  test('arbitrary Errors text and changes on a hand-made sheet (inline and shared strings, formulas, rows without r, new rows)', async () => {
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Customer Name</t></is></c><c r="C1" t="inlineStr"><is><t>Action</t></is></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><f>1+1</f><v>2</v></c></row>' +
      '<row><c t="inlineStr"><is><t>a &amp; b</t></is></c><c/><c r="C3" t="inlineStr"><is><t>Accept</t></is></c></row>' +
      '<row r="5" spans="1:2"><c r="A5" t="s"><v>1</v></c></row><row r="6"/>';
    const bytes = rawWorkbook({ rows, sharedStrings: ['Deal Name', 'Contoso'] });
    const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('<', '&', '=1+1', '\u0001', '_x0041_', '😀', ''));
    const value: fc.Arbitrary<Cell> = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
    const outcome = fc.record({
      row: fc.integer({ min: 2, max: 9 }),
      isDeal: fc.boolean(),
      errors: text,
      changes: fc.oneof(fc.constant({}), fc.record({ action: value }), fc.record({ registrationStatus: value })),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(outcome, { selector: (o) => o.row, maxLength: 8 }), async (outcomes) => {
        const document = readXlsx(bytes, 'hand.xlsx');
        const sorted = [...outcomes].sort((a, b) => a.row - b.row);
        const { memory, streamed } = await bothWays(document, sorted);
        expect(streamed.equals(memory)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a streamed write that fails leaves nothing', () => {
  test('a part to replace that the workbook lacks: ZipRewriteFailure, and no output nor temporary file', async () => {
    const document = readXlsx(rawWorkbook({ rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>Deal Name</t></is></c></row>' }), 'one.xlsx');
    const folder = path.join(tmp, 'failed');
    fs.mkdirSync(folder);
    const output = openAtomically(path.join(folder, 'out.xlsx'));
    try {
      await expect(rewriteZipTo(document.pkg.archive, 'xl/worksheets/sheet9.xml', ['<worksheet/>'], output)).rejects.toThrow(ZipRewriteFailure);
    } finally {
      output.abort();
    }
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});
