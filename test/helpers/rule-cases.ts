import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DIR, type RowOverrides, firedRules, verdictFor } from './deal-rows';

/** A rule's two sides: a row (and action) on which it fires, and one on which it does not. */
export interface RuleCase {
  readonly rule: string;
  readonly fires: RowOverrides;
  readonly passes: RowOverrides;
  /** The action judged (the Action cell's text); validation only when absent. */
  readonly action?: string;
  /** When the passing side needs another action than the failing side. */
  readonly passAction?: string;
}

/** Declares the pass/fail tests of every rule in one rule file, and fails when a rule has no case. */
export function describeRuleFile(file: string, cases: readonly RuleCase[]): void {
  const rules: { name: string }[] = JSON.parse(fs.readFileSync(path.join(RULES_DIR, file), 'utf8')).rules;

  describe(`rules/${file}`, () => {
    test('every rule has a pass case and a fail case', () => {
      expect(cases.map((c) => c.rule).sort()).toEqual(rules.map((r) => r.name).sort());
    });

    describe.each(cases)('$rule', (c) => {
      test(`fires${c.action ? ` on ${c.action}` : ''}`, async () => {
        expect(firedRules(await verdictFor(c.fires, c.action), c.action)).toContain(c.rule);
      });
      test(`does not fire${c.passAction ?? c.action ? ` on ${c.passAction ?? c.action}` : ''}`, async () => {
        expect(firedRules(await verdictFor(c.passes, c.passAction ?? c.action), c.passAction ?? c.action)).not.toContain(c.rule);
      });
    });
  });
}

/** Overrides that make the base row an inbound deal waiting as New/Received. */
export const RECEIVED: RowOverrides = { 'Partner Referral Status': 'New', 'Partner Referral Substatus': 'Received', Direction: 'Inbound', 'Sales Stage': '' };

/** Overrides that make the base row a solution-assessment deal at Collect data. */
export const ASSESSMENT: RowOverrides = {
  'Deal Type': 'Solution assessment',
  'Solution 1': 'SA-AZ-MIGRATE',
  'Sales Stage': 'Collect data',
  'Microsoft help required?': 'No',
};
