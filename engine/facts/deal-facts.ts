import { type Deal, statusPairOf } from '../sheet/parse-deal';
import { COLUMNS, type ColumnSpec, headerOf } from '../sheet/columns';
import { daysBetween } from '../sheet/cell-formats';
import { type SolutionCatalog } from '../domain/catalog';
import { NOT_FACT_COLUMNS } from './fact-catalog';
import { nextAssessmentStage } from '../domain/vocabulary';
import { CURRENCY_CODES } from '../domain/iso-codes';
import { type ActionRequest } from '../sheet/action-cell';

/** Plain values the rules read, by fact name (see `fact-catalog.ts` for each one's meaning). */
export type Facts = Readonly<Record<string, unknown>>;

export interface FactContext {
  readonly catalog: SolutionCatalog;
  /** ISO date the row is judged on. */
  readonly today: string;
  /** The action being judged, if any. */
  readonly request?: ActionRequest;
  /** The deal is in a closed lifecycle state: the machine decides (`isClosedDeal` in `lifecycle/deal-state.ts`). */
  readonly closed: boolean;
}

/**
 * Computes the facts of `FACTS` for one deal: every one, or only those named in `only` (what a rule set's
 * conditions, messages and columns read: `factsUsedBy` in `rules/rule-set.ts`), so a sheet of thousands of rows
 * computes no fact the rules never read. Pure: no policy is decided here, only values.
 *
 * @example
 * dealFacts(deal, { catalog, today: '2026-11-23', closed: isClosedDeal(deal) }).teamComplete; // true when a team member has all four parts
 * dealFacts(deal, context, new Set(['dealName'])); // { dealName: 'Backup' }
 */
export function dealFacts(deal: Deal, context: FactContext, only?: ReadonlySet<string>): Facts {
  return computeFacts(deal, context, factPlan(only), undefined);
}

/**
 * `dealFacts`, and the same values laid out in slots (`factSlots(only)`): what the rule evaluator's compiled rules
 * read on every row (`RuleEvaluator.evaluateSync`'s `values`), while messages still read the facts by name.
 *
 * @example
 * const { facts, values } = dealFactValues(deal, context, evaluator.factsUsed);
 * values[factSlots(evaluator.factsUsed).get('dealName')!] === facts.dealName; // true
 */
export function dealFactValues(deal: Deal, context: FactContext, only?: ReadonlySet<string>): { facts: Facts; values: unknown[] } {
  const plan = factPlan(only);
  const values = new Array<unknown>(plan.slots.size);
  return { facts: computeFacts(deal, context, plan, values), values };
}

/**
 * Each fact's slot in `dealFactValues`' values for an `only` set (every fact without one): columns in the sheet's
 * column order, then the derived facts. A fact outside the set has no slot (it is not computed).
 */
export function factSlots(only?: ReadonlySet<string>): ReadonlyMap<string, number> {
  return factPlan(only).slots;
}

function computeFacts(deal: Deal, context: FactContext, plan: FactPlan, values: unknown[] | undefined): Facts {
  const v = deal.values as Readonly<Record<string, unknown>>;
  const facts: Record<string, unknown> = { ...plan.shape };
  let slot = 0;
  for (const key of plan.columns) {
    const value = v[key];
    facts[key] = value;
    if (values) values[slot++] = value;
  }
  const derivation = new Derivation(deal, context);
  for (const [name, compute] of plan.derived) {
    const value = compute(derivation);
    facts[name] = value;
    if (values) values[slot++] = value;
  }
  return facts;
}

/** Which column facts and derived facts to compute for an `only` set: worked out once per set, not on every row. */
interface FactPlan {
  readonly columns: readonly string[];
  readonly derived: typeof DERIVED;
  /**
   * Every fact of the plan, undefined, in the order they are computed: each row's facts start as a copy, so they
   * share one shape V8 reads fast (filled key by key, an object of more than a dozen keys becomes a dictionary).
   */
  readonly shape: Readonly<Record<string, unknown>>;
  /** Each fact's slot: its place in the order above. */
  readonly slots: ReadonlyMap<string, number>;
}
const PLANS = new WeakMap<ReadonlySet<string>, FactPlan>();
let everyFact: FactPlan | undefined;
function factPlan(only: ReadonlySet<string> | undefined): FactPlan {
  const cached = only === undefined ? everyFact : PLANS.get(only);
  if (cached) return cached;
  const wanted = (name: string) => only === undefined || only.has(name);
  const columns = (COLUMNS as readonly ColumnSpec[]).filter((c) => !NOT_FACT_COLUMNS.has(c.key) && wanted(c.key)).map((c) => c.key);
  const derived = DERIVED.filter(([name]) => wanted(name));
  const names = [...columns, ...derived.map(([name]) => name)];
  const plan: FactPlan = { columns, derived, shape: Object.fromEntries(names.map((name) => [name, undefined])), slots: new Map(names.map((name, slot) => [name, slot])) };
  if (only === undefined) everyFact = plan;
  else PLANS.set(only, plan);
  return plan;
}

/** What several facts share, computed once per row and only when one of them is asked for. */
class Derivation {
  private solutionsFound?: { entry: Deal['solutions'][number]; solution: ReturnType<SolutionCatalog['find']> }[];
  private solutionsCatalogued?: NonNullable<ReturnType<SolutionCatalog['find']>>[];
  private solutionsUncatalogued?: Deal['solutions'][number][];
  private createdDate?: string | null;
  private daysCreated?: number | null;
  constructor(
    readonly deal: Deal,
    readonly context: FactContext,
  ) {}
  get found() {
    return (this.solutionsFound ??= this.deal.solutions.map((entry) => ({ entry, solution: this.context.catalog.find(entry.id) })));
  }
  get catalogued() {
    return (this.solutionsCatalogued ??= pickWhere(this.found, isCatalogued, (f) => f.solution!));
  }
  get uncatalogued() {
    return (this.solutionsUncatalogued ??= pickWhere(this.found, isUncatalogued, (f) => f.entry));
  }
  get created(): string | null {
    if (this.createdDate === undefined) {
      const v = this.deal.values;
      this.createdDate = typeof v.createdDate === 'string' && !this.deal.invalid.includes('createdDate') ? v.createdDate : null;
    }
    return this.createdDate;
  }
  get daysSinceCreated(): number | null {
    if (this.daysCreated === undefined) this.daysCreated = this.created ? daysBetween(this.created, this.context.today) : null;
    return this.daysCreated;
  }
}

/** Each fact that is not a column's value, and how it is computed (see `fact-catalog.ts` for its meaning). */
const DERIVED: readonly (readonly [string, (d: Derivation) => unknown])[] = [
  ['statusPair', (d) => statusPairOf(d.deal)],
  ['dealIsClosed', (d) => d.context.closed],
  ['invalidColumns', (d) => d.deal.invalid.map(headerOf)],
  ['errorValueColumns', (d) => d.deal.errorValues],
  ['salesStagePercent', (d) => (d.deal.stage ? d.deal.stage.percent : null)],
  ['currencyCode', (d) => currencyCode(d.deal.values.currency)],
  ['solutionCount', (d) => d.deal.solutions.length],
  ['solutionIds', (d) => pickWhere(d.deal.solutions, (s) => s.id !== '', (s) => s.id)],
  ['unknownSolutionIds', (d) => d.uncatalogued.map((s) => s.id)],
  ['unknownSolutionColumns', (d) => d.uncatalogued.map((s) => s.header)],
  ['emptySolutionIdColumns', (d) => pickWhere(d.deal.solutions, (s) => s.id === '', (s) => s.header)],
  ['assessmentSolutionCount', (d) => pickWhere(d.catalogued, (s) => s.kind === 'assessment', (s) => s).length],
  ['assessmentSolutionColumns', (d) => pickWhere(d.found, (f) => f.solution?.kind === 'assessment', (f) => f.entry.header)],
  ['hasIncentiveEligibleSolution', (d) => d.catalogued.some((s) => s.incentiveEligible)],
  ['teamMemberCount', (d) => d.deal.teamMembers.length],
  ['teamComplete', (d) => d.deal.teamMembers.some((m) => m.complete)],
  ['incompleteTeamMembers', (d) => pickWhere(d.deal.teamMembers, (m) => !m.complete, (m) => m.header)],
  ['invitedPartnerCount', (d) => d.deal.invitedPartners.length],
  ['incompleteInvitedPartners', (d) => pickWhere(d.deal.invitedPartners, (p) => !p.complete, (p) => p.header)],
  [
    'customerContactComplete',
    (d) => {
      const v = d.deal.values;
      return v.customerContactFirstName !== '' && v.customerContactLastName !== '' && v.customerContactPhone !== '' && v.customerContactEmail !== '';
    },
  ],
  ['daysSinceCreated', (d) => d.daysSinceCreated],
  ['daysSinceReceived', (d) => d.daysSinceCreated],
  ['today', (d) => d.context.today],
  ['requestedAction', (d) => (d.context.request ? d.context.request.action.name : '')],
  ['targetStage', (d) => (d.context.request?.stage ? d.context.request.stage.name : null)],
  ['targetStagePercent', (d) => (d.context.request?.stage ? d.context.request.stage.percent : null)],
  ['nextAssessmentStage', (d) => (d.deal.values.dealType === 'Solution assessment' ? nextAssessmentStage(d.deal.stage?.name ?? null) : null)],
];

type Found = Derivation['found'][number];
const isCatalogued = (f: Found) => f.solution !== undefined;
const isUncatalogued = (f: Found) => f.entry.id !== '' && f.solution === undefined;

/** `pick` of the items where `keep` holds, in one loop: facts are computed on every row, and a filter then a map makes two arrays. */
function pickWhere<T, R>(items: readonly T[], keep: (item: T) => boolean, pick: (item: T) => R): R[] {
  const picked: R[] = [];
  for (const item of items) if (keep(item)) picked.push(pick(item));
  return picked;
}

/** The Currency cell as an upper-case ISO 4217 code (`usd` → `USD`); null when it is none. */
function currencyCode(text: unknown): string | null {
  const code = typeof text === 'string' ? text.trim().toUpperCase() : '';
  return CURRENCY_CODES.has(code) ? code : null;
}
