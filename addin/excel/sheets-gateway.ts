/**
 * The gateway to the workbook's other sheets, by name: read one's used range, or create one with values (and
 * drop-downs). Like `ExcelGateway`, it is the only kind of module that speaks to Excel, through the same
 * `ExcelHost` (`Excel.run`, or the stand-in's); every value it writes goes through `excelCellInput`, so nothing
 * formula-like reaches a cell and text stays text. It never changes a sheet that exists.
 */
/// <reference types="office-js" />
import { excelCellInput } from '../../engine/sheet/cell';
import { type CellValue, type ExcelHost } from './excel-host';
import { jsonBytes } from './payload-size';

/** A named sheet as read: absent, empty, or its used range (values only) and where that range starts. */
export type NamedSheetRead =
  | { readonly kind: 'absent'; readonly name: string }
  | { readonly kind: 'empty'; readonly name: string }
  | {
      readonly kind: 'sheet';
      /** The sheet's name as the workbook spells it. */
      readonly name: string;
      /** Zero-based sheet row and column of the used range's first cell (its header row). */
      readonly firstRow: number;
      readonly firstColumn: number;
      readonly values: readonly (readonly CellValue[])[];
    };

/** An Excel drop-down (a list data validation) on one column, below the header row. */
export interface ColumnList {
  /** Zero-based column of the new sheet. */
  readonly column: number;
  readonly values: readonly string[];
  /** The alert Excel shows when a typed value is not in the list. */
  readonly message: string;
}

export interface NewSheet {
  readonly name: string;
  /** Row 1 (the headers, bold) then the data rows, from cell A1. */
  readonly rows: readonly (readonly CellValue[])[];
  readonly lists?: readonly ColumnList[];
}

/** What `createSheet` did: the sheet made, or nothing because a sheet of that name exists. */
export type CreateSheetResult = { readonly kind: 'created'; readonly name: string } | { readonly kind: 'exists'; readonly name: string };

/** The rows a worksheet has (Excel's grid): a drop-down covers its column down to the last one. */
const SHEET_ROWS = 1_048_576;

/**
 * @example
 * const sheets = new SheetsGateway(Excel);
 * const read = await sheets.readSheet('Solutions'); // { kind: 'sheet', values: [['ID', …], …], … } or { kind: 'absent' }
 * await sheets.createSheet({ name: 'Solutions', rows: [['ID', 'Name']], lists: [] });
 */
export class SheetsGateway {
  private readonly budget: number;

  constructor(private readonly host: ExcelHost, options: { budgetBytes?: number } = {}) {
    this.budget = options.budgetBytes ?? 4.5 * 1024 * 1024;
  }

  /** The named sheet's used range (values only, so a drop-down or a fill alone does not count), in one request. */
  async readSheet(name: string): Promise<NamedSheetRead> {
    return this.host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject(name).load('isNullObject,name');
      const used = sheet.getUsedRangeOrNullObject(true).load('isNullObject,rowIndex,columnIndex,values');
      await context.sync();
      if (sheet.isNullObject) return { kind: 'absent', name };
      if (used.isNullObject) return { kind: 'empty', name: sheet.name };
      return { kind: 'sheet', name: sheet.name, firstRow: used.rowIndex, firstColumn: used.columnIndex, values: used.values };
    });
  }

  /**
   * Creates a sheet holding `rows` from A1 (header row bold), with a drop-down on each listed column below the
   * header: one request to see whether the name is taken (then nothing is done), one to create and fill it. If a
   * sheet of that name appears between the two, Excel refuses the add and nothing is written either.
   */
  async createSheet(sheet: NewSheet): Promise<CreateSheetResult> {
    const width = Math.max(1, ...sheet.rows.map((r) => r.length));
    const values = sheet.rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill('')].map(excelCellInput));
    if (jsonBytes(values) > this.budget) throw new Error(`The sheet "${sheet.name}" would take more than one request can carry (${Math.round(this.budget / 1024 / 1024)} MB); nothing was created.`);
    const existing = await this.host.run(async (context) => {
      const found = context.workbook.worksheets.getItemOrNullObject(sheet.name).load('isNullObject,name');
      await context.sync();
      return found.isNullObject ? undefined : found.name;
    });
    if (existing !== undefined) return { kind: 'exists', name: existing };
    try {
      await this.host.run(async (context) => {
        const added = context.workbook.worksheets.add(sheet.name);
        if (values.length > 0) added.getRangeByIndexes(0, 0, values.length, width).values = values;
        added.getRangeByIndexes(0, 0, 1, width).format.font.bold = true;
        for (const list of sheet.lists ?? []) {
          const column = added.getRangeByIndexes(1, list.column, SHEET_ROWS - 1, 1);
          column.dataValidation.rule = { list: { inCellDropDown: true, source: list.values.join(',') } };
          column.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: 'Not in the list', message: list.message };
        }
        added.getRangeByIndexes(0, 0, values.length || 1, width).format.autofitColumns();
        await context.sync();
      });
    } catch (error) {
      if (isItemAlreadyExists(error)) return { kind: 'exists', name: sheet.name };
      throw error;
    }
    return { kind: 'created', name: sheet.name };
  }
}

/** Excel's refusal to add a sheet whose name is taken. */
function isItemAlreadyExists(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
  return code === 'ItemAlreadyExists' || (error instanceof Error && /already exists/i.test(error.message));
}
