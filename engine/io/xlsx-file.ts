import ExcelJS from 'exceljs';
import { type Cell, type SheetGrid } from '../sheet/cell';
import { type HeaderMap } from '../sheet/header-map';
import { type RowOutcome } from '../workflow/process-sheet';
import { appendedHeaders, planWrite, rowWrites } from '../sheet/write-plan';
import { InputError } from './input-error';

/** A worksheet of a workbook, read as a grid. The workbook is kept so that writing keeps every other sheet. */
export interface XlsxDocument {
  readonly workbook: ExcelJS.Workbook;
  readonly worksheet: ExcelJS.Worksheet;
  readonly grid: SheetGrid;
}

/** Reads the named worksheet (or the first one) of an .xlsx file. */
export async function readXlsx(buffer: Buffer, file: string, sheetName?: string): Promise<XlsxDocument> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new InputError(`${file}: not readable as an .xlsx workbook: ${(error as Error).message}`);
  }
  const worksheet = sheetName === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheetName);
  if (!worksheet) {
    const names = workbook.worksheets.map((w) => `"${w.name}"`).join(', ');
    throw new InputError(sheetName === undefined ? `${file}: the workbook has no worksheet.` : `${file}: no sheet named "${sheetName}"; the workbook has ${names}.`);
  }
  const width = worksheet.columnCount;
  const readRow = (n: number): Cell[] => {
    const row = worksheet.getRow(n);
    return Array.from({ length: width }, (_, i) => toCell(row.getCell(i + 1).value));
  };
  const headers = readRow(1);
  const rows = Array.from({ length: Math.max(0, worksheet.rowCount - 1) }, (_, i) => readRow(i + 2));
  return { workbook, worksheet, grid: { headers, rows } };
}

/**
 * Writes outcomes into the worksheet and returns the workbook as .xlsx bytes. Only `Errors` and owned cells are
 * set. `Errors`, when absent, becomes the first column, unless the workbook has formulas: moving cells under
 * formulas would break their references, so then it becomes the last column (`errorsAtEnd` in the result).
 */
export async function writeXlsx(document: XlsxDocument, map: HeaderMap, outcomes: readonly RowOutcome[]): Promise<{ bytes: Buffer; errorsAtEnd: boolean }> {
  const { workbook, worksheet } = document;
  const errorsAtEnd = map.fields.errors === undefined && hasFormulas(workbook);
  const plan = planWrite(map, outcomes, { errorsAtEnd });
  if (plan.insertErrorsAt === 0) worksheet.spliceColumns(1, 0, []);
  for (const { index, header } of appendedHeaders(plan)) worksheet.getCell(1, index + 1).value = header;
  outcomes.forEach((outcome, i) => {
    for (const { index, value } of rowWrites(plan, outcome)) worksheet.getCell(i + 2, index + 1).value = value === '' ? null : (value as ExcelJS.CellValue);
  });
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { bytes, errorsAtEnd };
}

function hasFormulas(workbook: ExcelJS.Workbook): boolean {
  let found = false;
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) found = true;
      }),
    );
  });
  return found;
}

/** An exceljs cell value as a plain cell: formulas give their result, rich text and links their text. */
function toCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? null : toCell(result);
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return toCell((value as { text: ExcelJS.CellValue }).text);
  if ('error' in value) return String(value.error);
  return null;
}
