import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { XMLParser } from 'fast-xml-parser';
import { OWNED_KEYS, headerOf } from '../../engine/index';
import { TODAY } from '../helpers/deal-rows';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';
import { zipEntries } from '../helpers/workbooks';
import { STRUCTURES_WORKBOOK, structuresWorkbookBytes } from '../fixtures/make-structures-workbook';

/**
 * The fixture workbook (hand-written OOXML, test/fixtures/make-structures-workbook.ts) through check --out and
 * apply --out, judged by JSZip (entries), fast-xml-parser (the sheet XML) and SheetJS (cell values).
 */
const tmp = tempDir();
const SHEET = 'xl/worksheets/sheet1.xml';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false, isArray: (name) => ['row', 'c', 'hyperlink', 'mergeCell', 'col', 'dataValidation', 'conditionalFormatting', 'tablePart'].includes(name) });
const OWNED = new Set(OWNED_KEYS.map(headerOf));

async function run(command: 'check' | 'apply'): Promise<{ before: Map<string, Buffer>; after: Map<string, Buffer>; out: string; stdout: string; stderr: string; status: number }> {
  const out = path.join(tmp, `structures.${command}.xlsx`);
  const { status, stdout, stderr } = await runCli(command, STRUCTURES_WORKBOOK, '--out', out, '--sheet', 'Deals', '--today', TODAY);
  return { before: await zipEntries(fs.readFileSync(STRUCTURES_WORKBOOK)), after: await zipEntries(fs.readFileSync(out)), out, stdout, stderr, status };
}

/** Every c element of a parsed sheet by reference. */
function cellsByRef(sheet: any): Map<string, unknown> {
  const cells = new Map<string, unknown>();
  for (const row of sheet.worksheet.sheetData.row ?? []) for (const c of row.c ?? []) cells.set(c['@r'], c);
  return cells;
}

function withoutCells(sheet: any): unknown {
  const { sheetData: _data, dimension: _dimension, ...rest } = sheet.worksheet;
  return rest;
}

describe('a workbook holding every structure, written by check and apply', () => {
  test('the committed fixture is what its generator makes', () => {
    expect(Buffer.from(structuresWorkbookBytes()).equals(fs.readFileSync(STRUCTURES_WORKBOOK))).toBe(true);
  });

  test.each(['check', 'apply'] as const)('%s --out: every part but the sheet is byte-identical, in the same order', async (command) => {
    const { before, after } = await run(command);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) if (name !== SHEET) expect([name, after.get(name)!.equals(bytes)]).toEqual([name, true]);
    // charts, pivot tables, images, drawings, comments, the table with its buttons: all among the identical parts
    expect([...after.keys()]).toEqual(expect.arrayContaining(['xl/charts/chart1.xml', 'xl/pivotTables/pivotTable1.xml', 'xl/pivotCache/pivotCacheDefinition1.xml', 'xl/pivotCache/pivotCacheRecords1.xml', 'xl/media/image1.png', 'xl/drawings/drawing1.xml', 'xl/comments1.xml', 'xl/tables/table1.xml']));
  });

  test.each(['check', 'apply'] as const)('%s --out: in the sheet XML, everything outside the written cells is identical', async (command) => {
    const { before, after } = await run(command);
    const [was, now] = [parser.parse(before.get(SHEET)!.toString('utf8')), parser.parse(after.get(SHEET)!.toString('utf8'))];
    // cols, mergeCells, conditionalFormatting, dataValidations, hyperlinks, drawing, legacyDrawing, tableParts, …
    expect(withoutCells(now)).toEqual(withoutCells(was));
    expect(now.worksheet.dimension['@ref']).toBe('A1:AT15');
    const headers = new Map<string, string>();
    const wasCells = cellsByRef(was);
    const nowCells = cellsByRef(now);
    const headerOfRef = (ref: string) => XLSX.utils.encode_col(XLSX.utils.decode_cell(ref).c);
    const values = XLSX.read(before.get(SHEET) ? fs.readFileSync(STRUCTURES_WORKBOOK) : Buffer.alloc(0), { sheets: 'Deals' }).Sheets.Deals;
    for (let c = 0; c <= 44; c++) headers.set(XLSX.utils.encode_col(c), String(values[`${XLSX.utils.encode_col(c)}1`].v));
    headers.set('AT', 'Errors');
    for (const [ref, cell] of wasCells) {
      const header = headers.get(headerOfRef(ref))!;
      if (!OWNED.has(header)) expect([ref, nowCells.get(ref)]).toEqual([ref, cell]);
    }
    for (const ref of nowCells.keys()) if (!wasCells.has(ref)) expect([ref, OWNED.has(headers.get(headerOfRef(ref))!)]).toEqual([ref, true]);
    // formula cells are never rewritten (the shared Action formula, the formula Deal Type, the shared LEN column)
    for (const ref of ['AR6', 'AR7', 'AK3', 'AS2', 'AS3', 'U15']) expect(nowCells.get(ref)).toEqual(wasCells.get(ref));
  });

  test('check --out: SheetJS reads every unowned cell as before, each structure still over the same content, and Errors filled', async () => {
    const { out } = await run('check');
    const was = XLSX.read(fs.readFileSync(STRUCTURES_WORKBOOK), { cellFormula: true, cellNF: true });
    const now = XLSX.read(fs.readFileSync(out), { cellFormula: true, cellNF: true });
    expect(now.SheetNames).toEqual(['Deals', 'Summary']);
    for (const name of was.SheetNames) {
      for (const ref of Object.keys(was.Sheets[name]).filter((k) => !k.startsWith('!'))) {
        const [a, b] = [was.Sheets[name][ref], now.Sheets[name][ref]];
        expect([name, ref, b.v, b.f, b.z]).toEqual([name, ref, a.v, a.f, a.z]);
      }
    }
    const deals = now.Sheets.Deals;
    expect(deals.AT1.v).toBe('Errors');
    // the drop-down sits on Partner Referral Status, the conditional format on the values, the merge on the totals label
    const sheet = parser.parse((await zipEntries(fs.readFileSync(out))).get(SHEET)!.toString('utf8')).worksheet;
    const column = (sqref: string) => deals[`${sqref.replace(/\d.*$/, '')}1`].v;
    expect(column(sheet.dataValidations.dataValidation[0]['@sqref'])).toBe('Partner Referral Status');
    expect(column(sheet.conditionalFormatting[0]['@sqref'])).toBe('Estimated Deal Value');
    expect(deals[sheet.mergeCells.mergeCell[0]['@ref'].split(':')[0]].v).toBe('Total estimated value');
    expect(column(sheet.hyperlinks.hyperlink[0]['@ref'])).toBe('Customer Contact Email Address');
    // rows 2–13 are deals: valid ones get an empty (styled-less, value-less) Errors cell, the totals row a message
    expect(deals.AT15.v).toMatch(/Deal Name|required/);
    expect(deals.AT2).toBeUndefined();
  });

  test('apply --out: owned cells hold the results, in the form each cell used, and formula cells are left with a notice', async () => {
    const { out, stdout, stderr } = await run('apply');
    const now = XLSX.read(fs.readFileSync(out), { cellFormula: true, cellNF: true }).Sheets.Deals;
    const letter = new Map<string, string>();
    for (let c = 0; now[`${XLSX.utils.encode_col(c)}1`]; c++) letter.set(String(now[`${XLSX.utils.encode_col(c)}1`].v), XLSX.utils.encode_col(c));
    const at = (header: string, row: number) => now[`${letter.get(header)}${row}`] ?? {};
    // e-1010 Win on a percent-formatted stage (0.8 shown 80%): Won written as the number 1, format kept
    expect([at('Partner Referral Status', 11).v, at('Partner Referral Substatus', 11).v, at('Sales Stage', 11).v, at('Sales Stage', 11).z]).toEqual(['Closed', 'Won', 1, '0%']);
    // e-1005 Accept, asked for by a shared formula: performed; the formula left as it is
    expect([at('Partner Referral Status', 6).v, at('Partner Referral Substatus', 6).v, at('Action', 6).f]).toEqual(['Active', 'Accepted', 'IF(TRUE,"Accept","")']);
    expect(stderr).toContain('Deals!AR6 (Action) holds a formula');
    // e-1002 Invite Microsoft would change a formula Deal Type: the row keeps its cells, Errors says why
    expect([now.AK3.f, now.AK3.v, now.AR3.v]).toEqual(['"Private"', 'Private', 'Invite Microsoft']);
    expect(now.AT3.v).toBe('Invite Microsoft was not written: Deal Type (AK3) holds a formula, which cosell does not overwrite.');
    // … and the summary counts it as refused, not applied (it did not happen)
    expect(stdout).toMatch(/^ {2}Invite Microsoft: 0 applied, 1 refused$/m);
    // e-1001 (0.4 shown 40%: Developed) asks for Stage Proposed: 60% written as the number 0.6, format kept, Action cleared
    expect([at('Sales Stage', 2).v, at('Sales Stage', 2).z, at('Action', 2).v, now.AT2]).toEqual([0.6, '0%', undefined, undefined]);
  });
});
