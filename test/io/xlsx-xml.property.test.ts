import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkXml } from '../../engine/io/xlsx/xml-check';
import { XmlProblem, attributes, scanTags, textBetween } from '../../engine/io/xlsx/xml-text';

/**
 * The workbook XML scanner against fast-xml-parser (an independent parser): well-formed documents are read
 * the same (tags in order, attribute values, element text); every cut of one is refused as a located problem
 * (a proper prefix of a one-root document is never well-formed XML; fast-xml-parser's validator accepts some,
 * so the construction is the judge there); and arbitrary markup soup is either refused with an XmlProblem or is XML fast-xml-parser accepts too.
 */

interface Element {
  readonly name: string;
  readonly attrs: readonly (readonly [string, string])[];
  /** Text pieces and child elements, in order. */
  readonly content: readonly (string | Element)[];
}

const name = fc.constantFrom('c', 'row', 'x:t', 'is', 'v', 'si', 'f', 'a_b', 'r.1');
const text = fc.string({ unit: fc.constantFrom('a', 'é', '日', '😀', ' ', '<', '>', '&', '"', "'", ']]', '\n', '\t', '-', '?'), maxLength: 8 });
const element: fc.Arbitrary<Element> = fc.letrec<{ element: Element }>((tie) => ({
  element: fc.record({
    name,
    attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('r', 't', 's', 'x:id', 'ref'), text), { maxLength: 3, selector: ([n]) => n }),
    content: fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, tie('element')), { maxLength: 4 }),
  }),
})).element;

const escapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (t: string, quote: string) => escapeText(t).replace(quote === '"' ? /"/g : /'/g, quote === '"' ? '&quot;' : '&apos;');

/** Serialises an element, its texts written plainly, as CDATA or with comments and instructions between pieces. */
function serialise(e: Element, style: number): string {
  const quote = style % 2 ? "'" : '"';
  const attrs = e.attrs.map(([n, v]) => ` ${n}${style % 3 ? '=' : ' = '}${quote}${escapeAttr(v, quote)}${quote}`).join('');
  if (e.content.length === 0 && style % 5 === 0) return `<${e.name}${attrs}/>`;
  const inner = e.content
    .map((piece, i) => {
      if (typeof piece !== 'string') return serialise(piece, style + i + 1);
      if ((style + i) % 4 === 1 && !piece.includes(']]>') && !/\r/.test(piece)) return `<![CDATA[${piece}]]><!-- note -->`;
      if ((style + i) % 4 === 2) return `${escapeText(piece)}<?pi data?>`;
      return escapeText(piece);
    })
    .join('');
  return `<${e.name}${attrs}>${inner}</${e.name}${style % 7 === 0 ? ' ' : ''}>`;
}

/** The tags of an element in document order, as `start:name` / `empty:name` / `end:name`. */
function tagsOf(e: Element, style: number): string[] {
  if (e.content.length === 0 && style % 5 === 0) return [`empty:${e.name}`];
  return [`start:${e.name}`, ...e.content.flatMap((piece, i) => (typeof piece === 'string' ? [] : tagsOf(piece, style + i + 1))), `end:${e.name}`];
}

/** Every element's own text (its text pieces joined), in document order of the elements. */
function textsOf(e: Element): string[] {
  const own = e.content.filter((p): p is string => typeof p === 'string').join('');
  return [own, ...e.content.flatMap((p) => (typeof p === 'string' ? [] : textsOf(p)))];
}

describe('the XML scanner, judged by fast-xml-parser', () => {
  test('a well-formed document is accepted and read as written: tags, attribute values and texts', () => {
    fc.assert(
      fc.property(element, fc.nat(1000), (root, style) => {
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(root, style)}`;
        expect(XMLValidator.validate(xml)).toBe(true);
        checkXml(xml);
        const tags = [...scanTags(xml)];
        expect(tags.map((t) => `${t.kind}:${t.name}`)).toEqual(tagsOf(root, style));
        // attribute values of the root, decoded
        expect(Object.fromEntries(attributes(tags[0].rawAttributes))).toEqual(Object.fromEntries(root.attrs));
        // the text of each element that holds no child element, between its start and end tags
        const leafTexts: string[] = [];
        const open: number[] = [];
        const hasChild: boolean[] = [];
        for (const tag of tags) {
          if (tag.kind === 'start') {
            if (hasChild.length) hasChild[hasChild.length - 1] = true;
            open.push(tag.end);
            hasChild.push(false);
          } else if (tag.kind === 'end') {
            const from = open.pop()!;
            if (!hasChild.pop()) leafTexts.push(textBetween(xml, from, tag.start));
          } else if (hasChild.length) hasChild[hasChild.length - 1] = true;
        }
        const expectedLeaves: string[] = [];
        const walk = (e: Element, s: number) => {
          const children = e.content.filter((p) => typeof p !== 'string');
          if (children.length === 0 && !(e.content.length === 0 && s % 5 === 0)) expectedLeaves.push(textsOf(e)[0]);
          e.content.forEach((p, i) => typeof p !== 'string' && walk(p, s + i + 1));
        };
        walk(root, style);
        expect(leafTexts).toEqual(expectedLeaves.map((t) => t.replace(/\r\n?/g, '\n')));
        // fast-xml-parser reads the root's own text the same, for a leaf root
        if (root.content.every((p) => typeof p === 'string') && root.content.length > 0) {
          const parsed = new XMLParser({ ignoreAttributes: true, ignorePiTags: true, trimValues: false, parseTagValue: false, processEntities: true }).parse(xml);
          const value = parsed[root.name];
          expect(typeof value === 'object' ? (value['#text'] ?? '') : String(value)).toBe(leafTexts[0]);
        }
      }),
      { numRuns: 1200 },
    );
  }, 20_000);

  test('every cut inside a well-formed document is refused as a located XmlProblem', () => {
    fc.assert(
      fc.property(element, fc.nat(1000), fc.double({ min: 0, max: 1, noNaN: true }), (root, style, where) => {
        const xml = serialise(root, style);
        const cut = Math.max(1, Math.min(xml.length - 1, Math.floor(where * xml.length)));
        const broken = xml.slice(0, cut);
        let problem: unknown;
        try {
          checkXml(broken);
        } catch (error) {
          problem = error;
        }
        expect(problem).toBeInstanceOf(XmlProblem);
        expect((problem as XmlProblem).message).toMatch(/ at line \d+, column \d+$/);
      }),
      { numRuns: 1200 },
    );
  }, 20_000);

  test('markup soup is either refused with an XmlProblem or is XML fast-xml-parser accepts too', () => {
    const piece = fc.constantFrom('<a>', '</a>', '<b x="1">', '</b>', '<c/>', '<!--', '-->', '<!-- c -->', '<?', '?>', '<?p q?>', '<![CDATA[', ']]>', '<![CDATA[ t ]]>', '"', "'", '=', ' y="2"', '<', '>', '&', '&amp;', '&#65;', '&d;', 'text', ' ', '\n', '<!DOCTYPE a>', '</', '/>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const xml = `<r>${pieces.join('')}</r>`;
        let accepted = true;
        try {
          checkXml(xml);
        } catch (error) {
          expect(error).toBeInstanceOf(XmlProblem);
          accepted = false;
        }
        if (accepted) expect(XMLValidator.validate(xml)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  }, 20_000);
});
