/**
 * The drop-down lists the pane added, kept in the workbook's settings so that *Remove them* takes back exactly those
 * after the pane was closed, the workbook saved and reopened. Per sheet (by worksheet id, and by name should the id
 * not be known again), each column by its header text, so a column moved since is found again, with the list's
 * values (a list the user changed since is theirs) and the number of deal rows it was put on.
 */
import { type SheetRef } from '../excel/excel-host';
import { type SettingsStore } from '../excel/settings-store';

export const DROP_DOWNS_SETTING = 'cosell.dropDowns';

/** One list the pane added. */
export interface AddedList {
  /** The column's header text as the sheet had it. */
  readonly header: string;
  readonly values: readonly string[];
  /** The deal rows below the header it covers. */
  readonly rows: number;
}

/** The lists the pane added on one sheet. */
export interface SheetDropDowns {
  readonly worksheetId: string;
  readonly sheetName: string;
  readonly lists: readonly AddedList[];
}

/**
 * @example
 * const record = new DropDownRecord(officeSettings());
 * await record.add(ref, [{ header: 'Action', values: ['Accept', 'Decline'], rows: 36 }]);
 * record.on(ref)?.lists.map((l) => l.header); // ['Action'], in this pane or the next one opened on the workbook
 */
export class DropDownRecord {
  constructor(private readonly settings: SettingsStore) {}

  /** Every sheet with lists the pane added. */
  all(): readonly SheetDropDowns[] {
    const value = this.settings.get(DROP_DOWNS_SETTING) as { sheets?: unknown } | undefined;
    return Array.isArray(value?.sheets) ? value.sheets.filter(isSheetDropDowns) : [];
  }

  /** The lists added on the sheet `ref` names: found by its worksheet id, else by its name. */
  on(ref: SheetRef): SheetDropDowns | undefined {
    const sheets = this.all();
    return sheets.find((s) => s.worksheetId === ref.worksheetId) ?? sheets.find((s) => s.sheetName === ref.sheetName);
  }

  /** Remembers lists just added on the sheet (a list on a header already recorded replaces it). */
  async add(ref: SheetRef, lists: readonly AddedList[]): Promise<void> {
    if (lists.length === 0) return;
    const known = this.on(ref);
    const headers = new Set(lists.map((l) => l.header));
    const merged = [...(known?.lists ?? []).filter((l) => !headers.has(l.header)), ...lists];
    await this.write([...this.all().filter((s) => s !== known), { worksheetId: ref.worksheetId, sheetName: ref.sheetName, lists: merged }]);
  }

  /** Forgets the sheet's lists (removed, or no longer the pane's). */
  async forget(ref: SheetRef): Promise<void> {
    const known = this.on(ref);
    if (known) await this.write(this.all().filter((s) => s !== known));
  }

  private async write(sheets: readonly SheetDropDowns[]): Promise<void> {
    this.settings.set(DROP_DOWNS_SETTING, sheets.length > 0 ? { sheets } : null);
    await this.settings.save();
  }
}

function isSheetDropDowns(value: unknown): value is SheetDropDowns {
  const s = value as SheetDropDowns | null;
  return typeof s === 'object' && s !== null && typeof s.worksheetId === 'string' && typeof s.sheetName === 'string' && Array.isArray(s.lists) && s.lists.every(isAddedList);
}

function isAddedList(value: unknown): value is AddedList {
  const l = value as AddedList | null;
  return typeof l === 'object' && l !== null && typeof l.header === 'string' && Array.isArray(l.values) && typeof l.rows === 'number';
}
