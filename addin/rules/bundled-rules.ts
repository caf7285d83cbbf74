/**
 * The policy the pane ships with: the same `rules/*.json` and solution catalog the CLI loads, bundled at build
 * time. Nothing of the policy is re-implemented here.
 */
import { type RuleSet, type SolutionCatalog, createCatalog, createRuleSet, describeRuleSet, ruleSetHash } from '../../engine/index';
import fieldValidation from '../../rules/field-validation.json';
import inviteCombinations from '../../rules/invite-combinations.json';
import lifecycleGates from '../../rules/lifecycle-gates.json';
import registration from '../../rules/registration.json';
import solutionAssessment from '../../rules/solution-assessment.json';
import ruleSetJson from '../../rules/rule-set.json';
import catalogJson from '../../rules/catalog.json';

/** The rule files, in the order the CLI loads them (file names sorted). */
export const BUNDLED_RULE_FILES = [
  { file: 'rules/field-validation.json', json: fieldValidation },
  { file: 'rules/invite-combinations.json', json: inviteCombinations },
  { file: 'rules/lifecycle-gates.json', json: lifecycleGates },
  { file: 'rules/registration.json', json: registration },
  { file: 'rules/solution-assessment.json', json: solutionAssessment },
] as const;

export interface BundledPolicy {
  readonly ruleSet: RuleSet;
  readonly catalog: SolutionCatalog;
  /** What the Deal log records: the rule set's name, version and content hash. */
  readonly version: string;
}

let policy: BundledPolicy | undefined;

/** Loads (once) and checks the bundled rules; a broken bundle is a build error, so this throws. */
export function bundledPolicy(): BundledPolicy {
  if (policy) return policy;
  const { ruleSet, problems } = createRuleSet(
    BUNDLED_RULE_FILES.map((f) => ({ file: f.file, json: f.json as unknown })),
    { file: 'rules/rule-set.json', json: ruleSetJson },
  );
  const { catalog, problems: catalogProblems } = createCatalog(catalogJson);
  if (!ruleSet || !catalog) {
    const first = problems[0] ?? catalogProblems[0];
    throw new Error(`The bundled rules do not load: ${JSON.stringify(first)}`);
  }
  policy = { ruleSet, catalog, version: bundledRulesVersion() };
  return policy;
}

/**
 * How the bundled rule set is named in the Deal log (`Co-sell policy 2026.11.0 #…`), without loading the rules:
 * the pane's UI thread needs only this (the worker loads them). The same hash the worker and the CLI compute.
 */
export function bundledRulesVersion(): string {
  const hash = ruleSetHash(BUNDLED_RULE_FILES.map((f) => ({ file: f.file, json: f.json as unknown })));
  return describeRuleSet({ name: ruleSetJson.name, version: ruleSetJson.version, hash });
}
