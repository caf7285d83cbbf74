/** The pane's rules worker: answers `RulesRequest`s with the engine, off the UI thread. */
import { handleRulesRequest } from './rules-host';
import { type FromWorker, type ToWorker } from './rules-client';

const post = (message: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(message);

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const { id, request } = event.data;
  let last = 0;
  handleRulesRequest(request, (done, total) => {
    const now = Date.now();
    if (now - last > 100 || done === total) post({ id, progress: { done, total } });
    last = now;
  }).then(
    (result) => post({ id, result }),
    (error: unknown) => post({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
