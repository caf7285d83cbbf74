import { type FieldKey } from './columns';
import { type HeaderMap } from './header-map';
import { type SolutionCatalog } from '../domain/catalog';
import { type DealType, type Direction } from '../domain/vocabulary';

/** The fields a raw Partner Center export does not carry, which the product decides per row when the column is absent. */
export const DERIVED_FIELDS = ['direction', 'dealType', 'location', 'createdDate'] as const;
export type DerivedField = (typeof DERIVED_FIELDS)[number];

/** How a derived value was decided: each is one sentence of the sheet notice (see `DERIVATION_TEXT`). */
export type Derivation =
  | 'sheet-direction'
  | 'received-status'
  | 'assessment-solution'
  | 'microsoft-takes-part'
  | 'invited-partners'
  | 'inbound-without-microsoft'
  | 'outbound-alone'
  | 'partner-id';

/** Where one field's value comes from, on one row. */
export type FieldSource =
  /** The sheet has the column: the cell is the value, as always (an empty cell is empty, not undecided). */
  | { readonly kind: 'column' }
  /** No column: the row's own cells (or the sheet-level answer) decide it. */
  | { readonly kind: 'derived'; readonly value: string; readonly how: Derivation }
  /** No column, and nothing decides it: rules reading it are not judged on this row. `why` ends the sentence "… is undecided: ". */
  | { readonly kind: 'undecided'; readonly why: string };

export type FieldSources = Readonly<Record<DerivedField, FieldSource>>;

/** What each derivation means, for notices and the README. */
export const DERIVATION_TEXT: Readonly<Record<Derivation, string>> = {
  'sheet-direction': 'the direction given for the whole export, its tab',
  'received-status': 'New, Declined and Expired deals were sent to you: only a received deal waits, is declined or expires',
  'assessment-solution': 'a solution of kind "assessment" in the catalog',
  'microsoft-takes-part': 'Microsoft takes part: help requested, a Microsoft Referral Status, a Microsoft MSX ID or a Microsoft team member',
  'invited-partners': 'Invited Partner entries',
  'inbound-without-microsoft': 'sent to you without Microsoft: another partner sent it',
  'outbound-alone': 'created by you, nobody invited, every solution in the catalog and none an assessment',
  'partner-id': 'the partner ID (MPN ID / PartnerID) column',
};

/** The row's cells the derivations read, already parsed. */
export interface DerivationInput {
  readonly map: HeaderMap;
  readonly values: Readonly<Record<FieldKey, unknown>>;
  readonly solutionIds: readonly string[];
  readonly invitedPartnerCount: number;
  /** The solution catalog, if the caller has one: without it no solution's kind is known. */
  readonly catalog?: SolutionCatalog;
  /** The direction of the whole export (one tab of Partner Center's co-sell page), if the user gave it. */
  readonly direction?: Direction;
}

/**
 * Decides Direction, Deal Type, Location and Created Date for a row whose sheet lacks the column. Never guesses:
 * what the row's cells do not decide stays undecided, and the rules reading it are then not judged.
 *
 * - Direction: the export's direction when given (an export is one tab); else a New, Declined or Expired deal is
 *   Inbound (those substatuses happen only to received deals); otherwise undecided.
 * - Deal Type, first that applies: an assessment solution (per the catalog) → Solution assessment; Microsoft takes
 *   part (help Yes, a Microsoft Referral Status, an MSX ID or a Microsoft team member) → Co-sell; invited partners →
 *   Partner to partner; inbound without Microsoft → Partner to partner (another partner sent it); outbound with
 *   every solution in the catalog → Private (nobody invited; reference §2); otherwise undecided (an unknown
 *   solution might be an assessment; without a direction it is Private or Partner to partner).
 * - Location: the partner ID (`MPN ID`, 2023: `PartnerID (formerly MPN ID)`) cell, the partner location's ID.
 * - Created Date: nothing in an export says it; undecided (expiry cannot be judged).
 *
 * @example
 * deriveDealFields({ map, values, solutionIds: [], invitedPartnerCount: 0 }).direction;
 * // { kind: 'derived', value: 'Inbound', how: 'received-status' } for a New/Received row of a sheet without Direction
 */
export function deriveDealFields(input: DerivationInput): FieldSources {
  const has = (key: FieldKey) => input.map.fields[key] !== undefined;
  const direction: FieldSource = has('direction') ? { kind: 'column' } : deriveDirection(input);
  const directionValue = has('direction') ? vocabularyValue(input.values.direction) : direction.kind === 'derived' ? direction.value : null;
  return {
    direction,
    dealType: has('dealType') ? { kind: 'column' } : deriveDealType(input, directionValue),
    location: has('location') ? { kind: 'column' } : deriveLocation(input),
    createdDate: has('createdDate') ? { kind: 'column' } : { kind: 'undecided', why: 'the sheet has no Created Date column (Partner Center exports none), so the days since a deal was received cannot be counted: add a Created Date column (MM/DD/YYYY)' },
  };
}

function deriveDirection({ values, direction }: DerivationInput): FieldSource {
  if (direction) return { kind: 'derived', value: direction, how: 'sheet-direction' };
  const status = values.partnerReferralStatus;
  const substatus = values.partnerReferralSubstatus;
  if (status === 'New' || substatus === 'Declined' || substatus === 'Expired') return { kind: 'derived', value: 'Inbound', how: 'received-status' };
  return { kind: 'undecided', why: 'the sheet has no Direction column, and only New, Declined and Expired deals show they were sent to you: give the export\'s direction (its tab: Inbound or Outbound) or add a Direction column' };
}

function deriveDealType({ values, solutionIds, invitedPartnerCount, catalog }: DerivationInput, direction: string | null): FieldSource {
  const derived = (value: DealType, how: Derivation): FieldSource => ({ kind: 'derived', value, how });
  const kinds = solutionIds.map((id) => catalog?.find(id)?.kind);
  if (kinds.includes('assessment')) return derived('Solution assessment', 'assessment-solution');
  // A solution the catalog does not know could be an assessment, and a solution assessment has its own stages
  // and Win rules (Microsoft takes part in those too): until the catalog knows it, the type is not guessed.
  const unknown = solutionIds.filter((_, i) => kinds[i] === undefined);
  if (unknown.length > 0) {
    return { kind: 'undecided', why: 'the sheet has no Deal Type column, and not all its solutions are in the catalog: one could be a solution assessment, whose stages and Win rules differ (add them: see the unknown solution IDs)' };
  }
  const filled = (key: FieldKey) => values[key] !== null && values[key] !== undefined && values[key] !== '';
  if (values.microsoftHelpRequired === true || filled('microsoftReferralStatus') || filled('microsoftMsxId') || filled('microsoftTeamMember1')) {
    return derived('Co-sell', 'microsoft-takes-part');
  }
  if (invitedPartnerCount > 0) return derived('Partner to partner', 'invited-partners');
  if (direction === 'Inbound') return derived('Partner to partner', 'inbound-without-microsoft');
  if (direction === 'Outbound') return derived('Private', 'outbound-alone');
  return { kind: 'undecided', why: 'the sheet has no Deal Type column, and without Microsoft or invited partners a deal is Private if you created it and Partner to partner if a partner sent it, and its Direction is undecided' };
}

function deriveLocation({ map, values }: DerivationInput): FieldSource {
  if (map.fields.partnerId === undefined) return { kind: 'undecided', why: 'the sheet has no Location column and no partner ID (MPN ID) column: add a Location column' };
  const id = typeof values.partnerId === 'string' ? values.partnerId : '';
  if (id === '') return { kind: 'undecided', why: 'the sheet has no Location column and this row\'s partner ID (MPN ID) cell is empty' };
  return { kind: 'derived', value: id, how: 'partner-id' };
}

function vocabularyValue(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
