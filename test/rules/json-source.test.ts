/** parseJsonText reads strict JSON with JSON.parse and asks the locating parser only about text that is not JSON. */
import fc from 'fast-check';
import { parseJsonText } from '../../engine/rules/json-source';

describe('parseJsonText', () => {
  it('gives the value of any JSON text, however it is indented (keys that reach prototypes aside: they are refused)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }).filter((v) => !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(v))), fc.constantFrom(undefined, 1, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const parsed = parseJsonText('x.json', text);
        expect(parsed.problems).toEqual([]);
        expect(parsed.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('says where text that is not JSON breaks, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', 'a', ' ', '\n', '\u00a0', '\f', '/', '\\') }), (text) => {
        let strict = true;
        try {
          JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch {
          strict = false;
        }
        const parsed = parseJsonText('x.json', text);
        if (strict) return;
        expect(parsed.value).toBeUndefined();
        expect(parsed.problems).toHaveLength(1);
        expect(parsed.problems[0].message).toMatch(/^Not valid JSON: /);
        expect(parsed.problems[0].line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['{\n  "a": 1,\n}', '2:9', 'a comma before } must go (JSON allows none after the last item)'],
    ['[1, 2, ]', '1:6', 'a comma before ] must go (JSON allows none after the last item)'],
    ['{"a":\u00a01}', '1:6', 'a no-break space (U+00A0), which JSON does not allow between its parts: replace it with an ordinary space'],
    ['{\f"a": 1}', '1:2', 'a form feed (U+000C), which JSON does not allow between its parts: replace it with an ordinary space'],
    ['{"a": \u200b1}', '1:7', 'a zero-width space (U+200B), which JSON does not allow between its parts: replace it with an ordinary space'],
    ['{"a": \u201cx\u201d}', '1:7', 'a curly quote \u201c: JSON needs straight quotes (")'],
    ['{"a": "ok\\\\", "b": "t\ty"}', '1:22', 'a tab (U+0009) inside a text: write \\t or a space instead'],
    ['{"a": "x\ny"}', '1:9', 'a line break inside a text: keep the text on one line (write \\n for a line break), and close it with "'],
  ])('names what the editor cannot see or must remove: %j', (text, where, why) => {
    const [problem] = parseJsonText('r.json', text).problems;
    expect(`${problem.line}:${problem.column} ${problem.message}`).toBe(`${where} Not valid JSON: ${why}`);
  });

  it('places the break on its line and column', () => {
    expect(parseJsonText('r.json', '{\n  "a": 1,\n  "b" 2\n}').problems).toEqual([{ file: 'r.json', line: 3, column: 7, pointer: '', message: 'Not valid JSON: ":" was expected' }]);
    expect(parseJsonText('r.json', '{\f"a": 1}').problems[0]).toMatchObject({ line: 1, column: 2 });
  });
});
