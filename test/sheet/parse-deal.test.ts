import fc from 'fast-check';
import { COLUMNS, DERIVED_FIELDS, type Cell, type ColumnSpec, mapHeaders, parseDeal } from '../../engine/index';
import { BASE_ROW } from '../helpers/deal-rows';

/** Every column of the contract that a row does not derive when the sheet lacks it. */
const PLAIN = (COLUMNS as readonly ColumnSpec[]).filter((c) => !(DERIVED_FIELDS as readonly string[]).includes(c.key));
const SAMPLE: Readonly<Record<string, string>> = BASE_ROW;

/** A cell for a column: its sample value, another column's, empty, an Excel error, or odd text. */
const cellFor = (header: string): fc.Arbitrary<Cell> =>
  fc.oneof(
    fc.constant(SAMPLE[header] ?? 'x'),
    fc.constantFrom(...Object.values(SAMPLE)),
    fc.constantFrom('', '#N/A', ' 40% ', 'yes', '12,563.50', '13/45/2026'),
    fc.string({ maxLength: 6 }),
  );

describe('reading a row (parseDeal)', () => {
  test('a column the sheet lacks reads as that column present with an empty cell, whichever columns the sheet has and in whatever order', () => {
    const sheets = fc
      .tuple(fc.shuffledSubarray(PLAIN.map((c) => c.header), { minLength: 1 }), fc.integer({ min: 0, max: 1000 }))
      .chain(([headers, seed]) =>
        fc.tuple(
          fc.constant(headers),
          fc.tuple(...headers.map(cellFor)),
          fc.subarray(headers.map((_, i) => i), { minLength: 1 }),
          fc.constant(seed),
        ),
      );
    fc.assert(
      fc.property(sheets, ([headers, cells, dropped]) => {
        const full = mapHeaders(headers).map;
        const kept = headers.filter((_, i) => !dropped.includes(i));
        const narrow = mapHeaders(kept).map;
        const blanked = cells.map((cell, i) => (dropped.includes(i) ? '' : cell));
        const withEmpty = parseDeal(blanked, full, 2, { decimalComma: false });
        const without = parseDeal(cells.filter((_, i) => !dropped.includes(i)), narrow, 2, { decimalComma: false });
        // Where derived values come from may name the columns the sheet has; everything read from the cells is the same.
        const { sources: _a, ...read } = without;
        const { sources: _b, ...expected } = withEmpty;
        expect(read).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  test('a row that stops short of a column reads as that cell empty', () => {
    const headers = PLAIN.map((c) => c.header);
    const map = mapHeaders(headers).map;
    const cells = headers.map((h) => SAMPLE[h] ?? 'x');
    for (let length = 0; length < cells.length; length += 7) {
      const short = parseDeal(cells.slice(0, length), map, 2, { decimalComma: false });
      const padded = parseDeal([...cells.slice(0, length), ...cells.slice(length).map(() => '')], map, 2, { decimalComma: false });
      expect(short).toEqual(padded);
    }
  });

  test('rows read in one sheet do not share anything a row could change for another', () => {
    const map = mapHeaders(Object.keys(SAMPLE)).map;
    const [a, b] = [2, 3].map((row) => parseDeal(Object.values(SAMPLE), map, row, { decimalComma: false }));
    expect(a.values).not.toBe(b.values);
    expect(a.invalid).not.toBe(b.invalid);
    // The Sales Stage is shared (frozen): a stage of the stage list, read in one form.
    expect(a.stage).toBe(b.stage);
    expect(Object.isFrozen(a.stage)).toBe(true);
  });
});
