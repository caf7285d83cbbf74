import * as fs from 'node:fs';
import * as path from 'node:path';
import { type LocatedProblem } from './json-file';
import { RULE_SET_FILE, type RuleSet } from '../rules/rule-set';
import { type RuleSource, isRuleFile, ruleSetFromSources } from '../rules/rule-set-source';

/** The rule directory shipped with the product. */
export const DEFAULT_RULES_DIR = path.join(__dirname, '..', '..', 'rules');

/** The rule files of a directory: every `*.json` but `rule-set.json`, the catalog, the cases' default row and `*.cases.json`, in name order. */
export function ruleFilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter(isRuleFile).sort().map((name) => path.join(dir, name));
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
  const paths = ruleFilesIn(dir);
  if (paths.length === 0) return { problems: [at(dir, 'The rule directory has no rule files (*.json).')] };
  const manifest = path.join(dir, RULE_SET_FILE);
  if (!fs.existsSync(manifest)) {
    return { problems: [at(displayName(manifest), `Missing: a rule directory needs ${RULE_SET_FILE} giving the rule set's version, e.g. {"name": "Co-sell policy", "version": "2026.11.0"}.`)] };
  }
  const sources: RuleSource[] = [];
  for (const file of [...paths, manifest]) {
    try {
      sources.push({ file: displayName(file), text: fs.readFileSync(file, 'utf8') });
    } catch (error) {
      return { problems: [at(displayName(file), `Cannot read the file: ${(error as Error).message}`)] };
    }
  }
  return ruleSetFromSources(sources);
}

/** A path as the user should read it: relative to the working directory when inside it. */
export function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
