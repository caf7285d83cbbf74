/**
 * Every rule of rules/*.json written by hand as a TypeScript predicate over a row's facts: the ceiling the compiled
 * rules are measured against (what the rules would cost if they were code, not JSON). For the bench only.
 *
 * `handWrittenFired` must give exactly the rules the compiled rules fire, on every generated row: the bench
 * (`agreeWithCompiled`) refuses to report anything otherwise, so a rule edited in JSON and not here is caught.
 */
import { type Facts, type RuleSet } from '../../engine/index';
import { COUNTRY_CODES, CURRENCY_CODES } from '../../engine/domain/iso-codes';

type Predicate = (f: Facts) => boolean;

const empty = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
/** json-rules-engine's number comparisons: the fact must parse as a number first. */
const numeric = (v: unknown): boolean => !Number.isNaN(Number.parseFloat(v as string));
const lt = (v: unknown, n: number): boolean => numeric(v) && (v as number) < n;
const gt = (v: unknown, n: number): boolean => numeric(v) && (v as number) > n;
const ge = (v: unknown, n: number): boolean => numeric(v) && (v as number) >= n;
const has = (list: unknown, item: string): boolean => Array.isArray(list) && list.includes(item);
const code = (codes: ReadonlySet<string>, v: unknown): boolean => typeof v === 'string' && codes.has(v.trim().toUpperCase());

const open = (f: Facts): boolean => f.dealIsClosed === false;
const invalid = (column: string): Predicate => (f) => open(f) && has(f.invalidColumns, column);
const invalidAlways = (column: string): Predicate => (f) => has(f.invalidColumns, column);
const requiredWhenOpen = (fact: string): Predicate => (f) => open(f) && empty(f[fact]);

const NOT_YET_ACCEPTED = new Set<unknown>(['Pending', 'Received', 'Declined', 'Expired']);
const STATUSES = new Set<unknown>(['New', 'Active', 'Closed']);
const SUBSTATUSES = new Set<unknown>(['Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired', 'Error']);
const PAIRS = new Set<unknown>(['New/Pending', 'New/Received', 'Active/Accepted', 'Closed/Won', 'Closed/Lost', 'Closed/Declined', 'Closed/Expired', 'Closed/Error']);

/** Rule name → does the rule fire on these facts. */
export const HAND_WRITTEN_RULES: Readonly<Record<string, Predicate>> = {
  // field-validation.json
  'no-excel-error-values': (f) => !empty(f.errorValueColumns),
  'deal-name-required': (f) => open(f) && empty(f.dealName) && !NOT_YET_ACCEPTED.has(f.partnerReferralSubstatus),
  'customer-name-required': requiredWhenOpen('customerName'),
  'customer-address-required': requiredWhenOpen('customerAddressLine1'),
  'customer-city-required': requiredWhenOpen('customerCity'),
  'customer-country-required': requiredWhenOpen('customerCountry'),
  'customer-country-iso': (f) => open(f) && !empty(f.customerCountry) && !code(COUNTRY_CODES, f.customerCountry),
  'location-required': requiredWhenOpen('location'),
  'direction-required': requiredWhenOpen('direction'),
  'direction-known': invalid('Direction'),
  'deal-type-required': requiredWhenOpen('dealType'),
  'deal-type-known': invalid('Deal Type'),
  'status-required': (f) => empty(f.partnerReferralStatus),
  'status-known': invalidAlways('Partner Referral Status'),
  'substatus-required': (f) => empty(f.partnerReferralSubstatus),
  'substatus-known': invalidAlways('Partner Referral Substatus'),
  'status-pair-valid': (f) => STATUSES.has(f.partnerReferralStatus) && SUBSTATUSES.has(f.partnerReferralSubstatus) && !PAIRS.has(f.statusPair),
  'new-deals-are-inbound': (f) => f.partnerReferralStatus === 'New' && f.direction === 'Outbound',
  'value-required': (f) => open(f) && empty(f.estimatedDealValue) && !NOT_YET_ACCEPTED.has(f.partnerReferralSubstatus),
  'value-is-number': invalid('Estimated Deal Value'),
  'value-not-negative': (f) => open(f) && lt(f.estimatedDealValue, 0),
  'currency-with-value': (f) => open(f) && empty(f.currency) && !empty(f.estimatedDealValue),
  'currency-iso': (f) => open(f) && !empty(f.currency) && !code(CURRENCY_CODES, f.currency),
  'close-date-required': (f) => open(f) && empty(f.estimatedCloseDate) && !NOT_YET_ACCEPTED.has(f.partnerReferralSubstatus),
  'close-date-is-date': invalid('Estimated Close Date'),
  'created-date-is-date': invalid('Created Date'),
  'created-date-not-in-future': (f) => open(f) && lt(f.daysSinceCreated, 0),
  'reason-code-valid': (f) => (open(f) || f.partnerReferralSubstatus === 'Lost' || f.partnerReferralSubstatus === 'Declined') && has(f.invalidColumns, 'Declined/Lost reason'),
  'reason-required-when-declined-or-lost': (f) => (f.partnerReferralSubstatus === 'Declined' || f.partnerReferralSubstatus === 'Lost') && empty(f.declinedLostReason),
  'sales-stage-known': invalid('Sales Stage'),
  'stage-won-only-on-won-deals': (f) => f.partnerReferralSubstatus !== 'Won' && f.salesStagePercent === 100,
  'microsoft-status-known': invalidAlways('Microsoft Referral Status'),
  'registration-status-known': invalidAlways('Registration Status'),
  'registration-only-when-won': (f) => !empty(f.registrationStatus) && f.statusPair !== 'Closed/Won',
  'declined-and-expired-deals-are-inbound': (f) => (f.partnerReferralSubstatus === 'Declined' || f.partnerReferralSubstatus === 'Expired') && f.direction === 'Outbound',
  'help-required-yes-no': invalid('Microsoft help required?'),
  'share-with-microsoft-yes-no': invalid('Share with Microsoft sales team'),
  'consent-yes-no': invalid('Consent to share Customer/Partner contact'),
  'marketplace-purchase-intent-known': invalid('Marketplace Purchase Intent'),
  'attestation-yes-no': invalidAlways('Contract names partner and solution?'),
  'favorite-yes-no': invalid('Favorite'),
  'help-type-known': invalid('What specific help from Microsoft?'),
  'help-needs-help-type': (f) => open(f) && f.microsoftHelpRequired === true && empty(f.helpType),
  'help-needs-customer-contact': (f) => open(f) && f.microsoftHelpRequired === true && f.customerContactComplete === false,
  'help-needs-consent': (f) => open(f) && f.microsoftHelpRequired === true && f.consentToShare !== true,
  'private-deal-asks-no-help': (f) => open(f) && f.dealType === 'Private' && f.microsoftHelpRequired === true,
  'p2p-deal-asks-no-help': (f) => open(f) && f.dealType === 'Partner to partner' && f.microsoftHelpRequired === true,
  'outbound-co-sell-asks-help': (f) => open(f) && f.dealType === 'Co-sell' && f.direction === 'Outbound' && f.microsoftHelpRequired !== true,
  'private-deal-has-no-microsoft-status': (f) => open(f) && f.dealType === 'Private' && !empty(f.microsoftReferralStatus),
  'outbound-needs-complete-team-member': (f) => open(f) && f.direction === 'Outbound' && f.teamComplete === false,
  'team-member-entries-complete': (f) => open(f) && !empty(f.incompleteTeamMembers),
  'outbound-needs-solution': (f) => open(f) && f.direction === 'Outbound' && f.solutionCount === 0,
  'solution-entry-starts-with-id': (f) => open(f) && !empty(f.emptySolutionIdColumns),
  // invite-combinations.json
  'invited-partner-entries-complete': (f) => open(f) && !empty(f.incompleteInvitedPartners),
  'no-partners-on-inbound-deals': (f) => open(f) && f.direction === 'Inbound' && gt(f.invitedPartnerCount, 0),
  'no-partners-on-solution-assessment': (f) => open(f) && f.dealType === 'Solution assessment' && gt(f.invitedPartnerCount, 0),
  'invite-microsoft-only-private-or-p2p': (f) => f.dealType !== 'Private' && f.dealType !== 'Partner to partner',
  'invite-microsoft-needs-help-type': (f) => empty(f.helpType),
  'invite-microsoft-needs-customer-contact': (f) => f.customerContactComplete === false,
  'invite-microsoft-needs-consent': (f) => f.consentToShare !== true,
  'invite-partner-not-on-solution-assessment': (f) => f.dealType === 'Solution assessment',
  'invite-partner-not-on-inbound-deals': (f) => f.direction === 'Inbound',
  'invite-partner-needs-entry': (f) => f.invitedPartnerCount === 0,
  'invite-partner-needs-complete-entries': (f) => !empty(f.incompleteInvitedPartners),
  // lifecycle-gates.json
  'accept-needs-deal-name': (f) => empty(f.dealName),
  'accept-needs-value': (f) => empty(f.estimatedDealValue),
  'accept-needs-close-date': (f) => empty(f.estimatedCloseDate),
  'accept-needs-notes': (f) => empty(f.notes),
  'accept-within-14-days': (f) => ge(f.daysSinceReceived, 14),
  'decline-needs-reason': (f) => empty(f.declinedLostReason),
  'decline-within-14-days': (f) => ge(f.daysSinceReceived, 14),
  'expire-needs-created-date': (f) => empty(f.daysSinceCreated),
  'expire-after-14-days': (f) => lt(f.daysSinceCreated, 14) && ge(f.daysSinceCreated, 0),
  'lose-needs-reason': (f) => empty(f.declinedLostReason),
  // registration.json
  'register-needs-microsoft-invited': (f) => f.dealType !== 'Co-sell',
  'register-needs-microsoft-accepted': (f) => f.microsoftReferralStatus !== 'Accepted' && f.microsoftReferralStatus !== 'Won',
  'register-needs-incentive-eligible-solution': (f) => f.hasIncentiveEligibleSolution === false,
  'register-needs-contract-attestation': (f) => f.contractAttestation !== true,
  // solution-assessment.json
  'assessment-has-one-solution': (f) => open(f) && f.dealType === 'Solution assessment' && f.solutionCount !== 1,
  'assessment-solution-is-assessment': (f) => open(f) && f.dealType === 'Solution assessment' && f.solutionCount === 1 && f.assessmentSolutionCount === 0,
  'assessment-solution-only-on-assessment-deals': (f) => open(f) && !empty(f.dealType) && f.dealType !== 'Solution assessment' && gt(f.assessmentSolutionCount, 0),
  'assessment-deals-are-outbound': (f) => open(f) && f.dealType === 'Solution assessment' && f.direction === 'Inbound',
  'won-assessment-passed-every-stage': (f) =>
    f.statusPair === 'Closed/Won' && f.dealType === 'Solution assessment' && (has(f.invalidColumns, 'Sales Stage') || (!empty(f.salesStagePercent) && f.salesStagePercent !== 100)),
};

/**
 * The hand-written predicates in the rule set's order, for every gate; throws if a rule has none (a rule added to
 * rules/*.json and not here) or a predicate has no rule.
 */
export function handWrittenRules(ruleSet: RuleSet): { readonly name: string; readonly gate: string; readonly fires: Predicate }[] {
  const names = new Set(ruleSet.rules.map((r) => r.name));
  const missing = ruleSet.rules.filter((r) => !HAND_WRITTEN_RULES[r.name]).map((r) => r.name);
  const stale = Object.keys(HAND_WRITTEN_RULES).filter((n) => !names.has(n));
  if (missing.length > 0 || stale.length > 0) {
    throw new Error(`hand-written predicates out of step with rules/*.json: no predicate for [${missing.join(', ')}]; no rule for [${stale.join(', ')}]`);
  }
  return ruleSet.rules.map((r) => ({ name: r.name, gate: r.event.type, fires: HAND_WRITTEN_RULES[r.name] }));
}
