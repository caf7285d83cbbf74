import { type RuleSet } from '../rules/rule-set';
import { requirementOf } from '../rules/rule-requirement';
import { type Deal } from '../sheet/parse-deal';
import { DERIVATION_TEXT, type Derivation, type DerivedField } from '../sheet/derive-deal-fields';
import { type HeaderMap } from '../sheet/header-map';
import { type SolutionCatalog } from '../domain/catalog';
import { type Direction } from '../domain/vocabulary';
import { LIFECYCLE_NOT_JUDGED_RULE, LIFECYCLE_NOT_JUDGED_TEXT, type NotJudged } from './judge-deals';
import { groupDigits, listedText } from './listed-text';

/** How many deals got one derived value, and how it was decided. */
export interface DerivedCount {
  readonly value: string;
  readonly how: Derivation;
  readonly deals: number;
}

/** A rule not judged, and on how many deals. */
export interface RuleCount {
  readonly rule: string;
  readonly deals: number;
}

/**
 * Something said once for the whole sheet, not on every row. `message` is what the CLI prints and the pane shows.
 */
export type SheetNotice =
  /** A column the sheet lacks, decided from each row's cells (or the export's direction). */
  | { readonly kind: 'derived'; readonly field: DerivedField; readonly deals: number; readonly values: readonly DerivedCount[]; readonly message: string }
  /** A column the sheet lacks that some rows do not decide: the rules reading it were not judged there. */
  | { readonly kind: 'undecided'; readonly field: DerivedField; readonly deals: number; readonly rules: readonly RuleCount[]; readonly message: string }
  /** Solution IDs the catalog does not know: not errors; only what needs their kind or eligibility is not judged. */
  | { readonly kind: 'unknownSolutions'; readonly ids: readonly string[]; readonly deals: number; readonly rules: readonly RuleCount[]; readonly message: string }
  /** Expiry could not be judged (no Created Date): explicit Expire refused, overdue deals not expired. */
  | { readonly kind: 'expiry'; readonly refused: number; readonly overdue: number; readonly message: string }
  /** Errors held text the product did not write (Partner Center's messages): moved to `Partner Center errors`. */
  | { readonly kind: 'partnerCenterErrors'; readonly rows: readonly number[]; readonly message: string }
  /** More deals than Partner Center imports in one file. */
  | { readonly kind: 'importLimit'; readonly deals: number; readonly files: number; readonly message: string }
  /** The export's direction was given, but the sheet has its own Direction column, which wins. */
  | { readonly kind: 'directionNotUsed'; readonly direction: Direction; readonly message: string };

/** Partner Center's bulk import takes at most this many rows per file (reference §8); an export holds up to 5,000. */
export const IMPORT_ROW_LIMIT = 1000;

const FIELD_HEADER: Readonly<Record<DerivedField, string>> = { direction: 'Direction', dealType: 'Deal Type', location: 'Location', createdDate: 'Created Date' };
const FIELDS: readonly DerivedField[] = ['direction', 'dealType', 'location', 'createdDate'];

/** What the sheet-level notices need from the sheet being judged. */
export interface TallyContext {
  readonly map: HeaderMap;
  readonly catalog: SolutionCatalog;
  readonly direction?: Direction;
  /** The rules judged: a rule not judged is named by what it requires (its rule name when absent). */
  readonly evaluator?: { readonly ruleSet: RuleSet };
}

/**
 * Collects, row by row, what the sheet notices say: derived values, rules not judged, unknown solution IDs, kept
 * Partner Center messages. `notices()` then says each once.
 *
 * @example
 * const tally = new SheetTally(context);
 * tally.add(deal, outcome); // for every row
 * tally.notices({ kind: 'check' });
 */
export class SheetTally {
  private deals = 0;
  private readonly derived = new Map<DerivedField, Map<string, DerivedCount>>();
  private readonly undecided = new Map<DerivedField, { deals: number; why: Map<string, number> }>();
  private readonly notJudged = new Map<string, { key: string; rule: string; rows: Set<number> }>();
  private readonly unknownIds = new Map<string, string>();
  private unknownDeals = 0;
  private readonly expireRefused = new Set<number>();
  private readonly overdue = new Set<number>();
  private readonly kept: number[] = [];

  constructor(private readonly context: TallyContext) {}

  /** One deal row and its outcome. */
  add(deal: Deal, outcome: { readonly isDeal: boolean; readonly notJudged: readonly NotJudged[]; readonly action?: { readonly name: string; readonly applied: boolean } }): void {
    if (!outcome.isDeal) return;
    this.deals++;
    for (const field of FIELDS) {
      const source = deal.sources[field];
      if (source.kind === 'derived') {
        const counts = this.derived.get(field) ?? new Map<string, DerivedCount>();
        const key = `${source.value}\u0000${source.how}`;
        const current = counts.get(key);
        counts.set(key, { value: source.value, how: source.how, deals: (current?.deals ?? 0) + 1 });
        this.derived.set(field, counts);
      } else if (source.kind === 'undecided') {
        const entry = this.undecided.get(field) ?? { deals: 0, why: new Map<string, number>() };
        entry.deals++;
        entry.why.set(source.why, (entry.why.get(source.why) ?? 0) + 1);
        this.undecided.set(field, entry);
      }
    }
    for (const n of outcome.notJudged) {
      const key = `${n.cause.kind === 'catalog' ? 'catalog' : n.cause.field}\u0000${n.rule}`;
      const entry = this.notJudged.get(key) ?? { key: n.cause.kind === 'catalog' ? 'catalog' : n.cause.field, rule: n.rule, rows: new Set<number>() };
      entry.rows.add(deal.row);
      this.notJudged.set(key, entry);
    }
    const unknown = deal.solutions.map((s) => s.id).filter((id) => id !== '' && !this.context.catalog.find(id));
    if (unknown.length > 0) this.unknownDeals++;
    for (const id of unknown) if (!this.unknownIds.has(id.toUpperCase())) this.unknownIds.set(id.toUpperCase(), id);
    const expireNotJudged = outcome.notJudged.some((n) => n.gate === 'expire');
    if (outcome.action?.name === 'Expire' && !outcome.action.applied && expireNotJudged) this.expireRefused.add(deal.row);
  }

  /** A received deal `--expire-overdue` could not check (its expiry cannot be judged). */
  overdueNotJudged(row: number): void {
    this.overdue.add(row);
  }

  /** A row whose Errors held Partner Center's messages, kept in `Partner Center errors`. */
  keptErrors(row: number): void {
    this.kept.push(row);
  }

  /** The notices, in the order a reader needs them: what the sheet is, then what could not be judged. */
  notices(run: { readonly kind: 'check' | 'apply' }): SheetNotice[] {
    const notices: SheetNotice[] = [];
    const { map, direction } = this.context;
    if (direction && map.fields.direction !== undefined) {
      notices.push({ kind: 'directionNotUsed', direction, message: `The sheet has a Direction column, so the direction given for the whole export (${direction}) is not used.` });
    }
    for (const field of FIELDS) {
      const counts = [...(this.derived.get(field)?.values() ?? [])].sort((a, b) => b.deals - a.deals);
      if (counts.length > 0) {
        const total = counts.reduce((sum, c) => sum + c.deals, 0);
        const header = FIELD_HEADER[field];
        const parts = field === 'location'
          ? `the partner ID stands for it on ${deals(total)} (${DERIVATION_TEXT['partner-id']})`
          : `${deals(total)} derived from ${field === 'direction' && counts[0].how === 'sheet-direction' ? 'the export' : 'their own cells'}: ${counts.map((c) => `${c.deals} ${c.value} (${DERIVATION_TEXT[c.how]})`).join('; ')}`;
        notices.push({ kind: 'derived', field, deals: total, values: counts, message: `${header}: the sheet has no ${header} column; ${parts}.` });
      }
      const undecided = this.undecided.get(field);
      if (undecided) {
        const rules = this.rulesNotJudged(field);
        const why = [...undecided.why.keys()].join('; or ');
        const judged = rules.length > 0 ? ` Not judged on them: ${this.describeRules(rules)}` : ` No rule ${run.kind === 'apply' ? 'of this run' : 'of this check'} needed it.`;
        notices.push({ kind: 'undecided', field, deals: undecided.deals, rules, message: `${FIELD_HEADER[field]} is undecided on ${deals(undecided.deals)}: ${why}.${judged}` });
      }
    }
    if (this.unknownIds.size > 0) {
      const ids = [...this.unknownIds.values()];
      const rules = this.rulesNotJudged('catalog');
      const listed = ids.length > 20 ? `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more` : ids.join(', ');
      const judged = rules.length > 0 ? ` Not judged there: ${this.describeRules(rules)}` : '';
      notices.push({
        kind: 'unknownSolutions',
        ids,
        deals: this.unknownDeals,
        rules,
        message: `The solution catalog does not know ${ids.length} solution ID${ids.length === 1 ? '' : 's'} used on ${deals(this.unknownDeals)}: ${listed}. That is not an error: only what needs a solution's kind or incentive eligibility (a solution assessment's one assessment, registration) cannot be judged on ${this.unknownDeals === 1 ? 'it' : 'them'}. Add ${ids.length === 1 ? ids[0] : 'them'} to the catalog to judge ${this.unknownDeals === 1 ? 'it' : 'them'} fully.${judged}`,
      });
    }
    if (this.expireRefused.size > 0 || this.overdue.size > 0) {
      const parts = [
        ...(this.expireRefused.size > 0 ? [`Expire was refused on ${deals(this.expireRefused.size)}`] : []),
        ...(this.overdue.size > 0 ? [`${deals(this.overdue.size, 'received deal')} could not be checked for expiry (expire overdue)`] : []),
      ];
      notices.push({
        kind: 'expiry',
        refused: this.expireRefused.size,
        overdue: this.overdue.size,
        message: `Expiry cannot be judged: the sheet has no Created Date column (Partner Center exports none), so the 14 days since a deal was received cannot be counted. ${parts.join('; ')}. Add a Created Date column (MM/DD/YYYY) to expire deals.`,
      });
    }
    if (this.kept.length > 0) {
      const rows = listedText(this.kept, 20);
      const column = map.fields.partnerCenterErrors === undefined ? 'a new Partner Center errors column' : 'the Partner Center errors column';
      notices.push({
        kind: 'partnerCenterErrors',
        rows: [...this.kept],
        message: `Errors holds messages cosell did not write (Partner Center's) on ${this.kept.length === 1 ? 'row' : 'rows'} ${rows}: they are kept, moved into ${column} when Errors is written.`,
      });
    }
    if (this.deals > IMPORT_ROW_LIMIT) {
      const files = Math.ceil(this.deals / IMPORT_ROW_LIMIT);
      notices.push({
        kind: 'importLimit',
        deals: this.deals,
        files,
        message: `${deals(this.deals)}: Partner Center imports at most ${groupDigits(IMPORT_ROW_LIMIT)} rows per file (an export holds up to 5,000), so importing them all takes ${files} files.`,
      });
    }
    return notices;
  }

  /** Rules not judged, each as the requirement it states and on how many deals: `A Solution assessment deal … (1 deal).` */
  private describeRules(rules: readonly RuleCount[]): string {
    const byName = new Map((this.context.evaluator?.ruleSet.rules ?? []).map((r) => [r.name, r]));
    return rules
      .map((r) => {
        const rule = byName.get(r.rule);
        const text = rule ? requirementOf(rule).replace(/\.$/, '') : r.rule === LIFECYCLE_NOT_JUDGED_RULE ? LIFECYCLE_NOT_JUDGED_TEXT : r.rule;
        return `${text} (${deals(r.deals)}).`;
      })
      .join(' ');
  }

  private rulesNotJudged(key: string): RuleCount[] {
    return [...this.notJudged.values()].filter((n) => n.key === key).map((n) => ({ rule: n.rule, deals: n.rows.size })).sort((a, b) => b.deals - a.deals);
  }
}

function deals(n: number, noun = 'deal'): string {
  return `${groupDigits(n)} ${noun}${n === 1 ? '' : 's'}`;
}
