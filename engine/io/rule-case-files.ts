import * as fs from 'node:fs';
import * as path from 'node:path';
import { type JsonFile, type LocatedProblem, locatePointer, readJsonFile, sortProblems } from './json-file';
import { displayName, loadRuleDir } from './rule-files';
import { DEFAULT_CATALOG, loadCatalogFile } from './catalog-file';
import { type RuleCasesReport, runRuleCases } from '../authoring/rule-cases';
import { DEFAULT_ROW_FILE } from '../rules/rule-set-source';
import { type RuleSet } from '../rules/rule-set';

/** A case's outcome, located in its file. */
export interface LocatedCaseResult {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly pointer: string;
  readonly name: string;
  readonly failures: readonly string[];
}

export interface RuleCasesRun {
  readonly ruleSet?: RuleSet;
  readonly results: readonly LocatedCaseResult[];
  readonly uncovered: RuleCasesReport['uncovered'];
  /** Rule files, case files or the default row that cannot be used. */
  readonly problems: readonly LocatedProblem[];
}

/** The case files of a rule directory (`*.cases.json`), in name order. */
export function caseFilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.cases.json')).sort().map((name) => path.join(dir, name));
}

/**
 * Loads a rule directory and runs its rule cases: `*.cases.json` over `default-row.json`, with the directory's
 * `catalog.json` (or the shipped catalog when it has none).
 *
 * @example
 * const run = await runRuleCaseDir('rules');
 * run.results.filter((r) => r.failures.length > 0).length; // 0
 */
export async function runRuleCaseDir(dir: string): Promise<RuleCasesRun> {
  const empty = { results: [], uncovered: [] };
  const rules = loadRuleDir(dir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return { ...empty, problems: rules.problems };
  const catalogPath = fs.existsSync(path.join(dir, 'catalog.json')) ? path.join(dir, 'catalog.json') : DEFAULT_CATALOG;
  const catalog = loadCatalogFile(catalogPath);

  // Every file is read and parsed whatever else is broken, so one run reports every problem.
  const defaultRowPath = path.join(dir, DEFAULT_ROW_FILE);
  const missing: LocatedProblem[] = fs.existsSync(defaultRowPath)
    ? []
    : [{ file: displayName(defaultRowPath), line: 1, column: 1, pointer: '', message: 'Missing: rule cases start from this file\'s row (copy it from the shipped rules/).' }];
  const files = [...(missing.length === 0 ? [defaultRowPath] : []), ...caseFilesIn(dir)].map((file) => ({ ...readJsonFile(file), file: displayName(file) }));
  const unusable = [...rules.problems, ...catalog.problems, ...missing, ...files.flatMap((f) => f.problems.map((p) => ({ ...p, file: displayName(p.file) })))];
  if (!rules.ruleSet || !catalog.catalog || unusable.length > 0) return { ...empty, problems: sortProblems(unusable) };

  const byName = new Map<string, JsonFile>(files.map((f) => [f.file, f]));
  const [defaultRow, ...caseFiles] = files.map((f) => ({ file: f.file, json: f.value }));
  const report = await runRuleCases(rules.ruleSet, catalog.catalog, defaultRow, caseFiles);
  const locate = (file: string, pointer: string) => locatePointer(byName.get(file)!, pointer);
  return {
    ruleSet: rules.ruleSet,
    results: report.results.map((r) => ({ ...r, ...locate(r.file, r.pointer) })),
    uncovered: report.uncovered,
    problems: sortProblems(report.problems.map((p) => ({ ...p, ...locate(p.file, p.pointer) }))),
  };
}
