import * as fs from 'node:fs';
import { type JsonFile, parseJsonText } from '../rules/json-source';

export { type JsonFile, type LocatedProblem, formatProblem, locatePointer, sortProblems } from '../rules/json-source';

/** Reads and parses a strict JSON file; a syntax error is reported at its line and column. */
export function readJsonFile(file: string): JsonFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { file, text: '', problems: [{ file, line: 1, column: 1, pointer: '', message: `Cannot read the file: ${(error as Error).message}` }] };
  }
  return parseJsonText(file, text);
}
