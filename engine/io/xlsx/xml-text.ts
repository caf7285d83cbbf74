/**
 * The little XML the workbook reader and the sheet patcher need: tags with their attributes and offsets, entity
 * decoding, and escaping for what we write. The tokenizer reads each construct once, left to right, so its work
 * is linear in the text whatever the text holds; a construct that is never closed, a stray `<` or a document
 * type declaration is an `XmlProblem` with its line and column (the caller names the part).
 */

/** One start, end or empty-element tag of an XML text, with where it sits. */
export interface XmlTag {
  /** `start` (`<c>`), `end` (`</c>`) or `empty` (`<c/>`). */
  readonly kind: 'start' | 'end' | 'empty';
  /** The name as written, with its namespace prefix (`x:c`). */
  readonly name: string;
  /** The name without its prefix (`c`). */
  readonly local: string;
  /** The attribute text of a start or empty tag (raw, undecoded, well-formed), for `attributes`. */
  readonly rawAttributes: string;
  readonly start: number;
  /** Offset just past the tag's `>`. */
  readonly end: number;
}

/** A construct the tokenizer skips as a whole: a comment, processing instruction (or XML declaration), CDATA. */
export interface XmlSkipped {
  readonly kind: 'comment' | 'instruction' | 'cdata';
  readonly start: number;
  readonly end: number;
}

/** Why a text is not XML a workbook part may hold, located (`… at line 3, column 17`). */
export class XmlProblem extends Error {
  override readonly name = 'XmlProblem';
  /** `line 3, column 17`. */
  readonly where: string;
  /**
   * @example
   * new XmlProblem('<a><!-- x', 3, 'a comment (<!--) is never closed').message; // 'a comment (<!--) is never closed at line 1, column 4'
   */
  constructor(
    xml: string,
    readonly offset: number,
    readonly what: string,
    /** `doctype`: the text has a document type declaration; `malformed`: it is not well-formed XML. */
    readonly kind: 'doctype' | 'malformed' = 'malformed',
  ) {
    const where = lineAndColumn(xml, offset);
    super(`${what} at ${where}`);
    this.where = where;
  }
}

/** `line 3, column 17` for an offset (1-based, columns in UTF-16 units). */
function lineAndColumn(xml: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let at = xml.indexOf('\n'); at >= 0 && at < offset; at = xml.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** A character that may start an XML name: a letter, `_`, `:` or any non-ASCII character. */
function isNameStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x3a || code >= 0x80;
}

/** A character that may continue an XML name: a name start, a digit, `-` or `.`. */
function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e;
}

/** The offset just past the name starting at `at` (`at` itself when no name starts there). */
function nameEnd(xml: string, at: number): number {
  if (at >= xml.length || !isNameStart(xml.charCodeAt(at))) return at;
  let end = at + 1;
  while (end < xml.length && isNameChar(xml.charCodeAt(end))) end++;
  return end;
}

function skipSpace(xml: string, at: number): number {
  while (at < xml.length && isSpace(xml.charCodeAt(at))) at++;
  return at;
}

/** Skips a construct from `at` to just past `close`, or throws that it is never closed. */
function skipTo(xml: string, at: number, open: number, close: string, what: string): number {
  const found = xml.indexOf(close, at + open);
  if (found < 0) throw new XmlProblem(xml, at, `${what} is never closed`);
  return found + close.length;
}

/**
 * Every tag and skipped construct of `xml` from `from` on, in document order. Each `<` is read once and each
 * construct is scanned once, so the work is linear in the text. Throws `XmlProblem` for a construct never
 * closed, a tag that is not well formed, a stray `<` and a document type declaration (`<!DOCTYPE`: workbook
 * parts have none, and Excel refuses a file that has one; its entities are not expanded).
 *
 * @example
 * [...xmlTokens('<a><!-- x --></a>')].map((t) => t.kind); // ['start', 'comment', 'end']
 */
export function* xmlTokens(xml: string, from = 0, to = xml.length): Generator<XmlTag | XmlSkipped> {
  for (let at = xml.indexOf('<', from); at >= 0 && at < to; ) {
    const token = readToken(xml, at);
    yield token;
    at = xml.indexOf('<', token.end);
  }
}

/** The construct that starts with the `<` at `at`. */
function readToken(xml: string, at: number): XmlTag | XmlSkipped {
  const next = xml.charCodeAt(at + 1);
  if (next === 0x21 /* ! */) {
    if (xml.startsWith('<!--', at)) return { kind: 'comment', start: at, end: skipTo(xml, at, 4, '-->', 'a comment (<!--)') };
    if (xml.startsWith('<![CDATA[', at)) return { kind: 'cdata', start: at, end: skipTo(xml, at, 9, ']]>', 'a CDATA section (<![CDATA[)') };
    if (xml.slice(at, at + 9).toUpperCase() === '<!DOCTYPE') {
      throw new XmlProblem(xml, at, 'a document type declaration (<!DOCTYPE …>)', 'doctype');
    }
    throw new XmlProblem(xml, at, 'a markup declaration (<!…) that workbook parts never have');
  }
  if (next === 0x3f /* ? */) {
    const target = nameEnd(xml, at + 2);
    const after = xml.charCodeAt(target);
    if (target === at + 2 || !(isSpace(after) || (after === 0x3f && xml.charCodeAt(target + 1) === GT))) {
      throw new XmlProblem(xml, at, 'a processing instruction (<?) without a target name');
    }
    return { kind: 'instruction', start: at, end: skipTo(xml, at, 2, '?>', 'a processing instruction (<?)') };
  }
  if (next === SLASH) {
    const end = nameEnd(xml, at + 2);
    if (end === at + 2) throw new XmlProblem(xml, at, 'an end tag without a name');
    const close = skipSpace(xml, end);
    if (xml.charCodeAt(close) !== GT) throw new XmlProblem(xml, at, close >= xml.length ? 'an end tag is never closed' : 'an end tag is not well formed');
    return tag('end', xml.slice(at + 2, end), '', at, close + 1);
  }
  const end = nameEnd(xml, at + 1);
  if (end === at + 1) throw new XmlProblem(xml, at, 'a "<" that starts no tag (write it as &lt;)');
  const name = xml.slice(at + 1, end);
  let p = end;
  for (;;) {
    const spaced = skipSpace(xml, p);
    const code = xml.charCodeAt(spaced);
    if (spaced >= xml.length) throw new XmlProblem(xml, at, `the tag <${name}> is never closed`);
    if (code === GT) return tag('start', name, xml.slice(end, p), at, spaced + 1);
    if (code === SLASH) {
      if (xml.charCodeAt(spaced + 1) !== GT) throw new XmlProblem(xml, spaced, `the tag <${name}> is not well formed`);
      return tag('empty', name, xml.slice(end, p), at, spaced + 2);
    }
    if (spaced === p) throw new XmlProblem(xml, spaced, `the tag <${name}> is not well formed`);
    p = readAttribute(xml, spaced, name);
  }
}

/** Reads `name = "value"` at `at` (after white space) and returns the offset past its closing quote. */
function readAttribute(xml: string, at: number, tagName: string): number {
  const end = nameEnd(xml, at);
  if (end === at) throw new XmlProblem(xml, at, `the tag <${tagName}> is not well formed`);
  const equals = skipSpace(xml, end);
  if (xml.charCodeAt(equals) !== EQUALS) throw new XmlProblem(xml, at, `the attribute ${xml.slice(at, end)} of <${tagName}> has no value`);
  const open = skipSpace(xml, equals + 1);
  const quote = xml[open];
  if (quote !== '"' && quote !== "'") throw new XmlProblem(xml, at, `the attribute ${xml.slice(at, end)} of <${tagName}> has no quoted value`);
  for (let p = open + 1; p < xml.length; p++) {
    const code = xml.charCodeAt(p);
    if (code === LT) throw new XmlProblem(xml, p, `the value of attribute ${xml.slice(at, end)} of <${tagName}> holds a "<"`);
    if (xml[p] === quote) return p + 1;
  }
  throw new XmlProblem(xml, open, `the value of attribute ${xml.slice(at, end)} of <${tagName}> is never closed`);
}

function tag(kind: XmlTag['kind'], name: string, rawAttributes: string, start: number, end: number): XmlTag {
  const colon = name.indexOf(':');
  return { kind, name, local: colon < 0 ? name : name.slice(colon + 1), rawAttributes, start, end };
}

/**
 * Every tag of `xml` in document order. Comments, processing instructions and CDATA are skipped (CDATA text is
 * read by `textBetween`). Linear in the text; throws `XmlProblem` as `xmlTokens` does.
 *
 * @example
 * [...scanTags('<row r="2"><c r="A2"/></row>')].map((t) => `${t.kind}:${t.local}`); // ['start:row', 'empty:c', 'end:row']
 */
export function* scanTags(xml: string, from = 0, to = xml.length): Generator<XmlTag> {
  for (const token of xmlTokens(xml, from, to)) if (token.kind === 'start' || token.kind === 'end' || token.kind === 'empty') yield token;
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
 * The character data between two offsets (an element's content), as an XML parser reads it: entities decoded,
 * CDATA sections as their text, comments and processing instructions left out, and line ends normalised (a
 * literal CR in a part reads as LF).
 *
 * @example
 * textBetween('<t>a &amp; <![CDATA[<b>]]><!-- no --></t>', 3, 37); // 'a & <b>'
 */
export function textBetween(xml: string, from: number, to: number): string {
  const lines = (raw: string) => raw.replace(/\r\n?/g, '\n');
  const parts: string[] = [];
  let at = from;
  for (const token of xmlTokens(xml, from, to)) {
    parts.push(decodeEntities(lines(xml.slice(at, token.start))));
    if (token.kind === 'cdata') parts.push(lines(xml.slice(token.start + 9, token.end - 3)));
    at = token.end;
  }
  parts.push(decodeEntities(lines(xml.slice(at, Math.max(at, to)))));
  return parts.join('');
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
