import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { type Cell, columnLetter } from '../sheet/cell';
import { type FieldKey } from '../sheet/columns';
import { type HeaderProblem } from '../sheet/header-map';
import { type RowOutcome, type SheetContext, type SheetRun, type Summary, judgeRowBatches, summarize } from '../workflow/process-sheet';
import { type SheetNotice } from '../workflow/sheet-notices';
import { type WritePlan, type WrittenOutcome, addsColumn, planWrite, writeGrid, writtenRow } from '../workflow/write-plan';
import { type AtomicOutput, openAtomically, temporaryFolder } from './atomic-write';
import { CsvChunkError, type CsvHead, csvChunks } from './csv/csv-chunks';
import { cellString, csvRecordText } from './csv/csv-record-text';
import { type SourceRecord } from './csv/csv-records';
import { describeCsvProblem, notUtf8 } from './csv-file';
import { unreadable } from './deal-file';
import { InputError } from './input-error';

/** What a streamed check or apply found: the summary and notices, the same with or without an output file. */
interface StreamedJudgement {
  readonly context: SheetContext;
  readonly summary: Summary;
  readonly notices: readonly SheetNotice[];
}

/**
 * A streamed sheet: written to `out` (each row's problems are in its Errors cell there), or, without `out`, each
 * row's problems kept in a spool to read once.
 */
export type StreamedSheet =
  | (StreamedJudgement & { readonly kind: 'written'; readonly out: string })
  | (StreamedJudgement & {
      readonly kind: 'spooled';
      /** Each row's Errors text (`row N: …`), in order, read from a temporary file (removed once read). */
      problems(): AsyncIterable<{ readonly row: number; readonly errors: string }>;
      /** Removes the temporary file without reading it (also safe after `problems`). */
      discard(): void;
    });

/** How the sheet is judged, once its header row is known. */
export interface StreamOptions {
  /** The context for the sheet's headers, or the header problems that make it unusable. */
  readonly contextFor: (headers: readonly Cell[], decimalComma: boolean) => { context?: SheetContext; problems: HeaderProblem[] };
  readonly run: SheetRun;
  /** Write the sheet with its outcomes here (a .csv), atomically; nothing is written when absent. */
  readonly out?: string;
}

/**
 * Checks or applies a CSV deal file of any size in bounded memory. It reads the file in pieces of whole records,
 * judges them in batches, and keeps only the summary and the sheet notices; without `out`, each deal's outcome goes
 * to a temporary spool for `problems`. With `out`, each record is written as soon as it is judged, through a
 * temporary file renamed over `out` at the end: a record whose cells are unchanged is copied byte for byte, as
 * `formatCsv` does for a file read whole. That one pass holds while no row fills an owned column the sheet lacks
 * (only then do the written columns depend on every row); once one does, the early output is dropped, the outcomes
 * from that row on are spooled, and a second pass reads the file again with the columns of the whole sheet,
 * judging the rows before that one again (judging is deterministic) and taking the rest from the spool. Either way
 * the output has exactly the bytes the whole-file path writes; if the file changes while it is read, nothing is
 * written.
 *
 * @example
 * const sheet = await streamCsvSheet('deals.csv', { contextFor, run: { kind: 'check' }, out: 'deals.checked.csv' });
 * sheet.summary.invalid; // 6
 */
export async function streamCsvSheet(file: string, options: StreamOptions): Promise<StreamedSheet> {
  const before = statOf(file);
  let spool: Spool | undefined;
  let early: EarlyOutput | undefined;
  try {
    let width = 0;
    let summary = summarize([]);
    const needed = new Set<FieldKey>();
    const pieces = csvChunks(file);
    const first = await readOrExplain(file, () => pieces.next());
    if (first.done || Array.isArray(first.value)) throw new InputError(`${file}: the file is empty; row 1 must hold the headers.`);
    const head = first.value;
    width = head.header.cells.length;
    const prepared = options.contextFor(head.header.cells, head.delimiter === ';');
    if (!prepared.context) {
      // As a whole-file read does, a file that is not CSV is said first: the rest is read for its syntax only.
      while (!(await readOrExplain(file, () => pieces.next())).done);
      const where = (column?: number) => (column === undefined ? 'row 1' : `row 1, column ${columnLetter(column)}`);
      throw new InputError(prepared.problems.map((p) => `${file}: ${where(p.column)}: ${p.message}`).join('\n'));
    }
    const context = prepared.context;
    // The one-pass output, while no row needs a column the sheet lacks (`Errors` aside, which goes first).
    early = options.out === undefined ? undefined : openEarly(options.out, head, context);
    // Every outcome is spooled without an output file (for `problems`) or when the one pass could not start; none
    // while the one pass holds (then from the row that ends it: see the spool's `from`).
    if (!early) spool = createSpool(0);
    let judged = 0;
    const unwritten: SourceRecord[] = [];
    async function* rows(): AsyncGenerator<readonly (readonly Cell[])[]> {
      for (;;) {
        const next = await readOrExplain(file, () => pieces.next());
        if (next.done) return;
        const records = next.value as SourceRecord[];
        for (const r of records) if (r.cells.length > width) width = r.cells.length;
        if (early) unwritten.push(...records);
        yield records.map((r) => r.cells);
      }
    }
    const notices = await judgeRowBatches(rows(), context, options.run, (outcomes) => {
      summary = addSummaries(summary, summarize(outcomes));
      for (const o of outcomes) {
        for (const key of Object.keys(o.changes) as FieldKey[]) {
          needed.add(key);
          if (early && addsColumn(context.map, key)) {
            early.abandon();
            early = undefined;
            unwritten.length = 0;
            spool = createSpool(judged);
          }
        }
      }
      if (spool) for (const o of outcomes) spool.add(o);
      judged += outcomes.length;
      early?.write(unwritten.splice(0, outcomes.length), outcomes);
    });
    spool?.close();
    const judgement = { context, summary, notices };
    if (early) {
      // A Ctrl+C that came while the rows were written stops the run before the output replaces anything: the
      // event loop reads signals while it polls, which comes between two turns of setImmediate.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      if (statOf(file) !== before) throw changedWhileRead(file);
      early.commit();
      return { ...judgement, kind: 'written', out: options.out! };
    }
    if (options.out) {
      const plan = planWrite(context.map, [{ changes: Object.fromEntries([...needed].map((k) => [k, ''])) }], { width });
      await writeStreamed(file, { out: options.out, head, context, run: options.run, plan, before }, spool!);
      spool!.remove();
      return { ...judgement, kind: 'written', out: options.out };
    }
    const spooled = spool!;
    return {
      ...judgement,
      kind: 'spooled',
      async *problems() {
        for await (const o of spooled.read()) if (o.isDeal && o.errors) yield { row: o.row, errors: o.errors };
        spooled.remove();
      },
      discard: () => spooled.remove(),
    };
  } catch (error) {
    early?.abandon();
    spool?.remove();
    throw error;
  }
}

interface EarlyOutput {
  write(records: readonly SourceRecord[], outcomes: readonly WrittenOutcome[]): void;
  commit(): void;
  abandon(): void;
}

/**
 * The one-pass output: the header row and each judged record written as it comes, with the columns the sheet has
 * (`Errors` inserted first when it lacks one). Undefined when the output cannot be opened now: the second pass then
 * opens it, after the whole file is read, so a problem in the file is still said before one with the output.
 */
function openEarly(out: string, head: CsvHead, context: SheetContext): EarlyOutput | undefined {
  let output: AtomicOutput;
  try {
    output = openAtomically(out);
  } catch {
    return undefined;
  }
  const writer = recordWriter(output, head, context, planWrite(context.map, [], { width: head.header.cells.length }));
  return {
    write: (records, outcomes) => writer.write(records, outcomes),
    commit() {
      try {
        writer.end();
        output.commit();
      } finally {
        output.abort();
      }
    },
    abandon: () => output.abort(),
  };
}

/** Writes the header row (with the first records) and then each batch of records with their outcomes, under one plan. */
function recordWriter(output: AtomicOutput, head: CsvHead, context: SheetContext, plan: WritePlan): { write(records: readonly SourceRecord[], outcomes: readonly WrittenOutcome[]): void; end(): void } {
  const headerGrid = writeGrid({ headers: head.header.cells, rows: [] }, context.map, [], { plan });
  const sink = textSink(output);
  sink.add((head.bom ? '\uFEFF' : '') + head.sepLine);
  addRecord(sink, head.header, headerGrid.headers, head.delimiter, true);
  return {
    write(records, outcomes) {
      for (let i = 0; i < records.length; i++) addRecord(sink, records[i], writtenRow(plan, records[i].cells, outcomes[i]), head.delimiter, false);
      sink.flush();
    },
    end: () => sink.flush(),
  };
}

/**
 * Text encoded straight into one reused buffer, written out when it fills (and on `flush`): no string is built
 * for a batch of records and then converted whole. A text too large for the buffer is written on its own.
 */
function textSink(output: AtomicOutput, size = 1 << 20): { add(text: string): void; flush(): void } {
  const buffer = Buffer.allocUnsafe(size);
  let used = 0;
  const flush = () => {
    if (used > 0) output.write(buffer.subarray(0, used)); // written at once (a synchronous write): the buffer is free again
    used = 0;
  };
  return {
    add(text) {
      // A UTF-16 unit is at most three bytes of UTF-8 (a surrogate pair, two units, four).
      if (text.length * 3 > size - used) {
        flush();
        if (text.length * 3 > size) return output.write(text);
      }
      used += buffer.write(text, used);
    },
    flush,
  };
}

/** What pass two writes with: where, the file's head, how its rows are judged, the columns, and the file's stamp. */
interface PassTwo {
  readonly out: string;
  readonly head: CsvHead;
  readonly context: SheetContext;
  readonly run: SheetRun;
  readonly plan: WritePlan;
  readonly before: string;
}

/**
 * Pass two: the file again, record by record, each deal row written with its outcome: the rows before the spool's
 * `from` judged again (as pass one judged them: the same context, the same order), the others with their spooled
 * outcome.
 */
async function writeStreamed(file: string, pass: PassTwo, spool: Spool): Promise<void> {
  const spooledFrom = spool.from;
  const output = openAtomically(pass.out);
  try {
    const outcomes = spool.read()[Symbol.asyncIterator]();
    const pieces = csvChunks(file);
    await pieces.next(); // the head, read in pass one
    const writer = recordWriter(output, pass.head, pass.context, pass.plan);
    const next = async (): Promise<SourceRecord[] | undefined> => {
      const piece = await readOrExplain(file, () => pieces.next());
      return piece.done ? undefined : (piece.value as SourceRecord[]);
    };
    // The rows judged again, written as their batches are judged; what is left of the piece that holds the first spooled row.
    let left: SourceRecord[] = [];
    if (spooledFrom > 0) {
      const unwritten: SourceRecord[] = [];
      let taken = 0;
      async function* rows(): AsyncGenerator<readonly (readonly Cell[])[]> {
        while (taken < spooledFrom) {
          const records = await next();
          if (!records) throw changedWhileRead(file);
          const mine = records.slice(0, spooledFrom - taken);
          left = records.slice(mine.length);
          taken += mine.length;
          unwritten.push(...mine);
          yield mine.map((r) => r.cells);
        }
      }
      await judgeRowBatches(rows(), pass.context, pass.run, (judged) => writer.write(unwritten.splice(0, judged.length), judged));
    }
    for (let records: SourceRecord[] | undefined = left; records; records = await next()) {
      const rowOutcomes: WrittenOutcome[] = [];
      for (let i = 0; i < records.length; i++) {
        const o = await outcomes.next();
        if (o.done) throw changedWhileRead(file);
        rowOutcomes.push(o.value);
      }
      writer.write(records, rowOutcomes);
    }
    writer.end();
    if (!(await outcomes.next()).done || statOf(file) !== pass.before) throw changedWhileRead(file);
    output.commit();
  } finally {
    output.abort();
  }
}

function changedWhileRead(file: string): InputError {
  return new InputError(`${file}: the file changed while it was being read; nothing was written. Run the command again.`);
}

/** A record as `formatCsv` writes it: copied as read when its cells are unchanged, else written afresh; its own ending. */
function addRecord(sink: { add(text: string): void }, record: SourceRecord, cells: readonly Cell[], delimiter: CsvHead['delimiter'], header: boolean): void {
  const same = record.cells.length === cells.length && record.cells.every((text, i) => text === cellString(cells[i]));
  const text = same ? record.text : csvRecordText(cells, delimiter, header);
  // A last record with no line ending after it must not be an empty line, or it would read as no record.
  sink.add(record.ending === '' && text === '' ? '""' : text);
  sink.add(record.ending);
}

/** Reads the next piece, turning the reader's problems into the error the whole-file reader gives. */
async function readOrExplain<T>(file: string, next: () => Promise<T>): Promise<T> {
  try {
    return await next();
  } catch (error) {
    // The file cannot be read (a folder, no permission): said as a whole-file read says it.
    if (!(error instanceof CsvChunkError)) throw typeof (error as NodeJS.ErrnoException).code === 'string' ? unreadable(file, error) : error;
    const { problem } = error;
    if (problem.kind === 'empty') throw new InputError(`${file}: the file is empty; row 1 must hold the headers.`);
    if (problem.kind === 'not-utf8') throw notUtf8(file);
    const shift = problem.sepLine ? 1 : 0;
    throw new InputError(`${file}: ${describeCsvProblem({ ...problem.problem, line: problem.problem.line + shift, openedOnLine: problem.problem.openedOnLine + shift })}`);
  }
}

function statOf(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** Adds two summaries (of consecutive batches). */
export function addSummaries(a: Summary, b: Summary): Summary {
  const byAction: Record<string, { applied: number; refused: number }> = {};
  for (const s of [a, b]) {
    for (const [name, counts] of Object.entries(s.byAction)) {
      const sum = (byAction[name] ??= { applied: 0, refused: 0 });
      sum.applied += counts.applied;
      sum.refused += counts.refused;
    }
  }
  return { rows: a.rows + b.rows, valid: a.valid + b.valid, invalid: a.invalid + b.invalid, applied: a.applied + b.applied, refused: a.refused + b.refused, byAction, notJudged: a.notJudged + b.notJudged };
}

type SpooledOutcome = WrittenOutcome & { readonly row: number };

interface Spool {
  /** The first row it holds, counted from the first data row (0: every row). */
  readonly from: number;
  add(outcome: RowOutcome): void;
  close(): void;
  read(): AsyncIterable<SpooledOutcome>;
  remove(): void;
}

/**
 * Each row's outcome from data row `from` on, one JSON line per row, in a private temporary file: what pass two
 * writes, and the problems.
 */
function createSpool(from: number): Spool {
  const folder = temporaryFolder();
  const file = path.join(folder.path, 'outcomes.jsonl');
  const fd = fs.openSync(file, 'w', 0o600);
  let open = true;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) fs.writeSync(fd, pending.join(''));
    pending = [];
  };
  return {
    from,
    add(o) {
      const changes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(o.changes) as [string, Cell][]) changes[key] = value instanceof Date ? { date: value.toISOString() } : value;
      pending.push(JSON.stringify([o.row, o.isDeal ? 1 : 0, o.errors, changes]) + '\n');
      if (pending.length >= 1000) flush();
    },
    close() {
      flush();
      if (open) fs.closeSync(fd);
      open = false;
    },
    async *read() {
      const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
      for await (const line of lines) {
        const [row, isDeal, errors, changes] = JSON.parse(line) as [number, number, string, Record<string, unknown>];
        for (const [key, value] of Object.entries(changes)) {
          if (value !== null && typeof value === 'object') changes[key] = new Date((value as { date: string }).date);
        }
        yield { row, isDeal: isDeal === 1, errors, changes: changes as RowOutcome['changes'] };
      }
    },
    remove() {
      if (open) {
        fs.closeSync(fd);
        open = false;
      }
      folder.remove();
    },
  };
}
