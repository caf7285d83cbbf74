import * as fs from 'node:fs';
import { type JsonFile, parseJsonText } from '../rules/json-source';

export { type JsonFile, type LocatedProblem, formatProblem, locatePointer, sortProblems } from '../rules/json-source';

/**
 * Reads and parses a strict JSON file (see `parseJsonText`): a file that cannot be read, a syntax error, nesting
 * too deep or a prototype key is a problem at its line and column.
 *
 * @example
 * readJsonFile('rules/catalog.json').value; // { solutions: [...] }
 */
export function readJsonFile(file: string): JsonFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? message);
    return { file, text: '', problems: [{ file, line: 1, column: 1, pointer: '', message: `Cannot read the file: ${why}.` }] };
  }
  return parseJsonText(file, text);
}
