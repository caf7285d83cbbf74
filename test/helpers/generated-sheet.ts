import * as fs from 'node:fs';
import * as path from 'node:path';
import { type SheetGrid } from '../../engine/index';
import { parseCsv } from '../../engine/node';

/** examples/deals.csv's rows repeated to `rows` deals, each with its own Referral ID: a full-size export. */
export function repeatedExample(rows: number): SheetGrid {
  const file = path.join(__dirname, '..', '..', 'examples', 'deals.csv');
  const { grid } = parseCsv(fs.readFileSync(file, 'utf8'), file);
  const referral = grid.headers.indexOf('Referral ID');
  return {
    headers: grid.headers,
    rows: Array.from({ length: rows }, (_, i) => {
      const row = [...grid.rows[i % grid.rows.length]];
      row[referral] = `r-${i}`;
      return row;
    }),
  };
}
