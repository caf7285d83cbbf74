/**
 * `npm run bench`: rows per second for `check` on 100,000 generated rows, measured side by side in one run:
 *
 * 1. the product's `checkSheet` (one json-rules-engine Engine reused across rows, custom path resolver);
 * 2. json-rules-engine used naively: a new Engine with every rule for each row (JSONPath resolver, the default);
 * 3. hand-written TypeScript predicates for the same validation rules (a ceiling: what the rules cost in JSON form).
 *
 * All three parse the rows and compute facts the same way, and must agree on which rows are invalid.
 * Machines here are shared and noisy: compare the ratios, not the absolute numbers.
 */
import * as path from 'node:path';
import { Engine } from 'json-rules-engine';
import { checkSheet, createSheetContext, dealFacts, isClosedDeal, mapHeaders, parseDeal, type Facts, type SheetGrid } from '../../engine/index';
import { CUSTOM_OPERATORS } from '../../engine/rules/reference-engine';
import { loadCatalogFile, loadRuleDir } from '../../engine/node';
import { COUNTRY_CODES, CURRENCY_CODES } from '../../engine/domain/iso-codes';
import { repeatedExample } from '../helpers/generated-sheet';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const TODAY = '2026-11-23';
const root = path.join(__dirname, '..', '..');

function generate(): SheetGrid {
  return repeatedExample(ROWS);
}

const ruleSet = loadRuleDir(path.join(root, 'rules')).ruleSet!;
const catalog = loadCatalogFile(path.join(root, 'rules', 'catalog.json')).catalog!;
const validationRules = ruleSet.rules.filter((r) => r.event.type === 'validation');

function factsOf(grid: SheetGrid): Facts[] {
  const { map } = mapHeaders(grid.headers);
  return grid.rows.map((cells, i) => {
    const deal = parseDeal(cells, map, i + 2, { decimalComma: false });
    return dealFacts(deal, { catalog, today: TODAY, closed: isClosedDeal(deal) });
  });
}

async function productCheck(grid: SheetGrid): Promise<boolean[]> {
  const { context } = createSheetContext(grid, { rules: ruleSet, catalog, today: TODAY });
  return (await checkSheet(grid, context!)).map((o) => o.valid);
}

async function naivePerRow(grid: SheetGrid): Promise<boolean[]> {
  const valid: boolean[] = [];
  for (const facts of factsOf(grid)) {
    const engine = new Engine(
      validationRules.map((r) => ({ name: r.name, conditions: r.conditions as never, event: r.event })),
      { allowUndefinedFacts: false },
    );
    for (const operator of CUSTOM_OPERATORS) engine.addOperator(operator);
    valid.push((await engine.run(facts)).events.length === 0);
  }
  return valid;
}

/** The validation rules of rules/*.json written by hand, for comparison only. */
function handWritten(grid: SheetGrid): boolean[] {
  const empty = (v: unknown) => v === null || v === '' || (Array.isArray(v) && v.length === 0);
  const preAccept = new Set(['Pending', 'Received', 'Declined', 'Expired']);
  const pairs = new Set(['New/Pending', 'New/Received', 'Active/Accepted', 'Closed/Won', 'Closed/Lost', 'Closed/Declined', 'Closed/Expired']);
  return factsOf(grid).map((f: Facts) => {
    const invalid = f.invalidColumns as string[];
    const sub = f.partnerReferralSubstatus as string;
    const problems = [
      empty(f.dealName) && !preAccept.has(sub),
      empty(f.customerName),
      empty(f.customerAddressLine1),
      empty(f.customerCity),
      empty(f.customerCountry),
      !empty(f.customerCountry) && !COUNTRY_CODES.has(String(f.customerCountry).toUpperCase()),
      empty(f.location),
      empty(f.direction),
      empty(f.dealType),
      empty(f.partnerReferralStatus),
      empty(sub),
      invalid.length > 0,
      ['New', 'Active', 'Closed'].includes(f.partnerReferralStatus as string) && !pairs.has(f.statusPair as string) && !invalid.includes('Partner Referral Substatus'),
      f.partnerReferralStatus === 'New' && f.direction === 'Outbound',
      empty(f.estimatedDealValue) && !preAccept.has(sub),
      typeof f.estimatedDealValue === 'number' && f.estimatedDealValue < 0,
      empty(f.currency) && !empty(f.estimatedDealValue),
      !empty(f.currency) && !CURRENCY_CODES.has(String(f.currency).toUpperCase()),
      empty(f.estimatedCloseDate) && !preAccept.has(sub),
      (sub === 'Declined' || sub === 'Lost') && empty(f.declinedLostReason),
      !empty(f.registrationStatus) && f.statusPair !== 'Closed/Won',
      f.microsoftHelpRequired === true && (empty(f.helpType) || f.customerContactComplete === false || f.consentToShare !== true),
      f.dealType === 'Private' && f.microsoftHelpRequired === true,
      f.direction === 'Outbound' && (f.teamComplete === false || f.solutionCount === 0),
      !empty(f.incompleteTeamMembers) || !empty(f.emptySolutionIdColumns) || !empty(f.unknownSolutionIds),
      !empty(f.incompleteInvitedPartners),
      (f.invitedPartnerCount as number) > 0 && ((f.dealType === 'Co-sell' && f.direction === 'Inbound') || f.dealType === 'Solution assessment'),
      f.dealType === 'Solution assessment' && (f.solutionCount !== 1 || (empty(f.unknownSolutionIds) && f.assessmentSolutionCount === 0)),
    ];
    return !problems.some(Boolean);
  });
}

async function measure<T>(name: string, rows: number, run: () => Promise<T> | T): Promise<{ name: string; rowsPerSecond: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, rowsPerSecond: rows / seconds, result };
}

async function bench(): Promise<void> {
  const grid = generate();
  // The naive variant is slow; it runs on a slice of the same rows and is reported per second like the others.
  const naiveRows = Math.min(ROWS, Number(process.env.BENCH_NAIVE_ROWS ?? 10_000));
  const naiveGrid = { headers: grid.headers, rows: grid.rows.slice(0, naiveRows) };
  console.log(`${ROWS.toLocaleString('en-US')} rows (${validationRules.length} validation rules; naive variant on the first ${naiveRows.toLocaleString('en-US')})`);

  await productCheck({ headers: grid.headers, rows: grid.rows.slice(0, 2_000) }); // warm-up
  const results = [
    // Keep only a count: holding 100,000 fact objects would slow every later run with garbage collection.
    await measure('parse + facts only (no rules)', ROWS, () => factsOf(grid).length),
    await measure('cosell check (reused Engine)', ROWS, () => productCheck(grid)),
    await measure('json-rules-engine, new Engine per row', naiveRows, () => naivePerRow(naiveGrid)),
    await measure('hand-written TypeScript predicates', ROWS, () => handWritten(grid)),
  ];

  const product = results[1];
  for (const r of results) {
    console.log(`${r.name.padEnd(40)} ${Math.round(r.rowsPerSecond).toLocaleString('en-US').padStart(10)} rows/s   ${(r.rowsPerSecond / product.rowsPerSecond).toFixed(2)}× check`);
  }
  const [check, naive, hand] = [results[1].result as boolean[], results[2].result as boolean[], results[3].result as boolean[]];
  const agree = check.every((v, i) => v === hand[i]) && naive.every((v, i) => v === check[i]);
  console.log(`verdicts agree: ${agree} (${check.filter((v) => !v).length.toLocaleString('en-US')} invalid rows)`);
  if (!agree) process.exitCode = 1;
}

void bench();
