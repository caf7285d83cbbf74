import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { readXlsx, writeCells } from '../../engine/io/xlsx-file';
import { type Cell } from '../../engine/index';
import { rawWorkbook } from '../helpers/workbooks';

/**
 * Arbitrary cells written through the sheet patcher into a hand-made workbook, read back with SheetJS (an
 * independent reader): every written cell holds what was meant, every other cell what it held.
 */

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '\r', '\n', '\t', '\u0000', '\u0001', '\u001f', '\uFFFE', '_x0041_', '_x', ' ', 'é', '日本', '😀', ']]>', '=', '+', '-', '@'), maxLength: 12 }),
  fc.constantFrom('=SUM(A1:A2)', "=cmd|' /C calc'!A0", '@SUM(1)', '+1', '-1', ' lead', 'trail ', '  ', 'TRUE', '40%', '1/30/2027'),
);
const value: fc.Arbitrary<Cell> = fc.oneof(
  text,
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(''),
  fc.constant(null),
);
const at = fc.record({ row: fc.integer({ min: 1, max: 9 }), col: fc.integer({ min: 0, max: 7 }) });

/** What a cell holds, as SheetJS reports it: undefined when it has no value. */
function shown(sheet: XLSX.WorkSheet, row: number, col: number): unknown {
  const cell = sheet[XLSX.utils.encode_cell({ r: row - 1, c: col })] as XLSX.CellObject | undefined;
  if (!cell || cell.t === 'z' || cell.v === undefined) return undefined;
  return cell.v;
}

/** The expected SheetJS value of a written value. */
function expected(value: Cell): unknown {
  if (value === null || value === '') return undefined;
  // XML cannot hold a lone surrogate: it is written as U+FFFD.
  if (typeof value === 'string') return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return value;
}

/** A base sheet: some cells as shared strings, inline strings, numbers and booleans, some rows and cells without `r`. */
const baseSheet = fc.array(fc.record({ row: fc.integer({ min: 1, max: 8 }), col: fc.integer({ min: 0, max: 6 }), kind: fc.constantFrom('s', 'inline', 'n', 'b'), text: fc.string({ maxLength: 6 }), n: fc.integer(), omitR: fc.boolean() }), { maxLength: 20 });

type Base = typeof baseSheet extends fc.Arbitrary<infer T> ? T : never;

function buildBase(cells: Base): { bytes: Buffer; values: Map<string, unknown> } {
  const sharedStrings: string[] = [];
  const values = new Map<string, unknown>();
  const unique = new Map<string, Base[number]>();
  for (const c of cells) unique.set(`${c.row},${c.col}`, c);
  const byRow = new Map<number, Base[number][]>();
  for (const c of unique.values()) byRow.set(c.row, [...(byRow.get(c.row) ?? []), c]);
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let previousRow = 0;
  const rows = [...byRow.keys()]
    .sort((a, b) => a - b)
    .map((row) => {
      const list = byRow.get(row)!.sort((a, b) => a.col - b.col);
      let previousCol = -1;
      const cellsXml = list.map((c) => {
        // a cell may omit r only when it directly follows the previous one
        const ref = c.omitR && c.col === previousCol + 1 ? '' : ` r="${XLSX.utils.encode_cell({ r: row - 1, c: c.col })}"`;
        previousCol = c.col;
        const key = `${row},${c.col}`;
        switch (c.kind) {
          case 's': {
            sharedStrings.push(c.text);
            values.set(key, c.text);
            return `<c${ref} t="s"><v>${sharedStrings.length - 1}</v></c>`;
          }
          case 'inline':
            values.set(key, c.text);
            return `<c${ref} t="inlineStr"><is><t xml:space="preserve">${esc(c.text)}</t></is></c>`;
          case 'n':
            values.set(key, c.n);
            return `<c${ref}><v>${c.n}</v></c>`;
          default:
            values.set(key, c.n % 2 === 0);
            return `<c${ref} t="b"><v>${c.n % 2 === 0 ? 1 : 0}</v></c>`;
        }
      });
      const rowRef = row === previousRow + 1 && list[0].omitR ? '' : ` r="${row}"`;
      previousRow = row;
      return `<row${rowRef}>${cellsXml.join('')}</row>`;
    });
  return { bytes: rawWorkbook({ rows: rows.join(''), sharedStrings }), values };
}

describe('the sheet patcher, judged by SheetJS', () => {
  test('every written cell reads back as written and every other cell as it was', () => {
    fc.assert(
      fc.property(baseSheet, fc.array(fc.record({ at, value }), { maxLength: 25 }), (base, writes) => {
        const { bytes, values } = buildBase(base);
        const document = readXlsx(bytes, 'base.xlsx');
        const last = new Map<string, Cell>();
        for (const w of writes) last.set(`${w.at.row},${w.at.col}`, w.value);
        const out = writeCells(
          document,
          [...last].map(([key, v]) => {
            const [row, col] = key.split(',').map(Number);
            return { row, col, value: v };
          }),
        );
        const sheet = XLSX.read(out, { type: 'array' }).Sheets.Deals;
        for (let row = 1; row <= 9; row++) {
          for (let col = 0; col <= 7; col++) {
            const key = `${row},${col}`;
            const want = last.has(key) ? expected(last.get(key)!) : values.get(key);
            const cell = sheet[XLSX.utils.encode_cell({ r: row - 1, c: col })] as XLSX.CellObject | undefined;
            expect([key, shown(sheet, row, col)]).toEqual([key, want]);
            expect(cell?.f).toBeUndefined();
          }
        }
        // and our own reader finds the same grid positions again (what a second write patches)
        const again = readXlsx(Buffer.from(out), 'out.xlsx');
        for (const [key, v] of last) {
          const [row, col] = key.split(',').map(Number);
          const cell = row === 1 ? again.grid.headers[col] : again.grid.rows[row - 2]?.[col];
          const want = expected(v);
          expect([key, cell ?? undefined]).toEqual([key, want === undefined ? undefined : want]);
        }
      }),
      { numRuns: 600 },
    );
  });
});
