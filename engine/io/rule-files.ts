import * as fs from 'node:fs';
import * as path from 'node:path';
import { type JsonFile, type LocatedProblem, locatePointer, readJsonFile } from './json-file';
import { type RuleSet, createRuleSet } from '../rules/rule-set';

/** The rule directory shipped with the product. */
export const DEFAULT_RULES_DIR = path.join(__dirname, '..', '..', 'rules');

/** Files in a rule directory that are not rule files. */
const NOT_RULE_FILES = new Set(['catalog.json']);

/** The rule files of a directory: every `*.json` but the catalog and `*.cases.json`, in name order. */
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
  const unreadable = files.flatMap((f) => f.problems);
  if (unreadable.length > 0) return { problems: unreadable };

  const byName = new Map<string, JsonFile>(files.map((f) => [displayName(f.file), f]));
  const { ruleSet, problems } = createRuleSet(files.map((f) => ({ file: displayName(f.file), json: f.value })));
  return {
    ruleSet,
    problems: problems.map((p) => ({ ...p, ...locatePointer(byName.get(p.file)!, p.pointer) })),
  };
}

/** A path as the user should read it: relative to the working directory when inside it. */
export function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
