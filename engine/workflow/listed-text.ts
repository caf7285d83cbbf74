/**
 * A list as a sentence names it: the first `shown` items, then how many more (a batch of 5,000 rows is not read
 * row by row).
 *
 * @example
 * listedText([2, 3, 4], 20);        // '2, 3, 4'
 * listedText([2, 3, 4, 5, 6], 3);   // '2, 3, 4 and 2 more'
 * listedText(Array.from({ length: 5000 }, (_, i) => i + 2), 2); // '2, 3 and 4,998 more'
 */
export function listedText(items: readonly (string | number)[], shown: number): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${(items.length - shown).toLocaleString('en-US')} more`;
}
