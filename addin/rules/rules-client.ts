/**
 * How the pane reaches the rules: through a Web Worker in the browser, so a 5,000-row check never blocks the
 * pane (Office restarts an add-in whose UI is blocked for 5 s), or in-thread where there are no workers (jest).
 */
import { type RequestOf, type RulesKind, type RulesRequest, type RulesResult, type RulesResults, handleRulesRequest } from './rules-host';

/** Runs one request; its result has the type of the request's kind (`check` → OutcomesResult, …). */
export interface RulesClient {
  run<K extends RulesKind>(request: RequestOf<K>, onProgress?: (done: number, total: number) => void): Promise<RulesResults[K]>;
}

/** Messages between the pane and the worker. */
export type ToWorker = { readonly id: number; readonly request: RulesRequest };
export type FromWorker =
  | { readonly id: number; readonly progress: { done: number; total: number } }
  | { readonly id: number; readonly result: RulesResult }
  | { readonly id: number; readonly error: string };

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
  const pending = new Map<number, { resolve(r: RulesResult): void; reject(e: Error): void; onProgress?: (done: number, total: number) => void }>();
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    if ('progress' in message) waiting.onProgress?.(message.progress.done, message.progress.total);
    else {
      pending.delete(message.id);
      if ('error' in message) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    }
  });
  return {
    run: <K extends RulesKind>(request: RequestOf<K>, onProgress?: (done: number, total: number) => void) =>
      new Promise<RulesResults[K]>((resolve, reject) => {
        const id = next++;
        // The worker answers this request with `handleRulesRequest(request)`, so its result is of the request's
        // kind: the one place the protocol trusts a message (a structured clone carries no type).
        pending.set(id, { resolve: (result) => resolve(result as RulesResults[K]), reject, onProgress });
        worker.postMessage({ id, request } satisfies ToWorker);
      }),
  };
}
