import { type SheetGrid } from '../sheet/cell';
import { type HeaderProblem, mapHeaders } from '../sheet/header-map';
import { type SolutionCatalog } from '../domain/catalog';
import { type Direction } from '../domain/vocabulary';
import { RuleEvaluator } from '../rules/rule-evaluator';
import { type RuleSet } from '../rules/rule-set';
import { type SheetContext } from './process-sheet';

export interface SheetContextOptions {
  /** A rule set, or an evaluator to reuse across sheets. */
  readonly rules: RuleSet | RuleEvaluator;
  readonly catalog: SolutionCatalog;
  /** ISO date (YYYY-MM-DD) the deals are judged on. */
  readonly today: string;
  readonly decimalComma?: boolean;
  /**
   * The direction of the whole export: a Partner Center export is one tab of the co-sell page (Inbound or
   * Outbound). Used for the rows of a sheet without a Direction column (the CLI's `--direction`); a sheet with its
   * own Direction column keeps it, and a notice says the option was not used.
   */
  readonly direction?: Direction;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Maps a sheet's headers and prepares everything `checkSheet` and `applySheet` need.
 * Header problems (a missing required column, a duplicate header) leave no context: the sheet is unusable.
 *
 * @example
 * const { context, problems } = createSheetContext(grid, { rules: ruleSet, catalog, today: '2026-11-23' });
 * if (context) await checkSheet(grid, context);
 */
export function createSheetContext(grid: SheetGrid, options: SheetContextOptions): { context?: SheetContext; problems: HeaderProblem[] } {
  const { map, problems } = mapHeaders(grid.headers);
  if (problems.length > 0) return { problems };
  const evaluator = options.rules instanceof RuleEvaluator ? options.rules : new RuleEvaluator(options.rules);
  return {
    context: {
      map,
      evaluator,
      catalog: options.catalog,
      today: options.today,
      decimalComma: options.decimalComma ?? false,
      direction: options.direction,
      batchSize: options.batchSize,
      onProgress: options.onProgress,
    },
    problems,
  };
}

/** Today's date in the machine's time zone, as YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
