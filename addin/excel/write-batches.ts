/**
 * How the gateway splits a write into requests: at most `chunkRows` rows, and each of a batch's requests and
 * responses within the byte budget (Excel on the web refuses either over 5 MB).
 */
import { jsonBytes } from './payload-size';
import { mapPaced, pacer } from './yielding';

/** The JSON of one cell's fill in a `getCellProperties` response: {"format":{"fill":{"color":"#FFFFFF"}}}, */
export const FILL_BYTES_PER_CELL = 44;
/** What one queued operation (a range, a load, a set) adds to a request besides its values. */
export const OPERATION_BYTES = 160;

/**
 * One row's write: the cells to set, guarded by the whole row as it was read (`RowWrite` in `row-writes.ts` is this
 * with Excel's cell values; the batcher reads no value, only sizes).
 */
export interface BatchedWrite<V = unknown> {
  readonly row: number;
  /** Every cell of the row as it was read (index 0 = the header's first column). The row is written only if it still holds exactly these. */
  readonly asRead: readonly V[];
  /**
   * Column index → the value the cell is to hold (index ≥ width for columns the write adds). This is content,
   * not Excel input: the gateway turns text Excel would take as a formula or a number into text Excel keeps.
   */
  readonly set: Readonly<Record<number, V>>;
  /** The columns to mark; the row's other marks are cleared. Absent: marks are left alone. */
  readonly marks?: { readonly on: readonly number[]; readonly mayHaveMarks: boolean };
  /** A `Deal log` row to append when this row is written. */
  readonly log?: readonly V[];
}

/** Does this write read (and maybe change) the row's fills? */
export function readsFills(write: BatchedWrite): boolean {
  return write.marks !== undefined && (write.marks.mayHaveMarks || write.marks.on.length > 0);
}

/**
 * What one row adds to a batch: to the request (the cells and fills it sets, its log row, the loads that guard
 * it) and to the response of each of the batch's requests (the whole row, re-read as its guard, and its fills
 * when its marks may change).
 */
export function writeCost(width: number, write: BatchedWrite, startsRun = true): { request: number; response: number } {
  const fills = readsFills(write);
  const sets = Object.values(write.set).reduce<number>((sum, v) => sum + jsonBytes(v) + 4, OPERATION_BYTES);
  // A row that starts a run of rows adds its own ranges: a load of the row and a set per column.
  const ranges = startsRun ? (Object.keys(write.set).length + 2) * OPERATION_BYTES : 0;
  const marks = fills ? (write.marks!.on.length + 1) * OPERATION_BYTES : 0;
  const request = sets + ranges + marks + (write.log ? jsonBytes(write.log) : 0) + OPERATION_BYTES;
  const response = jsonBytes(write.asRead) + 4 + (fills ? width * FILL_BYTES_PER_CELL : 0);
  return { request, response };
}

/**
 * Splits writes (sorted by row) into batches within the row budget and the byte budget. The rows' costs are
 * measured in slices that give the page a turn (5,000 rows of JSON take a while).
 *
 * @example
 * await splitBatches(writes, { width: 40, chunkRows: 5000, budgetBytes: 4.5 * 1024 * 1024 }); // [[…5000 writes], […]]
 */
export async function splitBatches<W extends BatchedWrite>(writes: readonly W[], limits: { width: number; chunkRows: number; budgetBytes: number }, pace = pacer()): Promise<W[][]> {
  const sorted = [...writes].sort((a, b) => a.row - b.row);
  return splitByCost(sorted, await mapPaced(sorted, (_, i) => costInRun(limits.width, sorted, i), pace), limits);
}

/** The cost of the `i`th of writes sorted by row: a row that does not follow the one before starts a run. */
function costInRun(width: number, sorted: readonly BatchedWrite[], i: number): { request: number; response: number } {
  const previous = i === 0 ? -1 : sorted[i - 1].row;
  return writeCost(width, sorted[i], sorted[i].row !== previous + 1);
}

/** Writes sorted by row, cut into batches by their costs. */
function splitByCost<W extends BatchedWrite>(sorted: readonly W[], costs: readonly { request: number; response: number }[], limits: { chunkRows: number; budgetBytes: number }): W[][] {
  const batches: W[][] = [];
  let current: W[] = [];
  let bytes = { request: 0, response: 0 };
  sorted.forEach((write, i) => {
    const cost = costs[i];
    const full = bytes.request + cost.request > limits.budgetBytes || bytes.response + cost.response > limits.budgetBytes;
    if (current.length > 0 && (current.length >= limits.chunkRows || full)) {
      batches.push(current);
      current = [];
      bytes = { request: 0, response: 0 };
    }
    current.push(write);
    bytes = { request: bytes.request + cost.request, response: bytes.response + cost.response };
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Groups 1-based row numbers into runs of consecutive rows. */
export function contiguousRuns(rows: readonly number[]): { first: number; count: number }[] {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: { first: number; count: number }[] = [];
  for (const row of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.first + last.count === row) last.count++;
    else runs.push({ first: row, count: 1 });
  }
  return runs;
}

/** The columns a request loads for these writes: the sheet's width, or more when a write sets a cell right of it. */
export function spanOf(ref: { readonly width: number }, writes: readonly { readonly set?: Readonly<Record<number, unknown>>; readonly values?: Readonly<Record<number, unknown>>; readonly fills?: Readonly<Record<number, unknown>>; readonly expect?: readonly unknown[] }[]): number {
  let span = ref.width;
  for (const w of writes) {
    for (const c of [...Object.keys(w.set ?? {}), ...Object.keys(w.values ?? {}), ...Object.keys(w.fills ?? {})]) span = Math.max(span, Number(c) + 1);
    span = Math.max(span, w.expect?.length ?? 0);
  }
  return span;
}
