import * as path from 'node:path';
import { type LocatedProblem, locatePointer, readJsonFile } from './json-file';
import { displayName } from './rule-files';
import { type SolutionCatalog, createCatalog } from '../domain/catalog';

/** The sample catalog shipped in `rules/`. */
export const DEFAULT_CATALOG = path.join(__dirname, '..', '..', 'rules', 'catalog.json');

/** Reads a solution catalog file; problems are located by line and column. */
export function loadCatalogFile(file: string): { catalog?: SolutionCatalog; problems: LocatedProblem[] } {
  const json = readJsonFile(file);
  if (json.problems.length > 0) return { problems: [...json.problems] };
  const { catalog, problems } = createCatalog(json.value);
  const name = displayName(file);
  return { catalog, problems: problems.map((p) => ({ file: name, ...p, ...locatePointer(json, p.pointer) })) };
}
