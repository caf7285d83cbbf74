import { XmlProblem, xmlTokens } from './xml-text';

// A reference a part may use: a character reference or one of XML's five predefined entities.
const REFERENCE = /&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|amp|lt|gt|quot|apos);/y;

/**
 * Checks in one linear pass that a part is XML an XML parser (Excel's, LibreOffice's) would read as we do:
 * every construct closed, every element closed in order, no attribute twice on a tag, no document type
 * declaration, and every `&` a character reference or a predefined entity (a part without a DOCTYPE can define
 * no other, so `&d;` is an error to a parser and must not be read as text). Throws `XmlProblem` with the line
 * and column.
 *
 * @example
 * checkXml('<a><b></a>'); // throws XmlProblem('the end tag </a> closes <b> … at line 1, column 7')
 */
export function checkXml(xml: string): void {
  const open: { name: string; start: number }[] = [];
  const references = referenceChecker(xml);
  let textFrom = 0;
  for (const token of xmlTokens(xml)) {
    references(textFrom, token.start);
    textFrom = token.end;
    if (token.kind === 'start' || token.kind === 'empty') {
      references(token.start, token.end);
      checkAttributeNames(xml, token.rawAttributes, token.start, token.name);
    }
    if (token.kind === 'start') open.push({ name: token.name, start: token.start });
    else if (token.kind === 'end') {
      const innermost = open.pop();
      if (innermost === undefined) throw new XmlProblem(xml, token.start, `the end tag </${token.name}> closes no element`);
      if (innermost.name !== token.name) throw new XmlProblem(xml, token.start, `the end tag </${token.name}> closes <${innermost.name}>`);
    }
  }
  references(textFrom, xml.length);
  const unclosed = open.pop();
  if (unclosed !== undefined) throw new XmlProblem(xml, unclosed.start, `the element <${unclosed.name}> is never closed`);
}

/**
 * A check that every `&` between two offsets starts a reference to a character or a predefined entity. Calls
 * must come in document order: one cursor walks the text's `&`s once (those in skipped constructs, comments
 * and CDATA, are passed over), so all the calls together cost time linear in the text.
 */
function referenceChecker(xml: string): (from: number, to: number) => void {
  let next = xml.indexOf('&');
  return (from, to) => {
    for (; next >= 0 && next < to; next = xml.indexOf('&', next + 1)) if (next >= from) checkReference(xml, next);
  };
}

const ATTRIBUTE_NAME = /([^\s=]+)\s*=\s*(?:"[^"]*"|'[^']*')/g;

/** No attribute appears twice on a tag (a parser refuses that; a reader taking either value would guess). */
function checkAttributeNames(xml: string, raw: string, start: number, tagName: string): void {
  if (raw.indexOf('=') === raw.lastIndexOf('=')) return;
  const seen = new Set<string>();
  for (const match of raw.matchAll(ATTRIBUTE_NAME)) {
    if (seen.has(match[1])) throw new XmlProblem(xml, start, `the tag <${tagName}> has the attribute ${match[1]} twice`);
    seen.add(match[1]);
  }
}

/** The `&` at `at` starts a reference to a character or a predefined entity. */
function checkReference(xml: string, at: number): void {
  REFERENCE.lastIndex = at;
  const match = REFERENCE.exec(xml);
  if (match === null) {
    const name = /^&[^\s;&<]{0,20}/.exec(xml.slice(at, at + 22))?.[0] ?? '&';
    throw new XmlProblem(xml, at, `the reference ${name}${xml[at + name.length] === ';' ? ';' : '…'} names no character or predefined entity`);
  }
  const code = match[1] !== undefined ? Number(match[1]) : match[2] !== undefined ? parseInt(match[2], 16) : 0x20;
  if (!allowedCharacter(code)) throw new XmlProblem(xml, at, `the character reference ${match[0]} names no character`);
}

/** A code point a reference may name: XML 1.0 allows fewer, but readers differ there; none allows 0 or beyond U+10FFFF. */
function allowedCharacter(code: number): boolean {
  return code >= 1 && code <= 0x10ffff;
}
