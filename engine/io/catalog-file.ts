import * as path from 'node:path';
import { type LocatedProblem, locatePointer, readJsonFile } from './json-file';
import { displayName } from './rule-files';
import { type SolutionCatalog, createCatalog } from '../domain/catalog';

/** The sample catalog shipped in `rules/`. */
export const DEFAULT_CATALOG = path.join(__dirname, '..', '..', 'rules', 'catalog.json');

/**
 * Reads a solution catalog file; problems are located by line and column (a syntax error, nesting too deep, a
 * prototype key such as `__proto__`, or an entry that is not a solution).
 *
 * @example
 * loadCatalogFile('rules/catalog.json').catalog?.find('sol-1'); // the solution, when listed
 */
export function loadCatalogFile(file: string): { catalog?: SolutionCatalog; problems: LocatedProblem[] } {
  const name = displayName(file);
  const json = readJsonFile(file);
  if (json.problems.length > 0) return { problems: json.problems.map((p) => ({ ...p, file: name })) };
  const { catalog, problems } = createCatalog(json.value);
  return { catalog, problems: problems.map((p) => ({ file: name, ...p, ...locatePointer(json, p.pointer) })) };
}
