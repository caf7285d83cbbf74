/**
 * A row's content as one short text: how the `Deal log` remembers the row a batch left behind, so that Undo
 * finds it again by everything it holds (not by a key two rows may share), after any sort. The header row is
 * part of it, so a renamed or moved column also counts as a change. Trailing empty cells do not count (a column
 * added later, empty in this row, leaves the content as it was). Value and type count: 5 is not "5".
 */
import { cyrb53 } from '../../engine/domain/cyrb53';

/** What a cell holds, as `Range.values` gives it. */
type ContentValue = string | number | boolean;

/**
 * 27 hex digits (two 53-bit cyrb53 hashes of the row's canonical JSON): not a security hash, but no sheet's
 * rows collide by accident.
 *
 * @example
 * rowContent(['Referral ID', 'Deal Name'], ['r-1', 'Backup']) === rowContent(['Referral ID', 'Deal Name', ''], ['r-1', 'Backup', '']); // true
 */
export function rowContent(headers: readonly ContentValue[], cells: readonly ContentValue[]): string {
  const text = JSON.stringify([trimmed(headers), trimmed(cells)]);
  return cyrb53(text, 0x2545f491).padStart(14, '0') + cyrb53(text, 0x9e3779b9).padStart(14, '0').slice(1);
}

function trimmed(values: readonly ContentValue[]): ContentValue[] {
  let end = values.length;
  while (end > 0 && (values[end - 1] ?? '') === '') end--;
  return Array.from(values.slice(0, end), (v) => v ?? '');
}
