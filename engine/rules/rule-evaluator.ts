import { type RuleSet } from './rule-set';
import { newEngine } from './reference-engine';
import { type Condition, type LoadedRule } from './rule-file';
import { type CompiledConditions, type SlottedConditions, compileSlotted, compiledConditions, refusedRule } from './compiled-rules';
import { type Facts, factSlots } from '../facts/deal-facts';
import { COLUMN_BY_KEY, type FieldKey } from '../sheet/columns';
import { type ActionGate, GATES, type Gate } from '../domain/actions';

/** How `evaluateSync` judges a batch. */
export interface EvaluateOptions {
  /** Judge the validation rules (true, the default) or only the action gates asked for. */
  readonly validation?: boolean;
  /**
   * Each row's fact values laid out in `slots` (what `dealFactValues` gives with `only: factsUsed`): the compiled
   * rules read them instead of the facts objects, which messages still read. Rows without them are read by name.
   */
  readonly values?: readonly (readonly unknown[] | undefined)[];
}

/** A rule whose conditions held: what the user reads, and the columns it is about. */
export interface Finding {
  readonly rule: string;
  readonly gate: Gate;
  readonly message: string;
  readonly columns: readonly string[];
}

/** What the rules decided for one row: its validation problems and, per action gate, why it is closed. */
export interface Verdict {
  readonly problems: readonly Finding[];
  readonly refusals: Readonly<Partial<Record<ActionGate, readonly Finding[]>>>;
}

/** Is the gate open? (No rule of that gate fired.) */
export function gateOpen(verdict: Verdict, gate: ActionGate): boolean {
  return (verdict.refusals[gate] ?? []).length === 0;
}

/**
 * Evaluates a rule set over batches of rows, with the rules compiled into plain functions (`compiled-rules.ts`):
 * synchronous, and exactly json-rules-engine's verdicts (the conformance test holds the two together).
 * `explain` still asks json-rules-engine itself, for its condition-by-condition trace.
 *
 * @example
 * const evaluator = new RuleEvaluator(ruleSet);
 * const [verdict] = evaluator.evaluateSync([dealFacts(deal, context)]);
 * verdict.problems.map((p) => p.message);
 */
export class RuleEvaluator {
  /** Each gate's rules, in rule-set order, with their compiled conditions and their place in the rule set. */
  private readonly byGate: ReadonlyMap<Gate, readonly CompiledRule[]>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly ruleSet: RuleSet) {
    const byGate = new Map<Gate, CompiledRule[]>();
    ruleSet.rules.forEach((rule, order) => {
      // Every rule is given all the facts it reads (a fact the row lacks reads as undefined), as before.
      const holds = compiledConditions(rule, { allowUndefinedFacts: true });
      const columns = rule.event.params.columns.map((template) => ({ template, list: /^\{(\w+)\}$/.exec(template)?.[1] }));
      byGate.set(rule.event.type, [...(byGate.get(rule.event.type) ?? []), { rule, order, holds, columns }]);
    });
    this.byGate = byGate;
    this.factsUsed = factsUsedBy(ruleSet);
  }

  /**
   * Every fact the rule set reads: in its conditions (compared facts too), and in its messages and columns
   * (`{fact}`), and `invalidColumns` (how a message quotes a cell that did not parse). Facts computed for
   * `evaluate` need be no more (`dealFacts`'s `only`).
   */
  readonly factsUsed: ReadonlySet<string>;

  /**
   * Where each fact the rule set reads sits in a row's fact values (`dealFactValues(deal, context, factsUsed)`):
   * give `evaluateSync` those values and the compiled rules read them by slot.
   */
  get slots(): ReadonlyMap<string, number> {
    return factSlots(this.factsUsed);
  }

  /** Does the rule hold on this row: read by slot when its values are given, else from its facts by name? */
  private fires(compiled: CompiledRule, facts: Facts, values: readonly unknown[] | undefined): boolean {
    return values === undefined ? compiled.holds(facts) : this.slottedOf(compiled)(values);
  }

  /** The rule compiled to read fact values by slot, on first use (the command line's start does not pay for it). */
  private slottedOf(compiled: CompiledRule): SlottedConditions {
    if (compiled.slotted) return compiled.slotted;
    const slots = this.slots;
    const { holds, problems } = compileSlotted(compiled.rule.conditions, (fact) => slots.get(fact));
    // The conditions compiled as the rule loaded; reading by slot refuses nothing more.
    if (!holds) throw refusedRule(compiled.rule, problems[0]);
    compiled.slotted = holds;
    return holds;
  }

  /**
   * Verdicts for each facts object, in order. Validation rules always run; `gates` picks the action gates to
   * judge for each row (all of them by default, as the task pane needs to show every action's reasons).
   * Findings are in rule-set order. Throws where json-rules-engine's run would reject (an `in` against a
   * compared fact that is null).
   *
   * @example
   * const [verdict] = evaluator.evaluateSync([facts], () => ['register']);
   * gateOpen(verdict, 'register');
   */
  evaluateSync(
    batch: readonly Facts[],
    gates: (index: number) => readonly ActionGate[] = () => ACTION_GATES,
    { validation = true, values }: EvaluateOptions = {},
  ): Verdict[] {
    const verdicts: Verdict[] = [];
    const validationRules = validation ? (this.byGate.get('validation') ?? []) : [];
    for (let index = 0; index < batch.length; index++) {
      const facts = batch[index];
      const row = values?.[index];
      const fired: CompiledRule[] = [];
      for (const compiled of validationRules) if (this.fires(compiled, facts, row)) fired.push(compiled);
      const actionGates = gates(index);
      for (const gate of actionGates) {
        for (const compiled of this.byGate.get(gate) ?? []) if (this.fires(compiled, facts, row)) fired.push(compiled);
      }
      // One gate's rules are already in rule-set order.
      if (actionGates.length > 0) fired.sort((a, b) => a.order - b.order);
      verdicts.push(toVerdict(fired, facts));
    }
    return verdicts;
  }

  /** `evaluateSync`, as a promise (for callers written when the rules ran in json-rules-engine). */
  evaluate(
    batch: readonly Facts[],
    gates: (index: number) => readonly ActionGate[] = () => ACTION_GATES,
    options: EvaluateOptions = {},
  ): Promise<Verdict[]> {
    try {
      return Promise.resolve(this.evaluateSync(batch, gates, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Every rule of one gate on one row, with each condition's actual fact value and result: what `cosell explain`
   * and the pane's "Why?" show. Uses a fresh json-rules-engine Engine that keeps its condition results.
   *
   * @example
   * const [trace] = await evaluator.explain(facts, 'register');
   * trace.fired; // true: the rule's conditions held, so Register is refused
   */
  explain(facts: Facts, gate: Gate): Promise<RuleTrace[]> {
    return this.enqueue(async () => {
      const rules = this.ruleSet.rules.filter((r) => r.event.type === gate);
      const engine = newEngine(rules);
      const { results, failureResults } = await engine.run({ ...facts });
      const byName = new Map([...results, ...failureResults].map((r) => [r.name as string, r]));
      return rules.map((rule) => {
        const result = byName.get(rule.name)!;
        const conditions = (result.conditions as unknown as { toJSON(stringify: false): unknown }).toJSON(false);
        return { rule, fired: result.result, message: interpolate(rule.event.params.message, facts), conditions: toTrace(conditions) };
      });
    });
  }

  /** Explanations are queued, never concurrent, as they always were. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const ACTION_GATES = GATES.filter((g): g is ActionGate => g !== 'validation');

interface CompiledRule {
  readonly rule: LoadedRule;
  /** Its place in the rule set: findings are reported in that order. */
  readonly order: number;
  readonly holds: CompiledConditions;
  /** The same, reading fact values by slot (`slottedOf`, compiled on first use). */
  slotted?: SlottedConditions;
  /** Its columns: each a header template, and the fact it is when it is one fact alone (`{incompleteTeamMembers}`: a list names several). */
  readonly columns: readonly { readonly template: string; readonly list: string | undefined }[];
}


/** One rule judged on one row, condition by condition. */
export interface RuleTrace {
  readonly rule: LoadedRule;
  /** The conditions held: the rule's problem is there (its gate is closed). */
  readonly fired: boolean;
  /** The rule's message with the row's values filled in. */
  readonly message: string;
  readonly conditions: ConditionTrace;
}

/** A condition as evaluated: `holds` is undefined where json-rules-engine stopped early and never evaluated it. */
export type ConditionTrace =
  | { readonly kind: 'all' | 'any'; readonly items: readonly ConditionTrace[]; readonly holds?: boolean }
  | { readonly kind: 'not'; readonly item: ConditionTrace; readonly holds?: boolean }
  | {
      readonly kind: 'fact';
      readonly fact: string;
      readonly operator: string;
      /** The value compared with: the rule's, or the compared fact's value. */
      readonly expected: unknown;
      /** Set when the rule compares with another fact (`"value": {"fact": …}`). */
      readonly comparedFact?: string;
      readonly actual: unknown;
      readonly holds?: boolean;
    };

type EvaluatedCondition = {
  all?: EvaluatedCondition[];
  any?: EvaluatedCondition[];
  not?: EvaluatedCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
};

function toTrace(json: unknown): ConditionTrace {
  const c = json as EvaluatedCondition;
  const combine = (items: ConditionTrace[], every: boolean) => {
    if (items.some((i) => i.holds === !every)) return !every;
    return items.every((i) => i.holds !== undefined) ? every : undefined;
  };
  if (c.all) {
    const items = c.all.map(toTrace);
    return { kind: 'all', items, holds: combine(items, true) };
  }
  if (c.any) {
    const items = c.any.map(toTrace);
    return { kind: 'any', items, holds: combine(items, false) };
  }
  if (c.not) {
    const item = toTrace(c.not);
    return { kind: 'not', item, holds: item.holds === undefined ? undefined : !item.holds };
  }
  const other = typeof c.value === 'object' && c.value !== null && !Array.isArray(c.value) ? (c.value as { fact: string }).fact : undefined;
  const expected = other === undefined ? c.value : c.valueResult;
  return { kind: 'fact', fact: c.fact!, operator: c.operator!, expected, ...(other ? { comparedFact: other } : {}), actual: c.factResult, holds: c.result };
}

/**
 * The facts a condition reads, including facts compared against (`"value": {"fact": …}`).
 *
 * @example
 * factsReadBy({ all: [{ fact: 'notes', operator: 'isEmpty', value: true }] }); // ['notes']
 */
export function factsReadBy(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(factsReadBy);
  if ('any' in condition) return condition.any.flatMap(factsReadBy);
  if ('not' in condition) return factsReadBy(condition.not);
  const value = condition.value as { fact?: unknown } | null;
  const compared = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.fact === 'string' ? [value.fact] : [];
  return [condition.fact, ...compared];
}

function factsUsedBy(ruleSet: RuleSet): ReadonlySet<string> {
  const used = new Set<string>(['invalidColumns']);
  for (const rule of ruleSet.rules) {
    for (const fact of factsReadBy(rule.conditions)) used.add(fact);
    for (const text of [rule.event.params.message, ...rule.event.params.columns]) for (const [, name] of text.matchAll(/\{(\w+)\}/g)) used.add(name);
  }
  return used;
}

function toVerdict(fired: readonly CompiledRule[], facts: Facts): Verdict {
  const refusals: Partial<Record<ActionGate, Finding[]>> = {};
  const problems: Finding[] = [];
  for (const compiled of fired) {
    const finding = toFinding(compiled, facts);
    if (finding.gate === 'validation') problems.push(finding);
    else (refusals[finding.gate] ??= []).push(finding);
  }
  return { problems, refusals };
}

function toFinding({ rule, columns }: CompiledRule, facts: Facts): Finding {
  const named: string[] = [];
  for (const { template, list } of columns) {
    const value = list === undefined ? undefined : facts[list];
    if (Array.isArray(value)) for (const item of value) named.push(String(item));
    else named.push(interpolate(template, facts));
  }
  return { rule: rule.name, gate: rule.event.type, message: interpolate(rule.event.params.message, facts), columns: named };
}

/**
 * Replaces `{factName}` in a message by the fact's value, as a user would write it.
 *
 * @example
 * interpolate('Not in the catalog: {unknownSolutionIds}.', { unknownSolutionIds: ['A', 'B'] }); // 'Not in the catalog: A, B.'
 */
export function interpolate(template: string, facts: Facts): string {
  const parts = templateParts(template);
  if (parts.length === 1) return parts[0] as string;
  let invalid: ReadonlySet<string> | undefined;
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const { name, whole } = part;
    if (!(name in facts)) {
      text += whole;
      continue;
    }
    const value = facts[name];
    // A cell that did not parse is quoted as the user typed it: `2026-01-30` must not come back as "1/30/2026".
    const header = COLUMN_BY_KEY.get(name as FieldKey)?.header;
    if (typeof value === 'string' && header !== undefined) {
      invalid ??= new Set(Array.isArray(facts.invalidColumns) ? (facts.invalidColumns as string[]) : []);
      if (invalid.has(header)) {
        text += value;
        continue;
      }
    }
    text += describeValue(value);
  }
  return text;
}

/** A message template split into text and `{fact}` placeholders, once per template (messages repeat on every row). */
const TEMPLATES = new Map<string, readonly (string | { readonly name: string; readonly whole: string })[]>();
function templateParts(template: string): readonly (string | { readonly name: string; readonly whole: string })[] {
  let parts = TEMPLATES.get(template);
  if (!parts) {
    parts = template.split(/(\{\w+\})/).map((piece, i) => (i % 2 === 1 ? { name: piece.slice(1, -1), whole: piece } : piece));
    if (TEMPLATES.size >= 2000) TEMPLATES.clear(); // bounded: a rule set has a few hundred templates
    TEMPLATES.set(template, parts);
  }
  return parts;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.map(describeValue).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  // Date facts are ISO; users read and write them as M/D/YYYY.
  const iso = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (iso) return `${Number(iso[2])}/${Number(iso[3])}/${iso[1]}`;
  return String(value);
}
