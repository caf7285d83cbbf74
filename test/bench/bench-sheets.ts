/**
 * The bench's deal sheets: generated rows (test/helpers/fuzzed-deals.ts: shipped rule cases with cells edited) on
 * which every rule fires on some rows and not on others, as a grid, and as .csv and .xlsx files cached under
 * /tmp (made once per size, never in the repository).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { type Cell, type SheetGrid } from '../../engine/index';
import { fuzzedRows, shippedCaseRows } from '../helpers/fuzzed-deals';

/** The day every generated row is judged on (that of every shipped rule case). */
export const BENCH_TODAY = '2026-11-23';

/** Where the generated files live; BENCH_CACHE moves it. Bump the version when the generator changes. */
export const CACHE_DIR = process.env.BENCH_CACHE ?? path.join(os.tmpdir(), 'cosell-bench-cache', 'v1');

const CHUNK = 5000;

let shape: { headers: string[]; arbitrary: ReturnType<typeof fuzzedRows> } | undefined;

function sheetShape() {
  if (!shape) {
    const cases = shippedCaseRows();
    const headers = [...new Set(cases.flatMap((c) => Object.keys(c.cells)))];
    if (!headers.includes('Action')) headers.push('Action');
    shape = { headers, arbitrary: fuzzedRows(cases) };
  }
  return shape;
}

/** Generated rows `from` … `from + count - 1`, the same whatever the chunking (each chunk of 5,000 has its own seed). */
function* generatedRows(count: number): Generator<Cell[]> {
  const { headers, arbitrary } = sheetShape();
  const action = headers.indexOf('Action');
  const referral = headers.indexOf('Referral ID');
  for (let start = 0; start < count; start += CHUNK) {
    const rows = fc.sample(arbitrary, { numRuns: Math.min(CHUNK, count - start), seed: 1000 + start / CHUNK });
    for (let i = 0; i < rows.length; i++) {
      const row = headers.map((h) => rows[i].cells[h] ?? '');
      row[action] = rows[i].action ?? '';
      if (referral >= 0) row[referral] = `r-${start + i}`;
      yield row;
    }
  }
}

/** A generated sheet of `rows` deals (with an Action column: some rows ask for an action). */
export function generatedGrid(rows: number): SheetGrid {
  return { headers: sheetShape().headers, rows: [...generatedRows(rows)] };
}

function csvField(cell: Cell): string {
  const text = cell === null ? '' : cell instanceof Date ? cell.toISOString() : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The generated sheet of `rows` deals as a CSV file in the cache (written once). */
export function generatedCsv(rows: number): string {
  const file = path.join(CACHE_DIR, `deals-${rows}.csv`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(partial, 'w');
  try {
    fs.writeSync(fd, sheetShape().headers.map(csvField).join(',') + '\r\n');
    let lines: string[] = [];
    for (const row of generatedRows(rows)) {
      lines.push(row.map(csvField).join(','));
      if (lines.length === 2000) {
        fs.writeSync(fd, lines.join('\r\n') + '\r\n');
        lines = [];
      }
    }
    if (lines.length > 0) fs.writeSync(fd, lines.join('\r\n') + '\r\n');
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  return file;
}

/** The generated sheet of `rows` deals as an .xlsx file in the cache, written with exceljs's streaming writer (once). */
export async function generatedXlsx(rows: number): Promise<string> {
  const file = path.join(CACHE_DIR, `deals-${rows}.xlsx`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.tmp.xlsx`;
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Deals');
  sheet.addRow(sheetShape().headers).commit();
  for (const row of generatedRows(rows)) sheet.addRow(row.map((c) => (c === null ? '' : c))).commit();
  sheet.commit();
  await workbook.commit();
  fs.renameSync(partial, file);
  return file;
}
