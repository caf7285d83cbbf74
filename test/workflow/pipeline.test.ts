import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSheetContext, parseCsv, pipelineOf } from '../../engine/node';
import { ROOT, TODAY, gridOf, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';
import { runCli } from '../helpers/run-cli';

const EXAMPLE = path.join(ROOT, 'examples', 'deals.csv');
const contextOf = (grid: Parameters<typeof pipelineOf>[0]) => createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY }).context!;

describe('pipelineOf', () => {
  test('counts every open or won deal with a value once, in its own currency, never adding currencies', () => {
    const grid = parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid;
    const p = pipelineOf(grid, contextOf(grid));
    const inCurrencies = p.currencies.reduce((s, c) => s + c.deals, 0);
    const left = p.leftOut.invalidCurrency.reduce((s, c) => s + c.rows.length, 0) + p.leftOut.noCurrency.length + p.leftOut.noValue.length;
    expect(p.leftOut.noLifecycleState).toEqual([27]); // Active/Won: Check names it
    expect(inCurrencies).toBe(p.counted);
    // An independent count from the raw cells: New, Active or Closed/Won.
    const h = grid.headers;
    const openOrWon = grid.rows.filter((r) => {
      const [status, sub] = [String(r[h.indexOf('Partner Referral Status')]), String(r[h.indexOf('Partner Referral Substatus')])];
      return (status === 'New' && ['Pending', 'Received'].includes(sub)) || (status === 'Active' && sub === 'Accepted') || (status === 'Closed' && sub === 'Won');
    });
    expect(inCurrencies + left).toBe(openOrWon.length);
    for (const c of p.currencies) {
      expect(c.value).toBeCloseTo(c.rows.reduce((s, r) => s + r.value, 0));
      for (const r of c.rows) expect(r.weighted).toBeCloseTo((r.value * r.percent) / 100);
    }
  });

  test('leaves out what Check rejects, naming the rows: a negative or unreadable value, a stage that is none, Won on an open deal', () => {
    const grid = gridOf(
      { 'Estimated Deal Value': '-500' },
      { 'Estimated Deal Value': 'abc' },
      { 'Sales Stage': 'bogus' },
      { 'Sales Stage': 'Won' },
      { Currency: 'us$' },
      { Currency: 'US$' },
      {},
    );
    const { leftOut, counted } = pipelineOf(grid, contextOf(grid));
    expect(leftOut.invalidValue).toEqual([2, 3]);
    expect(leftOut.invalidStage).toEqual([4, 5]);
    expect(leftOut.invalidCurrency).toEqual([{ currency: 'US$', rows: [6, 7] }]);
    expect(counted).toBe(1);
  });

  test('flags a currency that is no ISO code, reads a code in any case, and leaves lost deals out', () => {
    const grid = gridOf(
      { Currency: 'US$', 'Estimated Deal Value': '100' },
      { Currency: 'usd', 'Estimated Deal Value': '200' },
      { Currency: 'EUR', 'Estimated Deal Value': '300' },
      { 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Lost', 'Declined/Lost reason': '3', 'Estimated Deal Value': '999' },
    );
    const p = pipelineOf(grid, contextOf(grid));
    expect(p.currencies.map((c) => [c.currency, c.value])).toEqual([
      ['EUR', 300],
      ['USD', 200],
    ]);
    expect(p.leftOut.invalidCurrency).toEqual([{ currency: 'US$', rows: [2] }]);
    expect(p.counted).toBe(2);
  });
});

describe('cosell pipeline', () => {
  test('prints each currency with its table, and what was not counted, with rows', async () => {
    const { status, stdout } = await runCli('pipeline', EXAMPLE, '--today', TODAY);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^deals\.csv: 27 of 36 deals in the pipeline \(New, Active or Won, with a value\), in 6 currencies\.$/m);
    expect(stdout).toMatch(/^USD: 13 deals, value [\d,]+, weighted [\d,]+$/m);
    expect(stdout).toMatch(/^ {2}Stage +Deal type +Deals +Value +Weighted$/m);
    expect(stdout).toContain('Not counted: 1 in "US$", which is no ISO 4217 currency code (row 25); 4 without an estimated value (rows 5, 8, 9, 10); 1 whose status is no lifecycle state (row 27).');
  });
});
