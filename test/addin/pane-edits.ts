/**
 * The user of the pane's properties: sheets of example rows with shared keys, the edits a user makes between two
 * of the pane's requests, and the pane's operations, with the real rules judging each distinct row once.
 */
import fc from 'fast-check';
import { type GatewayOptions } from '../../addin/excel/excel-gateway';
import { type StandInValue } from '../../addin/excel/stand-in/stand-in-workbook';
import { EXAMPLE_HEADERS, engineRows, exampleRow, memoRules, openDeals, rowsOf } from './pane-fixture';

export type Pane = ReturnType<typeof openDeals>;

/** Example rows in different states: Active/Accepted, New/Received (twice), New/Pending. */
const BASES = [2, 6, 7, 8];
export const rowArb = fc.record({
  base: fc.constantFrom(...BASES),
  referral: fc.constantFrom('r-1', 'r-2', ''),
  notes: fc.constantFrom('a', 'b'),
  reason: fc.constantFrom<StandInValue>('', 3),
  errors: fc.constantFrom<StandInValue>('', '-5', -5, '=x'),
});
export type RowSpec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;
const makeRow = (r: RowSpec) => exampleRow(r.base, { 'Referral ID': r.referral, Notes: r.notes, 'Declined/Lost reason': r.reason, Errors: r.errors });

/** The real rules, run once over every distinct row the properties can read (see `memoRules`). */
const rules = memoRules();

const EVERY_ROW = BASES.flatMap((base) =>
  (['r-1', 'r-2', ''] as const).flatMap((referral) =>
    (['a', 'b'] as const).flatMap((notes) => (['', 3] as const).flatMap((reason) => (['', '-5', -5, '=x'] as const).map((errors) => ({ base, referral, notes, reason, errors })))),
  ),
);

/** Each distinct row's content after each operation, when nothing disturbs it: the control the properties judge by. */
const resultOf = new Map<string, string>();
const resultKey = (mode: string, row: string) => `${mode}\n${row}`;

/**
 * Runs the real rules over every distinct row the properties can read, and each operation over a sheet of all of
 * them, undisturbed (call in `beforeAll`). Rows are judged each on its own, so a row's result is the same in any
 * sheet: these are the control results.
 */
export async function warmRules(): Promise<void> {
  const every = EVERY_ROW.map(makeRow);
  const sheet = { headers: EXAMPLE_HEADERS, rows: engineRows(every), today: '2026-11-23' };
  await rules.warm({ kind: 'check', ...sheet });
  await rules.warm({ kind: 'apply', expireOverdue: true, ...sheet });
  for (const action of ['Accept', 'Decline']) await rules.warm({ kind: 'apply', action, ...sheet });
  for (const mode of ['check', 'column', 'Accept', 'Decline']) {
    const pane = openDeals(every, {}, rules);
    const asRead = rowsOf(pane.sheet);
    pane.select(2, every.length);
    if (mode === 'check') await pane.session.check();
    else if (mode === 'column') await pane.session.applyActionColumn(true);
    else await pane.session.applyToSelection(mode);
    rowsOf(pane.sheet).forEach((after, i) => i > 0 && resultOf.set(resultKey(mode, asRead[i]), after));
  }
}

/** The sheet (as `rowsOf` gives it) after `operation` on `specs`, undisturbed. */
export function controlResult(specs: readonly RowSpec[], operation: Operation): string[] {
  const asRead = rowsOf(open(specs, operation).sheet);
  const mode = operation.kind === 'selection' ? operation.action : operation.kind;
  const acted = (i: number) => {
    if (operation.kind !== 'selection') return true;
    const first = 1 + (operation.first % specs.length);
    const count = Math.min(operation.count, specs.length + 1 - first);
    return i >= first && i < first + count && !operation.hidden.some((h) => 1 + (h % specs.length) === i);
  };
  return asRead.map((row, i) => (i > 0 && acted(i) ? resultOf.get(resultKey(mode, row))! : row));
}

const EDITABLE = ['Notes', 'Referral ID', 'Declined/Lost reason', 'Partner Referral Substatus', 'Errors', 'Sales Stage'];
export const editArb = fc.oneof(
  fc.record({ kind: fc.constant('sort' as const), keys: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(7), b: fc.nat(7) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(7) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(7) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(7) }),
  fc.record({ kind: fc.constant('edit' as const), at: fc.nat(7), column: fc.constantFrom(...EDITABLE), value: fc.constantFrom<StandInValue>('', 'a', 'b', 'r-1', 3, 'Accepted', '-5', -5, '=x') }),
  fc.record({ kind: fc.constant('hide' as const), at: fc.nat(7) }),
  fc.record({ kind: fc.constant('filter' as const), notes: fc.constantFrom('a', 'b') }),
);
export type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

/** Does the user's edit, as Excel would (rows 2 … n+1 are deals). */
export function doEdit(pane: Pane, edit: Edit, rowCount: number): void {
  const at = (n: number) => 1 + (n % rowCount); // zero-based sheet row of a deal
  const values = pane.sheet.values;
  switch (edit.kind) {
    case 'sort': {
      const order = Array.from({ length: rowCount }, (_, i) => i).sort((x, y) => edit.keys[x] - edit.keys[y] || x - y);
      const rows = order.map((i) => values[1 + i]);
      rows.forEach((r, i) => (values[1 + i] = r));
      break;
    }
    case 'swap':
      [values[at(edit.a)], values[at(edit.b)]] = [values[at(edit.b)], values[at(edit.a)]];
      break;
    case 'insert':
      pane.book.insertRows('Deals', at(edit.at));
      break;
    case 'delete':
      pane.book.deleteRows('Deals', at(edit.at));
      break;
    case 'duplicate':
      pane.book.insertRows('Deals', at(edit.at) + 1);
      values[at(edit.at) + 1] = [...(values[at(edit.at)] ?? [])];
      break;
    case 'edit':
      pane.book.editCell('Deals', at(edit.at), pane.column(edit.column), edit.value);
      break;
    case 'hide':
      pane.book.hideRows('Deals', at(edit.at), 1);
      break;
    case 'filter':
      pane.book.filterRows('Deals', pane.column('Notes'), (v) => v === edit.notes);
      break;
  }
}

export type Operation = { kind: 'check' } | { kind: 'column' } | { kind: 'selection'; action: 'Accept' | 'Decline'; first: number; count: number; hidden: number[] };
export const selectionArb = fc.record({
  kind: fc.constant('selection' as const),
  action: fc.constantFrom('Accept' as const, 'Decline' as const),
  first: fc.nat(7),
  count: fc.integer({ min: 1, max: 8 }),
  hidden: fc.array(fc.nat(7), { maxLength: 2 }),
});
export const operationArb: fc.Arbitrary<Operation> = fc.oneof(fc.constant({ kind: 'check' as const }), fc.constant({ kind: 'column' as const }), selectionArb);

/** Requests each operation's read takes: find the sheet (2), and for a selection its rows (1). */
export const READ_REQUESTS = { check: 2, column: 2, selection: 3 } as const;

export function open(specs: readonly RowSpec[], operation: Operation, options: GatewayOptions = {}): Pane {
  const pane = openDeals(specs.map(makeRow), options, rules);
  if (operation.kind === 'selection') {
    for (const h of operation.hidden) pane.book.hideRows('Deals', 1 + (h % specs.length), 1);
    const first = 2 + (operation.first % specs.length);
    pane.select(first, Math.min(operation.count, specs.length + 2 - first));
  }
  return pane;
}

export async function run(pane: Pane, operation: Operation) {
  if (operation.kind === 'check') return (await pane.session.check()).write;
  if (operation.kind === 'column') return (await pane.session.applyActionColumn(true)).write;
  return (await pane.session.applyToSelection(operation.action))?.write ?? { written: [], skipped: [], strayed: [] };
}

