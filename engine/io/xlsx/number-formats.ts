import { attributes, scanTags } from './xml-text';

/** How a number format shows a number: what the reader turns the stored number into. */
export type FormatKind = 'number' | 'percent' | 'date' | 'text';

// Built-in formats (ECMA-376 Part 1, 18.8.30): 9–10 percent, 14–22 and 45–47 dates and times, 49 text;
// 27–36 and 50–58 are locale (East Asian) date formats.
const BUILT_IN: ReadonlyMap<number, FormatKind> = new Map<number, FormatKind>([
  [9, 'percent'],
  [10, 'percent'],
  [49, 'text'],
  ...[14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47].map((id): [number, FormatKind] => [id, 'date']),
  ...[27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58].map((id): [number, FormatKind] => [id, 'date']),
]);

/**
 * The kind of every cell style (`cellXfs`, by the cells' `s` index) in a styles part.
 *
 * @example
 * styleKinds(stylesXml)[3]; // 'percent' when the fourth cell format uses 0%
 */
export function styleKinds(stylesXml: string | undefined): FormatKind[] {
  if (stylesXml === undefined) return [];
  const custom = new Map<number, FormatKind>();
  const kinds: FormatKind[] = [];
  let inCellXfs = false;
  for (const tag of scanTags(stylesXml)) {
    if (tag.local === 'cellXfs') inCellXfs = tag.kind === 'start';
    else if (tag.local === 'numFmt' && tag.kind !== 'end') {
      const a = attributes(tag.rawAttributes);
      custom.set(Number(a.get('numFmtId')), formatKind(a.get('formatCode') ?? ''));
    } else if (tag.local === 'xf' && tag.kind !== 'end' && inCellXfs) {
      const id = Number(attributes(tag.rawAttributes).get('numFmtId') ?? 0);
      kinds.push(custom.get(id) ?? BUILT_IN.get(id) ?? 'number');
    }
  }
  return kinds;
}

/**
 * What a format code shows a number as, judged by its first section: `@` text, `%` percent, date or time
 * letters (d, m, y, h, s outside quotes and brackets, or an elapsed-time bracket such as `[h]`) a date.
 *
 * @example
 * formatKind('0.0%');       // 'percent'
 * formatKind('[$-409]d-mmm-yy;@'); // 'date'
 * formatKind('#,##0.00 "days"'); // 'number'
 */
export function formatKind(code: string): FormatKind {
  const first = firstSection(code);
  const bare = first
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '');
  if (/\[(h+|m+|s+)\]/i.test(bare)) return 'date';
  const plain = bare.replace(/\[[^\]]*\]/g, '');
  if (plain.trim() === '@') return 'text';
  if (/General/i.test(plain)) return plain.includes('%') ? 'percent' : 'number';
  if (/[dmyhse]/i.test(plain.replace(/E[+-]/gi, ''))) return 'date';
  if (plain.includes('%')) return 'percent';
  if (plain.includes('@')) return 'text';
  return 'number';
}

function firstSection(code: string): string {
  let quoted = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\') i++;
    else if (c === ';' && !quoted) return code.slice(0, i);
  }
  return code;
}
