/**
 * The rules client the pane's session uses: every request about the sheet carries what the workbook says the
 * sheet is judged with, the export's direction (a pane setting) and the workbook's solution catalog (its
 * `Solutions` sheet). The session stays unaware of both; the worker judges with them.
 */
import { type CatalogDocument } from '../../engine/sheet/catalog-sheet';
import { type Direction } from '../../engine/domain/vocabulary';
import { type RulesClient } from './rules-client';
import { type RulesRequest } from './rules-host';

/** What a sheet is judged with besides the rules: absent values leave the engine's defaults. */
export interface Judging {
  /** Partner Center's Inbound or Outbound tab; undefined when the rows say it (a Direction column) or derive it. */
  readonly direction?: Direction;
  /** The workbook's catalog; undefined for the bundled sample. */
  readonly catalog?: CatalogDocument;
}

/**
 * @example
 * const rules = withJudging(workerRules(worker), () => ({ direction: 'Outbound', catalog: solutions.document }));
 * await rules.run({ kind: 'check', headers, rows, today }); // judged as an Outbound export with the workbook's catalog
 */
export function withJudging(rules: RulesClient, judging: () => Judging): RulesClient {
  return {
    run: (request, onProgress) => rules.run(withJudgingOf(request, judging()), onProgress),
  };
}

function withJudgingOf<R extends RulesRequest>(request: R, judging: Judging): R {
  if (!('headers' in request)) return request;
  return { ...request, ...(judging.direction ? { direction: judging.direction } : {}), ...(judging.catalog ? { catalog: judging.catalog } : {}) };
}
