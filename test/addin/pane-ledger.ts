/**
 * A judge that follows each physical row of the stand-in's deal sheet (its cell array, which sorts, inserts and
 * deletes move whole) across the pane's requests, so that what the pane changed in each request is told apart
 * from what the user changed before it. A row's changes are netted: a change followed later by its exact inverse
 * (a put-back) cancels. What is left open is what the pane's writes did to that row in the end.
 */
import { type Pane } from './pane-edits';

type Row = unknown[];
const text = (cells: Row | undefined) => {
  const out = Array.from(cells ?? [], (v) => v ?? '');
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return JSON.stringify(out);
};

export interface Change {
  readonly before: string;
  readonly after: string;
}

/**
 * Watches the pane: `edits(n)` runs before request n (the user), and each request's effect on every row is kept.
 *
 * @example
 * const ledger = watchRows(pane, (n) => n === 5 && sort(pane));
 * await pane.session.undoLastBatch();
 * const open = ledger.open(); // row → changes not taken back
 */
export function watchRows(pane: Pane, edits: (request: number) => void) {
  const changes = new Map<Row, Change[]>();
  const snap = () => new Map(pane.sheet.values.slice(1).flatMap((r) => (r ? [[r as Row, text(r)] as const] : [])));
  let last = snap();
  const settle = () => {
    const now = snap();
    for (const [row, after] of now) {
      const before = last.get(row) ?? '[]';
      if (before !== after) changes.set(row, [...(changes.get(row) ?? []), { before, after }]);
    }
    last = now;
  };
  pane.excel.beforeSync = (n) => {
    settle(); // what the previous request did
    edits(n);
    last = snap(); // what the user did is not the pane's
  };
  return {
    /** Call after the operation: the changes each row holds (those the user deleted since too, with `gone`), inverse pairs cancelled. */
    open(): Map<Row, (Change & { gone: boolean })[]> {
      settle();
      pane.excel.beforeSync = undefined;
      const present = new Set(pane.sheet.values.slice(1) as Row[]);
      const result = new Map<Row, (Change & { gone: boolean })[]>();
      for (const [row, list] of changes) {
        const stack: Change[] = [];
        for (const c of list) {
          const i = stack.map((s) => s.after === c.before && s.before === c.after).lastIndexOf(true);
          if (i >= 0) stack.splice(i, 1);
          else stack.push(c);
        }
        if (stack.length > 0) result.set(row, stack.map((c) => ({ ...c, gone: !present.has(row) })));
      }
      return result;
    },
  };
}
