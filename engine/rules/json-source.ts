import { type ParseError, findNodeAtLocation, parse, parseTree, printParseErrorCode } from 'jsonc-parser';

/** A problem at a place in a JSON file, as `file:line:col (pointer): message`. */
export interface LocatedProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer: string;
  readonly message: string;
}

export function formatProblem(p: LocatedProblem): string {
  return `${p.file}:${p.line}:${p.column}${p.pointer ? ` (${p.pointer})` : ''}: ${p.message}`;
}

/** A JSON file's text, so problems can be located, and its value when it parses. */
export interface JsonFile {
  readonly file: string;
  readonly text: string;
  readonly value?: unknown;
  readonly problems: readonly LocatedProblem[];
}

/**
 * Parses strict JSON text (a file's content, wherever it came from); a syntax error is reported at its line
 * and column.
 *
 * @example
 * parseJsonText('rules/x.json', '{"rules": []}').value; // { rules: [] }
 */
export function parseJsonText(file: string, source: string): JsonFile {
  const text = source.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const { offset, error } = errors[0];
    return { file, text, problems: [{ file, ...lineAndColumn(text, offset), pointer: '', message: `Not valid JSON: ${describeParseError(printParseErrorCode(error))}` }] };
  }
  // JSON.parse keeps a "__proto__" key as a plain property, where other parsers would set the prototype.
  return { file, text, value: JSON.parse(text), problems: [] };
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
