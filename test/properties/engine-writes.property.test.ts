import fc from 'fast-check';
import { ACTIONS, type Cell, OWNED_KEYS, RuleEvaluator, type RowOutcome, type SheetGrid, applySheet, checkSheet, createSheetContext, headerOf, ownErrorsText, writeGrid } from '../../engine/index';
import { BASE_ROW, RECEIVED, TODAY, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';

/**
 * Property: whatever the rows hold, check and apply followed by writeGrid change no cell outside the owned
 * columns (OWNED_KEYS: the lifecycle's cells, Action and Errors), leave a refused row exactly as it was but for
 * Errors, and write no text a spreadsheet would run as a formula. 150 generated sheets of 1 to 10 rows, each
 * checked and applied (about 800 rows, judged twice each).
 */

const OWNED_HEADERS = new Set(OWNED_KEYS.map(headerOf));
const FORMULA = /^[=+\-@\t\r]/;
const JUNK = ['', ' ', "=cmd|' /C calc'!A0", '+1', '-2', '@SUM(A1)', '\tTab', '\rCR', 'line\nbreak', '"', '😀', 'null', 'undefined', '__proto__'];

/** Values for each column: valid ones, invalid ones and junk, so that rows are valid, invalid, applied and refused. */
const POOLS: Readonly<Record<string, readonly string[]>> = {
  'Partner Referral Status': ['New', 'Active', 'Closed', 'active', 'Open'],
  'Partner Referral Substatus': ['Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired', 'Nope'],
  'Microsoft Referral Status': ['Pending', 'Accepted', 'Declined', 'Won', 'Lost', 'Expired'],
  'Declined/Lost reason': ['1', '6', '8', '9', 'Budget'],
  'Sales Stage': ['Created', 'Accepted', 'Qualified', 'Developed', 'Proposed', 'Negotiated', 'Won', '10', '40', '40%', '60%', 'Secure customer LOE', 'Collect data', 'Prepare assessment report', 'Present to customer', 'Sideways'],
  'Estimated Deal Value': ['12563', '12,563.50', '0', '-1', 'abc', '1e9'],
  Currency: ['USD', 'usd', 'GBP', 'US$'],
  'Estimated Close Date': ['1/30/2027', '01/30/2027', '13/45/2026', '2/29/2027', '11/23/2026'],
  'Created Date': ['10/1/2026', '11/20/2026', '11/9/2026', '1/1/2030', 'yesterday'],
  'Customer Country': ['US', 'gb', 'USA', 'XX'],
  'Microsoft help required?': ['Yes', 'No', 'yes', 'Maybe'],
  'What specific help from Microsoft?': ['1', '4', '6', '7', 'Architecture'],
  'Share with Microsoft sales team': ['Yes', 'No', 'Maybe'],
  'Consent to share Customer/Partner contact': ['Yes', 'No', 'Maybe'],
  'Contract names partner and solution?': ['Yes', 'No'],
  Direction: ['Inbound', 'Outbound', 'Sideways'],
  'Deal Type': ['Private', 'Co-sell', 'Partner to partner', 'Solution assessment', 'Other'],
  'Registration Status': ['Submitted', 'Approved', 'Rejected', 'Pending'],
  'Solution 1': ['SOL-1234-PQRS, USD, 10, 100', 'SOL-2002-SECO', 'SA-AZ-MIGRATE', 'TP-FAB-3100', 'NOPE-1'],
  'Solution 2': ['SA-SEC-REVIEW', 'MS-AZURE-SQL'],
  'Team member 1': ['Bob, Partner, 999999, bob@contoso.com', 'Bob'],
  'Invited Partner 1': ['Fabrikam Analytics Partners, 2/28/2027, 12000, GBP', 'Fabrikam, soon, 1, USD'],
  Notes: ['Customer wants a refresh', '=HYPERLINK("http://x")'],
  Errors: ['an old message', '=old formula'],
  'Deal Name': ['Alpha', '-Beta'],
  'Customer Contact Email Address': ['a@b.com', 'nope'],
  'Account Manager': ['Dana', '=1+1', '@Dana'],
};

const ACTION_TEXTS = [...ACTIONS.map((a) => a.name), 'Stage Proposed', 'stage 60', 'Stage 40%', 'Stage Won', 'Stage Collect data', 'Stage Present to customer', 'accept', '  Decline ', 'Advance', '=cmd|x'];

/** Starting rows in several lifecycle states, each with the actions likely to apply to it, so that every action is applied somewhere. */
const STARTS: readonly { readonly cells: Readonly<Record<string, string>>; readonly likely: readonly string[] }[] = [
  { cells: { ...BASE_ROW, 'Account Manager': 'Dana' }, likely: ['Stage Proposed', 'stage 80', 'Win', 'Invite partner'] },
  { cells: { ...BASE_ROW, 'Declined/Lost reason': '3', 'Account Manager': '' }, likely: ['Lose', 'Stage Negotiated'] },
  { cells: { ...BASE_ROW, ...(RECEIVED as Record<string, string>), 'Account Manager': '' }, likely: ['Accept', 'Expire', 'Decline'] },
  { cells: { ...BASE_ROW, ...(RECEIVED as Record<string, string>), 'Declined/Lost reason': '2', 'Account Manager': '' }, likely: ['Decline', 'Expire'] },
  { cells: { ...BASE_ROW, ...(RECEIVED as Record<string, string>), 'Created Date': '10/1/2026', 'Account Manager': '' }, likely: ['Expire', 'Accept'] },
  { cells: { ...BASE_ROW, 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won', 'Sales Stage': 'Won', 'Account Manager': '' }, likely: ['Register'] },
  { cells: { ...BASE_ROW, 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won', 'Sales Stage': 'Won', 'Registration Status': 'Submitted', 'Account Manager': '' }, likely: ['Registration approved', 'Registration rejected'] },
  { cells: { ...BASE_ROW, 'Deal Type': 'Private', 'Microsoft Referral Status': '', 'Microsoft help required?': 'No', 'Account Manager': '' }, likely: ['Invite Microsoft', 'Invite partner', 'Stage Proposed'] },
  { cells: { ...BASE_ROW, 'Deal Type': 'Private', 'Microsoft Referral Status': '', 'Microsoft help required?': 'No', 'Invited Partner 1': 'Fabrikam Analytics Partners, 2/28/2027, 12000, USD', 'Account Manager': '' }, likely: ['Invite partner'] },
  { cells: { ...BASE_ROW, 'Deal Type': 'Solution assessment', 'Solution 1': 'SA-AZ-MIGRATE', 'Sales Stage': 'Collect data', 'Account Manager': '' }, likely: ['Stage Prepare assessment report', 'Stage 60'] },
];
const HEADERS = Object.keys(STARTS[0].cells);

const cellFor = (header: string) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(POOLS[header] ?? ['x'])) }, { weight: 1, arbitrary: fc.constantFrom(...JUNK) });

const edit = fc.constantFrom(...HEADERS).chain((h) => cellFor(h).map((v) => [h, v] as const));

const row = fc
  .nat({ max: STARTS.length - 1 })
  .chain((start) =>
    fc.record({
      start: fc.constant(start),
      // Half the rows keep their start's cells; the others get one to three cells from the pools.
      edits: fc.oneof(fc.constant([]), fc.array(edit, { minLength: 1, maxLength: 3 })),
      action: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...STARTS[start].likely) },
        { weight: 2, arbitrary: fc.constantFrom(...ACTION_TEXTS) },
        { weight: 1, arbitrary: fc.constantFrom(...JUNK) },
      ),
      blank: fc.nat({ max: 19 }).map((n) => n === 0),
    }),
  )
  .map(({ start, edits, action, blank }): Record<string, string> => {
    if (blank) return Object.fromEntries(HEADERS.map((h) => [h, '']));
    const cells: Record<string, string> = { ...STARTS[start].cells, Action: action };
    for (const [h, v] of edits) cells[h] = v;
    return cells;
  });

/** A sheet: a shuffled column order, sometimes without Errors or Registration Status, 1 to 6 rows. */
const sheet = fc
  .record({
    headers: fc.shuffledSubarray(HEADERS, { minLength: HEADERS.length }),
    dropErrors: fc.boolean(),
    dropRegistration: fc.boolean(),
    rows: fc.array(row, { minLength: 1, maxLength: 10 }),
  })
  .map(({ headers, dropErrors, dropRegistration, rows }): SheetGrid => {
    const kept = headers.filter((h) => !(dropErrors && h === 'Errors') && !(dropRegistration && h === 'Registration Status'));
    return { headers: kept, rows: rows.map((cells) => kept.map((h) => cells[h])) };
  });

const evaluator = new RuleEvaluator(shippedRuleSet());
const catalog = shippedCatalog();
const isOwnErrors = ownErrorsText(shippedRuleSet());

/** Every broken promise of one write, as readable strings (empty when the write kept them all). */
function brokenPromises(grid: SheetGrid, outcomes: readonly RowOutcome[], written: SheetGrid, mode: 'check' | 'apply'): string[] {
  const broken: string[] = [];
  const at = new Map(written.headers.map((h, i) => [String(h), i]));
  if (at.size !== written.headers.length) broken.push(`duplicate written headers ${JSON.stringify(written.headers)}`);
  if (written.rows.length !== grid.rows.length) broken.push(`${written.rows.length} rows written for ${grid.rows.length}`);
  grid.headers.forEach((h) => {
    if (written.headers[at.get(String(h)) ?? -1] !== h) broken.push(`header ${JSON.stringify(h)} lost`);
  });
  for (const [i, h] of written.headers.entries()) {
    const added = !grid.headers.includes(h);
    if (added && !OWNED_HEADERS.has(String(h))) broken.push(`column ${JSON.stringify(h)} added`);
    if (added && FORMULA.test(String(h))) broken.push(`formula-like header ${JSON.stringify(h)} at ${i}`);
  }
  grid.rows.forEach((cells, r) => {
    const outcome = outcomes[r];
    const refused = outcome.action?.applied === false;
    const after = written.rows[r];
    const before = (h: string): Cell => cells[grid.headers.indexOf(h)] ?? '';
    for (const [h, c] of at) {
      const was = grid.headers.includes(h) ? before(h) : '';
      const now = after[c] ?? '';
      if (now === was) continue;
      const where = `row ${r + 2} ${JSON.stringify(h)}: ${JSON.stringify(was)} -> ${JSON.stringify(now)}`;
      if (!OWNED_HEADERS.has(h)) broken.push(`unowned cell changed, ${where}`);
      else if (h === 'Partner Center errors') {
        // Errors text the product did not write moves here, in any mode: it must keep that text and what was here.
        const foreign = String(before('Errors') ?? '').trim();
        if (!String(now).includes(foreign) || !String(now).includes(String(was).trim())) broken.push(`Partner Center's messages lost, ${where}`);
      } else if (h !== 'Errors' && (refused || mode === 'check')) broken.push(`${mode === 'check' ? 'check' : 'refused action'} changed an owned cell, ${where}`);
      if (typeof now === 'string' && FORMULA.test(now)) broken.push(`formula-like text written, ${where}`);
    }
    // What the product writes into Errors it recognises as its own, so a later run never takes it for Partner Center's.
    if (outcome.isDeal && !isOwnErrors(outcome.errors)) broken.push(`row ${r + 2}: Errors not recognised as cosell's own: ${JSON.stringify(outcome.errors)}`);
    if (outcome.action?.applied) {
      if ((after[at.get('Errors') ?? -1] ?? '') !== '') broken.push(`row ${r + 2}: applied, yet Errors is not empty`);
      // An Action cell of spaces asks for nothing (an overdue deal may still expire): it counts as clear.
      if (String(after[at.get('Action') ?? -1] ?? '').trim() !== '') broken.push(`row ${r + 2}: applied, yet Action is not cleared`);
    }
  });
  return broken;
}

describe('check and apply, then writeGrid, on arbitrary rows', () => {
  test('change only owned cells, leave refused rows as they were but for Errors, and write nothing formula-like', async () => {
    const seen = { applied: 0, refused: 0, invalid: 0, actions: new Set<string>() };
    await fc.assert(
      fc.asyncProperty(sheet, fc.boolean(), async (grid, expireOverdue) => {
        const { context, problems } = createSheetContext(grid, { rules: evaluator, catalog, today: TODAY });
        if (!context) throw new Error(`headers refused: ${JSON.stringify(problems)}`);
        const checked = await checkSheet(grid, context);
        const applied = await applySheet(grid, context, { expireOverdue });
        for (const o of applied) {
          if (o.action?.applied) seen.applied++;
          if (o.action?.applied) seen.actions.add(o.action.name);
          if (o.action?.applied === false) seen.refused++;
          if (!o.valid) seen.invalid++;
        }
        expect([
          ...brokenPromises(grid, checked, writeGrid(grid, context.map, checked), 'check'),
          ...brokenPromises(grid, applied, writeGrid(grid, context.map, applied), 'apply'),
        ]).toEqual([]);
      }),
      { numRuns: 150 },
    );
    // The generator reaches every kind of row, or the property proves little.
    expect(seen.applied).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
    expect(seen.invalid).toBeGreaterThan(60);
    expect([...seen.actions].sort()).toEqual(ACTIONS.map((a) => a.name).sort());
  }, 60_000);
});
