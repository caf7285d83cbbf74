/**
 * Giving the page a turn in long loops: the pane's main thread must never be blocked for long (Office restarts an
 * add-in blocked for 5 s, and a task over 100 ms is felt as a stall), so work on thousands of rows runs in slices
 * of about `SLICE_MS`, each followed by a yield to the page (input, rendering, Excel's replies).
 */

/** How long a slice of work may run before it yields. */
export const SLICE_MS = 30;

type Scheduler = { yield?: () => Promise<void> };

/** Yields to the page: `scheduler.yield()` where the browser has it (the work resumes ahead of other tasks), else a new task. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A loop's pacer: `await pace()` between units of work yields once the slice is used up (and costs nothing
 * otherwise but a resolved promise).
 *
 * @example
 * const pace = pacer();
 * for (const row of rows) {
 *   await pace();
 *   build(row);
 * }
 */
export function pacer(sliceMs = SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return yieldToPage().then(() => void (since = performance.now()));
  };
}

/**
 * `items.map(each)` in slices that yield to the page.
 *
 * @example
 * const cells = await mapPaced(read.rows, (row) => toEngineCells(row.cells, read.headers));
 */
export async function mapPaced<T, U>(items: readonly T[], each: (item: T, index: number) => U, pace = pacer()): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  for (let i = 0; i < items.length; i++) {
    const waiting = pace();
    if (waiting) await waiting;
    out[i] = each(items[i], i);
  }
  return out;
}
