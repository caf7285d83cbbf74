import { CUSTOM_OPERATOR_FUNCTIONS, DEFAULT_OPERATORS, type OperatorFunction, isEmptyValue } from './operator-functions';
import { resolvePath } from './operators';

/**
 * Rule conditions compiled, once, into plain nested closures: what every check, apply, impact and pane verdict
 * runs, synchronously. No `eval` or `new Function` (the task pane's content security policy forbids both).
 *
 * The semantics are json-rules-engine 7.3.1's, exactly (`VERIFIED_JSON_RULES_ENGINE`; the reference is
 * `node_modules/json-rules-engine/dist`: condition.js, rule.js, almanac.js, engine-default-operators.js), as
 * configured by the product (`allowUndefinedFacts`, the `resolvePath` path resolver, the custom operators):
 *
 * - `all`/`any` group their conditions by priority (a condition's own, else 1) and judge the groups from the
 *   highest down, stopping once the outcome is known; within one group every condition is judged (so a fact that
 *   is missing there is an error even when another condition already decided). An empty `all` or `any` holds.
 * - A missing fact (a key the facts object does not have) is an error unless `allowUndefinedFacts`; a key that is
 *   present with the value `undefined` is a fact whose value is `undefined`.
 * - `path` picks a property of an object fact (the fact is used as it is when it is not an object); `params` are
 *   accepted and, as for every constant fact in json-rules-engine, change nothing.
 * - `"value": {"fact": "x"}` compares with the fact x (with its own `path`).
 * - Operators are the same expressions as json-rules-engine's, with their fact-value validators
 *   (`DEFAULT_OPERATORS`), and the co-sell ones (`CUSTOM_OPERATOR_FUNCTIONS`). An operator that throws there
 *   (`in` whose compared fact is null) throws here.
 *
 * Fact values are data (json-rules-engine would call a function-valued fact), in a plain object or one without a
 * prototype (an object inheriting facts from its own prototype is not supported).
 * What the compiler does not support is refused with the JSON pointer of the construct (`CompileProblem`), never
 * evaluated differently: shared `"condition"` references, unknown or decorated operators (`not:equal`), keys
 * json-rules-engine ignores or reads differently, priorities that are not positive integers, and `in`/`notIn`
 * against a value that is not a list or a text.
 *
 * @example
 * const { holds } = compileConditions({ all: [{ fact: 'dealType', operator: 'equal', value: 'Co-sell' }] });
 * holds!({ dealType: 'Co-sell' }); // true
 * compileConditions({ all: [{ condition: 'shared' }] }).problems[0].pointer; // '/all/0/condition'
 */

/** The json-rules-engine version these semantics were verified against: the conformance test fails on any other. */
export const VERIFIED_JSON_RULES_ENGINE = '7.3.1';

/** A rule's conditions, compiled: do they hold for these facts? Throws where json-rules-engine's run rejects. */
export type CompiledConditions = (facts: Readonly<Record<string, unknown>>) => boolean;

/**
 * A rule's conditions compiled against fact values in slots: an array with each fact at its slot (`compileSlotted`'s
 * `slotOf`), where a fact the row lacks is undefined, as `allowUndefinedFacts` reads it. Reading `values[3]` is
 * what a hand-written rule's `facts.dealType` costs; reading `facts[name]` with a different name at every
 * condition is several times that (the engine cannot specialize the one read for all names).
 */
export type SlottedConditions = (values: readonly unknown[]) => boolean;

/** Where a compiled condition reads its facts: a facts object (lenient or strict), or slots of an array of values. */
type FactSource = { readonly kind: 'object'; readonly lenient: boolean } | { readonly kind: 'slots'; readonly slotOf: (fact: string) => number | undefined };

/** What a compiled condition is given: a facts object or an array of values, as its `FactSource` says. */
type Input = Readonly<Record<string, unknown>> | readonly unknown[];
type Facts = Readonly<Record<string, unknown>>;
type Values = readonly unknown[];
type Test = (input: Input) => boolean;

/** Something the compiler does not support, at a JSON pointer relative to what was compiled. */
export interface CompileProblem {
  readonly pointer: string;
  readonly message: string;
}

export interface CompileOptions {
  /**
   * As json-rules-engine's engine option: a fact the facts object lacks reads as `undefined` (true) or is an
   * error (false, the default, as there). The rule evaluator gives every rule all the facts it reads, so it uses
   * true; `explain` and the conformance test use both.
   */
  readonly allowUndefinedFacts?: boolean;
}

/** A fact json-rules-engine would not find: its run rejects with "Undefined fact: name". */
export class UndefinedFactError extends Error {
  readonly code = 'UNDEFINED_FACT';
  constructor(readonly fact: string) {
    super(`Undefined fact: ${fact}`);
    this.name = 'UndefinedFactError';
  }
}

const OPERATOR_FUNCTIONS: ReadonlyMap<string, OperatorFunction> = new Map(Object.entries({ ...DEFAULT_OPERATORS, ...CUSTOM_OPERATOR_FUNCTIONS }));

const BOOLEAN_KEYS = new Set(['all', 'any', 'not', 'name', 'priority']);
const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'path', 'params', 'priority', 'name']);
const COMPARED_FACT_KEYS = new Set(['fact', 'path', 'params']);
/**
 * Operators that convert the fact to a primitive (parseFloat, `<`, a text's indexOf), which throws for a value
 * such as an object without a prototype: a group holding one is judged in full, as json-rules-engine does.
 */
const COERCING = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/** A compiled condition, with what its parent needs to judge it as json-rules-engine does. */
interface Node {
  readonly test: Test;
  /** Its group within its parent's `all`/`any` (json-rules-engine: the condition's priority, else 1). */
  readonly priority: number;
  /** Can judging it throw? Then its group is judged in full, as json-rules-engine judges a group in parallel. */
  readonly mayThrow: boolean;
}

/**
 * Compiles a rule's `conditions` (its root must be `all`, `any` or `not`). Returns the compiled test, or the
 * problems (pointers relative to the conditions) and no test.
 *
 * @example
 * compileConditions({ any: [] }).holds!({}); // true: an empty any holds in json-rules-engine
 * compileConditions({ fact: 'a', operator: 'equal', value: 1 }).problems; // [{ pointer: '', message: 'A rule\'s conditions start with "all", "any" or "not".' }]
 */
export function compileConditions(conditions: unknown, options: CompileOptions = {}): { holds?: CompiledConditions; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  if (!isObject(conditions) || !['all', 'any', 'not'].some((k) => hasOwn(conditions, k))) {
    return { problems: [{ pointer: '', message: 'A rule\'s conditions start with "all", "any" or "not".' }] };
  }
  const node = compileNode(conditions, '', problems, { kind: 'object', lenient: options.allowUndefinedFacts === true });
  return problems.length > 0 ? { problems } : { holds: node.test, problems };
}

/**
 * Compiles a rule's conditions to read each fact from its slot in an array of values (`slotOf` gives the slot; a
 * fact without one reads as undefined), with `allowUndefinedFacts`' semantics: the rule evaluator's fast path,
 * given the values `dealFactValues` lays out. Refuses what `compileConditions` refuses, at the same pointers.
 *
 * @example
 * const { holds } = compileSlotted({ all: [{ fact: 'dealType', operator: 'equal', value: 'Co-sell' }] }, (fact) => (fact === 'dealType' ? 0 : undefined));
 * holds!(['Co-sell']); // true
 */
export function compileSlotted(conditions: unknown, slotOf: (fact: string) => number | undefined): { holds?: SlottedConditions; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  if (!isObject(conditions) || !['all', 'any', 'not'].some((k) => hasOwn(conditions, k))) {
    return { problems: [{ pointer: '', message: 'A rule\'s conditions start with "all", "any" or "not".' }] };
  }
  const node = compileNode(conditions, '', problems, { kind: 'slots', slotOf });
  return problems.length > 0 ? { problems } : { holds: node.test, problems };
}

const cache = { strict: new WeakMap<object, CompiledConditions>(), lenient: new WeakMap<object, CompiledConditions>() };

/**
 * Compiles a rule's conditions as a rule file loads (in the rule evaluator's mode, `allowUndefinedFacts`) and
 * keeps the result for `compiledConditions`; returns what the compiler refuses, so the loader reports it at its
 * place in the file and the rule set does not load.
 *
 * @example
 * precompile({ all: [{ fact: 'dealType', operator: 'not:equal', value: 'Private' }] });
 * // [{ pointer: '/all/0/operator', message: 'Unknown operator "not:equal": …' }]
 */
export function precompile(conditions: unknown): CompileProblem[] {
  const { holds, problems } = compileConditions(conditions, { allowUndefinedFacts: true });
  if (holds && isObject(conditions)) cache.lenient.set(conditions, holds);
  return problems;
}

/**
 * The compiled form of a loaded rule's conditions, compiled on first use and kept for as long as the conditions
 * object lives (rule files are compiled as they load, see `checkRuleFile`, so this finds them ready). Throws, with
 * the rule and the pointer, for a rule the compiler refuses: a rule set that did not come through the loader.
 *
 * @example
 * const holds = compiledConditions(rule, { allowUndefinedFacts: true });
 * holds(facts); // true when the rule fires
 */
export function compiledConditions(rule: { readonly name: string; readonly file?: string; readonly conditions: unknown }, options: CompileOptions = {}): CompiledConditions {
  const store = options.allowUndefinedFacts === true ? cache.lenient : cache.strict;
  const key = rule.conditions;
  const cached = isObject(key) ? store.get(key) : undefined;
  if (cached) return cached;
  const { holds, problems } = compileConditions(key, options);
  if (!holds) throw refusedRule(rule, problems[0]);
  if (isObject(key)) store.set(key, holds);
  return holds;
}

/** The error for a rule set that did not come through the loader and holds a rule the compiler refuses. */
export function refusedRule(rule: { readonly name: string; readonly file?: string }, { pointer, message }: CompileProblem): Error {
  return new Error(`${rule.file ?? 'rules'}: rule "${rule.name}" (/conditions${pointer}): ${message}`);
}

function compileNode(condition: Record<string, unknown>, pointer: string, problems: CompileProblem[], source: FactSource): Node {
  if (hasOwn(condition, 'condition')) {
    problems.push({ pointer: `${pointer}/condition`, message: 'Shared conditions ("condition": "name") are not supported: write the conditions into the rule.' });
    return FAILED;
  }
  const kind = (['any', 'all', 'not'] as const).filter((k) => hasOwn(condition, k));
  const leaf = kind.length === 0;
  for (const key of Object.keys(condition)) {
    if (!(leaf ? LEAF_KEYS : BOOLEAN_KEYS).has(key)) problems.push({ pointer: `${pointer}/${escape(key)}`, message: `Unexpected key "${key}" in a condition.` });
  }
  if (kind.length > 1) {
    problems.push({ pointer, message: `A condition has one of "all", "any" or "not", not ${kind.map((k) => `"${k}"`).join(' and ')}.` });
    return FAILED;
  }
  const priority = priorityOf(condition, pointer, problems);
  if (leaf) return compileLeaf(condition, pointer, priority, problems, source);
  const key = kind[0];
  if (key === 'not') {
    if (!isObject(condition.not)) {
      problems.push({ pointer: `${pointer}/not`, message: '"not" takes one condition (an object), not a list.' });
      return FAILED;
    }
    const inner = compileNode(condition.not, `${pointer}/not`, problems, source);
    const test = inner.test;
    return { test: (facts) => !test(facts), priority, mayThrow: inner.mayThrow };
  }
  const list = condition[key];
  if (!Array.isArray(list)) {
    problems.push({ pointer: `${pointer}/${key}`, message: `"${key}" takes a list of conditions.` });
    return FAILED;
  }
  const items = list.map((item, i) => {
    if (isObject(item)) return compileNode(item, `${pointer}/${key}/${i}`, problems, source);
    problems.push({ pointer: `${pointer}/${key}/${i}`, message: 'A condition is an object.' });
    return FAILED;
  });
  return { test: combine(items, key === 'all'), priority, mayThrow: items.some((i) => i.mayThrow) };
}

/** A placeholder for a condition that did not compile: there is no test when there are problems. */
const FAILED: Node = { test: () => false, priority: 1, mayThrow: false };

/**
 * `all` (every) or `any` (some) over compiled conditions, as json-rules-engine's `prioritizeAndRun`: empty holds;
 * one condition is itself; otherwise groups by priority, highest first, stopping between groups once decided.
 */
function combine(items: readonly Node[], every: boolean): Test {
  if (items.length === 0) return () => true;
  if (items.length === 1) return items[0].test;
  const byPriority = new Map<number, Node[]>();
  for (const item of items) byPriority.set(item.priority, [...(byPriority.get(item.priority) ?? []), item]);
  const groups = [...byPriority].sort(([a], [b]) => b - a).map(([, group]) => group);
  const judges = groups.map((group) => judgeGroup(group, every));
  if (judges.length === 1) return judges[0];
  return (facts) => {
    for (const judge of judges) if (judge(facts) !== every) return !every;
    return every;
  };
}

/** One priority group: every condition judged when one of them may throw (json-rules-engine's Promise.all), else short-circuited. */
function judgeGroup(group: readonly Node[], every: boolean): Test {
  const tests = group.map((n) => n.test);
  if (group.some((n) => n.mayThrow)) {
    return (facts) => {
      let decided = false;
      for (const test of tests) if (test(facts) !== every) decided = true;
      return decided ? !every : every;
    };
  }
  if (tests.length === 2) {
    const [a, b] = tests;
    return every ? (facts) => a(facts) && b(facts) : (facts) => a(facts) || b(facts);
  }
  if (tests.length === 3) {
    const [a, b, c] = tests;
    return every ? (facts) => a(facts) && b(facts) && c(facts) : (facts) => a(facts) || b(facts) || c(facts);
  }
  // Loops, not every/some with a callback: no function is made on each call.
  if (every) {
    return (facts) => {
      for (let i = 0; i < tests.length; i++) if (!tests[i](facts)) return false;
      return true;
    };
  }
  return (facts) => {
    for (let i = 0; i < tests.length; i++) if (tests[i](facts)) return true;
    return false;
  };
}

function compileLeaf(leaf: Record<string, unknown>, pointer: string, priority: number, problems: CompileProblem[], source: FactSource): Node {
  const lenient = source.kind === 'slots' || source.lenient;
  const missing = ['fact', 'operator', 'value'].filter((key) => !hasOwn(leaf, key));
  if (missing.length > 0) {
    problems.push({ pointer, message: `A condition needs ${missing.map((k) => `"${k}"`).join(', ')} (or "all", "any" or "not").` });
    return FAILED;
  }
  const read = factReader(leaf.fact, leaf.path, pointer, problems, source);
  const operator = typeof leaf.operator === 'string' ? OPERATOR_FUNCTIONS.get(leaf.operator) : undefined;
  if (!operator) {
    const names = [...OPERATOR_FUNCTIONS.keys()].join(', ');
    problems.push({ pointer: `${pointer}/operator`, message: `Unknown operator ${JSON.stringify(leaf.operator)}: the compiled rules know ${names}.` });
    return FAILED;
  }
  const value = leaf.value;
  const compared = isComparedFact(value);
  if (compared) {
    for (const key of Object.keys(value)) {
      if (!COMPARED_FACT_KEYS.has(key)) problems.push({ pointer: `${pointer}/value/${escape(key)}`, message: `Unexpected key "${key}" in a compared fact: give "fact" (and "path").` });
    }
    const other = factReader(value.fact, value.path, `${pointer}/value`, problems, source);
    if (!read || !other) return FAILED;
    // indexOf on a compared fact that is not a list or a text throws.
    const mayThrow = !lenient || COERCING.has(leaf.operator as string) || leaf.operator === 'in' || leaf.operator === 'notIn';
    return { test: (facts) => operator(read(facts), other(facts)), priority, mayThrow };
  }
  if (isObject(value)) {
    problems.push({ pointer: `${pointer}/value`, message: 'A value is a text, a number, true, false, null, a list, or {"fact": "name"} to compare with another fact.' });
    return FAILED;
  }
  if ((leaf.operator === 'in' || leaf.operator === 'notIn') && !Array.isArray(value) && typeof value !== 'string') {
    problems.push({ pointer: `${pointer}/value`, message: `${leaf.operator} needs a list of values (json-rules-engine would fail on ${JSON.stringify(value)}).` });
    return FAILED;
  }
  if (!read) return FAILED;
  const mayThrow = !lenient || COERCING.has(leaf.operator as string) || ((leaf.operator === 'in' || leaf.operator === 'notIn') && typeof value === 'string');
  return { test: direct(leaf, value, source) ?? ((facts) => operator(read(facts), value)), priority, mayThrow };
}

/**
 * The most used leaves (`equal`, `notEqual`, `isEmpty`, `contains` on a fact read as it is) as one function each,
 * with the fact read and the operator's expression written in it: the same expressions as `DEFAULT_OPERATORS` and
 * `CUSTOM_OPERATOR_FUNCTIONS` on the lenient reader's value, one call fewer on every row. Undefined for others.
 */
function direct(leaf: Record<string, unknown>, value: unknown, source: FactSource): Test | undefined {
  const fact = leaf.fact;
  if (typeof fact !== 'string' || leaf.path !== undefined) return undefined;
  if (source.kind === 'object' && (!source.lenient || fact in Object.prototype)) return undefined;
  const slot = source.kind === 'slots' ? source.slotOf(fact) : undefined;
  if (source.kind === 'slots' && slot === undefined) return undefined;
  // Written out for each source and operator, so that each test reads its fact itself (no call to a reader).
  switch (leaf.operator) {
    case 'equal':
      return slot === undefined ? (input) => (input as Facts)[fact] === value : (input) => (input as Values)[slot] === value;
    case 'notEqual':
      return slot === undefined ? (input) => (input as Facts)[fact] !== value : (input) => (input as Values)[slot] !== value;
    case 'isEmpty':
      return slot === undefined ? (input) => isEmptyValue((input as Facts)[fact]) === value : (input) => isEmptyValue((input as Values)[slot]) === value;
    case 'contains':
      return slot === undefined ? (input) => containsValue((input as Facts)[fact], value) : (input) => containsValue((input as Values)[slot], value);
    default:
      return undefined;
  }
}

/** `DEFAULT_OPERATORS.contains`, for `direct`. */
function containsValue(list: unknown, value: unknown): boolean {
  return Array.isArray(list) && list.indexOf(value) > -1;
}

/** Reads a fact (and its `path`) from a facts object, as json-rules-engine's almanac does, or from its slot. */
function factReader(fact: unknown, path: unknown, pointer: string, problems: CompileProblem[], source: FactSource): ((input: Input) => unknown) | undefined {
  if (typeof fact !== 'string' || fact === '') {
    problems.push({ pointer: `${pointer}/fact`, message: 'A fact is named by a non-empty text.' });
    return undefined;
  }
  if (path !== undefined && typeof path !== 'string') {
    problems.push({ pointer: `${pointer}/path`, message: '"path" is a text, e.g. "$.name".' });
    return undefined;
  }
  const read = source.kind === 'slots' ? slotReader(source.slotOf(fact)) : objectReader(fact, source.lenient);
  if (!path) return read;
  return (facts) => {
    const value = read(facts);
    return value !== null && typeof value === 'object' ? resolvePath(value, path) : value;
  };
}

/** A fact from its slot: undefined without one (a fact the row does not have). */
function slotReader(slot: number | undefined): (input: Input) => unknown {
  return slot === undefined ? () => undefined : (values) => (values as Values)[slot];
}

/** A fact from a facts object: undefined when it lacks it (lenient), or json-rules-engine's error (strict). */
function objectReader(fact: string, lenient: boolean): (input: Input) => unknown {
  // Facts are plain objects (or have no prototype): a name Object.prototype does not have reads as the own value or
  // undefined without the own-property test, which was a measurable part of every row.
  if (lenient) return fact in Object.prototype ? (facts) => (hasOwn(facts, fact) ? (facts as Facts)[fact] : undefined) : (facts) => (facts as Facts)[fact];
  return (facts) => {
    if (!hasOwn(facts, fact)) throw new UndefinedFactError(fact);
    return (facts as Facts)[fact];
  };
}

/** json-rules-engine groups a condition by its `priority` when set (a positive integer here), else by 1. */
function priorityOf(condition: Record<string, unknown>, pointer: string, problems: CompileProblem[]): number {
  if (!hasOwn(condition, 'priority')) return 1;
  const priority = condition.priority;
  if (typeof priority === 'number' && Number.isInteger(priority) && priority >= 1) return priority;
  problems.push({ pointer: `${pointer}/priority`, message: 'A priority is a whole number, 1 or more.' });
  return 1;
}

/** json-rules-engine's test for a compared fact: an object with its own "fact" key. */
function isComparedFact(value: unknown): value is Record<string, unknown> & { fact: unknown; path?: unknown } {
  return value !== null && typeof value === 'object' && hasOwn(value, 'fact');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
