/**
 * The guard of every write: a row is written only if it still holds everything that was read from it, cell for
 * cell (value and type: the number 5 is not the text "5"). Keys alone are not enough: two rows may share a
 * `Referral ID`, or have none, and a user may swap them between the read and the write.
 */

/** A cell value as `Range.values` gives it. */
export type GuardValue = string | number | boolean;

/** A cell read twice is the same when value and type agree (an absent cell reads as empty text). */
export function sameCell(a: GuardValue | undefined, b: GuardValue | undefined): boolean {
  return (a ?? '') === (b ?? '');
}

/** The first column where `now` differs from `asRead`, or `undefined` when the row holds exactly what was read. */
export function firstDifference(asRead: readonly GuardValue[], now: readonly GuardValue[]): number | undefined {
  const width = Math.max(asRead.length, now.length);
  for (let c = 0; c < width; c++) if (!sameCell(asRead[c], now[c])) return c;
  return undefined;
}

/**
 * Why a row was not written, naming its first changed column.
 *
 * @example
 * changedReason(3, ['Referral ID'], ['r-2'], ['r-99'], 'since it was read');
 * // 'row 3 changed since it was read (Referral ID was "r-2", now "r-99"); not written'
 */
export function changedReason(row: number, headers: readonly GuardValue[], asRead: readonly GuardValue[], now: readonly GuardValue[], when: string): string | undefined {
  const column = firstDifference(asRead, now);
  if (column === undefined) return undefined;
  const header = String(headers[column] ?? '') || `column ${column + 1}`;
  return `row ${row} changed ${when} (${header} was ${shown(asRead[column])}, now ${shown(now[column])}); not written`;
}

/**
 * The header row changed since it was read: the message that says so, or undefined.
 *
 * @example
 * headerChange('Deals', ['Referral ID'], ['Deal ID'], 'since it was read');
 * // 'The header row of "Deals" changed since it was read (column 1: "Deal ID"); nothing was written. Check the sheet again.'
 */
export function headerChange(sheet: { readonly sheetName: string }, headers: readonly GuardValue[], now: readonly GuardValue[], when: string): string | undefined {
  const changedAt = headers.findIndex((h, i) => !sameCell(now[i], h));
  if (changedAt < 0) return undefined;
  return `The header row of "${sheet.sheetName}" changed ${when} (column ${changedAt + 1}: "${now[changedAt]}"); nothing was written. Check the sheet again.`;
}

function shown(value: GuardValue | undefined): string {
  return typeof value === 'string' || value === undefined ? `"${value ?? ''}"` : String(value);
}
