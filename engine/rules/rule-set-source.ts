import { type JsonFile, type LocatedProblem, locatePointer, parseJsonText, sortProblems } from './json-source';
import { RULE_SET_FILE, type RuleSet, checkManifest, createRuleSet } from './rule-set';
import { type RuleFileDocument, type RuleProblem } from './rule-file';

/** A file of a rule directory as text: from disk (the CLI) or from files the user picked (the task pane). */
export interface RuleSource {
  /** The path or name the user knows it by; problems are reported against it. */
  readonly file: string;
  readonly text: string;
}

/** The file, beside the rule files, holding the row every rule case starts from. */
export const DEFAULT_ROW_FILE = 'default-row.json';

/** Files beside the rules that are not rule files. */
const NOT_RULE_FILES = new Set(['catalog.json', RULE_SET_FILE, DEFAULT_ROW_FILE]);

const baseName = (file: string) => file.split(/[\\/]/).pop()!;

/** Is this file one of the rule files (every `*.json` but rule-set.json, the catalog, the cases and their default row)? */
export function isRuleFile(file: string): boolean {
  const name = baseName(file);
  return name.endsWith('.json') && !name.endsWith('.cases.json') && !NOT_RULE_FILES.has(name);
}

/** Files the caller could not read, each as its problem; they count as present (an unreadable rule-set.json is not "missing"). */
export interface RuleSourceOptions {
  readonly unreadable?: readonly LocatedProblem[];
  /** Where a missing rule-set.json is reported (e.g. its path in the directory); default `rule-set.json`. */
  readonly manifestPath?: string;
}

/**
 * Builds a rule set from the texts of a rule directory's files: `rule-set.json` and the rule files (others,
 * such as cases and the catalog, are ignored). Every problem of every file is reported in one go, each at its
 * line and column, whatever else is broken: a missing or broken rule-set.json, a file that is not JSON or that
 * could not be read does not hide the problems of the other files. Any problem means no rule set.
 *
 * @example
 * const { ruleSet, problems } = ruleSetFromSources([{ file: 'rule-set.json', text }, { file: 'registration.json', text }]);
 * problems.map(formatProblem); // ['registration.json:9:45 (/rules/0/conditions/all/0/fact): Unknown fact "dealtype". …']
 */
export function ruleSetFromSources(sources: readonly RuleSource[], options: RuleSourceOptions = {}): { ruleSet?: RuleSet; problems: LocatedProblem[] } {
  const unreadable = options.unreadable ?? [];
  const ruleFiles = sources.filter((s) => isRuleFile(s.file)).sort((a, b) => (baseName(a.file) < baseName(b.file) ? -1 : 1));
  const manifestSource = sources.find((s) => baseName(s.file) === RULE_SET_FILE);
  const at = (file: string, message: string): LocatedProblem => ({ file, line: 1, column: 1, pointer: '', message });
  const problems: LocatedProblem[] = [...unreadable];
  if (ruleFiles.length === 0 && !unreadable.some((p) => isRuleFile(p.file))) problems.push(at(sources[0]?.file ?? 'rules', 'No rule files (*.json) among these files.'));
  if (!manifestSource && !unreadable.some((p) => baseName(p.file) === RULE_SET_FILE)) {
    const what = options.manifestPath === undefined ? 'a rule set' : 'a rule directory';
    problems.push(at(options.manifestPath ?? RULE_SET_FILE, `Missing: ${what} needs ${RULE_SET_FILE} giving the rule set's version, e.g. {"name": "Co-sell policy", "version": "2026.11.0"}.`));
  }
  const files = ruleFiles.map((s) => parseJsonText(s.file, s.text));
  const manifest = manifestSource ? parseJsonText(manifestSource.file, manifestSource.text) : undefined;
  const all = manifest ? [...files, manifest] : files;
  problems.push(...all.flatMap((f) => f.problems));
  const byName = new Map<string, JsonFile>(all.map((f) => [f.file, f]));
  const locate = (p: RuleProblem): LocatedProblem => ({ ...p, ...locatePointer(byName.get(p.file)!, p.pointer) });
  const document = (f: JsonFile): RuleFileDocument => ({ file: f.file, json: f.value });
  const parsed = files.filter((f) => f.problems.length === 0);

  if (problems.length === 0 && manifest) {
    const { ruleSet, problems: ruleProblems } = createRuleSet(parsed.map(document), document(manifest));
    return { ruleSet, problems: sortProblems(ruleProblems.map(locate)) };
  }
  // Something is already broken, so there is no rule set; still lint everything that parsed. Gates no rule
  // decides are left out: a file that did not parse may decide them.
  const placeholder: RuleFileDocument = { file: '\u0000no rule-set.json', json: { name: 'Rules', version: '0' } };
  const ruleProblems = createRuleSet(parsed.map(document), placeholder).problems.filter((p) => p.file !== placeholder.file);
  const manifestProblems = manifest && manifest.problems.length === 0 ? checkManifest(document(manifest)) : [];
  return { problems: sortProblems([...problems, ...[...ruleProblems, ...manifestProblems].map(locate)]) };
}
