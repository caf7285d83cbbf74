import * as path from 'node:path';
import { loadRuleDir } from '../../engine/node';
import { RECEIVED, RULES_DIR, firedRules, verdictFor } from '../helpers/deal-rows';
import { copyRules, editJson, tempDir } from '../helpers/temp-dir';

const tmp = tempDir();

describe('the policy is data: editing rule JSON changes verdicts with no code change', () => {
  test('raising the expiry from 14 to 30 days keeps a 20-day-old deal open', async () => {
    const row = { ...RECEIVED, 'Created Date': '11/3/2026' };
    expect(firedRules(await verdictFor(row, 'Expire'), 'Expire')).toEqual([]);

    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'lifecycle-gates.json'), (json) => {
      const rule = json.rules.find((r: { name: string }) => r.name === 'expire-after-14-days');
      rule.conditions.all[0].value = 30;
      rule.event.params.message = 'A deal expires 30 days after it was received; this one was received {daysSinceCreated} days ago (Created Date {createdDate}).';
    });
    const verdict = await verdictFor(row, 'Expire', loadRuleDir(dir).ruleSet!);
    expect(verdict.refusals.expire?.map((f) => f.message)).toEqual(['A deal expires 30 days after it was received; this one was received 20 days ago (Created Date 11/3/2026).']);
  });

  test('removing a rule removes its problem', async () => {
    const row = { 'Customer City': '' };
    expect(firedRules(await verdictFor(row))).toEqual(['customer-city-required']);
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'field-validation.json'), (json) => (json.rules = json.rules.filter((r: { name: string }) => r.name !== 'customer-city-required')));
    expect(firedRules(await verdictFor(row, undefined, loadRuleDir(dir).ruleSet!))).toEqual([]);
  });
});
