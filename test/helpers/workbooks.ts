import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
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
