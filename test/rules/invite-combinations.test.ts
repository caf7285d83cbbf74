import { describeRuleFile, ASSESSMENT } from '../helpers/rule-cases';

const PARTNER = { 'Invited Partner 1': 'Fabrikam, Ltd, 6/30/2027, 5000, USD' };

describeRuleFile('invite-combinations.json', [
  { rule: 'invited-partner-entries-complete', fires: { 'Invited Partner 1': 'Fabrikam, 6/30/2027, 5000' }, passes: PARTNER },
  { rule: 'no-partners-on-inbound-co-sell', fires: { ...PARTNER, Direction: 'Inbound' }, passes: PARTNER },
  { rule: 'no-partners-on-solution-assessment', fires: { ...ASSESSMENT, ...PARTNER }, passes: ASSESSMENT },
  { rule: 'invite-microsoft-only-private-or-p2p', action: 'Invite Microsoft', fires: {}, passes: { 'Deal Type': 'Partner to partner' } },
  { rule: 'invite-microsoft-needs-help-type', action: 'Invite Microsoft', fires: { 'What specific help from Microsoft?': '' }, passes: {} },
  { rule: 'invite-microsoft-needs-customer-contact', action: 'Invite Microsoft', fires: { 'Customer Contact First Name': '' }, passes: {} },
  { rule: 'invite-microsoft-needs-consent', action: 'Invite Microsoft', fires: { 'Consent to share Customer/Partner contact': 'No' }, passes: {} },
  { rule: 'invite-partner-not-on-solution-assessment', action: 'Invite partner', fires: ASSESSMENT, passes: {} },
  { rule: 'invite-partner-not-on-inbound-co-sell', action: 'Invite partner', fires: { Direction: 'Inbound' }, passes: {} },
  { rule: 'invite-partner-needs-entry', action: 'Invite partner', fires: {}, passes: PARTNER },
  { rule: 'invite-partner-needs-complete-entries', action: 'Invite partner', fires: { 'Invited Partner 1': 'Fabrikam' }, passes: PARTNER },
]);
