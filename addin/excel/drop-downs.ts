/**
 * Drop-down lists on the deal sheet's columns: Excel list validations the pane adds, and removes again, never
 * over a validation the user set.
 */
/// <reference types="office-js" />
import { type ExcelHost, type SheetRef } from './excel-host';

/**
 * Puts a drop-down list (an Excel list validation, with a warning that still lets another value be kept) on each
 * column's deal rows, in one request to look and one to write; a column whose rows already carry any validation
 * (the user's own) is left as it is. Returns the columns given lists and those kept.
 *
 * @example
 * await addDropDowns(Excel, ref, [{ column: 22, values: ['New', 'Active', 'Closed'] }]); // { added: [22], kept: [] }
 */
export async function addDropDowns(excel: ExcelHost, ref: SheetRef, lists: readonly { readonly column: number; readonly values: readonly string[] }[]): Promise<{ added: number[]; kept: number[] }> {
  const rows = ref.lastRow - (ref.headerRow + 1);
  if (rows <= 0 || lists.length === 0) return { added: [], kept: [] };
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
    const ranges = lists.map((l) => sheet.getRangeByIndexes(ref.headerRow + 1, ref.firstColumn + l.column, rows, 1));
    ranges.forEach((r) => r.dataValidation.load('type'));
    await context.sync();
    const added: number[] = [];
    const kept: number[] = [];
    lists.forEach((list, i) => {
      if (ranges[i].dataValidation.type !== 'None') return void kept.push(list.column);
      ranges[i].dataValidation.rule = { list: { inCellDropDown: true, source: list.values.join(',') } };
      ranges[i].dataValidation.errorAlert = { showAlert: true, style: 'Warning', title: 'Not in the list', message: `Usually one of: ${list.values.join(', ')}.`.slice(0, 225) };
      added.push(list.column);
    });
    await context.sync();
    return { added, kept };
  });
}

/**
 * Removes the drop-down lists `addDropDowns` put on these columns' deal rows, each only if it is still exactly that
 * list (a column whose validation the user changed since keeps it). Returns the columns cleared and those kept.
 */
export async function removeDropDowns(excel: ExcelHost, ref: SheetRef, lists: readonly { readonly column: number; readonly values: readonly string[] }[]): Promise<{ removed: number[]; changed: number[] }> {
  const rows = ref.lastRow - (ref.headerRow + 1);
  if (rows <= 0 || lists.length === 0) return { removed: [], changed: [] };
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(ref.worksheetId);
    const ranges = lists.map((l) => sheet.getRangeByIndexes(ref.headerRow + 1, ref.firstColumn + l.column, rows, 1));
    ranges.forEach((r) => r.dataValidation.load('type,rule'));
    await context.sync();
    const removed: number[] = [];
    const changed: number[] = [];
    lists.forEach((list, i) => {
      const validation = ranges[i].dataValidation;
      if (validation.type !== 'List' || validation.rule.list?.source !== list.values.join(',')) return void changed.push(list.column);
      validation.clear();
      removed.push(list.column);
    });
    await context.sync();
    return { removed, changed };
  });
}
