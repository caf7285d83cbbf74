import * as fs from 'node:fs';
import * as path from 'node:path';
import { type SolutionCatalog } from '../domain/catalog';
import { type PendingSolution, SOLUTIONS_SHEET, catalogFromSheet } from '../sheet/catalog-sheet';
import { DEFAULT_CATALOG, loadCatalogFile } from './catalog-file';
import { parseCsv } from './csv-file';
import { InputError } from './input-error';
import { formatProblem } from './json-file';
import { displayName } from './rule-files';
import { readXlsx } from './xlsx-file';
import { PACKAGE_LIMITS } from './xlsx/package-guard';
import { openWorkbookPackage } from './xlsx/workbook-package';
import { ZipProblem } from './xlsx/zip-archive';

/** A catalog loaded from a file, with where it came from and the rows the analyst has still to fill in. */
export type CatalogLoad =
  | {
      readonly kind: 'catalog';
      readonly catalog: SolutionCatalog;
      /** `rules/catalog.json`, `solutions.csv`, `sheet "Solutions" of deals.xlsx`. */
      readonly source: string;
      /** The shipped sample, used because nothing else was given. */
      readonly isDefault: boolean;
      readonly pending: readonly PendingSolution[];
    }
  | { readonly kind: 'problems'; readonly problems: readonly string[] };

/**
 * Reads a solution catalog from a file, by its extension: `.json` (`{"solutions": […]}`), `.csv` (the columns
 * ID, Name, Kind, Incentive eligible; UTF-8 with or without a BOM, any delimiter the deal sheet allows) or
 * `.xlsx` (the same columns on its `Solutions` sheet). Problems name the file (and sheet), row and column, or
 * the JSON line and column. A file that cannot be read at all throws `InputError`.
 *
 * @example
 * const load = loadCatalog('solutions.csv');
 * if (load.kind === 'catalog') load.catalog.find('SOL-1234-PQRS');
 */
export function loadCatalog(file: string): CatalogLoad {
  const name = displayName(file);
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') {
    const json = loadCatalogFile(file);
    if (!json.catalog) return { kind: 'problems', problems: json.problems.map(formatProblem) };
    return { kind: 'catalog', catalog: json.catalog, source: name, isDefault: path.resolve(file) === path.resolve(DEFAULT_CATALOG), pending: [] };
  }
  if (extension === '.csv') {
    const text = decodeUtf8(readBytes(file, name), name);
    const { grid } = parseCsv(text, name);
    return fromSheet(catalogFromSheet(grid, { file: name }), name);
  }
  if (extension === '.xlsx') {
    const sheet = workbookSheet(file, name);
    if (sheet === undefined) throw new InputError(`${name}: no sheet named "${SOLUTIONS_SHEET}": a catalog workbook keeps its solutions on a sheet named ${SOLUTIONS_SHEET} (columns ID, Name, Kind, Incentive eligible).`);
    return sheet;
  }
  throw new InputError(`${name}: a solution catalog is a .json, .csv or .xlsx file.`);
}

/**
 * The catalog a deal file is judged with: `--catalog FILE` when given; otherwise, for a workbook, its own
 * `Solutions` sheet when it has one; otherwise the shipped sample (`rules/catalog.json`).
 *
 * @example
 * resolveCatalog({ input: 'deals.xlsx' }); // the workbook's Solutions sheet, or the sample
 */
export function resolveCatalog(options: { readonly catalog?: string; readonly input: string }): CatalogLoad {
  if (options.catalog !== undefined) return loadCatalog(options.catalog);
  if (path.extname(options.input).toLowerCase() === '.xlsx') {
    // A deal workbook that cannot be opened is left for the deal file's reader to report.
    const own = workbookSheet(options.input, displayName(options.input), { quiet: true });
    if (own !== undefined) return own;
  }
  return loadCatalog(DEFAULT_CATALOG);
}

/**
 * The workbook's Solutions sheet as a catalog, or undefined when it has none. `quiet`: a workbook that cannot be
 * read or opened at all is taken as having none (its own reader reports it).
 */
function workbookSheet(file: string, name: string, options: { quiet?: boolean } = {}): CatalogLoad | undefined {
  let bytes: Buffer;
  let listed: string | undefined;
  try {
    // Refused by its size before it is read into memory (readBytes names why a file cannot be read).
    const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
    if (size > PACKAGE_LIMITS.fileBytes) throw new InputError(`${name}: not read: the workbook is ${Math.round(size / 2 ** 20)} MB, over the ${PACKAGE_LIMITS.fileBytes / 2 ** 20} MB a workbook may take.`);
    bytes = readBytes(file, name);
    listed = openWorkbookPackage(bytes).sheets.find((s) => s.name.toLowerCase() === SOLUTIONS_SHEET.toLowerCase())?.name;
  } catch (error) {
    if (options.quiet) return undefined;
    if (error instanceof ZipProblem) throw new InputError(`${name}: not readable as an .xlsx workbook: ${error.message}.`);
    throw error;
  }
  if (listed === undefined) return undefined;
  const document = readXlsx(bytes, name, listed);
  return fromSheet(catalogFromSheet(document.grid, { file: name, sheet: document.sheetName }), `sheet "${document.sheetName}" of ${name}`);
}

function fromSheet(result: ReturnType<typeof catalogFromSheet>, source: string): CatalogLoad {
  if (result.kind === 'problems') return { kind: 'problems', problems: result.problems.map((p) => p.text) };
  return { kind: 'catalog', catalog: result.catalog, source, isDefault: false, pending: result.pending };
}

function readBytes(file: string, name: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message);
    throw new InputError(`${name}: cannot read the solution catalog: ${why}.`);
  }
}

function decodeUtf8(bytes: Buffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError(`${name}: not UTF-8 text. Save the catalog from Excel as "CSV UTF-8 (Comma delimited)".`);
  }
}
