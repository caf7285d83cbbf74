/**
 * Example 3: judge one action on one deal, step by step: cells → deal → facts → verdict → machine.
 * Run: npx tsx examples/api/03-judge-one-deal.ts
 */
import { RuleEvaluator, dealFacts, isClosedDeal, judgeAction, loadCatalogFile, loadRuleDir, mapHeaders, parseAction, parseDeal } from '../../engine/node';

export async function judgeExample(notes: string): Promise<string> {
  const headers = ['Deal Name', 'Customer Name', 'Customer Address Line 1', 'Customer City', 'Customer Country', 'Partner Referral Status',
    'Partner Referral Substatus', 'Estimated Deal Value', 'Currency', 'Estimated Close Date', 'Notes', 'Direction', 'Deal Type', 'Location'];
  const cells = ['UK spring deal', 'Contoso Corporation', 'One Contoso Way', 'Redmond', 'US', 'New', 'Received', '12563', 'USD', '1/30/2027', notes, 'Inbound', 'Co-sell', 'Seattle'];

  const { map } = mapHeaders(headers); // 1. the sheet contract
  const deal = parseDeal(cells, map, 2, { decimalComma: false }); // 2. a typed deal
  const { request } = parseAction('Accept', 'Co-sell', 'Inbound');
  const { catalog } = loadCatalogFile('rules/catalog.json');
  const facts = dealFacts(deal, { catalog: catalog!, today: '2026-11-23', request, closed: isClosedDeal(deal) }); // 3. facts
  const evaluator = new RuleEvaluator(loadRuleDir('rules').ruleSet!);
  const [verdict] = await evaluator.evaluate([facts]); // 4. the rules (asynchronous, per batch)
  const judgement = judgeAction(deal, request!, verdict); // 5. the machine (synchronous)

  return judgement.kind === 'applied'
    ? `Accept applied: ${judgement.before.partnerReferralStatus}/${judgement.before.partnerReferralSubstatus} → ${judgement.after.partnerReferralStatus}/${judgement.after.partnerReferralSubstatus}`
    : `Accept refused: ${judgement.reasons.join('; ')}`;
}

if (require.main === module) {
  void (async () => {
    console.log(await judgeExample('Customer wants a backup refresh'));
    console.log(await judgeExample(''));
  })();
}
