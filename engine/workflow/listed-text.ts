/**
 * A whole number as the product writes counts, with a comma between thousands, as `toLocaleString('en-US')` writes
 * it, without waking the locale machinery (its first use costs the command line a fifth of its start). A number
 * that is not a safe integer is left to `toLocaleString`.
 *
 * @example
 * groupDigits(100000); // '100,000'
 * groupDigits(-1234);  // '-1,234'
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  const head = digits.length % 3 || 3;
  let text = digits.slice(0, head);
  for (let at = head; at < digits.length; at += 3) text += ',' + digits.slice(at, at + 3);
  return n < 0 ? `-${text}` : text;
}

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
  return `${items.slice(0, shown).join(', ')} and ${groupDigits(items.length - shown)} more`;
}
