import { type DealInsight, type OutcomesResult, handleRulesRequest } from '../../addin/rules/rules-host';
import { RECEIVED, TODAY, gridOf, type RowOverrides } from '../helpers/deal-rows';

/** The pane judges with the same machine and rules as the CLI: the lifecycle decisions hold in its Deal view. */
async function inspect(...rows: RowOverrides[]): Promise<DealInsight> {
  const grid = gridOf(...rows);
  const insight = await handleRulesRequest({ kind: 'inspect', headers: grid.headers, rows: grid.rows, today: TODAY });
  if (!insight) throw new Error('no deal to inspect');
  return insight;
}

async function check(...rows: RowOverrides[]): Promise<OutcomesResult> {
  const grid = gridOf(...rows);
  return handleRulesRequest({ kind: 'check', headers: grid.headers, rows: grid.rows, today: TODAY });
}

/** Every button's text the Deal view offers (a Stage picker's stages one by one). */
const texts = (insight: DealInsight) => insight.actions.flatMap((a) => a.choices.map((c) => c.text));
const choice = (insight: DealInsight, text: string) => insight.actions.flatMap((a) => a.choices).find((c) => c.text === text);

const ASSESSMENT: RowOverrides = { 'Deal Type': 'Solution assessment', 'Solution 1': 'SA-AZ-MIGRATE', 'Microsoft help required?': 'No', 'Microsoft Referral Status': '' };

describe('the Deal view offers what the lifecycle allows', () => {
  test('a received deal offers exactly Accept, Decline and Expire: no invitation before acceptance', async () => {
    const insight = await inspect(RECEIVED);
    expect(texts(insight)).toEqual(['Accept', 'Decline', 'Expire']);
  });

  test('a deal received 14 days ago offers Accept and Decline refused, saying so and naming Expire', async () => {
    const insight = await inspect({ ...RECEIVED, 'Created Date': '11/9/2026', 'Declined/Lost reason': '2' });
    expect(choice(insight, 'Accept')?.allowedRows).toBe(0);
    expect(choice(insight, 'Accept')?.reasons).toContain('This deal was received 14 days ago (Created Date 11/9/2026), and a received deal expires once 14 days have passed: it can no longer be accepted; use Expire.');
    expect(choice(insight, 'Decline')?.allowedRows).toBe(0);
    expect(choice(insight, 'Expire')?.allowedRows).toBe(1);
  });

  test('an assessment deal offers only its next stage, and no Win before the last stage', async () => {
    const insight = await inspect({ ...ASSESSMENT, 'Sales Stage': 'Collect data' });
    const names = texts(insight);
    expect(names.filter((n) => n.startsWith('Stage'))).toEqual(['Stage Prepare assessment report']);
    expect(names).not.toContain('Win');
  });

  test('an ordinary deal offers every other stage but Won, earlier ones too, as one Stage offer', async () => {
    const insight = await inspect({ 'Sales Stage': 'Proposed' }); // an outbound deal: its 10 % stage is Created
    const stage = insight.actions.filter((a) => a.action === 'Stage');
    expect(stage).toHaveLength(1);
    expect(stage[0].choices.map((c) => c.label)).toEqual(['Created (10%)', 'Qualified (20%)', 'Developed (40%)', 'Negotiated (80%)']);
  });

  test('stages and registration show only where they can matter', async () => {
    const received = await inspect(RECEIVED);
    expect([received.stages, received.registration]).toEqual([[], { kind: 'not-relevant' }]);
    const declined = await inspect({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Declined', Direction: 'Inbound', 'Declined/Lost reason': '2' });
    expect([declined.stages, declined.registration]).toEqual([[], { kind: 'not-relevant' }]);
    const active = await inspect({});
    expect(active.stages.length).toBeGreaterThan(0);
    expect(active.registration.kind).toBe('checklist');
  });
});

describe('Check in the pane', () => {
  test('a closed deal is read-only: an expired inbound deal with no address is valid, its missing reason on Lost is not', async () => {
    const { outcomes } = await check(
      { 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Expired', Direction: 'Inbound', 'Customer Address Line 1': '', 'Customer City': '' },
      { 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Lost', 'Customer Address Line 1': '' },
    );
    expect(outcomes.map((o) => o.errors)).toEqual(['', 'A Lost deal needs a Declined/Lost reason code from 1 to 8']);
  });

  test('an ISO date typed in a date column is quoted as typed', async () => {
    const { outcomes } = await check({ 'Estimated Close Date': '2026-01-30' });
    expect(outcomes[0].errors).toBe('Estimated Close Date must be a real date written MM/DD/YYYY, e.g. 1/30/2020, not "2026-01-30"');
  });
});
