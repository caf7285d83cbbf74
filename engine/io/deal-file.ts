import * as fs from 'node:fs';
import * as path from 'node:path';
import { type SheetGrid } from '../sheet/cell';
import { type HeaderMap } from '../sheet/header-map';
import { writeGrid } from '../workflow/write-plan';
import { type RowOutcome } from '../workflow/process-sheet';
import { type CsvDocument, formatCsv, notUtf8, parseCsv } from './csv-file';
import { type XlsxDocument, readXlsx, writeXlsxFile } from './xlsx-file';
import { InputError } from './input-error';
import { PACKAGE_LIMITS } from './xlsx/package-guard';
import { writeAtomically } from './atomic-write';

export { writeAtomically } from './atomic-write';

/** A deal sheet read from a .csv or .xlsx file, ready to be written back with the outcomes. */
export interface DealFile {
  readonly file: string;
  readonly grid: SheetGrid;
  /** Numbers in this file use a decimal comma (`;`-delimited CSV). */
  readonly decimalComma: boolean;
  /** Writes the sheet with the outcomes to `out` (atomically). */
  write(out: string, map: HeaderMap, outcomes: readonly RowOutcome[]): Promise<FileWrite>;
}

/** What a write says: notices for the user, and the rows whose action could not be written (so did not happen). */
export interface FileWrite {
  readonly notices: readonly string[];
  readonly keptRows: readonly number[];
}

/** Reads a deal sheet; the extension decides the format. Throws `InputError` for anything unusable. */
export async function readDealFile(file: string, options: { sheet?: string } = {}): Promise<DealFile> {
  const kind = formatOf(file);
  let bytes: Buffer;
  try {
    // A workbook is refused by its size before it is read into memory.
    const size = fs.statSync(file).size;
    if (kind === 'xlsx' && size > PACKAGE_LIMITS.fileBytes) throw new InputError(`${file}: not read: the workbook is ${Math.round(size / 2 ** 20)} MB, over the ${PACKAGE_LIMITS.fileBytes / 2 ** 20} MB a deal workbook may take. Save the deal sheet alone, or as CSV.`);
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(file, error);
  }
  if (kind === 'csv') {
    if (options.sheet !== undefined) throw new InputError(`${file}: --sheet applies to .xlsx files only.`);
    const csv = parseCsv(decodeUtf8(bytes, file), file);
    return csvFile(file, csv);
  }
  return xlsxFile(file, await readXlsx(bytes, file, options.sheet));
}

function csvFile(file: string, csv: CsvDocument): DealFile {
  return {
    file,
    grid: csv.grid,
    decimalComma: csv.delimiter === ';',
    async write(out, map, outcomes) {
      assertSameFormat(file, out);
      writeAtomically(out, formatCsv(csv, writeGrid(csv.grid, map, outcomes)));
      return { notices: [], keptRows: [] };
    },
  };
}

function xlsxFile(file: string, xlsx: XlsxDocument): DealFile {
  return {
    file,
    grid: xlsx.grid,
    decimalComma: false,
    async write(out, map, outcomes) {
      assertSameFormat(file, out);
      return writeXlsxFile(xlsx, map, outcomes, out);
    },
  };
}

export function formatOf(file: string): 'csv' | 'xlsx' {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.xlsx') return 'xlsx';
  throw new InputError(`${file}: a deal sheet must be a .csv or .xlsx file.`);
}

export function assertSameFormat(input: string, out: string): void {
  if (formatOf(out) !== formatOf(input)) throw new InputError(`${out}: the output must have the input's format (${path.extname(input)}).`);
}

function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw notUtf8(file);
  }
}

/** A deal file the system would not read: missing, or why not. */
export function unreadable(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(code === 'ENOENT' ? `${file}: no such file.` : `${file}: cannot read the file (${code ?? (error as Error).message}).`);
}
