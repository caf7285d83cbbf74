import { listedText } from '../../engine/index';

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
