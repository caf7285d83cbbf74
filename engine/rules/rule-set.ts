import { type LoadedRule, type RuleFileDocument, type RuleProblem, checkRuleFile } from './rule-file';

/** The policy: every rule of every rule file, checked. */
export interface RuleSet {
  readonly rules: readonly LoadedRule[];
  readonly files: readonly string[];
}

/**
 * Builds a rule set from parsed rule files. Problems (per file, at a JSON pointer) mean no rule set:
 * a half-loaded policy would silently let deals through.
 *
 * @example
 * const { ruleSet, problems } = createRuleSet([{ file: 'validation.json', json: { rules: [...] } }]);
 */
export function createRuleSet(documents: readonly RuleFileDocument[]): { ruleSet?: RuleSet; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const rules: LoadedRule[] = [];
  const firstFile = new Map<string, string>();
  for (const document of documents) {
    const checked = checkRuleFile(document);
    problems.push(...checked.problems);
    checked.rules.forEach((rule, i) => {
      const other = firstFile.get(rule.name);
      if (other !== undefined) {
        problems.push({ file: document.file, pointer: `/rules/${i}/name`, message: `The rule name "${rule.name}" is also used in ${other}.` });
      }
      firstFile.set(rule.name, document.file);
      rules.push(rule);
    });
  }
  if (problems.length > 0) return { problems };
  return { ruleSet: { rules, files: documents.map((d) => d.file) }, problems };
}
