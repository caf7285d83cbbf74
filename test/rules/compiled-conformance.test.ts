import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { COLUMNS, FACTS, type Facts, GATES, type Gate, RuleEvaluator, type Verdict, formatProblem, interpolate } from '../../engine/index';
import { loadRuleDir } from '../../engine/node';
import * as compiledRules from '../../engine/rules/compiled-rules';
import { type CompiledConditions, VERIFIED_JSON_RULES_ENGINE, compileConditions, compileSlotted } from '../../engine/rules/compiled-rules';
import { CUSTOM_OPERATOR_FUNCTIONS, DEFAULT_OPERATORS } from '../../engine/rules/operator-functions';
import { OPERATORS, resolvePath } from '../../engine/rules/operators';
import { referenceOperators } from '../../engine/rules/reference-engine';
import { factsReadBy } from '../../engine/rules/rule-evaluator';
import { type LoadedRule } from '../../engine/rules/rule-file';
import { ROOT, RULES_DIR, shippedRuleSet } from '../helpers/deal-rows';
import { fuzzedFacts, fuzzedRows, rowFacts, shippedCaseRows } from '../helpers/fuzzed-deals';
import { copyRules, tempDir } from '../helpers/temp-dir';

/**
 * The compiled rules (engine/rules/compiled-rules.ts) against json-rules-engine, the reference: both judge the same
 * generated conditions and facts, and any difference fails (which rules fire, or that the run fails at all).
 *
 * - every operator, on generated pairs of values (numeric strings, text `in`, non-list facts for contains, …);
 * - generated rules: all/any/not nested four deep, empty all/any, condition and rule priorities, compared facts,
 *   paths, params, facts missing or undefined, with and without allowUndefinedFacts;
 * - every shipped rule on fuzzed deal rows (through the parser and the fact builder) and fuzzed facts objects,
 *   where each rule fires on some and not on others, both as `explain` runs json-rules-engine and as the rule
 *   evaluator used to (verdicts deep-equal, findings in rule-set order);
 * - every shipped rule case, on every gate.
 */

/** More runs for a deeper search: `CONFORMANCE_SCALE=20 npx jest test/rules/compiled-conformance`. */
const SCALE = Number(process.env.CONFORMANCE_SCALE ?? 1);
const runs = (n: number) => Math.round(n * SCALE);

type Rule = { readonly name: string; readonly priority?: number; readonly conditions: unknown };
type Outcome = { readonly fired: readonly string[] } | { readonly threw: true };

function referenceEngine(rules: readonly Rule[], allowUndefinedFacts: boolean): Engine {
  const engine = new Engine([], { allowUndefinedFacts, pathResolver: resolvePath });
  for (const operator of referenceOperators()) engine.addOperator(operator);
  for (const rule of rules) engine.addRule({ name: rule.name, priority: rule.priority, conditions: rule.conditions as never, event: { type: 'x' } });
  return engine;
}

/**
 * json-rules-engine's fired rules, in the order the rules were given (its own order is completion order). A fresh
 * Engine for each run: after a run rejects, json-rules-engine goes on judging that run's lower-priority rules,
 * and when they finish it marks the engine finished, which makes the next run on it skip rules.
 */
async function reference(rules: readonly Rule[], facts: Facts, allowUndefinedFacts: boolean): Promise<Outcome> {
  try {
    const { results } = await referenceEngine(rules, allowUndefinedFacts).run({ ...facts });
    const fired = new Set(results.map((r) => r.name));
    return { fired: rules.map((r) => r.name).filter((n) => fired.has(n)) };
  } catch {
    return { threw: true };
  }
}

function compiled(tests: readonly { name: string; holds: CompiledConditions }[], facts: Facts): Outcome {
  try {
    return { fired: tests.filter((t) => t.holds(facts)).map((t) => t.name) };
  } catch {
    return { threw: true };
  }
}

/** The rules compiled to read fact values by slot (the rule evaluator's fast path), as tests over facts objects. */
function compileBySlot(rules: readonly Rule[], names: readonly string[]) {
  const slotOf = (fact: string) => (names.includes(fact) ? names.indexOf(fact) : undefined);
  return rules.map((rule) => {
    const { holds, problems } = compileSlotted(rule.conditions, slotOf);
    if (!holds) throw new Error(`${rule.name} does not compile by slot: ${JSON.stringify(problems)}`);
    // A fact the object lacks has no value in its slot: undefined, as allowUndefinedFacts reads it.
    return { name: rule.name, holds: (facts: Facts) => holds(names.map((n) => (Object.prototype.hasOwnProperty.call(facts, n) ? facts[n] : undefined))) };
  });
}

function compile(rules: readonly Rule[], allowUndefinedFacts: boolean) {
  return rules.map((rule) => {
    const { holds, problems } = compileConditions(rule.conditions, { allowUndefinedFacts });
    if (!holds) throw new Error(`${rule.name} does not compile: ${JSON.stringify(problems)}`);
    return { name: rule.name, holds };
  });
}

test('the installed json-rules-engine is the version the compiler was verified against (an upgrade must re-verify)', () => {
  const installed = JSON.parse(fs.readFileSync(require.resolve('json-rules-engine/package.json'), 'utf8')).version;
  const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies['json-rules-engine'];
  expect(installed).toBe(VERIFIED_JSON_RULES_ENGINE);
  expect(pinned).toBe(VERIFIED_JSON_RULES_ENGINE);
});

const FACT_NAMES = ['a', 'b', 'c', 'list', 'obj'] as const;
const SCALARS: readonly unknown[] = [null, true, false, 0, 1, -1, 2.5, 10, 100, NaN, Infinity, '', ' ', '0', '10', '1e2', ' 12 ', '12abc', '-3', 'abc', 'a', 'US', 'gb', ' usd ', 'EUR', 'XX', 'null', 'undefined', 'true'];
const scalar = fc.oneof(fc.constantFrom(...SCALARS), fc.integer({ min: -3, max: 12 }), fc.string({ maxLength: 2 }));
const factValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ x: scalar, y: fc.record({ z: scalar }, { requiredKeys: [] }) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
/** Each fact present (sometimes undefined) or, now and then, missing. */
const factsArb: fc.Arbitrary<Facts> = fc
  .tuple(...FACT_NAMES.map(() => fc.oneof({ weight: 8, arbitrary: factValue.map((v) => ({ v })) }, { weight: 1, arbitrary: fc.constant(null) })))
  .map((values) => Object.fromEntries(FACT_NAMES.flatMap((name, i) => (values[i] ? [[name, values[i]!.v]] : []))));

const OPERATOR_NAMES = OPERATORS.map((o) => o.name);
const PATHS = ['$.x', 'x', '$.y.z', 'y.z', '$.missing', '', '$'];
const priority = fc.integer({ min: 1, max: 3 });

const leaf = fc
  .record(
    {
      fact: fc.constantFrom(...FACT_NAMES),
      operator: fc.constantFrom(...OPERATOR_NAMES),
      value: fc.oneof(
        { weight: 4, arbitrary: scalar },
        { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }) },
        { weight: 2, arbitrary: fc.record({ fact: fc.constantFrom(...FACT_NAMES), path: fc.constantFrom(...PATHS) }, { requiredKeys: ['fact'] }) },
      ),
      path: fc.constantFrom(...PATHS),
      params: fc.constant({ p: 1 }),
      priority,
    },
    { requiredKeys: ['fact', 'operator', 'value'] },
  )
  // json-rules-engine fails on `in` with a constant that is not a list or text, so the compiler refuses it (tested below).
  .filter((c) => !['in', 'notIn'].includes(c.operator) || Array.isArray(c.value) || typeof c.value === 'string' || (typeof c.value === 'object' && c.value !== null));

const { condition, root } = fc.letrec((tie) => ({
  condition: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('all'), tie('any'), tie('not')),
  all: fc.record({ all: fc.array(tie('condition'), { maxLength: 4 }), priority }, { requiredKeys: ['all'] }),
  any: fc.record({ any: fc.array(tie('condition'), { maxLength: 4 }), priority }, { requiredKeys: ['any'] }),
  not: fc.record({ not: tie('condition'), priority }, { requiredKeys: ['not'] }),
  root: fc.oneof(tie('all'), tie('any'), tie('not')),
}));
void condition;

const rulesArb = fc.array(fc.record({ conditions: root, priority }), { minLength: 1, maxLength: 4 }).map((rules) => rules.map((r, i): Rule => ({ name: `r${i}`, ...r })));

describe('operators', () => {
  const engine = new Engine();
  for (const operator of referenceOperators()) engine.addOperator(operator);
  const theirs = (engine as unknown as { operators: { get(name: string): { evaluate(a: unknown, b: unknown): boolean } } }).operators;
  const ours = { ...DEFAULT_OPERATORS, ...CUSTOM_OPERATOR_FUNCTIONS };
  const anything = fc.oneof(factValue, fc.constant(undefined), fc.constant({}));

  test('the compiled rules know exactly the operators the rules may use', () => {
    expect(Object.keys(ours).sort()).toEqual([...OPERATOR_NAMES].sort());
  });

  test.each(OPERATOR_NAMES)('%s gives json-rules-engine\'s result (or fails as it does) on any pair of values', (name) => {
    const run = (f: () => boolean) => {
      try {
        return f();
      } catch {
        return 'throws';
      }
    };
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        expect(run(() => ours[name](a, b))).toBe(run(() => theirs.get(name).evaluate(a, b)));
      }),
      { numRuns: runs(2000) },
    );
  });
});

describe('generated rules', () => {
  test.each([false, true])('fire exactly as in json-rules-engine (allowUndefinedFacts: %s)', async (allowUndefinedFacts) => {
    const seen = { fired: 0, passed: 0, threw: 0 };
    await fc.assert(
      fc.asyncProperty(rulesArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), async (rules, factsList) => {
        const tests = compile(rules, allowUndefinedFacts);
        const bySlot = allowUndefinedFacts ? compileBySlot(rules, FACT_NAMES) : undefined;
        for (const facts of factsList) {
          const expected = await reference(rules, facts, allowUndefinedFacts);
          expect(compiled(tests, facts)).toEqual(expected);
          if (bySlot) expect(compiled(bySlot, facts)).toEqual(expected);
          if ('threw' in expected) seen.threw++;
          else {
            seen.fired += expected.fired.length;
            seen.passed += rules.length - expected.fired.length;
          }
        }
      }),
      { numRuns: runs(700) },
    );
    // The generated cases are not degenerate: rules fire, rules pass, and (without undefined facts allowed) runs fail.
    expect(seen.fired).toBeGreaterThan(200);
    expect(seen.passed).toBeGreaterThan(200);
    if (!allowUndefinedFacts) expect(seen.threw).toBeGreaterThan(50);
  });

  test.each([
    ['an empty any holds', { any: [] }, {}, true],
    ['an empty all holds', { all: [] }, {}, true],
    ['a not of an empty any fails', { not: { any: [] } }, {}, false],
    ['"in" on a text value searches the text', { all: [{ fact: 'a', operator: 'in', value: 'Co-sell' }] }, { a: 'sell' }, true],
    ['"in" on a text value finds "undefined" in it', { all: [{ fact: 'a', operator: 'in', value: 'is undefined' }] }, { a: undefined }, true],
    ['a numeric string compares as a number', { all: [{ fact: 'a', operator: 'lessThan', value: 25000 }] }, { a: '10' }, true],
    ['"12abc" passes the number check', { all: [{ fact: 'a', operator: 'greaterThan', value: 5 }] }, { a: '12abc' }, false],
    ['contains on a text fact fails (the fact must be a list)', { all: [{ fact: 'a', operator: 'contains', value: 'x' }] }, { a: 'xyz' }, false],
    ['doesNotContain on a text fact fails too', { all: [{ fact: 'a', operator: 'doesNotContain', value: 'q' }] }, { a: 'xyz' }, false],
    ['a missing fact in a decided group still fails the run', { any: [{ fact: 'a', operator: 'equal', value: 1 }, { fact: 'b', operator: 'equal', value: 1 }] }, { a: 1 }, 'throws'],
    [
      'a missing fact in a later priority group is never read',
      { any: [{ fact: 'a', operator: 'equal', value: 1, priority: 2 }, { fact: 'b', operator: 'equal', value: 1 }] },
      { a: 1 },
      true,
    ],
    ['a fact present as undefined is a value', { all: [{ fact: 'a', operator: 'isEmpty', value: true }] }, { a: undefined }, true],
    ['a compared fact', { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b' } }] }, { a: 3, b: 3 }, true],
    ['"in" a compared fact that is null fails the run', { all: [{ fact: 'a', operator: 'in', value: { fact: 'b' } }] }, { a: 3, b: null }, 'throws'],
  ])('%s, as in json-rules-engine', async (_, conditions, facts, expected) => {
    const rules = [{ name: 'r', conditions }];
    const ours = compiled(compile(rules, false), facts as Facts);
    expect(ours).toEqual(await reference(rules, facts as Facts, false));
    expect(ours).toEqual(expected === 'throws' ? { threw: true } : { fired: expected ? ['r'] : [] });
  });
});

describe('the shipped rules', () => {
  const ruleSet = shippedRuleSet();
  const gates = [...new Set(ruleSet.rules.map((r) => r.event.type))];
  const rulesOf = (gate: Gate) => ruleSet.rules.filter((r) => r.event.type === gate);
  const cases = shippedCaseRows();
  const caseFacts = cases.map(rowFacts);
  const coverage = { fired: new Set<string>(), passed: new Set<string>() };

  /** Each gate's rules, compiled and in json-rules-engine as `explain` runs them (every fact given; a missing one fails). */
  const byGate = gates.map((gate) => ({ gate, rules: rulesOf(gate), tests: compile(rulesOf(gate), false) }));

  async function expectSameOnEveryGate(facts: Facts) {
    for (const { rules, tests } of byGate) {
      const expected = await reference(rules, facts, false);
      expect(compiled(tests, facts)).toEqual(expected);
      if ('fired' in expected) for (const rule of rules) (expected.fired.includes(rule.name) ? coverage.fired : coverage.passed).add(rule.name);
    }
  }

  test('every rule case, on every gate', async () => {
    expect(cases.length).toBeGreaterThan(100);
    for (const facts of caseFacts) await expectSameOnEveryGate(facts);
  });

  test('fuzzed deal rows, through the parser and the fact builder', async () => {
    await fc.assert(fc.asyncProperty(fuzzedRows(cases), async (row) => expectSameOnEveryGate(rowFacts(row))), { numRuns: runs(250) });
  });

  test('fuzzed facts: values of other cases, of the fact\'s type, numeric strings, junk, undefined and missing facts', async () => {
    await fc.assert(fc.asyncProperty(fuzzedFacts(caseFacts), async (facts) => expectSameOnEveryGate(facts)), { numRuns: runs(400) });
  });

  test('every rule fired on some of those rows and passed on others', () => {
    const names = ruleSet.rules.map((r) => r.name);
    expect(names.filter((n) => !coverage.fired.has(n))).toEqual([]);
    expect(names.filter((n) => !coverage.passed.has(n))).toEqual([]);
  });

  /** The verdicts as the rule evaluator made them with json-rules-engine: an Engine per gate, given every fact its rules read. */
  async function referenceVerdicts(batch: readonly Facts[], gatesOf: (i: number) => readonly Gate[]): Promise<string[][]> {
    const engines = new Map(byGate.map(({ gate, rules }) => [gate, { rules, engine: referenceEngine(rules, false), used: [...new Set(rules.flatMap((r) => factsReadBy(r.conditions)))] }]));
    const order = new Map(ruleSet.rules.map((r, i) => [r.name, i]));
    const out: string[][] = [];
    for (const [i, facts] of batch.entries()) {
      const fired: string[] = [];
      for (const gate of ['validation' as const, ...gatesOf(i)]) {
        if (!engines.has(gate)) continue;
        const { engine, used } = engines.get(gate)!;
        const given = Object.fromEntries(used.map((name) => [name, facts[name]]));
        fired.push(...(await engine.run(given)).results.map((r) => r.name));
      }
      out.push(fired.sort((a, b) => order.get(a)! - order.get(b)!));
    }
    return out;
  }

  const firedOf = (verdict: Verdict, order: ReadonlyMap<string, number>) => {
    const findings = [...verdict.problems, ...Object.values(verdict.refusals).flat()];
    return findings.map((f) => f.rule).sort((a, b) => order.get(a)! - order.get(b)!);
  };

  test('the rule evaluator gives the verdicts it gave with json-rules-engine, findings in rule-set order', async () => {
    const evaluator = new RuleEvaluator(ruleSet);
    const order = new Map(ruleSet.rules.map((r, i) => [r.name, i]));
    const actionGates = GATES.filter((g) => g !== 'validation');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fuzzedFacts(caseFacts), fuzzedRows(cases).map(rowFacts)), { minLength: 1, maxLength: 5 }), fc.subarray(actionGates), async (batch, chosen) => {
        const verdicts = evaluator.evaluateSync(batch, () => chosen);
        expect(await evaluator.evaluate(batch, () => chosen)).toEqual(verdicts);
        // Read by slot (as judgeDeals gives them), the same verdicts.
        const values = batch.map((facts) => {
          const row: unknown[] = [];
          for (const [name, slot] of evaluator.slots) row[slot] = facts[name];
          return row;
        });
        expect(evaluator.evaluateSync(batch, () => chosen, { values })).toEqual(verdicts);
        expect(verdicts.map((v) => firedOf(v, order))).toEqual(await referenceVerdicts(batch, () => chosen));
        for (const verdict of verdicts) {
          const places = (findings: readonly { rule: string }[]) => findings.map((f) => order.get(f.rule)!);
          for (const list of [verdict.problems, ...Object.values(verdict.refusals)]) expect(places(list)).toEqual([...places(list)].sort((a, b) => a - b));
        }
      }),
      { numRuns: runs(150) },
    );
  });
});

describe('messages', () => {
  /** `interpolate` as it was, with a regular expression per call: the template cache must not change a message. */
  function interpolateAsBefore(template: string, facts: Facts): string {
    const invalid = new Set(Array.isArray(facts.invalidColumns) ? (facts.invalidColumns as string[]) : []);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!(name in facts)) return whole;
      const value = facts[name];
      const header = COLUMNS.find((c) => c.key === name)?.header;
      if (typeof value === 'string' && header !== undefined && invalid.has(header)) return value;
      return describeAsBefore(value);
    });
  }
  function describeAsBefore(value: unknown): string {
    if (value === null || value === undefined || value === '') return '(empty)';
    if (Array.isArray(value)) return value.map(describeAsBefore).join(', ');
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    const iso = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    if (iso) return `${Number(iso[2])}/${Number(iso[3])}/${iso[1]}`;
    return String(value);
  }

  test('every shipped message and generated templates read as before on fuzzed facts', () => {
    const ruleSet = shippedRuleSet();
    const names = [...FACTS.map((f) => f.name), 'nope'];
    const template = fc.array(fc.oneof(fc.constantFrom(...names).map((n) => `{${n}}`), fc.constantFrom('', ' ', 'text ', '{', '}', '{}', '{ x}', '. ')), { maxLength: 6 }).map((p) => p.join(''));
    const messages = fc.oneof(fc.constantFrom(...ruleSet.rules.map((r) => r.event.params.message)), template);
    const seeds = shippedCaseRows().map(rowFacts);
    fc.assert(
      fc.property(messages, fuzzedFacts(seeds), (message, facts) => {
        expect(interpolate(message, facts)).toBe(interpolateAsBefore(message, facts));
      }),
      { numRuns: runs(3000) },
    );
  });
});

describe('what the compiler does not support is refused, at its place', () => {
  const leafOf = (extra: object) => ({ all: [{ fact: 'a', operator: 'equal', value: 1, ...extra }] });
  test.each([
    ['a shared condition', { all: [{ condition: 'shared' }] }, '/all/0/condition'],
    ['a shared condition at the root', { condition: 'shared' }, ''],
    ['an unknown operator', leafOf({ operator: 'startsWith' }), '/all/0/operator'],
    ['a decorated operator', leafOf({ operator: 'not:equal' }), '/all/0/operator'],
    ['"in" against a number', leafOf({ operator: 'in', value: 3 }), '/all/0/value'],
    ['"notIn" against null', leafOf({ operator: 'notIn', value: null }), '/all/0/value'],
    ['a value that is an object but no compared fact', leafOf({ value: { name: 'x' } }), '/all/0/value'],
    ['a compared fact with other keys', leafOf({ value: { fact: 'b', cache: false } }), '/all/0/value/cache'],
    ['a priority of 0', leafOf({ priority: 0 }), '/all/0/priority'],
    ['a priority that is text', { any: [{ all: [], priority: '2' }] }, '/any/0/priority'],
    ['a path that is not text', leafOf({ path: 3 }), '/all/0/path'],
    ['a fact that is not named by text', leafOf({ fact: 7 }), '/all/0/fact'],
    ['a compared fact not named by text', leafOf({ value: { fact: null } }), '/all/0/value/fact'],
    ['a missing value', { all: [{ fact: 'a', operator: 'equal' }] }, '/all/0'],
    ['"not" with a list', { not: [] }, '/not'],
    ['"all" that is no list', { all: {} }, '/all'],
    ['both "all" and "any"', { all: [], any: [] }, ''],
    ['an unknown key', leafOf({ factResult: 1 }), '/all/0/factResult'],
    ['a condition at the root', { fact: 'a', operator: 'equal', value: 1 }, ''],
  ])('%s', (_, conditions, pointer) => {
    const { holds, problems } = compileConditions(conditions);
    expect(holds).toBeUndefined();
    expect(problems.map((p) => p.pointer)).toContain(pointer);
  });

  test('a rule evaluator given a rule the compiler refuses names the rule and the place', () => {
    const ruleSet = shippedRuleSet();
    const broken: LoadedRule = { ...ruleSet.rules[0], conditions: { all: [{ condition: 'shared' }] } as never };
    expect(() => new RuleEvaluator({ ...ruleSet, rules: [broken] })).toThrow(`${broken.file}: rule "${broken.name}" (/conditions/all/0/condition): Shared conditions`);
  });

  const tmp = tempDir();
  test('the rule loader reports a refusal at its line and column, and loads no rule set', () => {
    const dir = copyRules(RULES_DIR, tmp);
    const spy = jest.spyOn(compiledRules, 'precompile').mockImplementation((conditions) =>
      (conditions as { all?: unknown[] }).all?.length === 99 ? [] : [{ pointer: '/all/0/operator', message: 'Refused.' }],
    );
    try {
      const { ruleSet, problems } = loadRuleDir(dir);
      expect(ruleSet).toBeUndefined();
      expect(problems.length).toBeGreaterThan(0);
      const first = problems.map(formatProblem)[0];
      expect(first).toMatch(/\.json:\d+:\d+ \(\/rules\/0\/conditions\/all\/0\/operator\): Refused\.$/);
      const file = path.join(dir, path.basename(problems[0].file));
      const line = fs.readFileSync(file, 'utf8').split('\n')[problems[0].line - 1];
      expect(line).toContain('"operator"');
    } finally {
      spy.mockRestore();
    }
  });
});
