import { describeRuleFile, RECEIVED } from '../helpers/rule-cases';

describeRuleFile('lifecycle-gates.json', [
  { rule: 'accept-needs-deal-name', action: 'Accept', fires: { ...RECEIVED, 'Deal Name': '' }, passes: RECEIVED },
  { rule: 'accept-needs-value', action: 'Accept', fires: { ...RECEIVED, 'Estimated Deal Value': '' }, passes: RECEIVED },
  { rule: 'accept-needs-close-date', action: 'Accept', fires: { ...RECEIVED, 'Estimated Close Date': '' }, passes: RECEIVED },
  { rule: 'accept-needs-notes', action: 'Accept', fires: { ...RECEIVED, Notes: '' }, passes: RECEIVED },
  { rule: 'decline-needs-reason', action: 'Decline', fires: RECEIVED, passes: { ...RECEIVED, 'Declined/Lost reason': '2' } },
  { rule: 'expire-needs-created-date', action: 'Expire', fires: { ...RECEIVED, 'Created Date': '' }, passes: RECEIVED },
  { rule: 'expire-after-14-days', action: 'Expire', fires: { ...RECEIVED, 'Created Date': '11/20/2026' }, passes: { ...RECEIVED, 'Created Date': '11/9/2026' } },
  { rule: 'stage-won-only-by-win', action: 'Stage Won', passAction: 'Stage Proposed', fires: {}, passes: {} },
  { rule: 'stage-moves-forward', action: 'Stage Qualified', fires: {}, passes: { 'Sales Stage': '' } },
  { rule: 'lose-needs-reason', action: 'Lose', fires: {}, passes: { 'Declined/Lost reason': '3' } },
]);
