/**
 * The ranges the gateway wrote itself: Excel echoes each write as a change event with that range's address,
 * and an edit watcher must not take it for the user's.
 *
 * Kept in a map by sheet and address, so noting a write and recognising its echo take constant time: an Apply
 * on 5,000 deals notes thousands of ranges (a list filtered on every note made that quadratic: ~200 ms of a
 * blocked pane for 6,256 writes).
 */
import { columnLetter } from '../../engine/sheet/cell';

/**
 * @example
 * const own = new OwnWrites(3000);
 * own.note(sheetId, 2, 0, 1, 3); // A2:C2
 * own.isEcho(sheetId, 'Deals!$A$2:$C$2'); // true, once
 */
export class OwnWrites {
  /** Sheet and address → when each of the writes still awaiting its echo expires, oldest first (a range written twice echoes twice). */
  private readonly pending = new Map<string, number[]>();
  /** When expired writes are next swept out (at most once per window, so the sweep costs O(1) per note). */
  private nextSweep = 0;

  /** @param windowMs how long after its own write a change event is taken as that write's echo */
  constructor(private readonly windowMs: number) {}

  /** Notes a range the gateway wrote (1-based first row, zero-based column in the sheet), to recognise its echo. */
  note(worksheetId: string, row: number, column: number, rowCount: number, columnCount: number): void {
    const first = `${columnLetter(column)}${row}`;
    const last = `${columnLetter(column + columnCount - 1)}${row + rowCount - 1}`;
    const now = Date.now();
    if (now >= this.nextSweep) this.sweep(now);
    const key = keyOf(worksheetId, first === last ? first : `${first}:${last}`);
    const until = now + this.windowMs;
    const untils = this.pending.get(key);
    if (untils) untils.push(until);
    else this.pending.set(key, [until]);
  }

  /** An event for exactly a range the gateway just wrote is that write's echo (consumed once). */
  isEcho(worksheetId: string, address: string): boolean {
    const key = keyOf(worksheetId, address.replace(/^.*!/, '').replace(/\$/g, '').toUpperCase());
    const untils = this.pending.get(key);
    if (!untils) return false;
    const now = Date.now();
    while (untils.length > 0 && untils[0] <= now) untils.shift();
    const echo = untils.length > 0;
    if (echo) untils.shift();
    if (untils.length === 0) this.pending.delete(key);
    return echo;
  }

  /** How many writes still await their echo (expired ones may linger until the next sweep). */
  get size(): number {
    let count = 0;
    for (const untils of this.pending.values()) count += untils.length;
    return count;
  }

  private sweep(now: number): void {
    for (const [key, untils] of this.pending) {
      const live = untils.filter((until) => until > now);
      if (live.length === 0) this.pending.delete(key);
      else if (live.length < untils.length) this.pending.set(key, live);
    }
    this.nextSweep = now + this.windowMs;
  }
}

function keyOf(worksheetId: string, address: string): string {
  return `${worksheetId}\u0000${address}`;
}
