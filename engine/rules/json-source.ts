import { type ParseError, findNodeAtLocation, parse, parseTree, printParseErrorCode } from 'jsonc-parser';
import { forbiddenKeys } from './rule-file';

/** A problem at a place in a JSON file, as `file:line:col (pointer): message`. */
export interface LocatedProblem {
  readonly file: string;
  /** 1-based; 0 when the problem is the file or folder as a whole (then no position is printed). */
  readonly line: number;
  readonly column: number;
  readonly pointer: string;
  readonly message: string;
}

export function formatProblem(p: LocatedProblem): string {
  const at = p.line > 0 ? `:${p.line}:${p.column}` : '';
  return `${p.file}${at}${p.pointer ? ` (${p.pointer})` : ''}: ${p.message}`;
}

/** A JSON file's text, so problems can be located, and its value when it parses. */
export interface JsonFile {
  readonly file: string;
  readonly text: string;
  readonly value?: unknown;
  readonly problems: readonly LocatedProblem[];
}

/**
 * How deeply arrays and objects may nest in a JSON file the product reads. The shipped rules nest 7 deep; every
 * reader and checker after the parse walks the value recursively, and 64 is far below what recursion handles.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses strict JSON text (a file's content, wherever it came from). A syntax error is reported at its line
 * and column; so is nesting deeper than `MAX_JSON_DEPTH` (checked first, without recursion, so no text can
 * overflow the stack) and any key that could reach object prototypes (`__proto__`, `constructor`,
 * `prototype`): such a file has no value.
 *
 * @example
 * parseJsonText('rules/x.json', '{"rules": []}').value; // { rules: [] }
 * parseJsonText('x.json', '[[[…65 levels…]]]').problems[0].message; // 'Nested deeper than 64 levels: …'
 */
export function parseJsonText(file: string, source: string): JsonFile {
  const text = source.replace(/^\uFEFF/, '');
  const tooDeep = offsetBeyondDepth(text, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    const message = `Nested deeper than ${MAX_JSON_DEPTH} levels: this [ or { opens level ${MAX_JSON_DEPTH + 1}. Split the condition into simpler rules.`;
    return { file, text, problems: [{ file, ...lineAndColumn(text, tooDeep), pointer: '', message }] };
  }
  // JSON.parse keeps a "__proto__" key as a plain property, where other parsers would set the prototype; still,
  // code that copies such a value with Object.assign would, so no file the product reads may hold one.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Only text that is not JSON goes through the slower parser that says where it breaks (it is as strict).
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const found = errors.length > 0 ? explainBreak(text, errors[0].offset, printParseErrorCode(errors[0].error)) : { offset: 0, why: (error as Error).message };
    return { file, text, problems: [{ file, ...lineAndColumn(text, found.offset), pointer: '', message: `Not valid JSON: ${found.why}` }] };
  }
  const parsed: JsonFile = { file, text, value, problems: [] };
  const forbidden = forbiddenKeys({ file, json: value });
  if (forbidden.length === 0) return parsed;
  return { file, text, problems: sortProblems(forbidden.map((p) => ({ ...p, ...locatePointer(parsed, p.pointer) }))) };
}

/**
 * The offset of the first `[` or `{` that opens a level deeper than `limit`, or undefined. A single pass over
 * the text that skips strings: no recursion, so it is safe on any input.
 *
 * @example
 * offsetBeyondDepth('[[1]]', 1); // 1
 * offsetBeyondDepth('["[[["]', 1); // undefined
 */
export function offsetBeyondDepth(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return undefined;
}

/** Problems in reading order: by file, then line, then column. */
export function sortProblems<P extends LocatedProblem>(problems: readonly P[]): P[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** Where a JSON pointer points in the file's text: the start of its `"key": value` pair (of the value, for array items), or 1:1. */
export function locatePointer(file: JsonFile, pointer: string): { line: number; column: number } {
  const root = parseTree(file.text);
  if (!root) return { line: 1, column: 1 };
  const path = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  // Walk up to the nearest ancestor that exists (a missing key is reported at its object).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(root, path.slice(0, depth));
    if (node) return lineAndColumn(file.text, node.parent?.type === 'property' && depth === path.length ? node.parent.offset : node.offset);
  }
  return { line: 1, column: 1 };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where the text breaks and why, as the person who edited it can act on it: a character nobody sees (a no-break
 * space, a form feed), a curly quote, or a tab or line break inside a string is named, with what to write instead;
 * a comma before `}` or `]` is pointed at and said to go. Otherwise the parser's own reason, at its place.
 *
 * @example
 * explainBreak('{"a": 1,}', 8, 'PropertyNameExpected'); // { offset: 7, why: 'a comma before } must go (JSON allows none after the last item)' }
 */
export function explainBreak(text: string, offset: number, code: string): { offset: number; why: string } {
  if (code === 'PropertyNameExpected' || code === 'ValueExpected') {
    let before = offset - 1;
    while (before >= 0 && /\s/.test(text[before])) before--;
    const closer = text[offset];
    if (text[before] === ',' && (closer === '}' || closer === ']')) return { offset: before, why: `a comma before ${closer} must go (JSON allows none after the last item)` };
  }
  if (code === 'InvalidCharacter') {
    // The parser points at the string; the character is inside it.
    for (let i = offset + 1; i < text.length && text[i] !== '"'; i++) {
      const c = text.charCodeAt(i);
      if (text[i] === '\\') i++;
      else if (c < 0x20) return { offset: i, why: `${nameOf(text[i])} inside a text: write ${c === 0x09 ? '\\t or a space' : c === 0x0a || c === 0x0d ? '\\n, or keep the text on one line' : 'it as \\u' + c.toString(16).padStart(4, '0')} instead` };
    }
  }
  if (code === 'InvalidSymbol' && offset < text.length) {
    const ch = text[offset];
    if ('\u201c\u201d\u2018\u2019'.includes(ch)) return { offset, why: `a curly quote ${ch}: JSON needs straight quotes (")` };
    if (/\s/.test(ch) || ch.charCodeAt(0) < 0x20 || INVISIBLE.has(ch)) return { offset, why: `${nameOf(ch)}, which JSON does not allow between its parts: replace it with an ordinary space` };
  }
  if (code === 'UnexpectedEndOfString') {
    const end = text.slice(offset + 1).search(/["\r\n]/);
    if (end >= 0 && text[offset + 1 + end] !== '"') return { offset: offset + 1 + end, why: 'a line break inside a text: keep the text on one line (write \\n for a line break), and close it with "' };
  }
  return { offset, why: describeParseError(code) };
}

/** Characters nobody sees, by name. */
const INVISIBLE: ReadonlyMap<string, string> = new Map([
  ['\t', 'a tab'],
  ['\n', 'a line break'],
  ['\r', 'a carriage return'],
  ['\f', 'a form feed'],
  ['\v', 'a vertical tab'],
  ['\u00a0', 'a no-break space'],
  ['\u2007', 'a figure space'],
  ['\u202f', 'a narrow no-break space'],
  ['\u200b', 'a zero-width space'],
  ['\ufeff', 'a byte order mark'],
]);

/** A character nobody sees, named (`a no-break space (U+00A0)`); any other as itself. */
function nameOf(ch: string): string {
  const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const name = INVISIBLE.get(ch);
  return name === undefined ? `the character "${ch}" (${code})` : `${name} (${code})`;
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'bad number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: '":" was expected',
    CommaExpected: '"," was expected (or a trailing comma must go)',
    CloseBraceExpected: '"}" was expected',
    CloseBracketExpected: '"]" was expected',
    EndOfFileExpected: 'text after the end of the JSON value',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'bad \\u escape',
    InvalidEscapeCharacter: 'bad escape character',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[code] ?? code;
}
