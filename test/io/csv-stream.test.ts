/**
 * A CSV file read in pieces and judged as a stream must give what a whole-file read gives: the same records (a
 * piece never splits a quoted line break, a CRLF or a multi-byte character), the same errors, and a written file
 * identical byte for byte. Generated files are written by csv-stringify (another writer than ours).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { csvChunks, CsvChunkError } from '../../engine/io/csv/csv-chunks';
import { readCsvRecords } from '../../engine/io/csv/csv-records';
import { parseCsv } from '../../engine/io/csv-file';
import { streamCsvSheet } from '../../engine/io/csv-sheet-stream';
import { readDealFile } from '../../engine/io/deal-file';
import { type Cell } from '../../engine/sheet/cell';
import { createSheetContext, judgeSheet, summarize } from '../../engine/index';
import { DEFAULT_RULES_DIR, loadRuleDir } from '../../engine/io/rule-files';
import { DEFAULT_CATALOG, loadCatalogFile } from '../../engine/io/catalog-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-stream-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
function fileWith(content: string | Buffer, name = `f${n++}.csv`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function allPieces(file: string, sizes: { pieceChars: number; readBytes: number }) {
  const pieces = csvChunks(file, sizes);
  const head = (await pieces.next()).value;
  const records = [];
  for await (const piece of pieces) records.push(...(piece as unknown[]));
  return { head, records };
}

const CELL = fc.array(fc.constantFrom('a', 'é', '😀', '"', ',', ';', '\r', '\n', '\r\n', ' ', 'x y', '中'), { maxLength: 5 }).map((p) => p.join(''));

describe('reading a CSV file in pieces', () => {
  test('gives the records a whole-file read gives, whatever the piece and read sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(CELL, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 16 }),
        async (rows, ending, bom, pieceChars, readBytes) => {
          const text = (bom ? '\uFEFF' : '') + stringify([['Deal Name', 'Notes'], ...rows], { record_delimiter: ending === '\r\n' ? 'windows' : ending === '\n' ? 'unix' : 'mac' });
          const file = fileWith(text);
          const whole = parseCsv(text, file);
          const { head, records } = await allPieces(file, { pieceChars, readBytes });
          expect(head).toMatchObject({ delimiter: ',', bom, sepLine: '', header: whole.source[0] });
          expect(records).toEqual(whole.source.slice(1));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("keeps Excel's sep= line and reads the delimiter it names", async () => {
    const file = fileWith('sep=;\r\nDeal Name;Notes\r\nA;"two\r\nlines"\r\n');
    const { head, records } = await allPieces(file, { pieceChars: 3, readBytes: 2 });
    expect(head).toMatchObject({ delimiter: ';', sepLine: 'sep=;\r\n' });
    expect(records).toEqual([{ text: 'A;"two\r\nlines"', cells: ['A', 'two\r\nlines'], ending: '\r\n' }]);
  });

  test('a malformed quote is found at the line and record a whole-file read names', async () => {
    const text = 'Deal Name,Notes\nA,ok\nB,"never closed\nC,x\n';
    const file = fileWith(text);
    const whole = readCsvRecords(text, ',');
    await expect(allPieces(file, { pieceChars: 4, readBytes: 3 })).rejects.toEqual(new CsvChunkError({ kind: 'syntax', problem: (whole as Extract<typeof whole, { kind: 'malformed' }>).problem, sepLine: false }));
  });

  test('bytes that are not UTF-8 and an empty file are refused', async () => {
    await expect(allPieces(fileWith(Buffer.from([0x44, 0x65, 0xe9, 0x0a])), { pieceChars: 4, readBytes: 1 })).rejects.toEqual(new CsvChunkError({ kind: 'not-utf8' }));
    await expect(allPieces(fileWith(''), { pieceChars: 4, readBytes: 1 })).rejects.toEqual(new CsvChunkError({ kind: 'empty' }));
  });
});

describe('checking and applying a CSV file as a stream', () => {
  const rules = loadRuleDir(DEFAULT_RULES_DIR).ruleSet!;
  const catalog = loadCatalogFile(DEFAULT_CATALOG).catalog!;
  const options = (decimalComma: boolean) => ({ rules, catalog, today: '2026-11-23', decimalComma });
  const example = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'deals.csv'), 'utf8');

  /** The whole-file path (read, judge, write) as the CLI ran it before it streamed. */
  async function wholeFile(input: string, run: { kind: 'check' } | { kind: 'apply'; expireOverdue: boolean }, out: string) {
    const file = await readDealFile(input);
    const { context } = createSheetContext(file.grid, options(file.decimalComma));
    const { outcomes, notices } = await judgeSheet(file.grid, context!, run);
    await file.write(out, context!.map, outcomes);
    return { summary: summarize(outcomes), notices, problems: outcomes.filter((o) => o.isDeal && o.errors).map((o) => ({ row: o.row, errors: o.errors })) };
  }

  /** Streamed twice: with the output file (its bytes), and without (the problems, from the spool). */
  async function streamed(input: string, run: { kind: 'check' } | { kind: 'apply'; expireOverdue: boolean }, out: string) {
    const contextFor = (headers: readonly Cell[], decimalComma: boolean) => createSheetContext({ headers, rows: [] }, { ...options(decimalComma), batchSize: 7 });
    const { result: written, reads } = await readsOf(input, () => streamCsvSheet(input, { contextFor, run, out }));
    const spooled = await streamCsvSheet(input, { contextFor, run });
    if (written.kind !== 'written' || spooled.kind !== 'spooled') throw new Error(`streamed as ${written.kind} and ${spooled.kind}`);
    const problems = [];
    for await (const p of spooled.problems()) problems.push(p);
    expect({ summary: spooled.summary, notices: spooled.notices }).toEqual({ summary: written.summary, notices: written.notices });
    return { result: { summary: written.summary, notices: written.notices, problems }, reads };
  }

  /** How many times `work` opens `file` for reading (the streamed path reads it once, or twice when it must). */
  async function readsOf<T>(file: string, work: () => Promise<T>): Promise<{ result: T; reads: number }> {
    // The module object itself (`import * as` gives a read-only copy of it).
    const spy = jest.spyOn(jest.requireActual<typeof fs>('node:fs'), 'createReadStream');
    try {
      const result = await work();
      return { result, reads: spy.mock.calls.filter(([opened]) => opened === file).length };
    } finally {
      spy.mockRestore();
    }
  }

  /** Columns the written file has that the input had not, `Errors` aside (it goes first): a second pass is needed only for these. */
  function appendedColumns(input: string, output: string): number {
    const before = parseCsv(fs.readFileSync(input, 'utf8'), input).grid.headers;
    const after = parseCsv(fs.readFileSync(output, 'utf8'), output).grid.headers;
    return after.length - before.length - (before.includes('Errors') ? 0 : 1);
  }

  test.each([
    ['check', { kind: 'check' }],
    ['apply', { kind: 'apply', expireOverdue: true }],
  ] as const)('%s writes the bytes, summary, notices and problems of a whole-file read (the example, judged 7 rows at a time)', async (_, run) => {
    const input = fileWith(example);
    const [a, b] = [path.join(dir, `whole-${n}.csv`), path.join(dir, `stream-${n}.csv`)];
    const whole = await wholeFile(input, run, a);
    const { result: stream, reads } = await streamed(input, run, b);
    expect(stream).toEqual(whole);
    expect(fs.readFileSync(b)).toEqual(fs.readFileSync(a));
    expect(reads).toBe(1); // written as it is judged: the sheet has every column its rows fill
  });

  test.each([
    ['text Partner Center put in Errors, and no Partner Center errors column', (grid: string[][]) => {
      grid[3][0] = 'Partner Center: the customer email address is not valid';
      return grid;
    }, { kind: 'check' } as const],
    ['a Register action, and no Registration Status column', (grid: string[][]) => {
      const column = grid[0].indexOf('Registration Status');
      const rows = grid.map((r) => r.filter((_, i) => i !== column));
      return rows;
    }, { kind: 'apply', expireOverdue: false } as const],
    ['no Errors column at all (a raw export)', (grid: string[][]) => grid.map((r) => r.slice(1)), { kind: 'check' } as const],
  ])('a sheet with %s is written with the columns a whole-file read gives, in a second pass only when a column is added', async (_, edit, run) => {
    const { headers, rows } = parseCsv(example, 'x').grid;
    const input = fileWith(stringify(edit([headers.map(String), ...rows.map((r) => r.map(String))]), { record_delimiter: 'windows' }));
    const [a, b] = [path.join(dir, `whole-${n}.csv`), path.join(dir, `stream-${n}.csv`)];
    const whole = await wholeFile(input, run, a);
    const { result: stream, reads } = await streamed(input, run, b);
    expect(stream).toEqual(whole);
    expect(fs.readFileSync(b)).toEqual(fs.readFileSync(a));
    const added = appendedColumns(input, a);
    expect(reads).toBe(added > 0 ? 2 : 1);
    if (run.kind === 'apply') expect(added).toBeGreaterThan(0); // the case is what it says: Register filled the new column
    if (_.startsWith('text')) expect(added).toBe(1);
  });

  test.each([
    ['check', 'Errors', 'Partner Center: the customer email address is not valid', { kind: 'check' } as const],
    ['apply', 'Action', 'Register', { kind: 'apply', expireOverdue: false } as const],
  ])('%s: when only a late row (dozens of pieces into the file) needs a new column, pass two judges the rows before it again and takes the rest from the spool, to the same bytes', async (_, header, text, run) => {
    const { headers, rows } = parseCsv(example, 'x').grid;
    const keep = headers.map(String).map((h, i) => (h === 'Registration Status' || h === 'Partner Center errors' ? -1 : i)).filter((i) => i >= 0);
    const many = Array.from({ length: 8000 }, (_, i) => rows[i % rows.length].map(String));
    // Dozens of pieces of 64 K into the file (about 320 bytes a row), inside a batch of 7, and a copy of the example
    // row (its 13th deal) that Register applies to.
    const late = 6996;
    expect(late % rows.length).toBe(12);
    many.forEach((r) => (r[headers.indexOf('Action')] = ''));
    many[late][headers.indexOf(header)] = text;
    const input = fileWith(stringify([keep.map((i) => String(headers[i])), ...many.map((r) => keep.map((i) => r[i]))], { record_delimiter: 'windows' }));
    const [a, b] = [path.join(dir, `whole-${n}.csv`), path.join(dir, `stream-${n}.csv`)];
    const whole = await wholeFile(input, run, a);
    const { result: stream, reads } = await streamed(input, run, b);
    expect(stream).toEqual(whole);
    expect(fs.readFileSync(b)).toEqual(fs.readFileSync(a));
    expect(appendedColumns(input, a)).toBe(1);
    expect(reads).toBe(2);
  }, 60_000);

  test('a cell larger than the write buffer, and text of every width (é, 😀, a lone surrogate), come out as a whole-file write gives them', async () => {
    const { headers, rows } = parseCsv(example, 'x').grid;
    const grid = rows.map((r) => r.map(String));
    const notes = headers.indexOf('Notes');
    grid[1][notes] = 'é😀\ud800"'.repeat(120_000); // 600,000 units: more than a megabyte of UTF-8, quoted
    grid[2][notes] = 'x'.repeat(349_000);
    const input = fileWith(stringify([headers.map(String), ...grid], { record_delimiter: 'windows' }));
    const [a, b] = [path.join(dir, `whole-${n}.csv`), path.join(dir, `stream-${n}.csv`)];
    const whole = await wholeFile(input, { kind: 'check' }, a);
    const { result } = await streamed(input, { kind: 'check' }, b);
    expect(result).toEqual(whole);
    expect(fs.readFileSync(b)).toEqual(fs.readFileSync(a));
  });

  test('the same on generated exports: rows shuffled and cut, cells edited, a semicolon file with decimal commas', async () => {
    const lines = parseCsv(example, 'x').grid;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([...lines.rows], { minLength: 1 }),
        fc.constantFrom(',', ';'),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('', 'Accept', 'Win', 'Register', '=1+1', 'two\nlines', '12563,50', 'Closed', 'Yes', 'Partner Center: rejected')), { maxLength: 6 }),
        async (rows, delimiter, edits) => {
          const grid = rows.map((r) => r.map(String));
          for (const [r, c, value] of edits) if (grid.length > 0) grid[r % grid.length][c % grid[r % grid.length].length] = value;
          const input = fileWith(stringify([lines.headers.map(String), ...grid], { delimiter, record_delimiter: 'windows' }));
          const [a, b] = [path.join(dir, `whole-${n}.csv`), path.join(dir, `stream-${n}.csv`)];
          const run = { kind: 'apply', expireOverdue: true } as const;
          const whole = await wholeFile(input, run, a);
          const { result, reads } = await streamed(input, run, b);
          expect(result).toEqual(whole);
          expect(fs.readFileSync(b)).toEqual(fs.readFileSync(a));
          expect(reads).toBe(appendedColumns(input, a) > 0 ? 2 : 1);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  test('a file that changes between the passes is not written, and the output keeps what it held', async () => {
    const input = fileWith(example);
    const out = fileWith('what the user had\n', 'kept.csv');
    const changing = {
      contextFor: (headers: readonly unknown[], decimalComma: boolean) => {
        fs.appendFileSync(input, '\r\n'); // an edit while the pane reads (stamped before the first pass)
        return createSheetContext({ headers: headers as string[], rows: [] }, options(decimalComma));
      },
      run: { kind: 'check' } as const,
      out,
    };
    await expect(streamCsvSheet(input, changing)).rejects.toThrow(/the file changed while it was being read; nothing was written/);
    expect(fs.readFileSync(out, 'utf8')).toBe('what the user had\n');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
