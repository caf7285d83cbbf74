import fc from 'fast-check';
import { columnLetter, daysBetween, formatStage, parseCode, parseNumber, parseStage, parseUsDate, parseYesNo, safeCellText } from '../../engine/index';
import { REASON_CODES } from '../../engine/domain/vocabulary';

describe('cell formats', () => {
  test.each([
    ['12563', false, 12563],
    ['12563.50', false, 12563.5],
    ['12,563.50', false, 12563.5],
    ['12563,50', true, 12563.5],
    ['12.563,50', true, 12563.5],
    [' 1 000 ', false, 1000],
    ['12,5', false, undefined],
    ['ten', false, undefined],
    ['1e5', false, undefined],
  ])('number %p (decimal comma %p) is %p', (text, decimalComma, expected) => {
    expect(parseNumber(text, { decimalComma })).toBe(expected);
  });

  test.each([
    ['1/30/2020', '2020-01-30'],
    ['01/30/2020', '2020-01-30'],
    ['2/29/2024', '2024-02-29'],
    ['2/29/2023', undefined],
    ['13/01/2020', undefined],
    ['2020-01-30', undefined],
    ['1/30/20', undefined],
  ])('US date %p is %p', (text, expected) => {
    expect(parseUsDate(text)).toBe(expected);
  });

  test('a real date cell is a date', () => {
    expect(parseUsDate(new Date(Date.UTC(2027, 0, 30)))).toBe('2027-01-30');
  });

  test('Yes/No in any case, and spreadsheet booleans', () => {
    expect([parseYesNo('YES'), parseYesNo('no'), parseYesNo(true), parseYesNo('y')]).toEqual([true, false, true, undefined]);
  });

  test('codes by number or label', () => {
    expect([parseCode('6', REASON_CODES), parseCode('customer did not respond', REASON_CODES), parseCode('9', REASON_CODES)]).toEqual([6, 2, undefined]);
  });

  test('stages by name or percentage, from the deal type’s list', () => {
    expect(parseStage('developed', 'Co-sell', 'Inbound')).toEqual({ name: 'Developed', percent: 40, form: 'name' });
    expect(parseStage('40', 'Solution assessment', 'Outbound')).toEqual({ name: 'Collect data', percent: 40, form: 'percent' });
    expect(parseStage('10%', 'Co-sell', 'Outbound')).toEqual({ name: 'Created', percent: 10, form: 'percentSign' });
    expect(parseStage(10, 'Co-sell', 'Inbound')).toEqual({ name: 'Accepted', percent: 10, form: 'number' });
    expect(parseStage('Collect data', 'Co-sell', 'Inbound')).toBeUndefined();
    expect(parseStage('50', 'Co-sell', 'Inbound')).toBeUndefined();
  });

  test('a stage is written back in the form the cell used', () => {
    const proposed = { name: 'Proposed', percent: 60 };
    expect([formatStage(proposed, 'name'), formatStage(proposed, 'percent'), formatStage(proposed, 'percentSign'), formatStage(proposed, 'number'), formatStage(proposed, undefined)]).toEqual([
      'Proposed',
      '60',
      '60%',
      60,
      'Proposed',
    ]);
  });

  test('text written into a cell never starts a formula', () => {
    expect(['=SUM(A1)', '+1', '-2', '@x', 'fine'].map(safeCellText)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@x", 'fine']);
  });

  test('column letters', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});

describe('days between two dates', () => {
  test('are the whole days between their UTC midnights, asked once or many times (the dates are remembered)', () => {
    const dates = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, dates, (from, to) => {
        const expected = (Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) / 86_400_000;
        expect(daysBetween(from, to)).toBe(expected);
        expect(daysBetween(from, to)).toBe(expected);
        expect(daysBetween(to, from)).toBe(expected === 0 ? 0 : -expected);
      }),
      { numRuns: 2000 },
    );
  });

  test('across a year boundary and a leap day', () => {
    expect(daysBetween('2026-11-16', '2026-11-23')).toBe(7);
    expect(daysBetween('2027-12-31', '2028-03-01')).toBe(61);
    expect(daysBetween('2026-11-23', '2026-11-23')).toBe(0);
  });
});
