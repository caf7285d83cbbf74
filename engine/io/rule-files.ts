import * as fs from 'node:fs';
import * as path from 'node:path';
import { type JsonFile, type LocatedProblem, locatePointer, readJsonFile } from './json-file';
import { RULE_SET_FILE, type RuleSet, createRuleSet } from '../rules/rule-set';
import { DEFAULT_ROW_FILE } from '../workflow/rule-cases';

/** The rule directory shipped with the product. */
export const DEFAULT_RULES_DIR = path.join(__dirname, '..', '..', 'rules');

/** Files in a rule directory that are not rule files. */
const NOT_RULE_FILES = new Set(['catalog.json', RULE_SET_FILE, DEFAULT_ROW_FILE]);

/** The rule files of a directory: every `*.json` but `rule-set.json`, the catalog, the cases' default row and `*.cases.json`, in name order. */
export function ruleFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.cases.json') && !NOT_RULE_FILES.has(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Loads and checks every rule file of a directory. Any problem, in any file, means no rule set.
 *
 * @example
 * const { ruleSet, problems } = loadRuleDir('rules');
 * problems.map(formatProblem); // ['rules/registration.json:9:45 (/rules/0/conditions/all/0/fact): Unknown fact "dealtype". Did you mean "dealType"?']
 */
export function loadRuleDir(dir: string): { ruleSet?: RuleSet; problems: LocatedProblem[] } {
  const at = (file: string, message: string): LocatedProblem => ({ file, line: 1, column: 1, pointer: '', message });
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return { problems: [at(dir, 'No such rule directory.')] };
  const files = ruleFilesIn(dir).map(readJsonFile);
  if (files.length === 0) return { problems: [at(dir, 'The rule directory has no rule files (*.json).')] };
  const manifestPath = path.join(dir, RULE_SET_FILE);
  if (!fs.existsSync(manifestPath)) {
    return { problems: [at(displayName(manifestPath), `Missing: a rule directory needs ${RULE_SET_FILE} giving the rule set's version, e.g. {"name": "Co-sell policy", "version": "2026.11.0"}.`)] };
  }
  const manifest = readJsonFile(manifestPath);
  const unreadable = [...files, manifest].flatMap((f) => f.problems);
  if (unreadable.length > 0) return { problems: unreadable };

  const byName = new Map<string, JsonFile>([...files, manifest].map((f) => [displayName(f.file), f]));
  const document = (f: JsonFile) => ({ file: displayName(f.file), json: f.value });
  const { ruleSet, problems } = createRuleSet(files.map(document), document(manifest));
  return { ruleSet, problems: sortProblems(problems.map((p) => ({ ...p, ...locatePointer(byName.get(p.file)!, p.pointer) }))) };
}

/** Problems in reading order: by file, then line, then column. */
export function sortProblems<P extends LocatedProblem>(problems: readonly P[]): P[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** A path as the user should read it: relative to the working directory when inside it. */
export function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
