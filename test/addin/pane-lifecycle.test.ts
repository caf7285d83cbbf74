import { type DealInsight, type OutcomesResult, handleRulesRequest } from '../../addin/rules/rules-host';
import { RECEIVED, TODAY, gridOf, type RowOverrides } from '../helpers/deal-rows';

/** The pane judges with the same machine and rules as the CLI: the lifecycle decisions hold in its Deal view. */
async function inspect(...rows: RowOverrides[]): Promise<DealInsight> {
  const grid = gridOf(...rows);
  return (await handleRulesRequest({ kind: 'inspect', headers: grid.headers, rows: grid.rows, today: TODAY })) as DealInsight;
}

async function check(...rows: RowOverrides[]): Promise<OutcomesResult> {
  const grid = gridOf(...rows);
  return (await handleRulesRequest({ kind: 'check', headers: grid.headers, rows: grid.rows, today: TODAY })) as OutcomesResult;
}

const ASSESSMENT: RowOverrides = { 'Deal Type': 'Solution assessment', 'Solution 1': 'SA-AZ-MIGRATE', 'Microsoft help required?': 'No', 'Microsoft Referral Status': '' };

describe('the Deal view offers what the lifecycle allows', () => {
  test('a received deal offers exactly Accept, Decline and Expire: no invitation before acceptance', async () => {
    const insight = await inspect(RECEIVED);
    expect(insight.actions.map((a) => a.text)).toEqual(['Accept', 'Decline', 'Expire']);
  });

  test('a deal received 14 days ago offers Accept and Decline refused, saying so and naming Expire', async () => {
    const insight = await inspect({ ...RECEIVED, 'Created Date': '11/9/2026', 'Declined/Lost reason': '2' });
    const byName = new Map(insight.actions.map((a) => [a.text, a]));
    expect(byName.get('Accept')?.allowedRows).toBe(0);
    expect(byName.get('Accept')?.reasons).toContain('This deal was received 14 days ago (Created Date 11/9/2026), and a received deal expires once 14 days have passed: it can no longer be accepted; use Expire.');
    expect(byName.get('Decline')?.allowedRows).toBe(0);
    expect(byName.get('Expire')?.allowedRows).toBe(1);
  });

  test('an assessment deal offers only its next stage, and no Win before the last stage', async () => {
    const insight = await inspect({ ...ASSESSMENT, 'Sales Stage': 'Collect data' });
    const names = insight.actions.map((a) => a.text);
    expect(names.filter((n) => n.startsWith('Stage'))).toEqual(['Stage Prepare assessment report']);
    expect(names).not.toContain('Win');
  });

  test('an ordinary deal offers every stage but Won, earlier ones too', async () => {
    const insight = await inspect({ 'Sales Stage': 'Proposed' });
    const stages = insight.actions.map((a) => a.text).filter((n) => n.startsWith('Stage'));
    expect(stages).toEqual(['Stage Accepted', 'Stage Qualified', 'Stage Developed', 'Stage Proposed', 'Stage Negotiated']);
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
