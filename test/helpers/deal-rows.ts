import * as path from 'node:path';
import { ACTIONS, type Cell, type SheetGrid, checkSheet, createSheetContext, dealFacts, isClosedDeal, mapHeaders, parseAction, parseDeal, type Verdict } from '../../engine/index';
import { loadCatalogFile, loadRuleDir } from '../../engine/node';

export const ROOT = path.join(__dirname, '..', '..');
export const RULES_DIR = path.join(ROOT, 'rules');
export const TODAY = '2026-11-23';

export function shippedRuleSet() {
  const { ruleSet, problems } = loadRuleDir(RULES_DIR);
  if (!ruleSet) throw new Error(`shipped rules do not load: ${JSON.stringify(problems)}`);
  return ruleSet;
}

export function shippedCatalog() {
  const { catalog } = loadCatalogFile(path.join(RULES_DIR, 'catalog.json'));
  return catalog!;
}

/** The sample row of Partner Center's bulk CSV documentation (reference §8): every value in it must be valid. */
export const PARTNER_CENTER_SAMPLE: Readonly<Record<string, string>> = {
  'Deal Name': 'UK spring deal',
  'Customer Name': 'Contoso Corporation',
  'Customer Address Line 1': 'One Contoso Way',
  'Customer City': 'Redmond',
  'Customer State': 'Washington',
  'Customer Postal Code': '98052',
  'Customer Country': 'US',
  'Customer D-U-N-S ID': '81466849',
  'Customer Contact First Name': 'John',
  'Customer Contact Last Name': 'Customer',
  'Customer Contact Phone number': '9999999999',
  'Customer Contact Email Address': 'john.customer@contoso.com',
  'Partner Referral Status': 'Active',
  'Partner Referral Substatus': 'Accepted',
  'Microsoft Referral Status': 'Pending',
  'Declined/Lost reason': '6',
  'Sales Stage': '40',
  'Estimated Deal Value': '12563',
  Currency: 'USD',
  'Estimated Close Date': '1/30/2020',
  'Microsoft help required?': 'Yes',
  'What specific help from Microsoft?': '1',
  'Solution 1': 'SOL-1234-PQRS, USD, 10, 100',
  'Team member 1': 'Bob, Partner, 999999, Bob.partner@Contoso.com',
};

/**
 * A valid outbound Co-sell deal built on Partner Center's sample: Active/Accepted at Developed, Microsoft invited
 * and accepted, no reason code, eligible for registration once won. Tests override cells by header.
 */
export const BASE_ROW: Readonly<Record<string, string>> = {
  Errors: '',
  'Referral ID': 'r-1',
  ...PARTNER_CENTER_SAMPLE,
  'Microsoft Referral Status': 'Accepted',
  'Declined/Lost reason': '',
  'Sales Stage': 'Developed',
  'Estimated Close Date': '1/30/2027',
  Notes: 'Customer wants a backup refresh',
  'Share with Microsoft sales team': 'Yes',
  'Consent to share Customer/Partner contact': 'Yes',
  'Solution 2': '',
  'Team member 2': '',
  Direction: 'Outbound',
  'Deal Type': 'Co-sell',
  Location: 'Contoso Ltd - Seattle (US)',
  'Created Date': '10/1/2026',
  'Invited Partner 1': '',
  'Registration Status': '',
  'Contract names partner and solution?': 'Yes',
  Favorite: 'No',
  Action: '',
};

export type RowOverrides = Readonly<Record<string, Cell>>;

/** A grid of rows, each the base row with overrides. Headers are the base row's. */
export function gridOf(...overrides: RowOverrides[]): SheetGrid {
  const headers = Object.keys(BASE_ROW);
  for (const o of overrides) for (const key of Object.keys(o)) if (!headers.includes(key)) throw new Error(`unknown test header ${key}`);
  return { headers, rows: overrides.map((o) => headers.map((h) => (h in o ? o[h] : BASE_ROW[h]))) };
}

/** The rules' verdict on one row, for an action (the Action cell's text) or for validation only. */
export async function verdictFor(overrides: RowOverrides, action?: string, ruleSet = shippedRuleSet()): Promise<Verdict> {
  const grid = gridOf(overrides);
  const { context } = createSheetContext(grid, { rules: ruleSet, catalog: shippedCatalog(), today: TODAY });
  const deal = parseDeal(grid.rows[0], mapHeaders(grid.headers).map, 2, { decimalComma: false });
  const request = action ? parseAction(action, deal.values.dealType as string, deal.values.direction as string).request : undefined;
  if (action && !request) throw new Error(`not an action: ${action}`);
  const [verdict] = await context!.evaluator.evaluate([dealFacts(deal, { ...context!, request, closed: isClosedDeal(deal) })]);
  return verdict;
}

/** Names of the rules that fired for validation and, when an action is judged, for that action's gate. */
export function firedRules(verdict: Verdict, action?: string): string[] {
  const gate = action ? ACTIONS.find((a) => action.toLowerCase().startsWith(a.name.toLowerCase()))?.gate : undefined;
  return [...verdict.problems, ...(gate ? (verdict.refusals[gate] ?? []) : [])].map((f) => f.rule);
}

/** The Errors text `check` writes for each row. */
export async function checkErrors(...overrides: RowOverrides[]): Promise<string[]> {
  const grid = gridOf(...overrides);
  const { context } = createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY });
  return (await checkSheet(grid, context!)).map((o) => o.errors);
}

/** Overrides that make the base row an inbound deal waiting as New/Received. */
/** A deal sent to you a week before TODAY: inside the 14 days in which it can be accepted or declined. */
export const RECEIVED: RowOverrides = { 'Partner Referral Status': 'New', 'Partner Referral Substatus': 'Received', Direction: 'Inbound', 'Sales Stage': '', 'Created Date': '11/16/2026' };
