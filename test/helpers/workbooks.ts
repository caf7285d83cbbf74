import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { strToU8, zipSync } from 'fflate';
import { parseCsv, parseUsDate } from '../../engine/node';
import { ROOT } from './deal-rows';

/**
 * A workbook like an analyst's: the example deals without the Errors column on a "Deals" sheet, with real date
 * cells for Estimated Close Date and numbers for Estimated Deal Value, plus a "Pipeline notes" sheet.
 */
export function exampleWorkbook(options: { formula?: boolean } = {}): ExcelJS.Workbook {
  const { grid } = parseCsv(fs.readFileSync(path.join(ROOT, 'examples', 'deals.csv'), 'utf8'), 'deals.csv');
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('Pipeline notes');
  notes.getCell('A1').value = 'Quarterly pipeline review';
  notes.getCell('A1').font = { bold: true };
  notes.getCell('A2').value = options.formula ? { formula: 'SUM(B2:B3)', result: 3 } : 'No formulas here';
  const deals = workbook.addWorksheet('Deals');
  const headers = grid.headers.slice(1) as string[];
  deals.addRow(headers);
  for (const row of grid.rows) {
    deals.addRow(
      row.slice(1).map((cell, i) => {
        const text = String(cell);
        if (headers[i] === 'Estimated Close Date' && parseUsDate(text)) return new Date(`${parseUsDate(text)}T00:00:00Z`);
        if (headers[i] === 'Estimated Deal Value' && /^\d+(\.\d+)?$/.test(text)) return Number(text);
        return text === '' ? null : text;
      }),
    );
  }
  return workbook;
}

export async function saveWorkbook(workbook: ExcelJS.Workbook, file: string): Promise<string> {
  await workbook.xlsx.writeFile(file);
  return file;
}

export async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** A worksheet's values as rows of plain cells (row 1 first). */
export function sheetValues(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) rows.push(Array.from({ length: sheet.columnCount }, (_, c) => sheet.getRow(r).getCell(c + 1).value ?? null));
  return rows;
}

/** A zip package's entries by name, read with JSZip (not the product's zip reader), in archive order. */
export async function zipEntries(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(bytes);
  const entries = new Map<string, Buffer>();
  for (const file of Object.values(zip.files)) if (!file.dir) entries.set(file.name, await file.async('nodebuffer'));
  return entries;
}

/**
 * A minimal .xlsx package written by hand (fflate, not the product's writer): one sheet named `sheet` whose
 * `<sheetData>` content is `rows`, plus the given shared strings, cell formats and extra parts.
 *
 * @example
 * rawWorkbook({ rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>Deal Name</t></is></c></row>' });
 */
export function rawWorkbook(options: { rows: string; sheet?: string; sharedStrings?: readonly string[]; numFmts?: readonly string[]; cellFormats?: readonly number[]; contentTypes?: string; extraParts?: Record<string, string | Uint8Array>; date1904?: boolean; sheetXml?: string }): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const r = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const sheetName = options.sheet ?? 'Deals';
  const numFmts = options.numFmts ?? [];
  const cellFormats = options.cellFormats ?? [];
  const parts: Record<string, string | Uint8Array> = {
    '[Content_Types].xml':
      options.contentTypes ??
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${r}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${r}">${options.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${r}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${r}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${r}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': options.sheetXml ?? `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}" xmlns:r="${r}"><sheetData>${options.rows}</sheetData></worksheet>`,
    'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${ns}">${numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${esc(code)}"/>`).join('')}</numFmts>` : ''}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${cellFormats.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>${cellFormats.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('')}</cellXfs></styleSheet>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}" count="${(options.sharedStrings ?? []).length}">${(options.sharedStrings ?? []).map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
    ...options.extraParts,
  };
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(parts)) entries[name] = typeof content === 'string' ? strToU8(content) : content;
  return Buffer.from(zipSync(entries));
}
