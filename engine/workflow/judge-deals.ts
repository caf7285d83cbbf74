import { type Deal } from '../sheet/parse-deal';
import { type SolutionCatalog } from '../domain/catalog';
import { type Facts, dealFactValues } from '../facts/deal-facts';
import { type Undecided, type UndecidedCause, describeCause, undecidedFacts } from '../facts/undecided-facts';
import { type Condition, type LoadedRule } from '../rules/rule-file';
import { type Finding, type RuleEvaluator, type Verdict, factsReadBy } from '../rules/rule-evaluator';
import { type RuleSet } from '../rules/rule-set';
import { isEmptyValue } from '../rules/operators';
import { type ActionGate, GATES, type Gate } from '../domain/actions';
import { type ActionRequest } from '../sheet/action-cell';
import { isClosedDeal } from '../lifecycle/deal-state';
import { LIFECYCLE_READS } from '../lifecycle/deal-machine';

/** A rule that could not be judged on a row, and why. */
export interface NotJudged {
  readonly rule: string;
  readonly gate: Gate;
  readonly cause: UndecidedCause;
}

/** A verdict in which rules reading an undecided fact were not judged: their findings are left out, and listed here. */
export interface JudgedVerdict extends Verdict {
  readonly notJudged: readonly NotJudged[];
}

/** What `judgeDeals` needs: the sheet's evaluator, catalog and date. */
export interface JudgeContext {
  readonly evaluator: RuleEvaluator;
  readonly catalog: SolutionCatalog;
  readonly today: string;
}

/** One deal to judge, and the action asked for, if any. */
export interface DealToJudge {
  readonly deal: Deal;
  readonly request?: ActionRequest;
  /** Judge the deal as if it were open, whatever its state: every field requirement applies. */
  readonly asOpen?: boolean;
}

/** The rule name of the refusal a gate gets when one of its rules cannot be judged. */
export const NOT_JUDGED_RULE = 'not-judged';
/** The rule name under which an action is not judged because the lifecycle's own checks read an undecided value. */
export const LIFECYCLE_NOT_JUDGED_RULE = 'lifecycle';
/** What those checks keep, as a notice names a rule not judged (by what it requires). */
export const LIFECYCLE_NOT_JUDGED_TEXT = 'Stage and Win keep the order of the deal type (a solution assessment moves one stage at a time and is won only after its last stage)';
/** How such a refusal's message starts. */
export const NOT_JUDGED_REASON = 'cannot be judged: ';

/**
 * Facts, then the rules, for a batch of deals: `RuleEvaluator.evaluate` with the sheet's undecided values taken
 * into account. A rule reading a fact the row cannot decide (a column a raw export lacks, a solution the catalog
 * does not know) is not judged: a validation rule neither makes the row invalid nor counts as met; an action's
 * rule refuses the action with "cannot be judged: why" (an action is never allowed on a guess).
 * Validation rules always run; `gates` picks the action gates per deal (none by default).
 *
 * @example
 * const [verdict] = await judgeDeals(context, [{ deal }]);
 * verdict.problems;  // what makes the row invalid
 * verdict.notJudged; // e.g. [{ rule: 'outbound-needs-solution', gate: 'validation', cause: { kind: 'field', field: 'direction', … } }]
 */
export async function judgeDeals(context: JudgeContext, deals: readonly DealToJudge[], gates: (index: number) => readonly ActionGate[] = () => []): Promise<JudgedVerdict[]> {
  const only = context.evaluator.factsUsed;
  const computed = deals.map(({ deal, request, asOpen }) => dealFactValues(deal, { catalog: context.catalog, today: context.today, request, closed: asOpen !== true && isClosedDeal(deal) }, only));
  const facts: Facts[] = computed.map((c) => c.facts);
  const verdicts = await context.evaluator.evaluate(facts, gates, { values: computed.map((c) => c.values) });
  const readers = rulesReadingFacts(context.evaluator.ruleSet);
  return verdicts.map((verdict, i) => decide(verdict, facts[i], undecidedFacts(deals[i].deal, context.catalog), () => ['validation', ...gates(i)], readers));
}

function decide(verdict: Verdict, facts: Facts, undecided: readonly Undecided[], gatesOf: () => readonly Gate[], readers: RuleReaders): JudgedVerdict {
  if (undecided.length === 0) return { problems: verdict.problems, refusals: verdict.refusals, notJudged: [] };
  const gates = gatesOf();
  const unknownFacts = new Set(undecided.flatMap((u) => u.facts));
  const notJudged: NotJudged[] = [];
  const seen = new Set<string>();
  for (const { cause, facts: factNames } of undecided) {
    for (const fact of factNames) {
      for (const rule of readers.get(fact) ?? []) {
        if (seen.has(rule.name) || !gates.includes(rule.event.type)) continue;
        // A rule whose decided conditions already settle it (e.g. `dealType equal "Solution assessment"` on a Co-sell
        // deal) is judged whatever the undecided value is.
        if (settles(rule.conditions, facts, unknownFacts) !== undefined) continue;
        seen.add(rule.name);
        notJudged.push({ rule: rule.name, gate: rule.event.type, cause });
      }
    }
  }
  for (const gate of gates) {
    const reads = gate === 'validation' ? [] : (LIFECYCLE_READS[gate] ?? []);
    const cause = undecided.find((u) => u.facts.some((fact) => reads.includes(fact)))?.cause;
    if (cause) notJudged.push({ rule: LIFECYCLE_NOT_JUDGED_RULE, gate, cause });
  }
  if (notJudged.length === 0) return { ...verdict, notJudged };
  const keep = (findings: readonly Finding[]) => findings.filter((f) => !seen.has(f.rule));
  const refusals: Partial<Record<ActionGate, Finding[]>> = {};
  for (const gate of GATES) {
    if (gate === 'validation') continue;
    const unjudged = notJudged.filter((n) => n.gate === gate);
    const kept = keep(verdict.refusals[gate] ?? []);
    const why = [...new Set(unjudged.map((n) => describeCause(n.cause)))].map((text): Finding => ({ rule: NOT_JUDGED_RULE, gate, message: `${NOT_JUDGED_REASON}${text}.`, columns: [] }));
    if (kept.length > 0 || why.length > 0) refusals[gate] = [...why, ...kept];
  }
  return { problems: keep(verdict.problems), refusals, notJudged };
}

type RuleReaders = ReadonlyMap<string, readonly LoadedRule[]>;

const READERS = new WeakMap<RuleSet, RuleReaders>();

/** For each fact, the rules whose conditions read it (once per rule set). */
function rulesReadingFacts(ruleSet: RuleSet): RuleReaders {
  const cached = READERS.get(ruleSet);
  if (cached) return cached;
  const readers = new Map<string, LoadedRule[]>();
  for (const rule of ruleSet.rules) {
    for (const fact of new Set(factsReadBy(rule.conditions))) readers.set(fact, [...(readers.get(fact) ?? []), rule]);
  }
  READERS.set(ruleSet, readers);
  return readers;
}

/**
 * Whether a condition holds, in three values: true or false when the decided facts settle it whatever the
 * undecided ones are, undefined when they do not. Leaves are evaluated only for operators whose meaning is plain
 * (equal, notEqual, in, notIn, contains, doesNotContain, isEmpty, and number comparisons on numbers, as
 * json-rules-engine and `operators.ts` define them); any other leaf, or one reading an undecided fact, is undefined. So "settled" is never claimed wrongly.
 */
function settles(condition: Condition, facts: Facts, unknown: ReadonlySet<string>): boolean | undefined {
  if ('all' in condition) return combine(condition.all.map((c) => settles(c, facts, unknown)), true);
  if ('any' in condition) return combine(condition.any.map((c) => settles(c, facts, unknown)), false);
  if ('not' in condition) {
    const inner = settles(condition.not, facts, unknown);
    return inner === undefined ? undefined : !inner;
  }
  if (unknown.has(condition.fact) || condition.path !== undefined) return undefined;
  const raw = condition.value as unknown;
  const compared = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { fact?: unknown }).fact : undefined;
  if (typeof compared === 'string' && unknown.has(compared)) return undefined;
  const expected = typeof compared === 'string' ? facts[compared] : raw;
  const actual = facts[condition.fact];
  switch (condition.operator) {
    case 'equal':
      return actual === expected;
    case 'notEqual':
      return actual !== expected;
    case 'in':
      return Array.isArray(expected) ? expected.includes(actual) : undefined;
    case 'notIn':
      return Array.isArray(expected) ? !expected.includes(actual) : undefined;
    case 'contains':
      return Array.isArray(actual) ? actual.includes(expected) : false;
    case 'doesNotContain':
      return Array.isArray(actual) ? !actual.includes(expected) : false;
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      return typeof actual === 'number' && typeof expected === 'number' ? compareNumbers(condition.operator, actual, expected) : undefined;
    case 'isEmpty':
      return typeof expected === 'boolean' ? isEmptyValue(actual) === expected : undefined;
    default:
      return undefined;
  }
}

function compareNumbers(operator: string, actual: number, expected: number): boolean {
  if (operator === 'lessThan') return actual < expected;
  if (operator === 'lessThanInclusive') return actual <= expected;
  if (operator === 'greaterThan') return actual > expected;
  return actual >= expected;
}

/** `all` (every) or `any` (not every) over three-valued items. */
function combine(items: readonly (boolean | undefined)[], every: boolean): boolean | undefined {
  if (items.some((i) => i === !every)) return !every;
  return items.every((i) => i === every) ? every : undefined;
}
