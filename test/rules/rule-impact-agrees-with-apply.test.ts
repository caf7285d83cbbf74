/**
 * `rules impact` (and the pane's impact preview) says an action is newly allowed only where `apply` would perform
 * it: a candidate that opens a gate on a row apply still refuses (the row is invalid) changes nothing there.
 */
import { applySheet, createSheetContext } from '../../engine/index';
import { compareRuleSets } from '../../engine/authoring/index';
import { RECEIVED, TODAY, gridOf, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';

const active = shippedRuleSet();
// The candidate drops the 14-day window on Accept.
const candidate = { ...active, rules: active.rules.filter((r) => r.name !== 'accept-within-14-days') };
const catalog = shippedCatalog();
const overdue = { ...RECEIVED, 'Created Date': '10/01/2026' };

async function impactOn(grid: ReturnType<typeof gridOf>) {
  const before = createSheetContext(grid, { rules: active, catalog, today: TODAY }).context!;
  const after = createSheetContext(grid, { rules: candidate, catalog, today: TODAY }).context!;
  return compareRuleSets(grid, before, after);
}

describe('rules impact agrees with apply', () => {
  test('an overdue received deal that is otherwise valid: Accept newly allowed, and apply under the candidate accepts it', async () => {
    const grid = gridOf({ ...overdue, Action: 'Accept' });
    const report = await impactOn(grid);
    expect(report.actionsGained).toEqual({ Accept: 1 });
    const [outcome] = await applySheet(grid, createSheetContext(grid, { rules: candidate, catalog, today: TODAY }).context!);
    expect(outcome.action).toMatchObject({ name: 'Accept', applied: true });
  });

  test('the same deal with a problem of its own: the gate opens, apply still refuses, so nothing is newly allowed', async () => {
    const grid = gridOf({ ...overdue, Currency: 'US$', Action: 'Accept' });
    const [outcome] = await applySheet(grid, createSheetContext(grid, { rules: candidate, catalog, today: TODAY }).context!);
    expect(outcome.action).toMatchObject({ name: 'Accept', applied: false });
    const report = await impactOn(grid);
    expect(report.actionsGained).toEqual({});
    expect(report.changed).toEqual([]);
  });
});
