import type { ErrorObject } from 'ajv';
import validateRuleFileSchema from './rule-file-validator.generated';
import { FACT_NAMES } from '../facts/fact-catalog';
import { type Gate } from '../lifecycle/actions';

/** A rule as written in a rule file (json-rules-engine's rule format, with our event convention). */
export interface RuleSpec {
  readonly name: string;
  readonly description?: string;
  readonly priority?: number;
  readonly conditions: Condition;
  readonly event: {
    /** The gate the rule closes when its conditions hold. */
    readonly type: Gate;
    readonly params: { readonly message: string; readonly columns: readonly string[] };
  };
}

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly fact: string; readonly operator: string; readonly value: unknown; readonly path?: string };

/** A rule file's name and its parsed JSON. */
export interface RuleFileDocument {
  readonly file: string;
  readonly json: unknown;
}

/** A problem in a rule file: the file, a JSON pointer into it, and what is wrong. */
export interface RuleProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

/** A rule together with the file it came from. */
export interface LoadedRule extends RuleSpec {
  readonly file: string;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks one rule file: its shape against `rules/schema/rule-file.schema.json`, then what the schema cannot
 * say (fact names, forbidden keys). Returns the rules only when there is no problem.
 *
 * @example
 * checkRuleFile({ file: 'x.json', json: { rules: [] } }); // { rules: [], problems: [] }
 */
export function checkRuleFile({ file, json }: RuleFileDocument): { rules: LoadedRule[]; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  forEachKey(json, '', (key, pointer) => {
    if (FORBIDDEN_KEYS.has(key)) problems.push({ file, pointer, message: `The key "${key}" is not allowed in a rule file.` });
  });
  if (problems.length > 0) return { rules: [], problems };

  if (!validateRuleFileSchema(json)) {
    return { rules: [], problems: schemaProblems(file, validateRuleFileSchema.errors ?? []) };
  }
  const rules = (json as { rules: RuleSpec[] }).rules;
  rules.forEach((rule, i) => checkFacts(rule.conditions, `/rules/${i}/conditions`, file, problems));
  return { rules: problems.length ? [] : rules.map((rule) => ({ ...rule, file })), problems };
}

function checkFacts(condition: Condition, pointer: string, file: string, problems: RuleProblem[]): void {
  if ('all' in condition) condition.all.forEach((c, i) => checkFacts(c, `${pointer}/all/${i}`, file, problems));
  else if ('any' in condition) condition.any.forEach((c, i) => checkFacts(c, `${pointer}/any/${i}`, file, problems));
  else if ('not' in condition) checkFacts(condition.not, `${pointer}/not`, file, problems);
  else {
    checkFactName(condition.fact, `${pointer}/fact`, file, problems);
    const value = condition.value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'fact' in value) {
      checkFactName(String((value as { fact: unknown }).fact), `${pointer}/value/fact`, file, problems);
    }
  }
}

function checkFactName(name: string, pointer: string, file: string, problems: RuleProblem[]): void {
  if (FACT_NAMES.has(name)) return;
  const suggestion = closest(name, [...FACT_NAMES]);
  problems.push({
    file,
    pointer,
    message: `Unknown fact "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} See the facts catalog in the README.`,
  });
}

/** The ajv errors that say something (not the `if`/`then` plumbing), in words a rule author understands. */
function schemaProblems(file: string, errors: readonly ErrorObject[]): RuleProblem[] {
  const seen = new Set<string>();
  const problems: RuleProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const problem = { file, pointer: error.instancePath, message: describeSchemaError(error) };
    const key = `${problem.pointer} ${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}

function describeSchemaError(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `Missing "${String(p.missingProperty)}".`;
    case 'additionalProperties':
      return `Unexpected key "${String(p.additionalProperty)}".`;
    case 'enum':
      return `Must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'not':
      return 'Conditions must start with "all", "any" or "not".';
    case 'pattern':
      return 'A rule name is kebab-case: lower-case letters, digits and hyphens, e.g. "deal-name-required".';
    case 'type':
      return `Must be ${String(p.type).replace(/,/g, ' or ')}.`;
    default:
      return `${error.message ?? 'is not valid'}.`.replace(/^must/, 'Must');
  }
}

/** Walks every object key of a JSON value, with the JSON pointer of the key's value. */
function forEachKey(value: unknown, pointer: string, visit: (key: string, pointer: string) => void): void {
  if (Array.isArray(value)) value.forEach((item, i) => forEachKey(item, `${pointer}/${i}`, visit));
  else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      visit(key, child);
      forEachKey((value as Record<string, unknown>)[key], child, visit);
    }
  }
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
