import { loggedChanges } from '../../addin/session/import-session';
import { LOG_HEADERS, changingLogRows, lastUndoableBatch } from '../../addin/session/sheet-session';
import { mapHeaders } from '../../engine/sheet/header-map';

const headers = ['Referral ID', 'Deal Name', 'Partner Referral Status', 'Partner Referral Substatus'];
const read = {
  ref: { worksheetId: 'w1', sheetName: 'Deals', headerRow: 0, firstColumn: 0, width: headers.length, lastRow: 3 },
  rows: [
    { row: 2, cells: ['r-1', 'Backup', 'Active', 'Accepted'] },
    { row: 3, cells: ['r-2', 'Migration', 'New', 'Received'] },
  ],
};
const { map } = mapHeaders(headers);

/** A log row with the columns named, the rest empty. */
function logRow(values: Partial<Record<(typeof LOG_HEADERS)[number], string | number>>): (string | number)[] {
  return LOG_HEADERS.map((h) => values[h] ?? '');
}

describe('refusals in the Deal log', () => {
  const applied = logRow({ Batch: 'B1', Sheet: 'Deals', Row: 2, 'Deal key': 'Referral ID r-1', Action: 'Accept', Before: '{"Partner Referral Status":"New"}', After: '{"Partner Referral Status":"Active"}', Outcome: 'Applied' });
  const refused = logRow({ Batch: 'B2', Sheet: 'Deals', Row: 3, 'Deal key': 'Referral ID r-2', Action: 'Win', Before: '{}', After: '{}', Outcome: 'Refused', Changes: 'Refused: Win needs Accept first.' });

  test('are not changes: the import of changed rows leaves a refused row out', () => {
    expect(loggedChanges([[...LOG_HEADERS], applied, refused], read, map)).toEqual({ rows: [2], closedBefore: [], batches: 1 });
  });

  test('are not a batch to undo: Undo finds the last batch that changed the sheet', () => {
    expect(lastUndoableBatch([[...LOG_HEADERS], applied, refused])?.id).toBe('B1');
    expect(lastUndoableBatch([[...LOG_HEADERS], refused])).toBeUndefined();
  });

  test('a log written before the Outcome column holds applied actions only', () => {
    const old = [LOG_HEADERS.slice(0, -1), applied.slice(0, -1)];
    expect(changingLogRows(old)).toHaveLength(1);
    expect(loggedChanges(old, read, map).rows).toEqual([2]);
  });
});
