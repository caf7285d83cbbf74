import { type SheetGrid, cellText } from '../sheet/cell';
import { parseDeal, textOrNull } from '../sheet/parse-deal';
import { withOwnedColumns } from '../sheet/header-map';
import { CURRENCY_CODES } from '../domain/iso-codes';
import { stagesFor } from '../domain/vocabulary';
import { resolveDealState, stateMetaOf } from '../lifecycle/deal-state';
import { type SheetContext } from './process-sheet';

/** The deals of one stage and deal type, in one currency. */
export interface PipelineRow {
  readonly stage: string;
  readonly percent: number;
  readonly dealType: string;
  readonly deals: number;
  readonly value: number;
  /** Value × the stage's percentage. */
  readonly weighted: number;
}

/** The pipeline in one currency: never added to another (no rates are assumed). */
export interface CurrencyPipeline {
  readonly currency: string;
  readonly deals: number;
  readonly value: number;
  readonly weighted: number;
  /** By stage (in the stages' order), then deal type. */
  readonly rows: readonly PipelineRow[];
}

/** Deals the pipeline leaves out, and why, with their rows. */
export interface PipelineLeftOut {
  /** A currency that is no ISO 4217 code (`US$`): flagged, not charted. */
  readonly invalidCurrency: readonly { readonly currency: string; readonly rows: readonly number[] }[];
  readonly noCurrency: readonly number[];
  readonly noValue: readonly number[];
  /** A value that is no number, or a negative one (Check names it). */
  readonly invalidValue: readonly number[];
  /** A stage that is no stage of the deal's list, or Won on a deal not won (Check names it). */
  readonly invalidStage: readonly number[];
  /** Rows whose status and substatus are no lifecycle state (Check says why). */
  readonly noLifecycleState: readonly number[];
}

export interface Pipeline {
  /** Deals on the sheet (rows not blank), as Check counts them. */
  readonly deals: number;
  /** Deals in the pipeline: New, Active or Won, with a value in a valid currency. */
  readonly counted: number;
  /** One pipeline per currency, the currency with the most deals first. */
  readonly currencies: readonly CurrencyPipeline[];
  readonly leftOut: PipelineLeftOut;
}

const STAGE_ORDER = [...stagesFor(null), ...stagesFor('Solution assessment')].map((s) => s.name);

/**
 * The pipeline: open (New, Active) and won deals by stage and deal type, with value and weighted value, in each
 * currency apart. Lost, declined and expired deals are not pipeline; a deal without a stage counts at Created
 * (10 %); a won deal at Won (100 %). The pane's Pipeline view and `cosell pipeline` both show this.
 *
 * @example
 * const { currencies, leftOut } = pipelineOf(grid, context);
 * currencies[0]; // { currency: 'USD', deals: 20, value: 1234567, weighted: 456789, rows: [...] }
 */
export function pipelineOf(grid: SheetGrid, context: SheetContext): Pipeline {
  const map = withOwnedColumns(context.map);
  const byCurrency = new Map<string, Map<string, { stage: string; percent: number; dealType: string; deals: number; value: number; weighted: number }>>();
  const invalid = new Map<string, number[]>();
  const noCurrency: number[] = [];
  const noValue: number[] = [];
  const invalidValue: number[] = [];
  const invalidStage: number[] = [];
  const noLifecycleState: number[] = [];
  let deals = 0;
  let counted = 0;
  grid.rows.forEach((cells, i) => {
    if (cells.every((cell) => cellText(cell) === '')) return;
    deals++;
    const deal = parseDeal(cells, map, i + 2, context);
    const state = resolveDealState(deal);
    if (state.kind === 'none') return void noLifecycleState.push(deal.row);
    const meta = stateMetaOf(state.snapshot);
    if (meta.closed && meta.substatus !== 'Won') return;
    const value = deal.values.estimatedDealValue;
    if (deal.invalid.includes('estimatedDealValue') || (typeof value === 'number' && value < 0)) return void invalidValue.push(deal.row);
    if (typeof value !== 'number') return void noValue.push(deal.row);
    const typed = textOrNull(deal.values.currency);
    if (typed === null) return void noCurrency.push(deal.row);
    const currency = typed.trim().toUpperCase();
    if (!CURRENCY_CODES.has(currency)) return void invalid.set(currency, [...(invalid.get(currency) ?? []), deal.row]);
    const won = meta.substatus === 'Won';
    if (deal.invalid.includes('salesStage') || (!won && deal.stage?.name === 'Won')) return void invalidStage.push(deal.row);
    const stage = won ? { name: 'Won', percent: 100 } : (deal.stage ?? { name: 'Created', percent: 10 });
    const dealType = textOrNull(deal.values.dealType) ?? 'Deal type not set';
    const rows = byCurrency.get(currency) ?? new Map();
    const key = `${stage.name}|${dealType}`;
    const row = rows.get(key) ?? { stage: stage.name, percent: stage.percent, dealType, deals: 0, value: 0, weighted: 0 };
    row.deals++;
    row.value += value;
    row.weighted += (value * stage.percent) / 100;
    rows.set(key, row);
    byCurrency.set(currency, rows);
    counted++;
  });
  const order = (stage: string) => {
    const i = STAGE_ORDER.indexOf(stage);
    return i < 0 ? STAGE_ORDER.length : i;
  };
  const currencies = [...byCurrency.entries()].map(([currency, rows]): CurrencyPipeline => {
    const sorted = [...rows.values()].sort((a, b) => a.percent - b.percent || order(a.stage) - order(b.stage) || a.dealType.localeCompare(b.dealType));
    const sum = (pick: (r: PipelineRow) => number) => sorted.reduce((s, r) => s + pick(r), 0);
    return { currency, deals: sum((r) => r.deals), value: sum((r) => r.value), weighted: sum((r) => r.weighted), rows: sorted };
  });
  currencies.sort((a, b) => b.deals - a.deals || a.currency.localeCompare(b.currency));
  return {
    deals,
    counted,
    currencies,
    leftOut: { invalidCurrency: [...invalid.entries()].map(([currency, rows]) => ({ currency, rows })), noCurrency, noValue, invalidValue, invalidStage, noLifecycleState },
  };
}

/** Stages of a currency's pipeline with their totals, in order: what the chart draws. */
export function pipelineStages(pipeline: CurrencyPipeline): { stage: string; percent: number; deals: number; value: number; weighted: number }[] {
  return totalsBy(pipeline, (r) => r.stage).map((t) => ({ stage: t.name, percent: t.row.percent, deals: t.deals, value: t.value, weighted: t.weighted }));
}

/** Deal types of a currency's pipeline with their totals. */
export function pipelineDealTypes(pipeline: CurrencyPipeline): { dealType: string; deals: number; value: number; weighted: number }[] {
  return totalsBy(pipeline, (r) => r.dealType).map((t) => ({ dealType: t.name, deals: t.deals, value: t.value, weighted: t.weighted }));
}

function totalsBy(pipeline: CurrencyPipeline, keyOf: (row: PipelineRow) => string): { name: string; row: PipelineRow; deals: number; value: number; weighted: number }[] {
  const totals = new Map<string, { name: string; row: PipelineRow; deals: number; value: number; weighted: number }>();
  for (const r of pipeline.rows) {
    const t = totals.get(keyOf(r)) ?? { name: keyOf(r), row: r, deals: 0, value: 0, weighted: 0 };
    t.deals += r.deals;
    t.value += r.value;
    t.weighted += r.weighted;
    totals.set(t.name, t);
  }
  return [...totals.values()];
}
