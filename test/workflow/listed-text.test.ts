import fc from 'fast-check';
import { groupDigits, listedText } from '../../engine/index';

describe('listedText', () => {
  it('names every item of a short list', () => {
    expect(listedText([2, 3, 4], 20)).toBe('2, 3, 4');
    expect(listedText(['A2'], 3)).toBe('A2');
  });

  it('names the first items of a long one and counts the rest, written as the other counts are', () => {
    expect(listedText([2, 3, 4, 5, 6], 3)).toBe('2, 3, 4 and 2 more');
    expect(listedText(Array.from({ length: 5000 }, (_, i) => i + 2), 2)).toBe('2, 3 and 4,998 more');
  });
});

describe('groupDigits', () => {
  it('writes a count with commas between thousands', () => {
    expect(groupDigits(0)).toBe('0');
    expect(groupDigits(999)).toBe('999');
    expect(groupDigits(1000)).toBe('1,000');
    expect(groupDigits(100000)).toBe('100,000');
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(-1234)).toBe('-1,234');
  });

  it('writes every safe integer exactly as toLocaleString("en-US") does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -1_000_000, max: 1_000_000 })), (n) => {
        expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves fractions and what is no number to toLocaleString', () => {
    expect(groupDigits(1234.5678)).toBe('1,234.568');
    expect(groupDigits(Number.NaN)).toBe('NaN');
  });
});
