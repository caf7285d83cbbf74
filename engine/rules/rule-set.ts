import { cyrb53 } from '../domain/cyrb53';
import { type LoadedRule, type RuleFileDocument, type RuleProblem, checkRuleFile, forbiddenKeys, schemaProblems } from './rule-file';
import { validateRuleSet } from './schema-validators.generated';
import { ACTIONS, type ActionGate, GATES } from '../domain/actions';

/** The policy: every rule of every rule file, checked, with the version it was published as. */
export interface RuleSet {
  readonly rules: readonly LoadedRule[];
  readonly files: readonly string[];
  /** Each rule file's own "description", by file. */
  readonly descriptions: Readonly<Record<string, string>>;
  /** From `rule-set.json`. */
  readonly name: string;
  readonly version: string;
  /** A fingerprint of the rule files' content (not their layout): changes with any edit to a rule. */
  readonly hash: string;
  /** Action gates no rule decides on purpose (`rule-set.json`'s `openGates`): the lifecycle's own checks decide them. */
  readonly openGates: readonly ActionGate[];
}

/** The file that names and versions a rule directory. */
export const RULE_SET_FILE = 'rule-set.json';

/**
 * Builds a rule set from parsed rule files and the rule set's `rule-set.json`. Problems (per file, at a JSON
 * pointer) mean no rule set: a half-loaded policy would silently let deals through.
 *
 * @example
 * const { ruleSet, problems } = createRuleSet(
 *   [{ file: 'rules/registration.json', json: { rules: [...] } }],
 *   { file: 'rules/rule-set.json', json: { version: '2026.11' } },
 * );
 * ruleSet?.version; // '2026.11'
 */
export function createRuleSet(documents: readonly RuleFileDocument[], manifest: RuleFileDocument): { ruleSet?: RuleSet; problems: RuleProblem[] } {
  const problems: RuleProblem[] = checkManifest(manifest);
  const rules: LoadedRule[] = [];
  const firstFile = new Map<string, string>();
  for (const document of documents) {
    const checked = checkRuleFile(document);
    problems.push(...checked.problems);
    rules.push(...checked.rules);
    // Names are compared even in files with other problems, so one run reports everything.
    const raw = (document.json as { rules?: unknown } | null)?.rules;
    (Array.isArray(raw) ? raw : []).forEach((rule: { name?: unknown } | null, i) => {
      const name = rule?.name;
      if (typeof name !== 'string') return;
      const other = firstFile.get(name);
      if (other !== undefined) problems.push({ file: document.file, pointer: `/rules/${i}/name`, message: `The rule name "${name}" is also used in ${other}.` });
      else firstFile.set(name, document.file);
    });
  }
  // Only a set whose files all loaded can be judged complete.
  if (problems.length === 0) problems.push(...uncoveredGates(rules, manifest));
  if (problems.length > 0) return { problems };
  const { name, version, openGates = [] } = manifest.json as { name?: string; version: string; openGates?: ActionGate[] };
  const descriptions = Object.fromEntries(
    documents.flatMap((d) => {
      const description = (d.json as { description?: unknown }).description;
      return typeof description === 'string' && description !== '' ? [[d.file, description]] : [];
    }),
  );
  return { ruleSet: { rules, files: documents.map((d) => d.file), descriptions, name: name ?? 'Rules', version, hash: ruleSetHash(documents), openGates }, problems };
}

/** rule-set.json's own problems: prototype keys, then its schema. */
export function checkManifest({ file, json }: RuleFileDocument): RuleProblem[] {
  const forbidden = forbiddenKeys({ file, json });
  if (forbidden.length > 0 || validateRuleSet(json)) return forbidden;
  return schemaProblems(validateRuleSet.errors ?? []).map((p) => ({ file, ...p }));
}

/**
 * Gates the machine asks about that no rule decides: each would be open for every deal, unnoticed. A gate the
 * rule set lists in `openGates` is open on purpose (the lifecycle's own checks alone decide its action).
 */
function uncoveredGates(rules: readonly LoadedRule[], { file, json }: RuleFileDocument): RuleProblem[] {
  const decided = new Set<string>(rules.map((r) => r.event.type));
  const open = new Set<string>((json as { openGates?: string[] }).openGates ?? []);
  return GATES.filter((gate) => !decided.has(gate) && !open.has(gate)).map((gate) => {
    const actions = ACTIONS.filter((a) => a.gate === gate).map((a) => a.name);
    const what = gate === 'validation' ? 'validates rows' : `decides ${actions.join(', ')}`;
    const remedy = gate === 'validation' ? '' : `, or list "${gate}" in "openGates" if the lifecycle's own checks are all it needs`;
    return { file, pointer: '', message: `No rule ${what}: the machine asks the "${gate}" gate, so every deal would pass it. Add a rule with "event": {"type": "${gate}"}${remedy}.` };
  });
}

/**
 * A fingerprint of the rules' content: the same rules give the same hash whatever their directory, indentation
 * or key order; any change to a rule changes it. 14 hex digits (cyrb53: not a security hash).
 *
 * @example
 * ruleSetHash([{ file: 'rules/a.json', json: { rules: [] } }]); // e.g. '0f3c2a9b1d7e44'
 */
export function ruleSetHash(documents: readonly RuleFileDocument[]): string {
  const canonical = documents
    .map((d) => [d.file.split(/[\\/]/).pop()!, canonicalJson(d.json)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, json]) => `${name}\n${json}`)
    .join('\n');
  return cyrb53(canonical).padStart(14, '0');
}

/** JSON with object keys sorted, so key order does not change the hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * How a rule set is named wherever a check is recorded (the CLI's summary, the Deal log).
 *
 * @example
 * describeRuleSet(ruleSet); // 'Co-sell policy 2026.11 #0f3c2a9b1d7e44'
 */
export function describeRuleSet(ruleSet: Pick<RuleSet, 'name' | 'version' | 'hash'>): string {
  return `${ruleSet.name} ${ruleSet.version} #${ruleSet.hash}`;
}
