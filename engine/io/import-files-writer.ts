import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ImportPlan } from '../workflow/import-files';
import { type CsvStyle, formatCsv } from './csv-file';
import { checkOutputPath, writeAtomically } from './atomic-write';
import { InputError } from './input-error';

/** How Partner Center's bulk files are written: UTF-8 with a BOM, commas, CRLF after every record. */
export const IMPORT_CSV_STYLE: CsvStyle = { delimiter: ',', bom: true, lineEnding: '\r\n', finalNewline: true };

/**
 * The text of each import file of a plan, in order: `formatCsv` in {@link IMPORT_CSV_STYLE} (RFC 4180 quoting).
 *
 * @example
 * importFileTexts(plan)[0].startsWith('\uFEFFErrors,Engagement ID,'); // true
 */
export function importFileTexts(plan: ImportPlan): string[] {
  return plan.files.map((rows) => formatCsv(IMPORT_CSV_STYLE, { headers: plan.headers, rows: rows.map((r) => r.cells) }));
}

/**
 * The file names of a run: `NAME-1.csv`, `NAME-2.csv` … in `dir`.
 *
 * @example
 * importFileNames('out', 'deals-import', 2); // ['out/deals-import-1.csv', 'out/deals-import-2.csv']
 */
export function importFileNames(dir: string, name: string, files: number): string[] {
  return Array.from({ length: files }, (_, i) => path.join(dir, `${name}-${i + 1}.csv`));
}

/**
 * Checks, before any work, that `dir` is a folder the import files can be written to and that it holds no
 * `NAME-n.csv` from an earlier run: such a file is never overwritten (nor left beside fewer new ones, where it
 * could be uploaded by mistake). Throws an `InputError` naming the folder or the files (exit 2).
 *
 * @example
 * checkImportDir('out', 'deals-import'); // throws when out/deals-import-1.csv exists
 */
export function checkImportDir(dir: string, name: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new InputError(`${dir}: cannot write the import files: no such folder. Create it first, or give another --out-dir.`);
  }
  if (!stat.isDirectory()) throw new InputError(`${dir}: cannot write the import files: it is a file, not a folder.`);
  checkOutputPath(path.join(dir, `${name}-1.csv`));
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+\\.csv$`, 'i');
  const existing = fs.readdirSync(dir).filter((f) => pattern.test(f)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (existing.length > 0) {
    throw new InputError(`${dir}: already holds ${existing.join(', ')} from an earlier run: import files are never overwritten. Move ${existing.length === 1 ? 'it' : 'them'} away or give another --out-dir.`);
  }
}

/**
 * Writes a plan's import files into `dir` as `NAME-1.csv` … (each atomically). If one cannot be written, the
 * ones already written are removed, so a run leaves all its files or none. Returns each file with its row count.
 *
 * @example
 * writeImportFiles(plan, 'out', 'deals-import'); // [{ file: 'out/deals-import-1.csv', rows: 1000 }, …]
 */
export function writeImportFiles(plan: ImportPlan, dir: string, name: string): { file: string; rows: number }[] {
  const names = importFileNames(dir, name, plan.files.length);
  const texts = importFileTexts(plan);
  const done: string[] = [];
  try {
    names.forEach((file, i) => {
      writeAtomically(file, texts[i]);
      done.push(file);
    });
  } catch (error) {
    for (const file of done) fs.rmSync(file, { force: true });
    throw error;
  }
  return names.map((file, i) => ({ file, rows: plan.files[i].length }));
}
