/**
 * The ranges the gateway wrote itself: Excel echoes each write as a change event with that range's address,
 * and an edit watcher must not take it for the user's.
 */
import { columnLetter } from '../../engine/sheet/cell';

/**
 * @example
 * const own = new OwnWrites(3000);
 * own.note(sheetId, 2, 0, 1, 3); // A2:C2
 * own.isEcho(sheetId, 'Deals!$A$2:$C$2'); // true, once
 */
export class OwnWrites {
  private readonly writes: { worksheetId: string; address: string; until: number }[] = [];

  /** @param windowMs how long after its own write a change event is taken as that write's echo */
  constructor(private readonly windowMs: number) {}

  /** Notes a range the gateway wrote (1-based first row, zero-based column in the sheet), to recognise its echo. */
  note(worksheetId: string, row: number, column: number, rowCount: number, columnCount: number): void {
    const first = `${columnLetter(column)}${row}`;
    const last = `${columnLetter(column + columnCount - 1)}${row + rowCount - 1}`;
    const now = Date.now();
    this.writes.splice(0, this.writes.length, ...this.writes.filter((w) => w.until > now));
    this.writes.push({ worksheetId, address: first === last ? first : `${first}:${last}`, until: now + this.windowMs });
  }

  /** An event for exactly a range the gateway just wrote is that write's echo (consumed once). */
  isEcho(worksheetId: string, address: string): boolean {
    const bare = address.replace(/^.*!/, '').replace(/\$/g, '').toUpperCase();
    const index = this.writes.findIndex((w) => w.worksheetId === worksheetId && w.address === bare && w.until > Date.now());
    if (index >= 0) this.writes.splice(index, 1);
    return index >= 0;
  }
}
