/**
 * What the pane asks of the rules, answered with the engine: check rows, apply actions, inspect the selected
 * deal, summarise the pipeline. It runs in a Web Worker in the pane (so the UI never blocks) and in-thread in
 * tests; either way it is the same code over the same engine.
 */
import {
  type Cell,
  type RowOutcome,
  checkSheet,
  createCatalog,
  createSheetContext,
  judgeSheet,
  type SheetRun,
  type SolutionCatalog,
  describeState,
  textOrNull,
  parseDeal,
  resolveDealState,
  stagesFor,
  type SheetContext,
  RuleEvaluator,
  describeRuleSet,
  type RowExplanation,
  type RuleSet,
  type RuleSource,
  explainRow,
  offerActions,
  requirementOf,
  rowToExplain,
  pipelineOf,
  type Pipeline,
  applyAsAsked,
  registrationChecklist,
  type ActionOffer,
  type RegistrationChecklist,
  formatProblem,
  ruleSetFromSources,
} from '../../engine/index';
import { type ImpactReport, compareRuleSets } from '../../engine/authoring/index';
import { type Direction } from '../../engine/domain/vocabulary';
import { type CatalogDocument } from '../../engine/sheet/catalog-sheet';
import { type ImportPlanResult, planImportFiles } from '../../engine/workflow/import-files';
import { bundledPolicy } from './bundled-rules';

export interface SheetCells {
  readonly headers: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
  /** ISO date the deals are judged on. */
  readonly today: string;
  /** The export's direction (Partner Center's Inbound or Outbound tab), for a sheet without a Direction column. */
  readonly direction?: Direction;
  /** The workbook's solution catalog (its `Solutions` sheet); the bundled sample when absent. */
  readonly catalog?: CatalogDocument;
}

export type RulesRequest =
  | { readonly kind: 'useRules'; readonly sources?: readonly RuleSource[] }
  | { readonly kind: 'lintRules'; readonly sources: readonly RuleSource[] }
  | ({ readonly kind: 'impact'; readonly sources: readonly RuleSource[] } & SheetCells)
  | ({ readonly kind: 'explain'; /** The sheet row of each row sent, the active one first. */ readonly sheetRows: readonly number[]; readonly action?: string } & SheetCells)
  | ({ readonly kind: 'check' } & SheetCells)
  | ({ readonly kind: 'apply'; readonly expireOverdue?: boolean; readonly action?: string } & SheetCells)
  | ({ readonly kind: 'inspect' } & SheetCells)
  | ({ readonly kind: 'pipeline' } & SheetCells)
  | ({ readonly kind: 'importPlan'; readonly selection: ImportRowsSelection } & SheetCells);

/**
 * Which rows the import files take: the rows the Deal log says the pane changed (sheet row numbers, with those
 * whose deal was already Closed before), or every valid row. Arrays, not sets, so the request posts to the worker.
 */
export type ImportRowsSelection = { readonly kind: 'rows'; readonly rows: readonly number[]; readonly closedBefore: readonly number[] } | { readonly kind: 'all-valid' };

/** Rows the sheet's header row makes impossible to judge come back as `headerProblems` instead. */
export interface OutcomesResult {
  readonly outcomes: readonly RowOutcome[];
  readonly headerProblems: readonly string[];
  /** What is said once for the whole sheet (derived columns, what could not be judged, unknown solution IDs …). */
  readonly notices: readonly string[];
  /** Each rule that made a row invalid, as the requirement it states (`Customer Country is required.`). */
  readonly requirements: Readonly<Record<string, string>>;
  /** For a button's action: the rows (indexes) left as they were, their state not offering it. */
  readonly notOffered: readonly number[];
}

export interface StageStep {
  readonly name: string;
  readonly percent: number;
  readonly state: 'done' | 'current' | 'ahead';
}

export interface DealInsight {
  readonly row: number;
  readonly dealName: string;
  readonly customerName: string;
  readonly state: string | null;
  readonly stateError?: string;
  readonly dealType: string | null;
  readonly direction: string | null;
  readonly valid: boolean;
  readonly problems: readonly string[];
  /** The deal's stage list, current marked; empty where stages do not matter (a received or closed-unwon deal). */
  readonly stages: readonly StageStep[];
  /** Solution assessment deals walk the mandatory assessment stages. */
  readonly assessment: boolean;
  readonly registration: RegistrationChecklist;
  readonly actions: readonly ActionOffer[];
  readonly selectedRows: number;
}

/** A rule set as the pane shows it: what it is, or why it does not load. */
export interface RulesInfo {
  readonly name?: string;
  readonly version?: string;
  readonly hash?: string;
  readonly rules?: number;
  /** `Co-sell policy 2026.11.0 #…`: what the Deal log records. */
  readonly description?: string;
  /** `file:line:col (pointer): message`, as `cosell rules check` prints them; empty when the set loads. */
  readonly problems: readonly string[];
}

export type ImpactResult = { readonly report?: ImpactReport; readonly candidate: RulesInfo; readonly headerProblems: readonly string[] };

/** The pipeline, or why the sheet cannot give one. */
/** The engine's `pipelineOf`, or why the sheet cannot be read. */
export type PipelineResult = ({ readonly kind: 'pipeline' } & Pipeline) | { readonly kind: 'unreadable'; readonly reason: string };

/** What each kind of request answers with: the worker protocol, one result type per request kind. */
export interface RulesResults {
  readonly useRules: RulesInfo;
  readonly lintRules: RulesInfo;
  readonly impact: ImpactResult;
  readonly explain: RowExplanation;
  readonly check: OutcomesResult;
  readonly apply: OutcomesResult;
  readonly inspect: DealInsight | undefined;
  readonly pipeline: PipelineResult;
  readonly importPlan: ImportPlanResult;
}

export type RulesKind = RulesRequest['kind'];
/** The request of one kind. */
export type RequestOf<K extends RulesKind> = Extract<RulesRequest, { readonly kind: K }>;
export type RulesResult = RulesResults[RulesKind];
type Progress = ((done: number, total: number) => void) | undefined;

/** The rule set the worker judges by: the bundled one until the pane activates another. */
let active: RuleSet | undefined;

function activeRuleSet(): RuleSet {
  return active ?? bundledPolicy().ruleSet;
}

function infoOf(ruleSet: RuleSet | undefined, problems: readonly string[]): RulesInfo {
  if (!ruleSet) return { problems };
  return { name: ruleSet.name, version: ruleSet.version, hash: ruleSet.hash, rules: ruleSet.rules.length, description: describeRuleSet(ruleSet), problems };
}

function loadSources(sources: readonly RuleSource[]): { ruleSet?: RuleSet; info: RulesInfo } {
  const { ruleSet, problems } = ruleSetFromSources(sources);
  return { ruleSet, info: infoOf(ruleSet, problems.map(formatProblem)) };
}

/** Most selected rows whose actions are each judged; beyond, only the active row's are. */
const INSPECT_LIMIT = 500;

/**
 * Answers one request.
 *
 * @example
 * const { outcomes } = await handleRulesRequest({ kind: 'check', headers, rows, today: '2026-11-23' }) as OutcomesResult;
 */
/** One handler per request kind, each typed with its request and its result (no kind can answer another's type). */
const HANDLERS: { readonly [K in RulesKind]: (request: RequestOf<K>, onProgress: Progress) => Promise<RulesResults[K]> | RulesResults[K] } = {
  useRules: (request) => {
    if (!request.sources) {
      active = undefined;
      return infoOf(bundledPolicy().ruleSet, []);
    }
    const { ruleSet, info } = loadSources(request.sources);
    if (ruleSet) active = ruleSet;
    return info;
  },
  lintRules: (request) => loadSources(request.sources).info,
  impact: (request, onProgress) => impact(request, onProgress),
  explain: (request) => explain(request),
  check: (request, onProgress) => withContext(request, onProgress, async (grid, context) => judgeSheet(grid, context, { kind: 'check' })),
  apply: (request, onProgress) =>
    withContext(request, onProgress, async (grid, context) => {
      if (request.action === undefined) return judgeSheet(grid, context, { kind: 'apply', expireOverdue: request.expireOverdue === true });
      return applyAsAsked(grid, context, request.action, { offeredOnly: true });
    }),
  inspect: (request) => inspect(request),
  pipeline: (request) => pipeline(request),
  importPlan: (request, onProgress) => importPlan(request, onProgress),
};

/**
 * Answers one request, with the result type of its kind.
 *
 * @example
 * const info = await handleRulesRequest({ kind: 'lintRules', sources }); // RulesInfo
 */
export async function handleRulesRequest<K extends RulesKind>(request: RequestOf<K>, onProgress?: (done: number, total: number) => void): Promise<RulesResults[K]> {
  return dispatch(request.kind as K, request, onProgress);
}

function dispatch<K extends RulesKind>(kind: K, request: RequestOf<K>, onProgress: Progress): Promise<RulesResults[K]> | RulesResults[K] {
  const handler: (request: RequestOf<K>, onProgress: Progress) => Promise<RulesResults[K]> | RulesResults[K] = HANDLERS[kind];
  return handler(request, onProgress);
}

/** The catalog a request judges with: the workbook's, else the bundled sample. */
function catalogOf(request: SheetCells): SolutionCatalog {
  if (!request.catalog) return bundledPolicy().catalog;
  const { catalog, problems } = createCatalog(request.catalog);
  if (!catalog) throw new Error(`The workbook's solution catalog does not load: ${problems.map((p) => p.message).join(' ')}`);
  return catalog;
}

/** What every sheet request judges with: the active rules, the catalog, today, the export's direction. */
function contextOptions(request: SheetCells) {
  return { rules: evaluatorFor(activeRuleSet()), catalog: catalogOf(request), today: request.today, direction: request.direction };
}

/** Why the sheet's header row makes it impossible to judge, as one sentence. */
function unreadable(problems: readonly { message: string }[]): string {
  return `This sheet cannot be read as a deal sheet: ${problems.map((p) => p.message).join(' ')}`;
}

type Grid = { headers: readonly Cell[]; rows: readonly (readonly Cell[])[] };

async function withContext(
  request: SheetCells,
  onProgress: ((done: number, total: number) => void) | undefined,
  run: (grid: Grid, context: SheetContext) => Promise<{ outcomes: RowOutcome[]; notices: readonly { message: string }[]; notOffered?: readonly number[] }>,
): Promise<OutcomesResult> {
  const grid = { headers: request.headers, rows: request.rows };
  const { context, problems } = createSheetContext(grid, { ...contextOptions(request), batchSize: 250, onProgress });
  if (!context) return { outcomes: [], headerProblems: problems.map((p) => p.message), notices: [], requirements: {}, notOffered: [] };
  const { outcomes, notices, notOffered = [] } = await run(grid, context);
  const fired = new Set(outcomes.flatMap((o) => o.problems.map((p) => p.rule)));
  const requirements = Object.fromEntries(context.evaluator.ruleSet.rules.filter((r) => fired.has(r.name)).map((r) => [r.name, requirementOf(r)]));
  return { outcomes, headerProblems: [], notices: notices.map((n) => n.message), requirements, notOffered };
}

/** The import files' plan for the sheet: checked by the active rules, then Partner Center's columns of the chosen rows. */
async function importPlan(request: SheetCells & { selection: ImportRowsSelection }, onProgress?: (done: number, total: number) => void): Promise<ImportPlanResult> {
  const grid = { headers: request.headers, rows: request.rows };
  const { context, problems } = createSheetContext(grid, { ...contextOptions(request), batchSize: 250, onProgress });
  if (!context) return { kind: 'unusable', problems: problems.map((p) => ({ source: 'sheet' as const, message: p.message })) };
  const { outcomes } = await judgeSheet(grid, context, { kind: 'check' } satisfies SheetRun);
  const { selection } = request;
  return planImportFiles({
    grid,
    outcomes,
    selection: selection.kind === 'all-valid' ? selection : { kind: 'rows', rows: new Set(selection.rows), closedBefore: new Set(selection.closedBefore) },
  });
}

async function inspect(request: SheetCells): Promise<DealInsight | undefined> {
  const grid = { headers: request.headers, rows: request.rows.slice(0, INSPECT_LIMIT) };
  const { context, problems } = createSheetContext(grid, contextOptions(request));
  if (!context) throw new Error(unreadable(problems));
  if (grid.rows.length === 0) return undefined;
  const deals = grid.rows.map((cells, i) => parseDeal(cells, context.map, i + 2, context));
  const active = deals[0];

  const actions = await offerActions(grid, context);

  const [checked] = await checkSheet({ headers: grid.headers, rows: [grid.rows[0]] }, context);
  const dealState = resolveDealState(active);
  const stages = stagesFor(textOrNull(active.values.dealType));
  const currentIndex = active.stage ? stages.findIndex((s) => s.name === active.stage!.name) : -1;
  return {
    row: active.row,
    dealName: textOrNull(active.values.dealName) ?? '',
    customerName: textOrNull(active.values.customerName) ?? '',
    state: dealState.kind === 'state' ? describeState(dealState.snapshot) : null,
    stateError: dealState.kind === 'none' ? dealState.error : undefined,
    dealType: textOrNull(active.values.dealType),
    direction: textOrNull(active.values.direction) ?? (context.map.fields.direction === undefined ? (context.direction ?? null) : null),
    valid: checked.valid,
    problems: checked.errors === '' ? [] : checked.errors.split('; '),
    // Stages matter while a deal is worked and when it is won; not on one received, lost, declined or expired.
    stages: dealState.kind === 'state' && (dealState.snapshot.matches('accepted') || dealState.snapshot.matches('won'))
      ? stages.map((s, i) => ({ name: s.name, percent: s.percent, state: i < currentIndex ? 'done' : i === currentIndex ? 'current' : 'ahead' }))
      : [],
    assessment: active.values.dealType === 'Solution assessment',
    registration: await registrationChecklist(active, context),
    actions,
    selectedRows: deals.length,
  };
}

/** One evaluator per rule set, reused across requests (building engines for 75 rules is not free). */
const evaluators = new WeakMap<RuleSet, RuleEvaluator>();
function evaluatorFor(ruleSet: RuleSet): RuleEvaluator {
  let evaluator = evaluators.get(ruleSet);
  if (!evaluator) evaluators.set(ruleSet, (evaluator = new RuleEvaluator(ruleSet)));
  return evaluator;
}

/** The open sheet judged by the active rules and by a candidate, row by row. */
async function impact(request: SheetCells & { sources: readonly RuleSource[] }, onProgress?: (done: number, total: number) => void): Promise<ImpactResult> {
  const { ruleSet: candidate, info } = loadSources(request.sources);
  if (!candidate) return { candidate: info, headerProblems: [] };
  const grid = { headers: request.headers, rows: request.rows };
  const options = { catalog: catalogOf(request), today: request.today, direction: request.direction, batchSize: 250 };
  const { context, problems } = createSheetContext(grid, { ...options, rules: evaluatorFor(activeRuleSet()), onProgress });
  const { context: candidateContext } = createSheetContext(grid, { ...options, rules: evaluatorFor(candidate) });
  if (!context || !candidateContext) return { candidate: info, headerProblems: problems.map((p) => p.message) };
  return { report: await compareRuleSets(grid, context, candidateContext), candidate: info, headerProblems: [] };
}

/** Why the selected row is (in)valid, or why an action is allowed or refused. `rows` holds that row alone. */
async function explain(request: RequestOf<'explain'>): Promise<RowExplanation> {
  const all = { headers: request.headers, rows: request.rows.slice(0, INSPECT_LIMIT) };
  const { context, problems } = createSheetContext(all, contextOptions(request));
  if (!context) throw new Error(unreadable(problems));
  // With several rows selected, Why? beside an action explains a row the action's reasons come from.
  const index = request.action === undefined ? 0 : await rowToExplain(all, context, request.action);
  const grid = { headers: request.headers, rows: [all.rows[index]] };
  const { explanation, error } = await explainRow(grid, context, 2, request.action);
  if (!explanation) throw new Error(error);
  return { ...explanation, row: request.sheetRows[index] };
}

function pipeline(request: SheetCells): PipelineResult {
  const grid = { headers: request.headers, rows: request.rows };
  const { context, problems } = createSheetContext(grid, contextOptions(request));
  if (!context) return { kind: 'unreadable', reason: unreadable(problems) };
  return { kind: 'pipeline', ...pipelineOf(grid, context) };
}

