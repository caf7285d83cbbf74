/**
 * What the gateway's parts share: the Excel they speak to (`Excel.run`, or the stand-in's), the cell values
 * Excel gives, where the deal sheet is, and the lowest ExcelApi requirement set they use.
 */
/// <reference types="office-js" />
import { type OwnWrites } from './own-writes';

/** What the gateway needs of Excel: `Excel.run` (the real one, or the stand-in's). */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** `Excel.run(context, batch)`: a batch on an earlier request's context (how an event handler is removed). */
  run<T>(context: Excel.RequestContext, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/** Excel, with the limits every request keeps to and the register of the gateway's own writes. */
export interface ExcelAccess {
  readonly excel: ExcelHost;
  /** Rows per read and write chunk. */
  readonly chunkRows: number;
  /** Bytes a request or response may take. */
  readonly budget: number;
  readonly own: OwnWrites;
  /** Whether the next read of the deal sheet tries one request for it whole (off once a sheet was too large for one response). */
  readonly reads: { whole: boolean };
}

export type CellValue = string | number | boolean;

/** The lowest ExcelApi requirement set the gateway uses (manifest.xml declares it; a test checks they agree). */
export const REQUIRED_EXCEL_API = {
  version: '1.9',
  because: ['Range.getCellProperties (marks)', 'Range.getTables (the table the selection is in)', 'WorksheetCollection.onChanged / onSelectionChanged'],
} as const;

/** Where the deal sheet is: enough to read and write it again. */
export interface SheetRef {
  readonly worksheetId: string;
  readonly sheetName: string;
  /** Zero-based position of the header row's first cell. */
  readonly headerRow: number;
  readonly firstColumn: number;
  /** Header cells (columns) and the last row (1-based) of the data when read. */
  readonly width: number;
  readonly lastRow: number;
  /** The table the deals are in, if any. */
  readonly table?: string;
}

/** A deal row as read: its 1-based sheet row number and its cells (index 0 = the header's first column). */
export interface SheetRow {
  readonly row: number;
  readonly cells: readonly CellValue[];
}

export interface SheetRead {
  readonly ref: SheetRef;
  readonly headers: readonly CellValue[];
  readonly rows: readonly SheetRow[];
}
