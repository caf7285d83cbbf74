/**
 * The Excel gateway: the pane's one door to the deal sheet. It composes the parts of `addin/excel`, each one
 * concern; only they (and `sheets-gateway.ts`, for the workbook's other sheets) call `Excel.run`:
 * - `sheet-ranges.ts` reads the deal sheet (the table the selection is in, or the active sheet's used range)
 *   in chunks within the request budget, and the selection;
 * - `row-writes.ts` writes cells, marks (`cell-marks.ts`) and `Deal log` rows (`deal-log-sheet.ts`) in
 *   batches, each row guarded by all it held when read, and puts back (`put-back-rounds.ts`) what landed on a
 *   row the user changed meanwhile; `row-restore.ts` is Undo's all-or-nothing write;
 * - `drop-downs.ts` adds and removes list validations; `sheet-events.ts` watches edits and the selection,
 *   telling the gateway's own writes (`own-writes.ts`) from the user's.
 * Every value goes through one choke point (`cell-values.ts`), so nothing formula-like reaches a cell and text
 * stays text.
 */
/// <reference types="office-js" />
import { readLog } from './deal-log-sheet';
import { addDropDowns, removeDropDowns } from './drop-downs';
import { type CellValue, type ExcelAccess, type ExcelHost, type SheetRead, type SheetRef } from './excel-host';
import { OwnWrites } from './own-writes';
import { type StrayWrite } from './put-back';
import { type RestoreReport, restoreRows } from './row-restore';
import { type RowWrite, type WriteOptions, type WriteReport, writeRows } from './row-writes';
import { watchChanges, watchSelection } from './sheet-events';
import { readRows, readSelection, readSheet, selectCell } from './sheet-ranges';

export interface GatewayOptions {
  /** Rows per read and write chunk (default 5,000). */
  readonly chunkRows?: number;
  /** Bytes a request or response may take (default 4.5 MB): below Excel on the web's 5 MB, with a margin. */
  readonly budgetBytes?: number;
  /** How long after its own write a change event is taken as that write's echo (ms). */
  readonly echoWindowMs?: number;
}

/**
 * @example
 * const gateway = new ExcelGateway(Excel);
 * const sheet = await gateway.readSheet((done, total) => progress(done / total));
 * const report = await gateway.writeRows(sheet.ref, sheet.headers, writes);
 */
export class ExcelGateway {
  private readonly access: ExcelAccess;

  constructor(excel: ExcelHost, options: GatewayOptions = {}) {
    this.access = {
      excel,
      chunkRows: options.chunkRows ?? 5000,
      budget: options.budgetBytes ?? 4.5 * 1024 * 1024,
      own: new OwnWrites(options.echoWindowMs ?? 3000),
      reads: { whole: true },
    };
  }

  /** The deal sheet, read in chunks (see `readSheet` in `sheet-ranges.ts`). */
  readSheet(onProgress?: (done: number, total: number) => void): Promise<SheetRead> {
    return readSheet(this.access, onProgress);
  }

  /** Some rows (1-based) of a sheet read before, with its current header row, in one request. */
  readRows(ref: SheetRef, rowNumbers: readonly number[]): Promise<SheetRead> {
    return readRows(this.access, ref, rowNumbers);
  }

  /** The visible selected rows of the deal sheet, and the first of them. */
  readSelection(): Promise<(SheetRead & { activeRow: number }) | undefined> {
    return readSelection(this.access);
  }

  /** Writes rows, each only if it still holds what was read (see `writeRows` in `row-writes.ts`). */
  writeRows(ref: SheetRef, headers: readonly CellValue[], writes: readonly RowWrite[], options: WriteOptions = {}): Promise<WriteReport> {
    return writeRows(this.access, ref, headers, writes, options);
  }

  /** Undo's write, all or nothing (see `restoreRows` in `row-restore.ts`). */
  restoreRows(ref: SheetRef, headers: readonly CellValue[], writes: readonly RowWrite[], log: { readonly headers: readonly string[]; readonly stray?: (stray: StrayWrite) => readonly CellValue[] }): Promise<RestoreReport> {
    return restoreRows(this.access, ref, headers, writes, log);
  }

  /** Selects a cell (1-based row, column index within the sheet) and brings its sheet to the front. */
  selectCell(ref: SheetRef, row: number, column: number): Promise<void> {
    return selectCell(this.access, ref, row, column);
  }

  /** The `Deal log` sheet's rows (header first), or [] when there is none. */
  readLog(): Promise<CellValue[][]> {
    return readLog(this.access.excel);
  }

  /** Calls `onRows` with the rows a user's edit touched, per sheet (not the gateway's own writes); resolves to the function that stops. */
  watchChanges(onRows: (worksheetId: string, rows: number[]) => void): Promise<() => Promise<void>> {
    return watchChanges(this.access.excel, this.access.own, onRows);
  }

  /** Calls `onSelect` when the selection moves. */
  watchSelection(onSelect: () => void): Promise<void> {
    return watchSelection(this.access.excel, onSelect);
  }

  /** Puts drop-down lists on columns' deal rows, never over the user's own validation (see `drop-downs.ts`). */
  addDropDowns(ref: SheetRef, lists: readonly { readonly column: number; readonly values: readonly string[] }[]): Promise<{ added: number[]; kept: number[] }> {
    return addDropDowns(this.access.excel, ref, lists);
  }

  /** Removes the drop-down lists `addDropDowns` put on these columns' deal rows, each only while it is still that list. */
  removeDropDowns(ref: SheetRef, lists: readonly { readonly column: number; readonly values: readonly string[] }[]): Promise<{ removed: number[]; changed: number[] }> {
    return removeDropDowns(this.access.excel, ref, lists);
  }
}
