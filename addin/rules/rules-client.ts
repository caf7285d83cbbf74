/**
 * How the pane reaches the rules: through a Web Worker in the browser, so a 5,000-row check never blocks the
 * pane (Office restarts an add-in whose UI is blocked for 5 s), or in-thread where there are no workers (jest).
 */
import { type RequestOf, type RulesKind, type RulesRequest, type RulesResult, type RulesResults, handleRulesRequest } from './rules-host';
import { yieldToPage } from '../excel/yielding';

/** Runs one request; its result has the type of the request's kind (`check` → OutcomesResult, …). */
export interface RulesClient {
  run<K extends RulesKind>(request: RequestOf<K>, onProgress?: (done: number, total: number) => void): Promise<RulesResults[K]>;
}

/**
 * Messages between the pane and the worker. A message is copied (structured clone) in one go, in the sending and
 * the receiving thread alike, so a sheet's rows travel in parts of `PART_ROWS`, the pane's thread giving the page
 * a turn between two: the request's rows as `rows` parts before the request itself (sent with no rows, `inParts`),
 * and a result's `outcomes` as `outcomes` parts before the result (sent with none, `inParts`).
 */
export type ToWorker =
  | { readonly id: number; readonly request: RulesRequest; readonly inParts?: true }
  | { readonly id: number; readonly rows: readonly (readonly unknown[])[] };
export type FromWorker =
  | { readonly id: number; readonly progress: { done: number; total: number } }
  | { readonly id: number; readonly result: RulesResult; readonly inParts?: true }
  | { readonly id: number; readonly outcomes: readonly unknown[] }
  | { readonly id: number; readonly error: string };

/** Rows per message: a part is copied in a few milliseconds. */
export const PART_ROWS = 500;

/** `items` in parts of `PART_ROWS`. */
export function partsOf<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += PART_ROWS) parts.push(items.slice(i, i + PART_ROWS));
  return parts;
}

/** Runs the rules on the calling thread. */
export function inThreadRules(): RulesClient {
  return { run: (request, onProgress) => handleRulesRequest(request, onProgress) };
}

/**
 * Runs the rules in a worker; requests are answered in order, each with its own progress.
 *
 * @example
 * const rules = workerRules(new Worker(new URL('./rules.worker.ts', import.meta.url), { type: 'module' }));
 */
export function workerRules(worker: Pick<Worker, 'postMessage' | 'addEventListener'>): RulesClient {
  let next = 1;
  const pending = new Map<number, { resolve(r: RulesResult): void; reject(e: Error): void; onProgress?: (done: number, total: number) => void; outcomes: unknown[] }>();
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    if ('progress' in message) waiting.onProgress?.(message.progress.done, message.progress.total);
    else if ('outcomes' in message) for (const outcome of message.outcomes) waiting.outcomes.push(outcome);
    else {
      pending.delete(message.id);
      if ('error' in message) waiting.reject(new Error(message.error));
      else waiting.resolve(message.inParts ? ({ ...message.result, outcomes: waiting.outcomes } as RulesResult) : message.result);
    }
  });
  return {
    run: <K extends RulesKind>(request: RequestOf<K>, onProgress?: (done: number, total: number) => void) =>
      new Promise<RulesResults[K]>((resolve, reject) => {
        const id = next++;
        // The worker answers this request with `handleRulesRequest(request)`, so its result is of the request's
        // kind: the one place the protocol trusts a message (a structured clone carries no type).
        pending.set(id, { resolve: (result) => resolve(result as RulesResults[K]), reject, onProgress, outcomes: [] });
        send(worker, id, request).catch((error: unknown) => {
          pending.delete(id);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      }),
  };
}

/** Posts a request: a sheet's rows in parts first (a turn for the page between two), then the request without them. */
async function send(worker: Pick<Worker, 'postMessage'>, id: number, request: RulesRequest): Promise<void> {
  const rows = 'rows' in request ? request.rows : undefined;
  if (!rows || rows.length <= PART_ROWS) {
    worker.postMessage({ id, request } satisfies ToWorker);
    return;
  }
  for (const part of partsOf(rows)) {
    worker.postMessage({ id, rows: part } satisfies ToWorker);
    await yieldToPage();
  }
  worker.postMessage({ id, request: { ...request, rows: [] } as RulesRequest, inParts: true } satisfies ToWorker);
}
