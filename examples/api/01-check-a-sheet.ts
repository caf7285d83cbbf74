/**
 * Example 1: check a deal sheet headless, as `cosell check` does.
 * Run: npx tsx examples/api/01-check-a-sheet.ts
 */
import { checkSheet, createSheetContext, loadCatalogFile, loadRuleDir, readDealFile, summarize } from '../../engine/node';

export async function checkExample(): Promise<string[]> {
  const { ruleSet, problems } = loadRuleDir('rules');
  if (!ruleSet) throw new Error(problems.map((p) => p.message).join('\n'));
  const { catalog } = loadCatalogFile('rules/catalog.json');

  const file = await readDealFile('examples/deals.csv');
  const { context } = createSheetContext(file.grid, { rules: ruleSet, catalog: catalog!, today: '2026-11-23', decimalComma: file.decimalComma });
  const outcomes = await checkSheet(file.grid, context!);

  const lines = outcomes.filter((o) => !o.valid).map((o) => `row ${o.row}: ${o.errors}`);
  const s = summarize(outcomes);
  lines.push(`${s.valid} valid, ${s.invalid} invalid`);
  return lines;
}

if (require.main === module) void checkExample().then((lines) => console.log(lines.join('\n')));
