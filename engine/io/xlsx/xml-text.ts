/**
 * The little XML the workbook reader and the sheet patcher need: tags with their attributes and offsets, entity
 * decoding, and escaping for what we write. Workbook parts are machine-written XML, so this scanner is
 * non-validating; anything it cannot tokenise is reported by the caller as a damaged part.
 */

/** One start, end or empty-element tag of an XML text, with where it sits. */
export interface XmlTag {
  /** `start` (`<c>`), `end` (`</c>`) or `empty` (`<c/>`). */
  readonly kind: 'start' | 'end' | 'empty';
  /** The name as written, with its namespace prefix (`x:c`). */
  readonly name: string;
  /** The name without its prefix (`c`). */
  readonly local: string;
  /** The attribute text of a start or empty tag (raw, undecoded), for `attributes`. */
  readonly rawAttributes: string;
  readonly start: number;
  /** Offset just past the tag's `>`. */
  readonly end: number;
}

// A tag, or a comment / processing instruction / CDATA / doctype that must be skipped as a whole.
const TOKEN = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>/g;

/**
 * Every tag of `xml` in document order. Comments, processing instructions and CDATA are skipped (CDATA text is
 * read by `textBetween`).
 *
 * @example
 * [...scanTags('<row r="2"><c r="A2"/></row>')].map((t) => `${t.kind}:${t.local}`); // ['start:row', 'empty:c', 'end:row']
 */
export function* scanTags(xml: string, from = 0, to = xml.length): Generator<XmlTag> {
  TOKEN.lastIndex = from;
  for (let match = TOKEN.exec(xml); match !== null && match.index < to; match = TOKEN.exec(xml)) {
    const name = match[2];
    if (name === undefined) continue;
    const colon = name.indexOf(':');
    yield {
      kind: match[1] === '/' ? 'end' : match[4] === '/' ? 'empty' : 'start',
      name,
      local: colon < 0 ? name : name.slice(colon + 1),
      rawAttributes: match[3] ?? '',
      start: match.index,
      end: match.index + match[0].length,
    };
  }
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * A tag's attributes, decoded, by name as written (`r`, `r:id`, `xml:space`).
 *
 * @example
 * attributes(' r="A1" t="s"').get('t'); // 's'
 */
export function attributes(raw: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of raw.matchAll(ATTRIBUTE)) found.set(match[1], decodeEntities(match[2] ?? match[3] ?? ''));
  return found;
}

/** An attribute whatever its namespace prefix (`r:id` for `id`), or undefined. */
export function attributeByLocalName(found: ReadonlyMap<string, string>, local: string): string | undefined {
  for (const [name, value] of found) if (name === local || name.endsWith(`:${local}`)) return value;
  return undefined;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character and entity references decoded (`&amp;` → `&`, `&#13;` → CR). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named];
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The character data between two offsets (an element's content), with CDATA sections, entities and line-end
 * normalisation applied as an XML parser would (a literal CR in a part reads as LF).
 */
export function textBetween(xml: string, from: number, to: number): string {
  const raw = xml.slice(from, to).replace(/\r\n?/g, '\n');
  if (!raw.includes('<![CDATA[')) return decodeEntities(raw);
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeEntities(part)))
    .join('');
}

/**
 * Spreadsheet strings carry characters XML cannot (control characters) as `_xHHHH_` (ECMA-376 ST_Xstring);
 * this decodes them, and `_x005F_` keeps a literal `_x…_` that was escaped.
 */
export function decodeXstring(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Text as the content of a spreadsheet string element (`<t>`): XML specials escaped; characters XML 1.0 does not
 * allow (and CR, which XML would turn into LF) as `_xHHHH_`, the way Excel writes them; a literal `_xHHHH_` in
 * the text escaped as `_x005F_xHHHH_` so that readers do not decode it; a lone UTF-16 surrogate (not text)
 * as U+FFFD.
 *
 * @example
 * escapeXstring('a < b\u0001'); // 'a &lt; b_x0001_'
 */
export function escapeXstring(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text as an attribute value between double quotes. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}
