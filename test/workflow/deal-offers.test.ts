import { type SheetGrid, applyAsAsked, createSheetContext, offerActions, parseDeal, registrationChecklist, rowToExplain } from '../../engine/index';
import { RECEIVED, TODAY, gridOf, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';

const contextOf = (grid: SheetGrid) => createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY }).context!;
const choices = async (grid: SheetGrid) => (await offerActions(grid, contextOf(grid))).flatMap((o) => o.choices);

describe('offerActions: what the Deal view offers, judged as apply judges', () => {
  test('a received deal offers Accept, Decline and Expire, nothing else', async () => {
    const offers = await offerActions(gridOf(RECEIVED), contextOf(gridOf(RECEIVED)));
    expect(offers.map((o) => o.action)).toEqual(['Accept', 'Decline', 'Expire']);
  });

  test('with several rows, counts and reasons come only from the rows whose state offers the action', async () => {
    // A received deal (Win not possible), an active deal that may be won, and an active one whose Win is refused.
    const grid = gridOf(RECEIVED, {}, { 'Deal Type': '' });
    const win = (await choices(grid)).find((c) => c.text === 'Win')!;
    expect(win).toMatchObject({ possibleRows: 2, allowedRows: 1 });
    expect(win.reasons).toEqual(["fix this row's problems first"]);
    expect(win.reasons.join(' ')).not.toMatch(/not possible/);
  });

  test('each reason once, however many rows give it', async () => {
    const grid = gridOf({ ...RECEIVED, Notes: '' }, { ...RECEIVED, Notes: '' }, { ...RECEIVED, Notes: '' });
    const accept = (await choices(grid)).find((c) => c.text === 'Accept')!;
    expect(accept.allowedRows).toBe(0);
    expect(accept.reasons).toHaveLength(1);
  });

  test('a solution assessment offers its next stage only; an ordinary deal one Stage offer with its other stages', async () => {
    const sa = gridOf({ 'Deal Type': 'Solution assessment', 'Solution 1': 'SA-AZ-MIGRATE', 'Microsoft help required?': 'No', 'Microsoft Referral Status': '', 'Sales Stage': 'Collect data' });
    expect((await offerActions(sa, contextOf(sa))).find((o) => o.action === 'Stage')?.choices.map((c) => c.text)).toEqual(['Stage Prepare assessment report']);
    const ordinary = gridOf({ 'Sales Stage': 'Developed' });
    const stage = (await offerActions(ordinary, contextOf(ordinary))).filter((o) => o.action === 'Stage');
    expect(stage.map((o) => o.choices.map((c) => c.text))).toEqual([['Stage Created', 'Stage Qualified', 'Stage Proposed', 'Stage Negotiated']]);
  });
});

describe('applyAsAsked: a button as if each Action cell held it', () => {
  test('clears an Action cell that asked for the same thing (Stage 60 is Stage Proposed), and leaves any other', async () => {
    const grid = gridOf({ Action: 'stage 60' }, { Action: 'Lose' });
    const { outcomes } = await applyAsAsked(grid, contextOf(grid), 'Stage Proposed');
    expect(outcomes.map((o) => [o.action?.applied, o.changes.action])).toEqual([
      [true, ''],
      [true, undefined],
    ]);
  });
});

describe('registrationChecklist', () => {
  const checklistOf = async (row: Record<string, string>) => {
    const grid = gridOf(row);
    const context = contextOf(grid);
    return registrationChecklist(parseDeal(grid.rows[0], context.map, 2, context), context);
  };

  test('is not relevant on a received, declined or submitted deal', async () => {
    expect(await checklistOf(RECEIVED as Record<string, string>)).toEqual({ kind: 'not-relevant' });
    expect(await checklistOf({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Declined', Direction: 'Inbound', 'Declined/Lost reason': '2' })).toEqual({ kind: 'not-relevant' });
    expect(await checklistOf({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won', 'Sales Stage': 'Won', 'Registration Status': 'Submitted' })).toEqual({ kind: 'not-relevant' });
  });

  test('lists each registration rule, met or not, on an active or won unregistered deal', async () => {
    const won = await checklistOf({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won', 'Sales Stage': 'Won', 'Deal Type': 'Private', 'Microsoft Referral Status': '', 'Microsoft help required?': 'No' });
    expect(won.kind).toBe('checklist');
    if (won.kind !== 'checklist') return;
    expect(won.items.length).toBeGreaterThanOrEqual(4);
    expect(won.items.find((i) => /Microsoft invited/i.test(i.label))?.status).toBe('not met');
  });
});

describe('rowToExplain and the Stage picker\'s first choice', () => {
  test('Why? beside an action explains a selected row whose state offers it and which apply refuses', async () => {
    // An active deal (Accept not possible), a received deal that may be accepted, one refused for lack of Notes.
    const grid = gridOf({}, RECEIVED, { ...RECEIVED, Notes: '' });
    expect(await rowToExplain(grid, contextOf(grid), 'Accept')).toBe(2);
  });

  test('the picker starts on the next stage forward, never a step back', async () => {
    const grid = gridOf({ 'Sales Stage': 'Developed' });
    const stage = (await offerActions(grid, contextOf(grid))).find((o) => o.action === 'Stage')!;
    expect(stage.preferred).toBe('Stage Proposed');
  });
});

test('a registration rule that cannot be judged is listed as not judged, not as not met', async () => {
  // No Deal Type column and a solution the catalog does not know: the deal type is undecided.
  const full = gridOf({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won', 'Sales Stage': 'Won', 'Solution 1': 'SOL-UNKNOWN-1' });
  const drop = full.headers.indexOf('Deal Type');
  const grid = { headers: full.headers.filter((_, i) => i !== drop), rows: full.rows.map((r) => r.filter((_, i) => i !== drop)) };
  const context = contextOf(grid);
  const list = await registrationChecklist(parseDeal(grid.rows[0], context.map, 2, context), context);
  if (list.kind !== 'checklist') throw new Error('expected a checklist');
  expect(list.items.some((i) => i.status === 'not judged' && /cannot be judged/.test(i.label))).toBe(true);
});
