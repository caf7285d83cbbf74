/**
 * The deal sheet contract: every column the product knows, its header text and its cell format.
 * This is the one place a newcomer looks to see how a column is named and parsed.
 * Partner Center's bulk CSV columns come first (reference §8, then those the Sept 2021 and 2023 layouts add),
 * then the columns the product adds. `Direction`, `Deal Type`, `Location` and `Created Date` are optional: where
 * a sheet lacks one, `derive-deal-fields.ts` decides it from the row's own cells, or leaves it undecided.
 */

/** How a cell's text is read. See `parse-deal.ts` for each format's parser. */
export type CellFormat =
  | 'text'
  | 'number'
  | 'date'
  | 'yesNo'
  | 'reasonCode'
  | 'helpCode'
  | 'status'
  | 'substatus'
  | 'microsoftStatus'
  | 'direction'
  | 'dealType'
  | 'registrationStatus'
  | 'purchaseIntent'
  | 'stage';

export interface ColumnSpec<K extends string = FieldKey> {
  /** The fact name the rules read (camelCase). */
  readonly key: K;
  /** The header text, as the user sees it and as messages name it. */
  readonly header: string;
  /** Other names Partner Center's layouts give the same column (matched like `header`; messages use `header`). */
  readonly aliases?: readonly string[];
  readonly format: CellFormat;
  /** A sheet without this header cannot be checked at all (exit 2). Only the columns every export has. */
  readonly requiredHeader?: boolean;
  /** An action may write this cell; every other cell is never written. */
  readonly owned?: boolean;
}

export const COLUMNS = [
  { key: 'errors', header: 'Errors', format: 'text', owned: true },
  { key: 'engagementId', header: 'Engagement ID', format: 'text' },
  { key: 'referralId', header: 'Referral ID', format: 'text' },
  { key: 'dealName', header: 'Deal Name', format: 'text', requiredHeader: true },
  { key: 'customerName', header: 'Customer Name', format: 'text', requiredHeader: true },
  { key: 'customerAddressLine1', header: 'Customer Address Line 1', format: 'text' },
  { key: 'customerAddressLine2', header: 'Customer Address Line 2', format: 'text' },
  { key: 'customerCity', header: 'Customer City', format: 'text' },
  { key: 'customerState', header: 'Customer State', format: 'text' },
  { key: 'customerPostalCode', header: 'Customer Postal Code', format: 'text' },
  { key: 'customerCountry', header: 'Customer Country', format: 'text' },
  { key: 'customerDuns', header: 'Customer D-U-N-S ID', format: 'text' },
  { key: 'customerContactFirstName', header: 'Customer Contact First Name', format: 'text' },
  { key: 'customerContactLastName', header: 'Customer Contact Last Name', format: 'text' },
  { key: 'customerContactPhone', header: 'Customer Contact Phone number', format: 'text' },
  { key: 'customerContactEmail', header: 'Customer Contact Email Address', format: 'text' },
  { key: 'partnerReferralStatus', header: 'Partner Referral Status', format: 'status', requiredHeader: true, owned: true },
  { key: 'partnerReferralSubstatus', header: 'Partner Referral Substatus', format: 'substatus', requiredHeader: true, owned: true },
  { key: 'microsoftReferralStatus', header: 'Microsoft Referral Status', format: 'microsoftStatus', owned: true },
  { key: 'declinedLostReason', header: 'Declined/Lost reason', aliases: ['Declined/Lost/Error reason'], format: 'reasonCode' },
  { key: 'salesStage', header: 'Sales Stage', format: 'stage', owned: true },
  { key: 'estimatedDealValue', header: 'Estimated Deal Value', format: 'number' },
  { key: 'currency', header: 'Currency', format: 'text' },
  { key: 'estimatedCloseDate', header: 'Estimated Close Date', format: 'date' },
  { key: 'crmId', header: 'CRM ID', format: 'text' },
  { key: 'marketingCampaignId', header: 'Marketing Campaign ID', format: 'text' },
  { key: 'notes', header: 'Notes', format: 'text' },
  { key: 'microsoftHelpRequired', header: 'Microsoft help required?', format: 'yesNo', owned: true },
  { key: 'helpType', header: 'What specific help from Microsoft?', format: 'helpCode' },
  { key: 'shareWithMicrosoft', header: 'Share with Microsoft sales team', format: 'yesNo' },
  { key: 'notesToMicrosoft', header: 'Notes to Microsoft', format: 'text' },
  { key: 'consentToShare', header: 'Consent to share Customer/Partner contact', format: 'yesNo' },
  // Sept 2021 layout on (2023 renames MPN ID): kept as text; the partner ID stands for the location.
  { key: 'microsoftMsxId', header: 'Microsoft MSX ID', format: 'text' },
  { key: 'migratedPscDealId', header: 'Migrated PSC Deal ID', format: 'text' },
  { key: 'partnerId', header: 'MPN ID', aliases: ['PartnerID (formerly MPN ID)'], format: 'text' },
  { key: 'claNumber', header: 'CLA Number', format: 'text' },
  { key: 'deviceCategory', header: 'Device Category', format: 'text' },
  { key: 'siliconType', header: 'Silicon Type', format: 'text' },
  { key: 'azureCertifiedDevice', header: 'Azure Certified Device', format: 'text' },
  { key: 'attachServices', header: 'Attach Services', format: 'text' },
  // 2023 layout on.
  { key: 'marketplacePurchaseIntent', header: 'Marketplace Purchase Intent', format: 'purchaseIntent' },
  { key: 'customerDomainName', header: 'Customer Domain Name', format: 'text' },
  { key: 'customerAccountId', header: 'Customer Account ID', format: 'text' },
  { key: 'customerAccountMatchStatus', header: 'Customer Account Match Status', format: 'text' },
  { key: 'microsoftTeamMember1', header: 'Microsoft team member 1', format: 'text' },
  // Columns the product adds: Partner Center's file does not say these.
  { key: 'direction', header: 'Direction', format: 'direction' },
  { key: 'dealType', header: 'Deal Type', format: 'dealType', owned: true },
  { key: 'location', header: 'Location', format: 'text' },
  { key: 'createdDate', header: 'Created Date', format: 'date' },
  { key: 'registrationStatus', header: 'Registration Status', format: 'registrationStatus', owned: true },
  { key: 'contractAttestation', header: 'Contract names partner and solution?', format: 'yesNo' },
  { key: 'favorite', header: 'Favorite', format: 'yesNo' },
  { key: 'action', header: 'Action', format: 'text', owned: true },
  // Where Partner Center's own messages go when the product first writes `Errors` (never lost, never rewritten).
  { key: 'partnerCenterErrors', header: 'Partner Center errors', format: 'text', owned: true },
] as const satisfies readonly ColumnSpec<string>[];

export type FieldKey = (typeof COLUMNS)[number]['key'];

/** Numbered columns: `Solution 1` … `Solution 50` and so on. Each cell holds comma-separated parts. */
export interface ListColumnSpec {
  readonly key: ListKey;
  /** Header text before the number. */
  readonly prefix: string;
  /** The parts of one entry, in order, as messages name them. */
  readonly parts: readonly string[];
}

export const LIST_COLUMNS = [
  { key: 'solutions', prefix: 'Solution', parts: ['Solution ID', 'currency', 'price', 'quantity'] },
  { key: 'teamMembers', prefix: 'Team member', parts: ['first name', 'last name', 'phone', 'email'] },
  { key: 'invitedPartners', prefix: 'Invited Partner', parts: ['partner name', 'close date', 'value', 'currency'] },
] as const satisfies readonly { key: string; prefix: string; parts: readonly string[] }[];

export type ListKey = 'solutions' | 'teamMembers' | 'invitedPartners';

/** Partner Center allows 50 solutions and 50 team members; the product allows 50 invited partners likewise. */
export const MAX_LIST_ENTRIES = 50;

export const COLUMN_BY_KEY: ReadonlyMap<FieldKey, ColumnSpec> = new Map(COLUMNS.map((c) => [c.key, c]));

/** The header text of a known column, for messages. */
export function headerOf(key: FieldKey): string {
  return COLUMN_BY_KEY.get(key)!.header;
}

/** The columns an action may write. */
export const OWNED_KEYS: readonly FieldKey[] = COLUMNS.filter((c: ColumnSpec) => c.owned).map((c) => c.key);
