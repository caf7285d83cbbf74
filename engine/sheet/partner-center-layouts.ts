import { type Cell, cellText } from './cell';
import { foldWord } from '../domain/vocabulary';

/**
 * Partner Center's co-sell bulk CSV came in three layouts (issue 10; reference §8 for Feb 2021). Each is a list of
 * columns in file order; the columns the product adds (`Direction`, `Deal Type`, `Location`, `Created Date`,
 * `Invited Partner n`, `Registration Status`, …) belong to none of them.
 *
 * - `feb-2021`: reference §8, in its order (132 columns).
 * - `sept-2021`: Feb 2021 with `Microsoft MSX ID`, `Migrated PSC Deal ID`, `MPN ID` after `Referral ID`, and the
 *   device columns `CLA Number` … `Attach Services` after `Consent to share Customer/Partner contact` (140).
 * - `2023`: Sept 2021 with `MPN ID` renamed `PartnerID (formerly MPN ID)` and `Declined/Lost reason` renamed
 *   `Declined/Lost/Error reason` in place, `Customer Domain Name` and the account-match columns after
 *   `Customer D-U-N-S ID`, `Marketplace Purchase Intent` after the consent column, `Microsoft team member 1`
 *   last (145).
 *
 * The positions of the Sept 2021 and 2023 additions are not documented (the guesses are listed in
 * test/fixtures/partner-center/README.md); the import files therefore take their column ORDER from the export
 * itself and use these lists only to say which columns are Partner Center's.
 *
 * @example
 * partnerCenterColumns('feb-2021').length; // 132
 * detectLayout(['Errors', 'Deal Name', 'Marketplace Purchase Intent']).layout; // '2023'
 */
export type PartnerCenterLayout = 'feb-2021' | 'sept-2021' | '2023';

export const PARTNER_CENTER_LAYOUTS: readonly PartnerCenterLayout[] = ['feb-2021', 'sept-2021', '2023'];

/** How messages name a layout. */
export const LAYOUT_TITLES: Readonly<Record<PartnerCenterLayout, string>> = { 'feb-2021': 'Feb 2021', 'sept-2021': 'Sept 2021', '2023': '2023' };

/** How many `Solution n` and `Team member n` columns a layout holds. */
export const PARTNER_CENTER_LIST_ENTRIES = 50;

const FEB_2021: readonly string[] = [
  'Errors',
  'Engagement ID',
  'Referral ID',
  'Deal Name',
  'Customer Name',
  'Customer Address Line 1',
  'Customer Address Line 2',
  'Customer City',
  'Customer State',
  'Customer Postal Code',
  'Customer Country',
  'Customer D-U-N-S ID',
  'Customer Contact First Name',
  'Customer Contact Last Name',
  'Customer Contact Phone number',
  'Customer Contact Email Address',
  'Partner Referral Status',
  'Partner Referral Substatus',
  'Microsoft Referral Status',
  'Declined/Lost reason',
  'Sales Stage',
  'Estimated Deal Value',
  'Currency',
  'Estimated Close Date',
  'CRM ID',
  'Marketing Campaign ID',
  'Notes',
  'Microsoft help required?',
  'What specific help from Microsoft?',
  'Share with Microsoft sales team',
  'Notes to Microsoft',
  'Consent to share Customer/Partner contact',
];

const SEPT_2021_IDS = ['Microsoft MSX ID', 'Migrated PSC Deal ID', 'MPN ID'];
const SEPT_2021_DEVICE = ['CLA Number', 'Device Category', 'Silicon Type', 'Azure Certified Device', 'Attach Services'];
const Y2023_CUSTOMER = ['Customer Domain Name', 'Customer Account ID', 'Customer Account Match Status'];
const Y2023_RENAMED: Readonly<Record<string, string>> = { 'MPN ID': 'PartnerID (formerly MPN ID)', 'Declined/Lost reason': 'Declined/Lost/Error reason' };

/** Headers only a layout (or a later one) has: the 2023 ones first, since a 2023 file also has Sept 2021's. */
const MARKERS: readonly { readonly layout: PartnerCenterLayout; readonly headers: readonly string[] }[] = [
  { layout: '2023', headers: ['Marketplace Purchase Intent', 'PartnerID (formerly MPN ID)', 'Declined/Lost/Error reason', ...Y2023_CUSTOMER, 'Microsoft team member 1'] },
  { layout: 'sept-2021', headers: [...SEPT_2021_IDS, ...SEPT_2021_DEVICE] },
];

/** Columns every layout has and a deal sheet cannot lack: without them a sheet is no Partner Center file. */
const CORE = ['Deal Name', 'Customer Name', 'Partner Referral Status', 'Partner Referral Substatus'];

const numbered = (prefix: string) => Array.from({ length: PARTNER_CENTER_LIST_ENTRIES }, (_, i) => `${prefix} ${i + 1}`);

function insertAfter(list: readonly string[], anchor: string, added: readonly string[]): string[] {
  const at = list.indexOf(anchor);
  return [...list.slice(0, at + 1), ...added, ...list.slice(at + 1)];
}

/**
 * A layout's columns, in the order the layout lists them (Partner Center's spelling).
 *
 * @example
 * partnerCenterColumns('2023').slice(0, 3); // ['Errors', 'Engagement ID', 'Referral ID']
 * partnerCenterColumns('2023').at(-1);      // 'Microsoft team member 1'
 */
export function partnerCenterColumns(layout: PartnerCenterLayout): readonly string[] {
  let fields = [...FEB_2021];
  if (layout !== 'feb-2021') fields = insertAfter(insertAfter(fields, 'Referral ID', SEPT_2021_IDS), 'Consent to share Customer/Partner contact', SEPT_2021_DEVICE);
  if (layout === '2023') {
    fields = fields.map((name) => Y2023_RENAMED[name] ?? name);
    fields = insertAfter(insertAfter(fields, 'Customer D-U-N-S ID', Y2023_CUSTOMER), 'Consent to share Customer/Partner contact', ['Marketplace Purchase Intent']);
  }
  const all = [...fields, ...numbered('Solution'), ...numbered('Team member')];
  return layout === '2023' ? [...all, 'Microsoft team member 1'] : all;
}

/** Where one of the layout's columns sits in a header row. */
export interface LayoutColumn {
  /** The layout's spelling. */
  readonly name: string;
  /** The sheet's column, or undefined when the sheet lacks it. */
  readonly index: number | undefined;
  /** The header text as the sheet writes it (trimmed); the layout's spelling when the sheet lacks the column or has its older name. */
  readonly header: string;
}

/** Which layout a header row is in, and where each of the layout's columns is; or why it is in none. */
export type LayoutDetection =
  | {
      readonly kind: 'layout';
      readonly layout: PartnerCenterLayout;
      /** Why: the header that marks the layout, or that none of the later layouts' headers is there. */
      readonly evidence: string;
      /** Every column of the layout, in the layout's order. */
      readonly columns: readonly LayoutColumn[];
    }
  | { readonly kind: 'none'; readonly message: string };

/**
 * Detects the layout of a header row: 2023 when any header only 2023 has is there (`Marketplace Purchase
 * Intent`, `PartnerID (formerly MPN ID)`, `Declined/Lost/Error reason`, …), else Sept 2021 when any of its
 * additions is there (`MPN ID`, `Microsoft MSX ID`, `CLA Number`, …), else Feb 2021. Headers match as the deal
 * sheet matches them (case and repeated spaces do not matter). In the 2023 layout the older names `MPN ID` and
 * `Declined/Lost reason` stand for the renamed columns. A row without `Deal Name`, `Customer Name` and the two
 * status columns is in no layout.
 *
 * @example
 * detectLayout(['Errors', 'Deal Name', 'Customer Name', 'Partner Referral Status', 'Partner Referral Substatus', 'MPN ID']);
 * // { kind: 'layout', layout: 'sept-2021', evidence: 'it has MPN ID', columns: [...] }
 */
export function detectLayout(headers: readonly Cell[]): LayoutDetection {
  const index = new Map<string, number>();
  headers.forEach((cell, i) => {
    const folded = foldWord(cellText(cell));
    if (folded !== '' && !index.has(folded)) index.set(folded, i);
  });
  const has = (name: string) => index.has(foldWord(name));
  const missing = CORE.filter((name) => !has(name));
  if (missing.length > 0) return { kind: 'none', message: `the header row is not Partner Center's: it lacks ${missing.join(', ')}.` };

  const marked = MARKERS.map((m) => ({ layout: m.layout, header: m.headers.find(has) })).find((m) => m.header !== undefined);
  const layout = marked?.layout ?? 'feb-2021';
  const evidence = marked ? `it has ${marked.header}` : 'it has none of the Sept 2021 or 2023 columns';
  const aliases = layout === '2023' ? Object.fromEntries(Object.entries(Y2023_RENAMED).map(([old, renamed]) => [renamed, old])) : {};
  const columns = partnerCenterColumns(layout).map((name): LayoutColumn => {
    const direct = index.get(foldWord(name));
    if (direct !== undefined) return { name, index: direct, header: cellText(headers[direct]) };
    // An older name in a 2023 sheet: the column is written under its 2023 name.
    return { name, index: aliases[name] === undefined ? undefined : index.get(foldWord(aliases[name])), header: name };
  });
  return { kind: 'layout', layout, evidence, columns };
}
