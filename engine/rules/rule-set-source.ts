import { type JsonFile, type LocatedProblem, locatePointer, parseJsonText, sortProblems } from './json-source';
import { RULE_SET_FILE, type RuleSet, createRuleSet } from './rule-set';

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

/**
 * Builds a rule set from the texts of a rule directory's files: `rule-set.json` and the rule files (others,
 * such as cases and the catalog, are ignored). Every problem is located at its line and column.
 *
 * @example
 * const { ruleSet, problems } = ruleSetFromSources([{ file: 'rule-set.json', text }, { file: 'registration.json', text }]);
 * problems.map(formatProblem); // ['registration.json:9:45 (/rules/0/conditions/all/0/fact): Unknown fact "dealtype". …']
 */
export function ruleSetFromSources(sources: readonly RuleSource[]): { ruleSet?: RuleSet; problems: LocatedProblem[] } {
  const ruleFiles = sources.filter((s) => isRuleFile(s.file)).sort((a, b) => (baseName(a.file) < baseName(b.file) ? -1 : 1));
  const manifestSource = sources.find((s) => baseName(s.file) === RULE_SET_FILE);
  const at = (file: string, message: string): LocatedProblem => ({ file, line: 1, column: 1, pointer: '', message });
  if (ruleFiles.length === 0) return { problems: [at(sources[0]?.file ?? 'rules', 'No rule files (*.json) among these files.')] };
  if (!manifestSource) {
    return { problems: [at(RULE_SET_FILE, `Missing: a rule set needs ${RULE_SET_FILE} giving its version, e.g. {"name": "Co-sell policy", "version": "2026.11.0"}.`)] };
  }
  const files = ruleFiles.map((s) => parseJsonText(s.file, s.text));
  const manifest = parseJsonText(manifestSource.file, manifestSource.text);
  const unreadable = [...files, manifest].flatMap((f) => f.problems);
  if (unreadable.length > 0) return { problems: sortProblems(unreadable) };

  const byName = new Map<string, JsonFile>([...files, manifest].map((f) => [f.file, f]));
  const document = (f: JsonFile) => ({ file: f.file, json: f.value });
  const { ruleSet, problems } = createRuleSet(files.map(document), document(manifest));
  return { ruleSet, problems: sortProblems(problems.map((p) => ({ ...p, ...locatePointer(byName.get(p.file)!, p.pointer) }))) };
}
