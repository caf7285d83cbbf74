/**
 * The co-sell vocabulary: the words Partner Center and the product use in cells.
 * These are data tables (what the words are), not policy (which combinations are allowed):
 * the rules in `rules/*.json` decide that.
 */

export const REFERRAL_STATUSES = ['New', 'Active', 'Closed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** `Error` (2023 layout on): Partner Center could not process the deal; it goes with status Closed. */
export const REFERRAL_SUBSTATUSES = ['Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired', 'Error'] as const;
export type ReferralSubstatus = (typeof REFERRAL_SUBSTATUSES)[number];

export const DIRECTIONS = ['Inbound', 'Outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const DEAL_TYPES = ['Private', 'Co-sell', 'Partner to partner', 'Solution assessment'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

export const REGISTRATION_STATUSES = ['Submitted', 'Approved', 'Rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Values Partner Center shows on the "Microsoft card" of a deal. */
export const MICROSOFT_REFERRAL_STATUSES = ['Pending', 'Accepted', 'Declined', 'Won', 'Lost', 'Expired'] as const;

/** `Marketplace Purchase Intent` (2023 layout on): will the customer buy through the commercial marketplace? */
export const PURCHASE_INTENTS = ['Yes', 'No', 'Have not decided'] as const;
export type PurchaseIntent = (typeof PURCHASE_INTENTS)[number];

export const SOLUTION_KINDS = ['own', 'microsoft', 'third-party', 'assessment'] as const;
export type SolutionKind = (typeof SOLUTION_KINDS)[number];

export interface Stage {
  readonly name: string;
  readonly percent: number;
}

/** Partner Center's sales stages for ordinary deals (reference §4). `Created` and `Accepted` share 10 %. */
export const SALES_STAGES: readonly Stage[] = [
  { name: 'Created', percent: 10 },
  { name: 'Accepted', percent: 10 },
  { name: 'Qualified', percent: 20 },
  { name: 'Developed', percent: 40 },
  { name: 'Proposed', percent: 60 },
  { name: 'Negotiated', percent: 80 },
  { name: 'Won', percent: 100 },
];

/** The mandatory stages of a solution-assessment deal (reference §4). */
export const ASSESSMENT_STAGES: readonly Stage[] = [
  { name: 'Created', percent: 10 },
  { name: 'Accepted', percent: 10 },
  { name: 'Secure customer LOE', percent: 20 },
  { name: 'Collect data', percent: 40 },
  { name: 'Prepare assessment report', percent: 60 },
  { name: 'Present to customer', percent: 80 },
  { name: 'Won', percent: 100 },
];

/**
 * The solution-assessment stage that comes after `current` (an empty stage, Created and Accepted all count as the
 * start); Won after Present to customer; null after Won or for a name that is no assessment stage.
 *
 * @example
 * nextAssessmentStage('Collect data'); // 'Prepare assessment report'
 * nextAssessmentStage(null);           // 'Secure customer LOE'
 */
export function nextAssessmentStage(current: string | null): string | null {
  const order = ASSESSMENT_STAGES.filter((s) => s.name !== 'Created');
  const at = current === null || current === 'Created' ? 0 : order.findIndex((s) => s.name === current);
  return at >= 0 && at + 1 < order.length ? order[at + 1].name : null;
}

/** The last solution-assessment stage before Won: Win needs it marked. */
export const LAST_ASSESSMENT_STAGE = 'Present to customer';

/** The stage list that applies to a deal of this type. */
export function stagesFor(dealType: string | null): readonly Stage[] {
  return dealType === 'Solution assessment' ? ASSESSMENT_STAGES : SALES_STAGES;
}

/** Declined/Lost reason codes (reference §7). */
export const REASON_CODES: Readonly<Record<number, string>> = {
  1: 'Project budget is not adequate',
  2: 'Customer did not respond',
  3: 'Customer chose another vendor',
  4: 'Customer requirement not met',
  5: 'Not a customer',
  6: 'Proposed time line was too short',
  7: 'Report as abuse, spam or phishing',
  8: 'Others',
};

/** "What specific help from Microsoft?" codes (reference §7). */
export const HELP_CODES: Readonly<Record<number, string>> = {
  1: 'Workload-specific value proposition',
  2: 'Customer technical architecture',
  3: 'Proof of concept / Demo',
  4: 'Quotes and licensing',
  5: 'Post-sales customer success',
  6: 'General or other',
};

/** Returns the vocabulary's own spelling of `text` (case-insensitive, spaces folded), or undefined. */
export function canonical<T extends string>(vocabulary: readonly T[], text: string): T | undefined {
  return foldedIndex(vocabulary, (word) => word).get(foldWord(text));
}

/**
 * A list indexed by each item's folded word (the first item wins a tie), built once per list: a sheet reads the same
 * vocabulary on every row, and folding every word of it each time was most of the cost.
 *
 * @example
 * foldedIndex(DEAL_TYPES, (t) => t).get('co-sell'); // 'Co-sell'
 */
export function foldedIndex<T>(items: readonly T[], word: (item: T) => string): ReadonlyMap<string, T> {
  let index = FOLDED.get(items) as Map<string, T> | undefined;
  if (!index) {
    index = new Map();
    for (const item of items) {
      const folded = foldWord(word(item));
      if (!index.has(folded)) index.set(folded, item);
    }
    FOLDED.set(items, index);
  }
  return index;
}
const FOLDED = new WeakMap<readonly unknown[], ReadonlyMap<string, unknown>>();

/** Lower-cases and folds runs of white space, so `  co-SELL ` matches `Co-sell`. */
export function foldWord(text: string): string {
  // Most cells are already folded (`Co-sell` apart from its case): no regular expression for them.
  return NEEDS_FOLDING.test(text) ? text.trim().replace(/\s+/g, ' ').toLowerCase() : text.toLowerCase();
}
/** White space at either end, two together, or any but a plain space (linear: no backtracking). */
const NEEDS_FOLDING = /^\s|\s$|\s\s|[^\S ]/;
