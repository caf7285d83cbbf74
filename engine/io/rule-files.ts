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
 * Loads and checks every rule file of a directory, reporting every problem of every file at once (a missing
 * rule-set.json, an unreadable file or one that is not JSON is one problem among the others). Any problem, in
 * any file, means no rule set.
 *
 * @example
 * const { ruleSet, problems } = loadRuleDir('rules');
 * problems.map(formatProblem); // ['rules/registration.json:9:45 (/rules/0/conditions/all/0/fact): Unknown fact "dealtype". Did you mean "dealType"?']
 */
export function loadRuleDir(dir: string): { ruleSet?: RuleSet; problems: LocatedProblem[] } {
  const at = (file: string, message: string): LocatedProblem => ({ file, line: 1, column: 1, pointer: '', message });
  // The folder itself is the problem: no line or column in it to point at.
  const whole = (folder: string, message: string): LocatedProblem => ({ file: folder, line: 0, column: 0, pointer: '', message });
  let names: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) return { problems: [whole(displayName(dir), 'Not a rule directory: this is a file. Give the folder that holds the rule files.')] };
    names = fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problems: [whole(displayName(dir), code === 'ENOENT' || code === 'ENOTDIR' ? 'No such rule directory.' : `Cannot read the rule directory: ${code ?? (error as Error).message}.`)] };
  }
  const paths = names.filter((name) => isRuleFile(name) || name === RULE_SET_FILE).sort().map((name) => path.join(dir, name));
  if (!paths.some((file) => isRuleFile(file))) return { problems: [whole(displayName(dir), 'The rule directory has no rule files (*.json).')] };
  const sources: RuleSource[] = [];
  const unreadable: LocatedProblem[] = [];
  for (const file of paths) {
    try {
      sources.push({ file: displayName(file), text: fs.readFileSync(file, 'utf8') });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      unreadable.push(at(displayName(file), `Cannot read the file: ${code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message)}.`));
    }
  }
  return ruleSetFromSources(sources, { unreadable, manifestPath: displayName(path.join(dir, RULE_SET_FILE)) });
}

/** A path as the user should read it: relative to the working directory when inside it. */
export function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
