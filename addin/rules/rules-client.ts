/**
 * How the pane reaches the rules: through a Web Worker in the browser, so a 5,000-row check never blocks the
 * pane (Office restarts an add-in whose UI is blocked for 5 s), or in-thread where there are no workers (jest).
 */
import { type RulesRequest, type RulesResult, handleRulesRequest } from './rules-host';

export interface RulesClient {
  run<R extends RulesResult>(request: RulesRequest, onProgress?: (done: number, total: number) => void): Promise<R>;
}

/** Messages between the pane and the worker. */
export type ToWorker = { readonly id: number; readonly request: RulesRequest };
export type FromWorker =
  | { readonly id: number; readonly progress: { done: number; total: number } }
  | { readonly id: number; readonly result: RulesResult }
  | { readonly id: number; readonly error: string };

/** Runs the rules on the calling thread. */
export function inThreadRules(): RulesClient {
  return { run: async (request, onProgress) => (await handleRulesRequest(request, onProgress)) as never };
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
    run: (request, onProgress) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (r: RulesResult) => void, reject, onProgress });
        worker.postMessage({ id, request } satisfies ToWorker);
      }),
  };
}
