import { describeRuleFile } from '../helpers/rule-cases';

const WON = { 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won', 'Sales Stage': 'Won' };

describeRuleFile('registration.json', [
  { rule: 'register-needs-microsoft-invited', action: 'Register', fires: { ...WON, 'Deal Type': 'Private' }, passes: WON },
  { rule: 'register-needs-microsoft-accepted', action: 'Register', fires: { ...WON, 'Microsoft Referral Status': 'Pending' }, passes: { ...WON, 'Microsoft Referral Status': 'Won' } },
  { rule: 'register-needs-incentive-eligible-solution', action: 'Register', fires: { ...WON, 'Solution 1': 'MS-AZURE-SQL' }, passes: WON },
  { rule: 'register-needs-contract-attestation', action: 'Register', fires: { ...WON, 'Contract names partner and solution?': 'No' }, passes: WON },
]);
