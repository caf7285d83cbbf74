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

  it('places the break on its line and column', () => {
    expect(parseJsonText('r.json', '{\n  "a": 1,\n  "b" 2\n}').problems).toEqual([{ file: 'r.json', line: 3, column: 7, pointer: '', message: 'Not valid JSON: ":" was expected' }]);
    expect(parseJsonText('r.json', '{\f"a": 1}').problems[0]).toMatchObject({ line: 1, column: 2 });
  });
});
