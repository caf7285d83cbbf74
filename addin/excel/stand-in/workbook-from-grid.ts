import { type SheetGrid, cellText } from '../../../engine/index';
import { type StandInValue, StandInWorkbook } from './stand-in-workbook';
import { dateFromSerial, serialFromDate } from '../../../engine/sheet/date-serial';
import { storedValue } from './excel-stand-in';

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

/**
 * What Excel makes of typed or imported text: plain numbers and M/D/YYYY dates become numbers; text starting
 * with `=`, `+`, `-` or `@` is a formula (`#NAME?` here, as the stand-in calculates nothing); a leading
 * apostrophe keeps the rest as text.
 */
export function excelTyped(text: string): StandInValue {
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(text)) return Number(text);
  const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (date) {
    const [month, day, year] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const serial = serialFromDate(year, month, day);
    const check = dateFromSerial(serial);
    if (!check) return text;
    if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return serial; // 2/30 stays text
  }
  return /^['=+\-@]/.test(text) ? storedValue(text) : text;
}
