import { RuleEvaluator, dealFacts, isClosedDeal, mapHeaders, parseDeal } from '../../engine/index';
import { TODAY, gridOf, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';

const factsOf = (...rows: Record<string, string>[]) => {
  const grid = gridOf(...rows);
  const { map } = mapHeaders(grid.headers);
  return grid.rows.map((cells, i) => {
    const deal = parseDeal(cells, map, i + 2, { decimalComma: false });
    return dealFacts(deal, { catalog: shippedCatalog(), today: TODAY, closed: isClosedDeal(deal) });
  });
};

describe('RuleEvaluator', () => {
  test('concurrent evaluations on one evaluator do not mix their rows', async () => {
    const evaluator = new RuleEvaluator(shippedRuleSet());
    const valid = factsOf(...Array.from({ length: 20 }, () => ({})));
    const invalid = factsOf(...Array.from({ length: 20 }, () => ({ 'Customer City': '' })));
    const [a, b, c] = await Promise.all([evaluator.evaluate(valid), evaluator.evaluate(invalid), evaluator.evaluate(valid)]);
    expect(a.every((v) => v.problems.length === 0)).toBe(true);
    expect(b.every((v) => v.problems.map((p) => p.rule).join() === 'customer-city-required')).toBe(true);
    expect(c.every((v) => v.problems.length === 0)).toBe(true);
  });

  test('judges every action gate by default, and only the gates asked for otherwise', async () => {
    const evaluator = new RuleEvaluator(shippedRuleSet());
    const facts = factsOf({ 'Declined/Lost reason': '' });
    const [all] = await evaluator.evaluate(facts);
    // The base row is an Active Co-sell deal created 10/1/2026: no reason code, Microsoft already invited, no invited
    // partner, more than 14 days since it was created (Accept and Decline would be too late for a received deal).
    expect(Object.keys(all.refusals).sort()).toEqual(['accept', 'decline', 'inviteMicrosoft', 'invitePartner', 'lose']);
    const [some] = await evaluator.evaluate(facts, () => ['lose']);
    expect(Object.keys(some.refusals)).toEqual(['lose']);
  });

  test('messages read dates as M/D/YYYY and empty values as (empty)', async () => {
    const evaluator = new RuleEvaluator(shippedRuleSet());
    const received = { 'Partner Referral Status': 'New', 'Partner Referral Substatus': 'Received', Direction: 'Inbound', 'Sales Stage': '' };
    const [verdict] = await evaluator.evaluate(factsOf({ ...received, 'Created Date': '11/20/2026', 'Microsoft Referral Status': '' }), () => ['expire', 'register']);
    expect(verdict.refusals.expire?.map((f) => f.message)).toEqual(['A deal expires 14 days after it was received; this one was received 3 days ago (Created Date 11/20/2026).']);
    expect(verdict.refusals.register?.map((f) => f.message)).toEqual([
      'Register needs Microsoft Referral Status Accepted or Won (Microsoft accepted the invitation or marked the deal won); it is (empty).',
    ]);
  });

  test('a list fact in columns expands to its headers', async () => {
    const evaluator = new RuleEvaluator(shippedRuleSet());
    const [verdict] = await evaluator.evaluate(factsOf({ 'Team member 1': 'Bob', 'Team member 2': 'Ann, Lee' }), () => []);
    const finding = verdict.problems.find((p) => p.rule === 'team-member-entries-complete')!;
    expect(finding.columns).toEqual(['Team member 1', 'Team member 2']);
    expect(finding.message).toBe('Team member 1, Team member 2: give first name, last name, phone and email, separated by commas.');
  });
});
