import { type Cell, type SheetGrid, columnLetter, safeCellText } from '../sheet/cell';
import { headerOf } from '../sheet/columns';
import { type HeaderMap } from '../sheet/header-map';
import { appendedHeaders, planWrite, rowWrites } from '../workflow/write-plan';
import { type RowOutcome } from '../workflow/process-sheet';
import { InputError } from './input-error';
import { type FormatKind, styleKinds } from './xlsx/number-formats';
import { readSharedStrings } from './xlsx/shared-strings';
import { type CellWrite, patchSheet, patchedSheet } from './xlsx/sheet-patch';
import { formulaCells as formulaCellsOf } from './xlsx/formula-cells';
import { MAX_COLUMNS, MAX_ROWS, type SheetIndex, SheetProblem, indexSheet } from './xlsx/sheet-index';
import { sheetTables } from './xlsx/sheet-tables';
import { type WorkbookPackage, openWorkbookPackage } from './xlsx/workbook-package';
import { XmlProblem } from './xlsx/xml-text';
import { ZipProblem } from './xlsx/zip-archive';
import { rewriteZip, rewriteZipTo } from './xlsx/zip-rewrite';
import { openAtomically } from './atomic-write';
import { groupDigits, listedText } from '../workflow/listed-text';

/**
 * A worksheet of a workbook, read as a grid, with the package it came from: a write patches that worksheet's
 * cells inside the package and copies every other part as it is.
 */
export interface XlsxDocument {
  readonly file: string;
  readonly sheetName: string;
  readonly grid: SheetGrid;
  readonly pkg: WorkbookPackage;
  /** The sheet's part as the workbook's relationship names it (`xl/worksheets/Sheet2.xml`). */
  readonly sheetPart: string;
  /** The zip entry that holds it, as the archive spells it (`xl/worksheets/sheet2.xml`): the entry a write replaces. */
  readonly sheetEntry: string;
  readonly index: SheetIndex;
  readonly styleKinds: readonly FormatKind[];
}

/** What a write produced: the workbook's bytes and sentences for the user about what it did not do as asked. */
export interface XlsxWrite {
  readonly bytes: Buffer;
  readonly notices: string[];
  /** Rows whose action's cells were not written (a cell it changes holds a formula): their action did not happen. */
  readonly keptRows: readonly number[];
}

/**
 * Reads the named worksheet (or the first worksheet) of an .xlsx file. Grid column 0 is column A and grid
 * header row is sheet row 1 whatever the sheet's used range, so that grid positions are the cells a write
 * patches. Cells read as their number format shows them: percentages as text (`40%`), dates as Dates, text
 * format as text; formulas as their cached results. Throws `InputError` naming the file for a package that is
 * damaged, encrypted, macro-enabled, binary or over the size limits (`PACKAGE_LIMITS`).
 *
 * @example
 * const doc = readXlsx(fs.readFileSync('deals.xlsx'), 'deals.xlsx', 'Deals');
 * doc.grid.headers; // ['Deal Name', 'Customer Name', …]
 */
export function readXlsx(bytes: Uint8Array, file: string, sheetName?: string): XlsxDocument {
  try {
    const pkg = openWorkbookPackage(bytes);
    const worksheets = pkg.sheets.filter((s) => s.kind === 'worksheet');
    const listing =
      sheetName === undefined ? worksheets[0] : (pkg.sheets.find((s) => s.name === sheetName) ?? pkg.sheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase()));
    if (!listing) {
      const names = pkg.sheets.map((s) => `"${s.name}"`).join(', ');
      throw new InputError(sheetName === undefined ? `${file}: the workbook has no worksheet.` : `${file}: no sheet named "${sheetName}"; the workbook has ${names}.`);
    }
    if (listing.kind !== 'worksheet') throw new InputError(`${file}: sheet "${listing.name}" is a ${listing.kind}, not a worksheet of cells.`);
    const xml = listing.part === undefined ? undefined : pkg.text(listing.part);
    const sheetEntry = listing.part === undefined ? undefined : pkg.entryName(listing.part);
    if (listing.part === undefined || xml === undefined || sheetEntry === undefined) throw new ZipProblem(`it is damaged (the part of sheet "${listing.name}" is missing)`);
    const kinds = styleKinds(pkg.stylesPart === undefined ? undefined : pkg.text(pkg.stylesPart));
    const sharedStrings = readSharedStrings(pkg.sharedStringsPart === undefined ? undefined : pkg.text(pkg.sharedStringsPart));
    let index: SheetIndex;
    const values = new Map<number, Cell[]>();
    try {
      const part = listing.part;
      index = indexSheet(xml, { sharedStrings, styleKinds: kinds, date1904: pkg.date1904 }, (row, cells) => values.set(row, cells), () => pkg.textAgain(part)!);
    } catch (error) {
      if (error instanceof SheetProblem) throw new InputError(`${file}: sheet "${listing.name}" (${listing.part}) cannot be read: ${error.message}.`);
      throw error;
    }
    const extent = index.extent;
    if (extent.width * extent.lastRow > MAX_GRID_CELLS) {
      throw new InputError(
        `${file}: sheet "${listing.name}" is not read: its used range A1:${columnLetter(extent.width - 1)}${extent.lastRow} spans ${groupDigits(extent.width * extent.lastRow)} cells, over the ${groupDigits(MAX_GRID_CELLS)} cosell reads. Clear the stray cells far right or far down, or save the deal sheet alone.`,
      );
    }
    // The sheet's text is not held while its rows are judged: a write reads it again.
    index.release();
    pkg.forget(listing.part);
    return { file, sheetName: listing.name, grid: gridOf(values, extent), pkg, sheetPart: listing.part, sheetEntry, index, styleKinds: kinds };
  } catch (error) {
    if (error instanceof ZipProblem) throw new InputError(`${file}: not readable as an .xlsx workbook: ${error.message}.`);
    if (error instanceof XmlProblem) throw new InputError(`${file}: not readable as an .xlsx workbook: it is damaged (${error.message}).`);
    throw error;
  }
}

/**
 * The most cells (rows × columns of the used range) a sheet may span: the grid is built cell by cell, so one
 * stray cell at XFD1048576 would otherwise ask for 17 billion. Partner Center's 5,000 deals of ~100 columns are
 * half a million.
 */
export const MAX_GRID_CELLS = 10_000_000;

/** The grid of a sheet over its used extent (each row's values, by row number): row 1 as headers. */
function gridOf(values: ReadonlyMap<number, Cell[]>, { width, lastRow }: { width: number; lastRow: number }): SheetGrid {
  const rowCells = (n: number): Cell[] => {
    const cells = values.get(n);
    if (cells === undefined) return new Array<Cell>(width).fill(null);
    // A row's values reach its last cell holding one, never beyond the used extent: pad them to its width.
    while (cells.length < width) cells.push(null);
    return cells;
  };
  return { headers: rowCells(1), rows: Array.from({ length: lastRow - 1 }, (_, i) => rowCells(i + 2)) };
}

/**
 * Writes outcomes into the worksheet's XML and returns the workbook as .xlsx bytes; every other part of the
 * package is copied byte for byte. Columns never move: a missing `Errors` column (and any owned column an
 * action fills) is added right of the used range. Formula cells are never overwritten: an `Errors` or `Action`
 * cell holding one is left as it is, and a row whose other changed cell holds one keeps all its cells, with
 * `Errors` saying why. Each such decision is returned as a notice.
 *
 * @example
 * const { bytes, notices } = writeXlsx(doc, context.map, outcomes);
 */
export function writeXlsx(document: XlsxDocument, map: HeaderMap, outcomes: readonly WrittenXlsxOutcome[]): XlsxWrite {
  const { writes, notices, keptRows } = planXlsxWrite(document, map, outcomes);
  const bytes = writeCells(document, writes);
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), notices, keptRows };
}

/**
 * `writeXlsx` into a file, atomically, without holding the new workbook: the sheet's XML is patched and
 * deflated piece by piece into a temporary file beside `out`, which is read back (`rewriteZipTo`) and then
 * renamed over `out`. The workbook has the bytes `writeXlsx` gives.
 *
 * @example
 * const { notices, keptRows } = await writeXlsxFile(doc, context.map, outcomes, 'deals.checked.xlsx');
 */
export async function writeXlsxFile(document: XlsxDocument, map: HeaderMap, outcomes: readonly WrittenXlsxOutcome[], out: string): Promise<Omit<XlsxWrite, 'bytes'>> {
  const { writes, notices, keptRows } = planXlsxWrite(document, map, outcomes);
  checkWrites(document, writes);
  const pieces = patchedSheet(document.index, writes, { styleKinds: document.styleKinds, date1904: document.pkg.date1904 });
  const output = openAtomically(out);
  try {
    await rewriteZipTo(document.pkg.archive, document.sheetEntry, pieces, output);
    output.commit();
  } finally {
    output.abort();
    document.index.release();
  }
  return { notices, keptRows };
}

/** What the workbook writer needs of a row's outcome. */
export type WrittenXlsxOutcome = Pick<RowOutcome, 'row' | 'isDeal' | 'errors' | 'changes' | 'action'>;

/** The cells a write patches, and what is said about what it does not do as asked. */
function planXlsxWrite(document: XlsxDocument, map: HeaderMap, outcomes: readonly WrittenXlsxOutcome[]): { writes: CellWrite[]; notices: string[]; keptRows: number[] } {
  const { index, file, sheetName } = document;
  // New columns go right of the data and of any merged cells (a header inside a merge would be hidden).
  const plan = planWrite(map, outcomes, { errorsAtEnd: true, width: index.mergedWidth });
  const writes: CellWrite[] = [];
  const notices: string[] = [];
  const added = appendedHeaders(plan);
  const beyond = added.find((a) => a.index >= MAX_COLUMNS);
  if (beyond) {
    throw new InputError(
      `${file}: sheet "${sheetName}" uses columns up to ${columnLetter(MAX_COLUMNS - 1)}, Excel's last, so there is no column right of its used range for the new "${beyond.header}" column (in a workbook, cosell never inserts or moves columns). Nothing was written. Head an empty column of the sheet "${beyond.header}", or clear the cells at its far right.`,
    );
  }
  for (const { index: col, header } of added) writes.push({ row: 1, col, value: header });

  const errorsCol = plan.columnOf('errors');
  const actionCol = map.fields.action;
  const formulaCells = new Map<number, string[]>();
  const blockedRows: string[] = [];
  const keptRows: number[] = [];
  const formulaAt = formulaCellsOf(index);
  for (const outcome of outcomes) {
    const cells = rowWrites(plan, outcome);
    const ref = (col: number) => `${columnLetter(col)}${outcome.row}`;
    const blocking = cells.find((w) => w.index !== errorsCol && w.index !== actionCol && formulaAt(outcome.row, w.index));
    if (blocking) {
      const header = headerAt(map, blocking.index);
      const what = outcome.action ? `${outcome.action.name} was not written` : 'The change was not written';
      blockedRows.push(`${outcome.row} (${ref(blocking.index)})`);
      keptRows.push(outcome.row);
      if (!formulaAt(outcome.row, errorsCol)) writes.push({ row: outcome.row, col: errorsCol, value: safeCellText(`${what}: ${header} (${ref(blocking.index)}) holds a formula, which cosell does not overwrite.`) });
      continue;
    }
    for (const { index: col, value } of cells) {
      if (formulaAt(outcome.row, col)) {
        formulaCells.set(col, [...(formulaCells.get(col) ?? []), ref(col)]);
        continue;
      }
      writes.push({ row: outcome.row, col, value });
    }
  }

  if (plan.insertErrorsAt !== null) {
    notices.push(`${file}: the new Errors column is column ${columnLetter(plan.insertErrorsAt)} of sheet "${sheetName}", right of the used range (in a workbook, cosell never inserts or moves columns).`);
  }
  const tables = sheetTables(document.pkg, document.sheetPart);
  for (const { index: col, header } of added) {
    const table = tables.find((t) => t.firstRow === 0 && t.lastCol + 1 === col);
    if (table) notices.push(`${file}: the new ${header} column (${columnLetter(col)}) is just right of table "${table.name}" and not part of it; cosell does not resize tables.`);
  }
  for (const [col, refs] of formulaCells) {
    notices.push(`${file}: ${sheetName}!${listedText(refs, 3)} (${headerAt(map, col)}) ${refs.length > 1 ? 'hold formulas' : 'holds a formula'}; left as ${refs.length > 1 ? 'they are' : 'it is'}.`);
  }
  if (blockedRows.length > 0) {
    notices.push(`${file}: ${blockedRows.length > 1 ? 'rows' : 'row'} ${listedText(blockedRows, 3)} kept ${blockedRows.length > 1 ? 'their' : 'its'} cells: a cell the action would change holds a formula; Errors says so.`);
  }
  return { writes, notices, keptRows };
}

/**
 * The workbook with just these cells of the document's sheet rewritten, every other part copied as it is. The
 * sheet's own zip entry is replaced (whatever the case of its name), and the output is read back to hold the
 * write. Throws (a bug in the caller, never a workbook without the write or an invalid one) when a write lands
 * on a formula cell (`formulaCells`) or outside Excel's grid (A1:XFD1048576).
 *
 * @example
 * writeCells(doc, [{ row: 2, col: 0, value: 'Accepted' }]); // .xlsx bytes
 */
export function writeCells(document: XlsxDocument, writes: readonly CellWrite[]): Uint8Array {
  checkWrites(document, writes);
  const xml = patchSheet(document.index, writes, { styleKinds: document.styleKinds, date1904: document.pkg.date1904 });
  return rewriteZip(document.pkg.archive, new Map([[document.sheetEntry, new TextEncoder().encode(xml)]]));
}

/** Throws (a bug in the caller) when a write lands on a formula cell or outside Excel's grid. */
function checkWrites(document: XlsxDocument, writes: readonly CellWrite[]): void {
  const holdsFormula = formulaCellsOf(document.index);
  for (const { row, col } of writes) {
    const ref = `${document.sheetName}!${columnLetter(col)}${row}`;
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || row > MAX_ROWS || col < 0 || col >= MAX_COLUMNS) throw new Error(`Not written: ${ref} is outside Excel's grid (A1:XFD1048576).`);
    if (holdsFormula(row, col)) throw new Error(`Not written: ${ref} holds a formula.`);
  }
}

function headerAt(map: HeaderMap, col: number): string {
  const key = (Object.keys(map.fields) as (keyof HeaderMap['fields'])[]).find((k) => map.fields[k] === col);
  return key ? headerOf(key) : `column ${columnLetter(col)}`;
}

/** `A2, A3, A4 and 12 more`. */
