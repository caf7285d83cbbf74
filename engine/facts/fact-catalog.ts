import { COLUMNS, type ColumnSpec } from '../sheet/columns';
import { FORMAT_VALUES, STAGE_NAMES } from '../sheet/vocabulary-lists';
import { ASSESSMENT_STAGES } from '../domain/vocabulary';
import { ACTIONS } from '../domain/actions';
import { CURRENCY_CODES } from '../domain/iso-codes';

/** The type of a fact's value, as rule authors see it. */
export type FactType = 'text' | 'number' | 'boolean' | 'date' | 'text list' | 'code';

/** One fact the rules may read: name, type, meaning and an example value. */
export interface FactSpec {
  readonly name: string;
  readonly type: FactType;
  /** May be null: an empty cell, or a fact that does not apply to the row. */
  readonly nullable: boolean;
  readonly description: string;
  readonly example: unknown;
  /** The column it reads, for facts that are one cell. */
  readonly column?: string;
  /** Every value the fact can take besides null, for facts drawn from a vocabulary: a rule comparing with any other can never match. */
  readonly values?: readonly (string | number)[];
}

const COLUMN_FACT_TYPE: Record<ColumnSpec['format'], FactType> = {
  text: 'text',
  number: 'number',
  date: 'date',
  yesNo: 'boolean',
  reasonCode: 'code',
  helpCode: 'code',
  status: 'text',
  substatus: 'text',
  microsoftStatus: 'text',
  direction: 'text',
  dealType: 'text',
  registrationStatus: 'text',
  purchaseIntent: 'text',
  stage: 'text',
};

/** The values a column's fact takes (a Yes/No cell's fact is a boolean, a code cell's a number). */
const COLUMN_VALUES: Partial<Record<ColumnSpec['format'], readonly (string | number)[]>> = Object.fromEntries(
  Object.entries(FORMAT_VALUES)
    .filter(([format]) => format !== 'yesNo')
    .map(([format, values]) => [format, format === 'reasonCode' || format === 'helpCode' ? values.map(Number) : values]),
);

const COLUMN_EXAMPLES: Partial<Record<string, unknown>> = {
  dealName: 'UK spring deal',
  customerCountry: 'US',
  partnerReferralStatus: 'Active',
  partnerReferralSubstatus: 'Accepted',
  microsoftReferralStatus: 'Pending',
  declinedLostReason: 6,
  salesStage: 'Developed',
  estimatedDealValue: 12563,
  currency: 'USD',
  estimatedCloseDate: '2020-01-30',
  microsoftHelpRequired: true,
  helpType: 1,
  direction: 'Outbound',
  dealType: 'Co-sell',
  createdDate: '2020-01-02',
  partnerId: '4512377',
  location: 'Contoso Ltd - Seattle (US)',
  marketplacePurchaseIntent: 'Have not decided',
  microsoftMsxId: '7-S2S1RFCV67',
};

/** Columns a raw export lacks: without the column, the fact is derived from the row (`derive-deal-fields.ts`). */
const DERIVED_NOTE: Partial<Record<string, string>> = {
  direction: ' Without the column: the export\'s direction if given, else Inbound for New, Declined and Expired deals; otherwise undecided.',
  dealType: ' Without the column: Solution assessment (an assessment solution), Co-sell (Microsoft takes part), Partner to partner (invited partners, or inbound without Microsoft), Private (outbound, every solution catalogued); otherwise undecided.',
  location: ' Without the column: the partner ID (MPN ID / PartnerID) cell; otherwise undecided.',
  createdDate: ' Without the column: undecided.',
};

/** Columns that are not facts: what the product and Partner Center write about the row, not the deal. */
export const NOT_FACT_COLUMNS: ReadonlySet<string> = new Set(['errors', 'partnerCenterErrors']);

/** A fact per known column: the cell's parsed value (see `parse-deal.ts` for the formats). */
const COLUMN_FACTS: FactSpec[] = (COLUMNS as readonly ColumnSpec[])
  .filter((c) => !NOT_FACT_COLUMNS.has(c.key))
  .map((c) => ({
    name: c.key,
    type: COLUMN_FACT_TYPE[c.format],
    nullable: c.format !== 'text',
    column: c.header,
    description:
      (c.format === 'text'
        ? `The "${c.header}" cell's text, trimmed; "" when empty.`
        : `The "${c.header}" cell read as ${describeFormat(c.format)}; null when empty; the cell's text when it does not parse (see invalidColumns).`) +
      (DERIVED_NOTE[c.key] ?? ''),
    example: COLUMN_EXAMPLES[c.key] ?? (c.format === 'yesNo' ? true : 'text'),
    ...(COLUMN_VALUES[c.format] ? { values: COLUMN_VALUES[c.format] } : {}),
  }));

function describeFormat(format: ColumnSpec['format']): string {
  switch (format) {
    case 'number':
      return 'a number';
    case 'date':
      return 'an ISO date (YYYY-MM-DD), from MM/DD/YYYY';
    case 'yesNo':
      return 'true (Yes) or false (No)';
    case 'reasonCode':
      return 'a reason code 1–8';
    case 'helpCode':
      return 'a help code 1–6';
    case 'stage':
      return "the stage's name in the deal type's stage list";
    default:
      return 'its vocabulary word, in canonical spelling';
  }
}

/** Facts computed from several cells, the catalog, the date and the requested action. */
const DERIVED_FACTS: FactSpec[] = [
  { name: 'statusPair', type: 'text', nullable: false, example: 'Active/Accepted', description: 'Partner Referral Status and Substatus joined by "/".' },
  { name: 'dealIsClosed', type: 'boolean', nullable: false, example: false, description: 'The deal is in a closed lifecycle state (won, lost, declined or expired), as the lifecycle machine reads its status cells; false when they are no lifecycle state. Closed deals are read-only in Partner Center: field requirements name dealIsClosed false.' },
  { name: 'invalidColumns', type: 'text list', nullable: false, example: ['Estimated Close Date'], description: 'Headers of filled cells that do not match their column format (number, date, Yes/No, code, vocabulary, stage).' },
  { name: 'errorValueColumns', type: 'text list', nullable: false, example: ['Deal Name'], description: 'Headers of cells holding an Excel error value (#N/A, #NAME?, #REF!, …: a formula that failed) instead of a value; a number, date, code or list cell holding one reads as empty.' },
  { name: 'salesStagePercent', type: 'number', nullable: true, example: 40, description: "The Sales Stage's percentage; null when empty or unknown." },
  { name: 'currencyCode', type: 'text', nullable: true, example: 'USD', values: [...CURRENCY_CODES], description: 'The Currency cell as an upper-case ISO 4217 code ("usd" reads USD); null when empty or not a code.' },
  { name: 'solutionCount', type: 'number', nullable: false, example: 1, description: 'How many Solution N cells are filled.' },
  { name: 'solutionIds', type: 'text list', nullable: false, example: ['SOL-1234-PQRS'], description: 'The solution IDs of the filled Solution N cells.' },
  { name: 'unknownSolutionIds', type: 'text list', nullable: false, example: ['SOL-9999'], description: 'Solution IDs that the solution catalog does not list.' },
  { name: 'unknownSolutionColumns', type: 'text list', nullable: false, example: ['Solution 2'], description: 'Headers of the Solution N cells whose ID the solution catalog does not list.' },
  { name: 'emptySolutionIdColumns', type: 'text list', nullable: false, example: ['Solution 2'], description: 'Headers of Solution N cells that are filled but give no solution ID first.' },
  { name: 'assessmentSolutionCount', type: 'number', nullable: false, example: 1, description: 'How many of the solutions are of kind "assessment" in the catalog.' },
  { name: 'assessmentSolutionColumns', type: 'text list', nullable: false, example: ['Solution 1'], description: 'The Solution columns holding a solution of kind "assessment" in the catalog.' },
  { name: 'hasIncentiveEligibleSolution', type: 'boolean', nullable: false, example: true, description: 'At least one solution is incentive-eligible in the catalog.' },
  { name: 'teamMemberCount', type: 'number', nullable: false, example: 1, description: 'How many Team member N cells are filled.' },
  { name: 'teamComplete', type: 'boolean', nullable: false, example: true, description: 'At least one team member has first name, last name, phone and email.' },
  { name: 'incompleteTeamMembers', type: 'text list', nullable: false, example: ['Team member 2'], description: 'Headers of filled Team member N cells that lack one of the four parts.' },
  { name: 'invitedPartnerCount', type: 'number', nullable: false, example: 1, description: 'How many Invited Partner N cells are filled.' },
  { name: 'incompleteInvitedPartners', type: 'text list', nullable: false, example: ['Invited Partner 1'], description: 'Headers of filled Invited Partner N cells without a partner name, a MM/DD/YYYY close date, a numeric value and an ISO currency.' },
  { name: 'customerContactComplete', type: 'boolean', nullable: false, example: true, description: 'The four Customer Contact cells (first name, last name, phone, email) are all filled.' },
  { name: 'daysSinceReceived', type: 'number', nullable: true, example: 3, description: 'Whole days from Created Date to today, like daysSinceCreated, but never undecided: null without a valid Created Date, also when the sheet has no Created Date column (a raw export). Partner Center archives a received deal itself after 14 days, so a New deal in its export has not expired: the 14-day window of Accept and Decline reads this fact.' },
  { name: 'daysSinceCreated', type: 'number', nullable: true, example: 15, description: 'Whole days from Created Date to today (the CLI\'s --today); null without a valid Created Date.' },
  { name: 'today', type: 'date', nullable: false, example: '2026-11-23', description: "The date the check runs for (ISO)." },
  { name: 'requestedAction', type: 'text', nullable: false, example: 'Stage', values: ['', ...ACTIONS.map((a) => a.name)], description: 'The action being judged (Accept, Decline, Expire, Stage, Win, Lose, Invite Microsoft, Invite partner, Register, …); "" when only validating.' },
  { name: 'targetStage', type: 'text', nullable: true, example: 'Proposed', values: STAGE_NAMES, description: 'For a Stage action: the stage asked for; otherwise null.' },
  { name: 'targetStagePercent', type: 'number', nullable: true, example: 60, description: "For a Stage action: the percentage of the stage asked for; otherwise null." },
  { name: 'nextAssessmentStage', type: 'text', nullable: true, example: 'Collect data', values: ASSESSMENT_STAGES.map((s) => s.name).slice(1), description: 'For solution-assessment deals: the stage after the current one (Won after Present to customer); otherwise null.' },
];

/** Every fact the rules can use. `cosell rules check` refuses rules that name any other. */
export const FACTS: readonly FactSpec[] = [...COLUMN_FACTS, ...DERIVED_FACTS];

export const FACT_NAMES: ReadonlySet<string> = new Set(FACTS.map((f) => f.name));
