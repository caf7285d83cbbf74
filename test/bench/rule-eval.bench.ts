/**
 * Rule evaluation alone, on the same generated rows, three ways:
 *
 * 1. compiled: the rules compiled into closures (engine/rules/compiled-rules.ts) reading each row's fact values by
 *    slot, as `RuleEvaluator` runs them in a check (`judgeDeals` lays the values out with the facts); beside it, the
 *    same rules reading the facts objects by name (what the evaluator does for facts given without values);
 * 2. json-rules-engine reused: one Engine per gate, reused across rows, given the facts its rules read (the
 *    `RuleEvaluator` before the compiler);
 * 3. json-rules-engine naive: a new Engine with every rule for each row;
 * 4. hand-written predicates: every rule written as TypeScript (hand-written-rules.ts), the ceiling.
 *
 * Each computes which rules fire for every gate of every row (they must agree); `RuleEvaluator.evaluateSync`
 * (verdicts with their messages) is timed beside them. Rounds are interleaved (the order rotates), each figure is
 * the median of the rounds, and ratios are taken within a round, then their median: the machine is shared and noisy.
 *
 *   npx tsx test/bench/rule-eval.bench.ts            # 5,000 rows, 5 rounds
 *   BENCH_ROWS=20000 BENCH_ROUNDS=7 npx tsx test/bench/rule-eval.bench.ts
 */
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { type Facts, RuleEvaluator, type RuleSet } from '../../engine/index';
import { compileSlotted, compiledConditions } from '../../engine/rules/compiled-rules';
import { factSlots } from '../../engine/facts/deal-facts';
import { resolvePath } from '../../engine/rules/operators';
import { referenceOperators } from '../../engine/rules/reference-engine';
import { factsReadBy } from '../../engine/rules/rule-evaluator';
import { type LoadedRule } from '../../engine/rules/rule-file';
import { fuzzedRows, rowFacts, shippedCaseRows } from '../helpers/fuzzed-deals';
import { shippedRuleSet } from '../helpers/deal-rows';
import { handWrittenRules } from './hand-written-rules';

export interface RuleEvalBench {
  readonly rows: number;
  readonly rounds: number;
  /** Rules that fired on some row, and on none, out of all. */
  readonly rulesFiring: number;
  readonly rules: number;
  /** Median milliseconds per variant, and rows per second. */
  readonly variants: readonly { readonly name: string; readonly ms: number; readonly rowsPerSecond: number }[];
  /** Median of the within-round ratios: how many times faster than each json-rules-engine variant. */
  readonly ratios: {
    readonly compiledVsReused: number;
    readonly compiledVsNaive: number;
    readonly evaluatorVsNaive: number;
    /** How many times slower the compiled rules are than the hand-written predicates. */
    readonly compiledVsHandWritten: number;
  };
  /** Rows on which the hand-written predicates were checked against the compiled verdicts (all of them, or it throws). */
  readonly handWrittenAgreeOn: number;
}

/** Generated deal rows (shipped rule cases with cells edited, through the parser and the fact builder), seeded. */
export function generatedFacts(rows: number, seed = 42): Facts[] {
  return fc.sample(fuzzedRows(shippedCaseRows()), { numRuns: rows, seed }).map(rowFacts);
}

type Variant = (batch: readonly Facts[]) => Promise<string[][]> | string[][];

function engineOf(rules: readonly LoadedRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, pathResolver: resolvePath });
  for (const operator of referenceOperators()) engine.addOperator(operator);
  for (const rule of rules) engine.addRule({ name: rule.name, priority: rule.priority, conditions: rule.conditions as never, event: rule.event });
  return engine;
}

/** The variants, for this batch: its fact values are laid out in slots beforehand, as the facts objects are built beforehand. */
function variants(ruleSet: RuleSet, generated: readonly Facts[]): Record<string, Variant> {
  const order = new Map(ruleSet.rules.map((r, i) => [r.name, i]));
  const byOrder = (names: string[]) => names.sort((a, b) => order.get(a)! - order.get(b)!);
  const gates = [...new Set(ruleSet.rules.map((r) => r.event.type))];

  // The generated facts hold every fact (dealFacts without `only`): the compiled variant reads them in the slots of
  // every fact, the evaluator in its own (those of the facts its rules read), as judgeDeals gives them.
  const evaluator = new RuleEvaluator(ruleSet);
  const layout = (slotted: ReadonlyMap<string, number>) => new Map(generated.map((facts) => [facts, [...slotted].reduce<unknown[]>((row, [name, slot]) => ((row[slot] = facts[name]), row), [])]));
  const slots = factSlots();
  const values = layout(slots);
  const evaluatorValues = layout(evaluator.slots);
  const valuesOf = (facts: Facts) => values.get(facts)!;
  const bySlot = ruleSet.rules.map((rule) => ({ name: rule.name, holds: compileSlotted(rule.conditions, (fact) => slots.get(fact)).holds! }));
  const byName = ruleSet.rules.map((rule) => ({ name: rule.name, holds: compiledConditions(rule, { allowUndefinedFacts: true }) }));
  const reused = gates.map((gate) => {
    const rules = ruleSet.rules.filter((r) => r.event.type === gate);
    return { engine: engineOf(rules), used: [...new Set(rules.flatMap((r) => factsReadBy(r.conditions)))] };
  });
  const hand = handWrittenRules(ruleSet);
  return {
    compiled: (batch) => batch.map((facts) => {
      const row = valuesOf(facts);
      return bySlot.filter((r) => r.holds(row)).map((r) => r.name);
    }),
    'compiled, reading facts by name': (batch) => batch.map((facts) => byName.filter((r) => r.holds(facts)).map((r) => r.name)),
    'hand-written predicates': (batch) => batch.map((facts) => hand.filter((r) => r.fires(facts)).map((r) => r.name)),
    'json-rules-engine reused': async (batch) => {
      const out: string[][] = [];
      for (const facts of batch) {
        const fired: string[] = [];
        for (const { engine, used } of reused) {
          const given: Record<string, unknown> = {};
          for (const name of used) given[name] = facts[name];
          fired.push(...(await engine.run(given)).results.map((r) => r.name));
        }
        out.push(byOrder(fired));
      }
      return out;
    },
    'json-rules-engine naive': async (batch) => {
      const out: string[][] = [];
      for (const facts of batch) out.push(byOrder((await engineOf(ruleSet.rules).run({ ...facts })).results.map((r) => r.name)));
      return out;
    },
    'RuleEvaluator.evaluateSync (verdicts)': (batch) =>
      evaluator.evaluateSync(batch, undefined, { values: batch.map((facts) => evaluatorValues.get(facts)!) }).map((v) => byOrder([...v.problems, ...Object.values(v.refusals).flat()].map((f) => f.rule))),
  };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Runs the benchmark and returns its figures (nothing printed).
 *
 * @example
 * const result = await benchRuleEvaluation({ rows: 2000, rounds: 5 });
 * result.ratios.compiledVsNaive; // e.g. 120
 */
export async function benchRuleEvaluation({ rows = 5000, rounds = 5, ruleSet = shippedRuleSet() }: { rows?: number; rounds?: number; ruleSet?: RuleSet } = {}): Promise<RuleEvalBench> {
  const batch = generatedFacts(rows);
  const all = variants(ruleSet, batch);
  const names = Object.keys(all);

  // Every variant must fire the same rules on every row before any is timed.
  const expected = await all.compiled(batch);
  for (const name of names) {
    const got = await all[name](batch);
    const row = expected.findIndex((rules, i) => rules.join() !== got[i].join());
    if (row >= 0) {
      throw new Error(
        `${name} disagrees with the compiled rules on generated row ${row}: compiled fires [${expected[row].join(', ')}], ${name} [${got[row].join(', ')}]; facts ${JSON.stringify(batch[row])}`,
      );
    }
  }
  const fired = new Set(expected.flat());

  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const rotated = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of rotated) {
      const start = process.hrtime.bigint();
      await all[name](batch);
      times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const ratio = (slow: string, fast: string) => median(times[slow].map((t, i) => t / times[fast][i]));
  return {
    rows,
    rounds,
    rulesFiring: fired.size,
    rules: ruleSet.rules.length,
    variants: names.map((name) => ({ name, ms: median(times[name]), rowsPerSecond: Math.round((rows / median(times[name])) * 1000) })),
    ratios: {
      compiledVsReused: ratio('json-rules-engine reused', 'compiled'),
      compiledVsNaive: ratio('json-rules-engine naive', 'compiled'),
      evaluatorVsNaive: ratio('json-rules-engine naive', 'RuleEvaluator.evaluateSync (verdicts)'),
      compiledVsHandWritten: ratio('compiled', 'hand-written predicates'),
    },
    handWrittenAgreeOn: rows,
  };
}

if (require.main === module) {
  const rows = Number(process.env.BENCH_ROWS ?? 5000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  void benchRuleEvaluation({ rows, rounds }).then((r) => {
    console.log(`Rule evaluation alone: ${r.rows} generated rows, every gate, ${r.rulesFiring} of ${r.rules} rules fire on some row; median of ${r.rounds} interleaved rounds`);
    for (const v of r.variants) console.log(`  ${v.name.padEnd(40)} ${v.ms.toFixed(1).padStart(9)} ms  ${String(v.rowsPerSecond).padStart(9)} rows/s`);
    console.log(`  compiled vs json-rules-engine reused: ${r.ratios.compiledVsReused.toFixed(1)}x faster`);
    console.log(`  compiled vs json-rules-engine naive:  ${r.ratios.compiledVsNaive.toFixed(1)}x faster (target: at least 50x)`);
    console.log(`  evaluateSync (with verdicts) vs naive: ${r.ratios.evaluatorVsNaive.toFixed(1)}x faster`);
    console.log(`  compiled vs hand-written predicates:  ${r.ratios.compiledVsHandWritten.toFixed(2)}x slower (target: at most 3x)`);
  });
}
