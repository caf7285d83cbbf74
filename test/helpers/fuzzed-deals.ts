import * as fs from 'node:fs';
import fc from 'fast-check';
import { ACTIONS, type Cell, FACTS, type Facts } from '../../engine/index';
import { caseFacts } from '../../engine/authoring/rule-cases';
import { caseFilesIn } from '../../engine/node';
import { RULES_DIR, shippedCatalog } from './deal-rows';
import * as path from 'node:path';

/**
 * Generated deals for the rules, grown from the shipped rule cases (`rules/*.cases.json` over `default-row.json`,
 * found as `cosell rules test rules` finds them): the cases put every rule on both sides of its conditions, and
 * small edits from values other cases use (plus junk) move rows across those edges, so every rule fires on some
 * generated rows and not on others.
 */

/** One shipped rule case as a row: its cells, action and day. */
export interface CaseRow {
  readonly file: string;
  readonly name: string;
  readonly cells: Readonly<Record<string, Cell>>;
  readonly action?: string;
  readonly today: string;
}

/** Every shipped rule case, as a row. */
export function shippedCaseRows(): CaseRow[] {
  const base = JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'default-row.json'), 'utf8')) as { today: string; cells: Record<string, Cell> };
  return caseFilesIn(RULES_DIR).flatMap((file) => {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { defaults?: Record<string, Cell>; cases: { name: string; action?: string; today?: string; cells?: Record<string, Cell> }[] };
    return json.cases.map((c) => ({ file: path.basename(file), name: c.name, cells: { ...base.cells, ...json.defaults, ...c.cells }, action: c.action, today: c.today ?? base.today }));
  });
}

/** A row's facts, as `cosell rules test` computes them (an action that does not parse leaves the row without one). */
export function rowFacts(row: Omit<CaseRow, 'file' | 'name'>): Facts {
  const catalog = shippedCatalog();
  const judged = caseFacts(row.action, row.cells, row.today, catalog);
  return 'facts' in judged ? judged.facts : (caseFacts(undefined, row.cells, row.today, catalog) as { facts: Facts }).facts;
}

const JUNK_CELLS: readonly Cell[] = ['', ' ', 'x', '0', '-1', '1e9', '12,563.50', 'abc', 'yes', 'No', 'N/A', '13/45/2026', '2/29/2027', 'null', '__proto__', '=1+1'];
const ACTION_TEXTS = [...ACTIONS.map((a) => a.name), 'Stage Proposed', 'stage 60', 'Stage Won', 'Stage Collect data', 'Sideways', ''];

/**
 * Rows: a shipped case with zero to four cells replaced by values other cases give that column (or junk), and
 * sometimes another action.
 *
 * @example
 * fc.sample(fuzzedRows(shippedCaseRows()), 10).map(rowFacts);
 */
export function fuzzedRows(cases: readonly CaseRow[]): fc.Arbitrary<Omit<CaseRow, 'file' | 'name'>> {
  const pools = new Map<string, Cell[]>();
  for (const c of cases) for (const [header, value] of Object.entries(c.cells)) pools.set(header, [...new Set([...(pools.get(header) ?? []), value])]);
  const headers = [...pools.keys()];
  const edit = fc.constantFrom(...headers).chain((h) => fc.tuple(fc.constant(h), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pools.get(h)!) }, { weight: 1, arbitrary: fc.constantFrom(...JUNK_CELLS) })));
  return fc
    .record({
      start: fc.constantFrom(...cases),
      edits: fc.array(edit, { maxLength: 4 }),
      action: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...ACTION_TEXTS) }),
    })
    .map(({ start, edits, action }) => {
      const cells: Record<string, Cell> = { ...start.cells };
      for (const [h, v] of edits) cells[h] = v;
      return { cells, action: action ?? start.action, today: start.today };
    });
}

/** Values of each fact's type that the rules compare with, beyond those the cases give. */
const EXTRA_BY_TYPE: Readonly<Record<string, readonly unknown[]>> = {
  text: ['', null, 'x', 'US', 'usd', ' gb ', 'EUR', '10'],
  number: [null, 0, -1, 1, 7, 30, 90, 25000, 12563.5, '10', '25000', 'abc'],
  code: [null, 0, 1, 2, 6, 9, '1'],
  boolean: [null, true, false, 'true'],
  date: [null, '', '2026-01-30', '2026-11-23', '2027-02-28', 'soon'],
  'text list': [[], ['x'], ['Solution 1'], ['Solution 1', 'Solution 2'], 'Solution 1', null],
};

/** A fact missing from the facts object, or present with the value undefined (json-rules-engine tells them apart). */
const MISSING = Symbol('missing');

/**
 * Facts objects: a shipped case's facts with zero to four facts replaced by values other cases give that fact,
 * values of its type, numeric strings and junk; now and then a fact is undefined or missing altogether.
 *
 * @example
 * fc.sample(fuzzedFacts(shippedCaseRows().map(rowFacts)), 10);
 */
export function fuzzedFacts(seeds: readonly Facts[]): fc.Arbitrary<Facts> {
  const pools = new Map<string, unknown[]>();
  for (const facts of seeds) for (const [name, value] of Object.entries(facts)) pools.set(name, [...(pools.get(name) ?? []), value]);
  for (const fact of FACTS) pools.set(fact.name, [...(pools.get(fact.name) ?? []), ...(EXTRA_BY_TYPE[fact.type] ?? []), ...(fact.values ?? [])]);
  const names = [...pools.keys()];
  const value = (name: string) =>
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...pools.get(name)!) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, MISSING, NaN, ' ', 'null') },
    );
  const edit = fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), value(name)));
  return fc.record({ start: fc.constantFrom(...seeds), edits: fc.array(edit, { maxLength: 4 }) }).map(({ start, edits }) => {
    const facts: Record<string, unknown> = { ...start };
    for (const [name, v] of edits) {
      if (v === MISSING) delete facts[name];
      else facts[name] = v;
    }
    return facts;
  });
}
