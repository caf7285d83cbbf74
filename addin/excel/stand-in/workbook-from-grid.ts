import { type SheetGrid, cellText } from '../../../engine/index';
import { type StandInValue, StandInWorkbook } from './stand-in-workbook';

/**
 * A workbook with one sheet holding a grid, typed the way Excel types a CSV it opens: plain numbers become
 * numbers and M/D/YYYY dates become date serials; everything else stays text.
 *
 * @example
 * const book = workbookFromGrid('Deals', parseCsv(text, 'deals.csv').grid);
 */
export function workbookFromGrid(sheetName: string, grid: SheetGrid, book = new StandInWorkbook()): StandInWorkbook {
  const rows = [grid.headers, ...grid.rows].map((cells) => cells.map((cell) => excelTyped(cellText(cell))));
  book.addSheet(sheetName, rows);
  return book;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export function excelTyped(text: string): StandInValue {
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(text)) return Number(text);
  const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (date) {
    const ms = Date.UTC(Number(date[3]), Number(date[1]) - 1, Number(date[2]));
    const check = new Date(ms);
    if (check.getUTCMonth() === Number(date[1]) - 1 && check.getUTCDate() === Number(date[2])) return Math.round((ms - EXCEL_EPOCH_MS) / 86400000);
  }
  return text;
}
