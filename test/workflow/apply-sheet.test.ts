import { ACTIONS, type RuleSet, applySheet, checkSheet, createSheetContext, mapHeaders, parseDeal, possibleActions, summarize, writeGrid, type SheetGrid } from '../../engine/index';
import { RECEIVED, TODAY, gridOf, shippedCatalog, shippedRuleSet, type RowOverrides } from '../helpers/deal-rows';


async function apply(grid: SheetGrid, options: { expireOverdue?: boolean } = {}, rules: RuleSet = shippedRuleSet()) {
  const { context } = createSheetContext(grid, { rules, catalog: shippedCatalog(), today: TODAY });
  const outcomes = await applySheet(grid, context!, options);
  return { outcomes, written: writeGrid(grid, context!.map, outcomes), summary: summarize(outcomes) };
}

const cell = (grid: SheetGrid, row: number, header: string) => grid.rows[row][grid.headers.indexOf(header)];

describe('applying the Action column', () => {
  test('an applied action changes only owned cells, clears Action and empties Errors', async () => {
    const grid = gridOf({ ...RECEIVED, Action: 'Accept', Errors: 'old message' });
    const { written, outcomes } = await apply(grid);
    expect(outcomes[0].action).toEqual({ name: 'Accept', applied: true, reasons: [] });
    const changed = grid.headers.filter((h, i) => written.rows[0][i] !== grid.rows[0][i]);
    expect(changed.sort()).toEqual(['Action', 'Errors', 'Partner Referral Status', 'Partner Referral Substatus', 'Sales Stage'].sort());
    expect([cell(written, 0, 'Partner Referral Status'), cell(written, 0, 'Partner Referral Substatus'), cell(written, 0, 'Sales Stage')]).toEqual(['Active', 'Accepted', 'Accepted']);
  });

  test('a refused action leaves the row exactly as it was, but for Errors saying why', async () => {
    const grid = gridOf({ ...RECEIVED, Action: 'Accept', Notes: '' });
    const { written, outcomes } = await apply(grid);
    expect(outcomes[0].action?.applied).toBe(false);
    grid.headers.forEach((h, i) => h !== 'Errors' && expect(written.rows[0][i]).toEqual(grid.rows[0][i]));
    expect(cell(written, 0, 'Errors')).toBe('Accept refused: Accept needs Notes: after contacting the customer, write what they are looking for');
  });

  test('an action whose resulting row would be invalid is refused, naming what it would break', async () => {
    // A policy under which Co-sell deals need a Customer State: inviting Microsoft makes this Partner to partner deal Co-sell.
    const shipped = shippedRuleSet();
    const crmRule = {
      name: 'co-sell-needs-customer-state',
      file: 'extra.json',
      conditions: { all: [{ fact: 'dealType', operator: 'equal', value: 'Co-sell' }, { fact: 'customerState', operator: 'isEmpty', value: true }] },
      event: { type: 'validation' as const, params: { message: 'A Co-sell deal needs a Customer State.', columns: ['Customer State'] } },
    };
    const rules: RuleSet = { ...shipped, rules: [...shipped.rules, crmRule] };
    const grid = gridOf({ 'Deal Type': 'Partner to partner', 'Microsoft help required?': 'No', 'Microsoft Referral Status': '', 'Customer State': '', Action: 'Invite Microsoft' });
    const { outcomes, written } = await apply(grid, {}, rules);
    expect(outcomes[0].action?.applied).toBe(false);
    expect(outcomes[0].errors).toBe('Invite Microsoft refused: the row would be invalid: A Co-sell deal needs a Customer State');
    grid.headers.forEach((h, i) => h !== 'Errors' && expect(written.rows[0][i]).toEqual(grid.rows[0][i]));
  });

  test('a row that is already invalid refuses actions without repeating its problems', async () => {
    const { outcomes } = await apply(gridOf({ Action: 'Stage Proposed', 'Customer City': '' }));
    expect(outcomes[0].errors).toBe("Stage refused: fix this row's problems first; Customer City is required");
  });

  test('an action the lifecycle does not offer in the state is refused, naming the state', async () => {
    const { outcomes } = await apply(gridOf({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Lost', 'Declined/Lost reason': '3', Action: 'Win' }));
    expect(outcomes[0].errors).toBe('Win refused: Win is not possible on a Closed/Lost deal: a lost deal is closed, and closed deals take no action');
  });

  test('an unknown action is reported with the actions there are', async () => {
    const { outcomes } = await apply(gridOf({ Action: 'Advance' }));
    expect(outcomes[0].errors).toMatch(/^Action "Advance" is not an action: use one of Accept, Decline, Expire, Stage <name or %>/);
  });

  test('actions match case-insensitively and Stage keeps the form the cell used', async () => {
    const { written } = await apply(
      gridOf({ Action: '  stage   PROPOSED ' }, { 'Sales Stage': '40', Action: 'Stage 60' }, { 'Sales Stage': '40%', Action: 'stage negotiated' }, { 'Sales Stage': 40, Action: 'Stage 80' }),
    );
    expect(written.rows.map((_, i) => cell(written, i, 'Sales Stage'))).toEqual(['Proposed', '60', '80%', 80]);
    expect(written.rows.map((_, i) => cell(written, i, 'Errors'))).toEqual(['', '', '', '']);
  });

  test('Invite Microsoft turns a Private deal into Co-sell asking for help', async () => {
    const { written } = await apply(gridOf({ 'Deal Type': 'Private', 'Microsoft help required?': 'No', 'Microsoft Referral Status': '', Action: 'Invite Microsoft' }));
    expect(['Deal Type', 'Microsoft help required?', 'Microsoft Referral Status'].map((h) => cell(written, 0, h))).toEqual(['Co-sell', 'Yes', 'Pending']);
  });

  test('Invite partner turns a Private deal into Partner to partner', async () => {
    const { written } = await apply(
      gridOf({ 'Deal Type': 'Private', 'Microsoft help required?': 'No', 'Invited Partner 1': 'Fabrikam, 6/30/2027, 5000, USD', Action: 'Invite partner' }),
    );
    expect(cell(written, 0, 'Deal Type')).toBe('Partner to partner');
  });

  test('Register fills a Registration Status column the sheet did not have, after the last column', async () => {
    const base = gridOf({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won', 'Sales Stage': 'Won', Action: 'Register' });
    const at = base.headers.indexOf('Registration Status');
    const grid = { headers: base.headers.filter((_, i) => i !== at), rows: base.rows.map((r) => r.filter((_, i) => i !== at)) };
    const { written } = await apply(grid);
    expect(written.headers.at(-1)).toBe('Registration Status');
    expect(written.rows[0].at(-1)).toBe('Submitted');
  });

  describe('--expire-overdue', () => {
    const overdue: RowOverrides = { ...RECEIVED, 'Created Date': '11/1/2026' };
    test('expires received deals 14 days old that ask for nothing, and leaves younger ones alone', async () => {
      const { written, summary } = await apply(gridOf(overdue, { ...RECEIVED, 'Created Date': '11/20/2026' }), { expireOverdue: true });
      expect(cell(written, 0, 'Partner Referral Substatus')).toBe('Expired');
      expect(cell(written, 1, 'Partner Referral Substatus')).toBe('Received');
      expect(cell(written, 1, 'Errors')).toBe('');
      expect(summary.byAction).toEqual({ Expire: { applied: 1, refused: 0 } });
    });
    test('adds no Action column to a sheet that has none', async () => {
      const base = gridOf(overdue);
      const at = base.headers.indexOf('Action');
      const grid = { headers: base.headers.filter((_, i) => i !== at), rows: base.rows.map((r) => r.filter((_, i) => i !== at)) };
      const { written } = await apply(grid, { expireOverdue: true });
      expect(written.headers).toEqual(grid.headers);
      expect(cell(written, 0, 'Partner Referral Substatus')).toBe('Expired');
    });
    test('does nothing without the option, and an explicit Action wins over it', async () => {
      expect((await apply(gridOf(overdue))).summary.applied).toBe(0);
      // The row's own Accept is judged (and refused: 22 days is past the 14 in which a deal can be accepted), not expired.
      const { written } = await apply(gridOf({ ...overdue, Action: 'Accept' }), { expireOverdue: true });
      expect(cell(written, 0, 'Partner Referral Substatus')).toBe('Received');
      expect(cell(written, 0, 'Errors')).toBe(
        'Accept refused: This deal was received 22 days ago (Created Date 11/1/2026), and a received deal expires once 14 days have passed: it can no longer be accepted; use Expire',
      );
    });
  });

  test('blank lines are not deals and are left alone', async () => {
    const grid = gridOf({});
    const withBlank = { headers: grid.headers, rows: [grid.rows[0], grid.headers.map(() => '')] };
    const { outcomes, summary } = await apply(withBlank);
    expect(outcomes[1].isDeal).toBe(false);
    expect(summary.rows).toBe(1);
  });

  test('the summary counts rows, validity and actions', async () => {
    const { summary } = await apply(gridOf({ ...RECEIVED, Action: 'Accept' }, { ...RECEIVED, Action: 'Accept', Notes: '' }, { Currency: 'XXX' }));
    expect(summary).toEqual({ rows: 3, valid: 2, invalid: 1, applied: 1, refused: 1, byAction: { Accept: { applied: 1, refused: 1 } }, notJudged: 0 });
  });
});

describe('the actions a row offers', () => {
  test('come from the machine, before any policy', () => {
    const names = (overrides: RowOverrides) => {
      const grid = gridOf(overrides);
      const deal = parseDeal(grid.rows[0], mapHeaders(grid.headers).map, 2, { decimalComma: false });
      const requests = ACTIONS.filter((a) => a.event !== 'STAGE').map((action) => ({ action }));
      return possibleActions(deal, requests).map((r) => r.action.name);
    };
    expect(names(RECEIVED)).toEqual(['Accept', 'Decline', 'Expire']);
    expect(names({})).toEqual(['Win', 'Lose', 'Invite Microsoft', 'Invite partner']);
    expect(names({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won' })).toEqual(['Register']);
    expect(names({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won', 'Registration Status': 'Submitted' })).toEqual(['Registration approved', 'Registration rejected']);
    expect(names({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Lost' })).toEqual([]);
    expect(names({ 'Partner Referral Substatus': 'Won' })).toEqual([]);
  });
});

describe('checking', () => {
  test('writes messages joined by "; " and an empty Errors cell for a valid row', async () => {
    const grid = gridOf({}, { 'Estimated Close Date': '31/1/2027', Currency: '' });
    const { context } = createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY });
    const outcomes = await checkSheet(grid, context!);
    expect(outcomes.map((o) => o.errors)).toEqual([
      '',
      'Currency is required with Estimated Deal Value (ISO 4217, e.g. USD); Estimated Close Date must be a real date written MM/DD/YYYY, e.g. 1/30/2020, not "31/1/2027"',
    ]);
  });

  test('names the columns of every problem once, for the cells the pane marks', async () => {
    const grid = gridOf({}, { 'Estimated Close Date': '31/1/2027', Currency: '' });
    const { context } = createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY });
    const outcomes = await checkSheet(grid, context!);
    expect(outcomes.map((o) => o.columns)).toEqual([[], ['Currency', 'Estimated Close Date']]);
  });

  test('reports progress per batch', async () => {
    const grid = gridOf(...Array.from({ length: 5 }, () => ({})));
    const progress: number[] = [];
    const { context } = createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY, batchSize: 2, onProgress: (done) => progress.push(done) });
    await checkSheet(grid, context!);
    expect(progress).toEqual([2, 4, 5]);
  });
});

describe('closing a deal never hides a problem the row had', () => {
  const ASSESSMENT = { 'Deal Type': 'Solution assessment', 'Solution 1': 'SA-AZ-MIGRATE', 'Microsoft help required?': 'No', 'Sales Stage': 'Present to customer' };
  const refusedInPlace = async (row: RowOverrides, action: string, problem: RegExp) => {
    const grid = gridOf({ ...row, Action: action });
    const { outcomes, written } = await apply(grid);
    expect(outcomes[0].action).toMatchObject({ name: action, applied: false, reasons: ["fix this row's problems first"] });
    expect(outcomes[0].errors).toMatch(problem);
    grid.headers.forEach((h, i) => h !== 'Errors' && expect(written.rows[0][i]).toEqual(grid.rows[0][i]));
  };

  test('Win on an assessment deal whose Deal Type is empty is refused until the type is filled', async () => {
    await refusedInPlace({ ...ASSESSMENT, 'Deal Type': '' }, 'Win', /^Win refused: fix this row's problems first; Deal Type is required/);
  });

  test('Lose on an open deal at stage Won is refused: a lost deal is never at Won', async () => {
    await refusedInPlace({ 'Sales Stage': 'Won', 'Declined/Lost reason': '3' }, 'Lose', /Sales Stage Won is for won deals \(the Win action sets it\), and this one is Active\/Accepted/);
  });

  test('Decline on a received deal whose Direction is misspelt is refused: only inbound deals are declined', async () => {
    await refusedInPlace({ ...RECEIVED, Direction: 'Inbund', 'Declined/Lost reason': '3' }, 'Decline', /Direction/);
  });

  test('Win on an open deal with a Registration Status is refused: registration comes only through Register', async () => {
    await refusedInPlace({ 'Registration Status': 'Submitted' }, 'Win', /Registration Status/);
  });

  test('an action that rewrites the cells of a problem fixes it: Win on an open deal at stage Won', async () => {
    const { outcomes, written } = await apply(gridOf({ 'Sales Stage': 'Won', Action: 'Win' }));
    expect(outcomes[0].action?.applied).toBe(true);
    expect([cell(written, 0, 'Partner Referral Status'), cell(written, 0, 'Partner Referral Substatus'), cell(written, 0, 'Sales Stage'), cell(written, 0, 'Errors')]).toEqual(['Closed', 'Won', 'Won', '']);
  });

  test('Invite partner on a Private deal with a Microsoft status makes it Partner to partner, which may have one', async () => {
    const { outcomes, written } = await apply(gridOf({ 'Deal Type': 'Private', 'Microsoft help required?': 'No', 'Invited Partner 1': 'Fabrikam, 6/30/2027, 5000, USD', Action: 'Invite partner' }));
    expect(outcomes[0].action?.applied).toBe(true);
    expect(cell(written, 0, 'Deal Type')).toBe('Partner to partner');
  });
});

describe('the lifecycle of a raw export whose Deal Type is undecided', () => {
  // No Deal Type column, and a solution the catalog does not know: the deal could be a solution assessment.
  const rawGrid = (stage: string, action: string): SheetGrid => {
    const grid = gridOf({ 'Solution 1': 'SOL-UNKNOWN-1', 'Sales Stage': stage, Action: action });
    const drop = grid.headers.indexOf('Deal Type');
    return { headers: grid.headers.filter((_, i) => i !== drop), rows: grid.rows.map((r) => r.filter((_, i) => i !== drop)) };
  };

  test.each([
    ['Win', 'Collect data'],
    ['Stage Negotiated', 'Developed'],
  ])('%s is not judged, saying why, since stage order and Win differ on assessments', async (action, stage) => {
    const { outcomes } = await apply(rawGrid(stage, action));
    expect(outcomes[0].action?.applied).toBe(false);
    expect(outcomes[0].errors).toMatch(/refused: cannot be judged: .*Deal Type/);
  });
});

describe('Closed/Error: a deal Partner Center could not process', () => {
  const ERROR = { 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Error', 'Declined/Lost reason': '8' };

  test('is a closed state: it takes no action, saying why', async () => {
    const { outcomes } = await apply(gridOf({ ...ERROR, Action: 'Lose' }));
    expect(outcomes[0].errors).toBe('Lose refused: Lose is not possible on a Closed/Error deal: Partner Center could not process this deal, so it is closed, and closed deals take no action');
  });

  test('is judged like the other closed deals: an empty address is no problem', async () => {
    const { outcomes } = await apply(gridOf({ ...ERROR, 'Customer Address Line 1': '' }));
    expect(outcomes[0]).toMatchObject({ valid: true, errors: '' });
  });
});

describe('the Stage action names the stages one can ask for', () => {
  test('never Won (Win sets it), and a deal type that is no type reads as a sales stage', async () => {
    const { outcomes } = await apply(gridOf({ 'Deal Type': 'Assessment', Action: 'Stage Collect data' }));
    expect(outcomes[0].errors).toMatch(/^Action "Stage Collect data": "Collect data" is not a sales stage; use one of Created \(10%\), .*Negotiated \(80%\)(;|$)/);
    expect(outcomes[0].errors).not.toMatch(/Won \(100%\)/);
  });
});
