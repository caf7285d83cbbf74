/** The pane's rules worker: answers `RulesRequest`s with the engine, off the UI thread. */
import { type RulesRequest, type RulesResult, handleRulesRequest } from './rules-host';
import { type FromWorker, type ToWorker, PART_ROWS, partsOf } from './rules-client';
import { type Cell } from '../../engine/index';

const post = (message: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(message);

/** A request's rows sent ahead in parts, by request (see `ToWorker`). */
const parts = new Map<number, (readonly Cell[])[]>();

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if ('rows' in message) {
    const rows = parts.get(message.id) ?? [];
    for (const row of message.rows) rows.push(row as readonly Cell[]);
    parts.set(message.id, rows);
    return;
  }
  const { id } = message;
  const request = message.inParts && 'rows' in message.request ? ({ ...message.request, rows: parts.get(id) ?? [] } as RulesRequest) : message.request;
  parts.delete(id);
  let last = 0;
  handleRulesRequest(request, (done, total) => {
    const now = Date.now();
    if (now - last > 100 || done === total) post({ id, progress: { done, total } });
    last = now;
  }).then(
    (result) => {
      // A sheet's outcomes go back in parts too: the pane's thread copies each part in a task of its own.
      const outcomes = typeof result === 'object' && result !== null && 'outcomes' in result && Array.isArray(result.outcomes) ? result.outcomes : undefined;
      if (!outcomes || outcomes.length <= PART_ROWS) return post({ id, result });
      for (const part of partsOf(outcomes)) post({ id, outcomes: part });
      post({ id, result: { ...result, outcomes: [] } as RulesResult, inParts: true });
    },
    (error: unknown) => post({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
