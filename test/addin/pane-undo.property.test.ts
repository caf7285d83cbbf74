/**
 * Property (issue 9, proof 3), undo: after a batch, a user edits the sheet (sort, swap, insert, delete, edit a
 * cell, duplicate a row, hide or filter rows) at one of Undo's requests after its read. Undo is all or nothing:
 * every row of the batch restored (each on the row that held what the batch left) and logged, or no cell changed
 * and nothing logged. The judge is the stand-in's raw cells.
 */
import fc from 'fast-check';
import { LOG_SHEET } from '../../addin/excel/deal-log-sheet';
import { doEdit, editArb, open, rowArb, selectionArb, warmRules } from './pane-edits';
import { rowsOf } from './pane-fixture';

const seen = { refused: 0, restored: 0 };
beforeAll(warmRules);

describe('user edits between Undo’s read and its write', () => {
  test('undo: every row of the batch restored and logged, or no cell changed and nothing logged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 2, maxLength: 5 }), selectionArb, editArb, fc.nat(4), async (specs, operation, edit, delay) => {
        const pane = open(specs, { ...operation, hidden: [] });
        const original = rowsOf(pane.sheet);
        const apply = (await pane.session.applyToSelection(operation.action))!;
        const applied = apply.rows.filter((r) => r.applied).map((r) => r.row);
        const batchLeft = rowsOf(pane.sheet);
        const logSheet = () => pane.book.findSheet(LOG_SHEET);
        const logBefore = logSheet() ? rowsOf(logSheet()!) : [];

        let edited: string[] | undefined;
        // Undo reads the log (2 requests) and the sheet (2); the user acts at one of the requests after.
        pane.beforeRequest(4 + delay, () => {
          doEdit(pane, edit, specs.length);
          edited = rowsOf(pane.sheet);
        });
        const undo = await pane.session.undoLastBatch();
        const final = rowsOf(pane.sheet);
        const logAfter = logSheet() ? rowsOf(logSheet()!) : [];
        const before = edited ?? batchLeft;
        if (undo.refused !== undefined) {
          seen.refused++;
          expect(undo.restored).toEqual([]);
          expect(final).toEqual(before);
          expect(logAfter).toEqual(logBefore);
          return;
        }
        seen.restored++;
        expect(undo.restored).toHaveLength(applied.length);
        expect(logAfter.length).toBe(logBefore.length + applied.length);
        // Each changed row held what the batch left in an applied row, and now holds what that row held before.
        for (let p = 0; p < Math.max(final.length, before.length); p++) {
          if (final[p] === before[p]) continue;
          const j = applied.findIndex((row) => batchLeft[row - 1] === before[p] && original[row - 1] === final[p]);
          expect({ row: p + 1, restoredFromBatch: j >= 0 }).toEqual({ row: p + 1, restoredFromBatch: true });
        }
      }),
      { numRuns: 500 },
    );
  });

  afterAll(() => {
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.restored).toBeGreaterThan(0);
  });
});
