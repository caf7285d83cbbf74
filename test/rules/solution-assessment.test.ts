import { describeRuleFile, ASSESSMENT } from '../helpers/rule-cases';

describeRuleFile('solution-assessment.json', [
  { rule: 'assessment-has-one-solution', fires: { ...ASSESSMENT, 'Solution 2': 'MS-AZURE-SQL' }, passes: ASSESSMENT },
  { rule: 'assessment-solution-is-assessment', fires: { ...ASSESSMENT, 'Solution 1': 'SOL-1234-PQRS' }, passes: ASSESSMENT },
  { rule: 'assessment-stages-in-order', action: 'Stage Present to customer', passAction: 'Stage Prepare assessment report', fires: ASSESSMENT, passes: ASSESSMENT },
  { rule: 'assessment-win-after-all-stages', action: 'Win', fires: ASSESSMENT, passes: { ...ASSESSMENT, 'Sales Stage': 'Present to customer' } },
]);
