import type { ErrorObject } from 'ajv';
import { validateRuleFile } from './schema-validators.generated';
import { lintRule } from './rule-lint';
import { precompile } from './compiled-rules';
import { type Gate } from '../domain/actions';

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

/** Keys that could reach object prototypes, anywhere in a policy file (rules, rule-set.json, cases). */
export function forbiddenKeys({ file, json }: RuleFileDocument): RuleProblem[] {
  const problems: RuleProblem[] = [];
  forEachKey(json, (key, pointer) => {
    if (FORBIDDEN_KEYS.has(key)) problems.push({ file, pointer: pointer(), message: `The key "${key}" is not allowed in this file: it could change how every object behaves.` });
  });
  return problems;
}

/** Schema errors whose place a semantic check reports better (with a did-you-mean). */
const NAMED_ELSEWHERE = /\/(fact|operator)$/;

/**
 * Checks one rule file, reporting every problem at once: keys that could reach object prototypes, its shape
 * against `rules/schema/rule-file.schema.json`, then what the schema cannot say (see `lintRule`); a file without
 * those problems is compiled (`precompile`), and what the compiler refuses is a problem too. Returns the rules
 * only when there is no problem.
 *
 * @example
 * checkRuleFile({ file: 'x.json', json: { rules: [] } }); // { rules: [], problems: [] }
 */
export function checkRuleFile({ file, json }: RuleFileDocument): { rules: LoadedRule[]; problems: RuleProblem[] } {
  const problems = forbiddenKeys({ file, json });
  if (problems.length > 0) return { rules: [], problems };

  const schemaValid = validateRuleFile(json);
  const schemaErrors = schemaValid ? [] : (validateRuleFile.errors ?? []).filter((e) => !(e.keyword === 'enum' && NAMED_ELSEWHERE.test(e.instancePath)));
  problems.push(...schemaProblems(schemaErrors).map((p) => ({ file, ...p })));
  const rules = typeof json === 'object' && json !== null && Array.isArray((json as { rules?: unknown }).rules) ? (json as { rules: unknown[] }).rules : [];
  rules.forEach((rule, i) => problems.push(...lintRule(rule, `/rules/${i}`).map((p) => ({ file, ...p }))));
  // Rules are compiled as they load; what the compiler cannot evaluate exactly as json-rules-engine would is
  // refused here, at its place, never judged otherwise (the schema and the lint refuse nearly all of it first).
  if (problems.length === 0) {
    (rules as RuleSpec[]).forEach((rule, i) => problems.push(...precompile(rule.conditions).map((p) => ({ file, pointer: `/rules/${i}/conditions${p.pointer}`, message: p.message }))));
  }
  // Enum errors on fact and operator names are left to the lint (it knows the engine's facts even when the generated
  // validator is stale), so the problems decide, never a schema verdict no problem explains.
  return { rules: problems.length > 0 ? [] : (rules as RuleSpec[]).map((rule) => ({ ...rule, file })), problems };
}

/**
 * Schema errors in words a rule author understands: one per place (the first), without the `if`/`anyOf` plumbing.
 *
 * @example
 * schemaProblems(validateRuleSet.errors ?? []); // [{ pointer: '', message: 'Missing "version".' }]
 */
export function schemaProblems(errors: readonly ErrorObject[]): { pointer: string; message: string }[] {
  const byPointer = new Map<string, string>();
  for (const error of errors) {
    if (error.keyword === 'if' || /\/anyOf\/\d+\//.test(error.schemaPath)) continue;
    if (!byPointer.has(error.instancePath)) byPointer.set(error.instancePath, describeSchemaError(error));
  }
  return [...byPointer].map(([pointer, message]) => ({ pointer, message }));
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
    case 'anyOf':
      return 'Must be a text, a number, true, false, null, a list of those, or {"fact": "name"} to compare with another fact.';
    case 'pattern':
      return /name$/.test(error.instancePath) || /ruleName/.test(error.schemaPath)
        ? 'A rule name is kebab-case: lower-case letters, digits and hyphens, e.g. "deal-name-required".'
        : `Must match ${String(p.pattern)}.`;
    case 'type':
      return `Must be ${String(p.type).replace(/,/g, ' or ')}.`;
    case 'minItems':
      return `Must list at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}.`;
    case 'minLength':
      return 'Must not be empty.';
    case 'minProperties':
      return 'Must not be empty: give at least one of its keys.';
    default:
      return `${error.message ?? 'is not valid'}.`.replace(/^must/, 'Must');
  }
}

/**
 * Walks every object key of a JSON value, with the JSON pointer of the key's value. The pointer is written only
 * when `visit` asks for it (a policy file has thousands of keys and hardly ever a problem).
 *
 * @example
 * forEachKey({ a: [{ b: 1 }] }, (key, pointer) => console.log(key, pointer())); // a /a, then b /a/0/b
 */
export function forEachKey(value: unknown, visit: (key: string, pointer: () => string) => void): void {
  const path: (string | number)[] = [];
  const pointer = () => path.map((step) => `/${String(step).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        walk(node[i]);
        path.pop();
      }
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node)) {
        path.push(key);
        visit(key, pointer);
        walk((node as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(value);
}
