/**
 * Example 2: apply each row's Action and write the result, as `cosell apply` does.
 * Run: npx tsx examples/api/02-apply-actions.ts /tmp/deals.applied.csv
 */
import { applySheet, createSheetContext, loadCatalogFile, loadRuleDir, readDealFile, summarize } from '../../engine/node';

export async function applyExample(out: string): Promise<string> {
  const { ruleSet } = loadRuleDir('rules');
  const { catalog } = loadCatalogFile('rules/catalog.json');
  const file = await readDealFile('examples/deals.csv');
  const { context } = createSheetContext(file.grid, { rules: ruleSet!, catalog: catalog!, today: '2026-11-23', decimalComma: file.decimalComma });

  const outcomes = await applySheet(file.grid, context!, { expireOverdue: true });
  await file.write(out, context!.map, outcomes); // only Errors and owned cells change

  const s = summarize(outcomes);
  return `${s.applied} applied, ${s.refused} refused: ${JSON.stringify(s.byAction)}`;
}

if (require.main === module) void applyExample(process.argv[2] ?? 'deals.applied.csv').then(console.log);
