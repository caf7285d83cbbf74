import fc from 'fast-check';
import { DEAL_TYPES, canonical, foldWord, foldedIndex } from '../../engine/domain/vocabulary';

/** What foldWord always meant: trim, one space for every run of white space, lower case. */
const slowFold = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

describe('foldWord', () => {
  it('folds exactly as trimming, collapsing white space and lower-casing would, on any text', () => {
    const pieces = fc.constantFrom('a', 'B', 'Co-sell', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\ufeff', 'É', 'ß', 'İ');
    fc.assert(fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      expect(foldWord(text)).toBe(slowFold(text));
    }), { numRuns: 3000 });
  });

  it('takes linear time on long text without white space (no backtracking)', () => {
    const long = `${'x'.repeat(200_000)}\t`;
    expect(foldWord(long)).toBe(`${'x'.repeat(200_000)}`);
  });
});

describe('canonical and foldedIndex', () => {
  it('find the vocabulary word whatever its case and spacing', () => {
    expect(canonical(DEAL_TYPES, '  co-SELL ')).toBe('Co-sell');
    expect(canonical(DEAL_TYPES, 'solution\u00a0 assessment')).toBe('Solution assessment');
    expect(canonical(DEAL_TYPES, 'Cosell')).toBeUndefined();
  });

  it('keep the first of two items that fold to the same word, as a search from the start would', () => {
    const items = [{ name: 'Won', n: 1 }, { name: 'WON', n: 2 }];
    expect(foldedIndex(items, (i) => i.name).get('won')?.n).toBe(1);
  });
});
