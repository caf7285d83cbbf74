import { type Cell } from '../sheet/cell';
import { knownHeader, mapHeaders } from '../sheet/header-map';
import { COLUMNS } from '../sheet/columns';
import { parseDeal } from '../sheet/parse-deal';
import { type SolutionCatalog } from '../domain/catalog';
import { type Facts, dealFacts } from '../facts/deal-facts';
import { type ActionGate } from '../domain/actions';
import { type RuleFileDocument, type RuleProblem, forbiddenKeys, schemaProblems } from '../rules/rule-file';
import { type RuleSet } from '../rules/rule-set';
import { RuleEvaluator } from '../rules/rule-evaluator';
import { validateDefaultRow, validateRuleCases } from '../rules/schema-validators.generated';
import { didYouMean } from '../rules/did-you-mean';
import { actionFor } from '../sheet/action-cell';
import { isClosedDeal } from '../lifecycle/deal-state';

const KNOWN_HEADERS = COLUMNS.map((c) => c.header);


/** What a case expects of the rules' verdict on its row. */
export interface CaseExpectation {
  /** Rules whose conditions hold (validation, or the action's gate). */
  readonly fires?: readonly string[];
  /** Rules whose conditions do not hold. */
  readonly passes?: readonly string[];
  /** No validation rule fires (true), or some does (false). */
  readonly valid?: boolean;
  /** No rule of the action's gate fires (true), or some does (false). */
  readonly allowed?: boolean;
}

export interface RuleCase {
  readonly name: string;
  readonly action?: string;
  readonly today?: string;
  readonly cells?: Readonly<Record<string, Cell>>;
  readonly expect: CaseExpectation;
}

/** One case's outcome: where it is, and what did not match (nothing when it passed). */
export interface CaseResult {
  readonly file: string;
  readonly pointer: string;
  readonly name: string;
  readonly failures: readonly string[];
}

export interface RuleCasesReport {
  readonly results: readonly CaseResult[];
  /** Rules no case shows firing, or no case shows passing. */
  readonly uncovered: readonly { readonly rule: string; readonly file: string; readonly missing: 'fires' | 'passes' }[];
  /** Case files (or the default row) that cannot be run: nothing of them ran. */
  readonly problems: readonly RuleProblem[];
}

/**
 * Runs rule cases: each case's cells over the file's `defaults` over the default row, judged by the rule set,
 * compared with what the case expects. Also reports each rule that no case shows both firing and passing.
 *
 * @example
 * const report = await runRuleCases(ruleSet, catalog, { file: 'rules/default-row.json', json }, [{ file: 'rules/registration.cases.json', json: cases }]);
 * report.results.filter((r) => r.failures.length > 0); // the failed cases
 */
export async function runRuleCases(
  ruleSet: RuleSet,
  catalog: SolutionCatalog,
  defaultRow: RuleFileDocument,
  caseFiles: readonly RuleFileDocument[],
): Promise<RuleCasesReport> {
  const problems: RuleProblem[] = checkDocument(defaultRow, validateDefaultRow);
  if (problems.length === 0) problems.push(...headerProblems(defaultRow.file, '/cells', (defaultRow.json as { cells: object }).cells));
  if (problems.length > 0) return { results: [], uncovered: [], problems };
  const base = defaultRow.json as { today: string; cells: Record<string, Cell> };

  const evaluator = new RuleEvaluator(ruleSet);
  const ruleNames = new Set(ruleSet.rules.map((r) => r.name));
  const results: CaseResult[] = [];
  const shown = { fires: new Set<string>(), passes: new Set<string>() };
  for (const document of caseFiles) {
    const fileProblems = checkCaseFile(document, ruleNames);
    problems.push(...fileProblems);
    if (fileProblems.length > 0) continue;
    const json = document.json as { defaults?: Record<string, Cell>; cases: RuleCase[] };
    for (const [i, c] of json.cases.entries()) {
      const cells = { ...base.cells, ...json.defaults, ...c.cells };
      const result = await judgeCase(c, cells, c.today ?? base.today, { ruleSet, evaluator, catalog });
      results.push({ file: document.file, pointer: `/cases/${i}`, name: c.name, failures: result.failures });
      if (result.failures.length === 0) {
        c.expect.fires?.forEach((r) => shown.fires.add(r));
        result.shownPassing.forEach((r) => shown.passes.add(r));
      }
    }
  }
  const uncovered = ruleSet.rules.flatMap((rule) =>
    (['fires', 'passes'] as const).filter((side) => !shown[side].has(rule.name)).map((missing) => ({ rule: rule.name, file: rule.file, missing })),
  );
  return { results, uncovered, problems };
}

interface Judge {
  readonly ruleSet: RuleSet;
  readonly evaluator: RuleEvaluator;
  readonly catalog: SolutionCatalog;
}

/** Judges one case; `shownPassing` lists the rules the case shows not firing (named, or by `valid`/`allowed`). */
async function judgeCase(c: RuleCase, cells: Record<string, Cell>, today: string, { ruleSet, evaluator, catalog }: Judge): Promise<{ failures: string[]; shownPassing: string[] }> {
  const row = caseFacts(c.action, cells, today, catalog);
  if ('error' in row) return { failures: [row.error], shownPassing: [] };
  const { facts, gate } = row;
  const [verdict] = await evaluator.evaluate([facts], () => (gate ? [gate] : []));
  const refusals = gate ? (verdict.refusals[gate] ?? []) : [];
  const fired = new Set([...verdict.problems, ...refusals].map((f) => f.rule));
  const describe = (names: Iterable<string>) => [...names].join(', ') || 'none';

  const failures: string[] = [];
  for (const rule of c.expect.fires ?? []) if (!fired.has(rule)) failures.push(`expected ${rule} to fire; fired: ${describe(fired)}`);
  for (const rule of c.expect.passes ?? []) {
    if (fired.has(rule)) failures.push(`expected ${rule} not to fire, but it did: ${[...verdict.problems, ...refusals].find((f) => f.rule === rule)!.message}`);
  }
  if (c.expect.valid !== undefined && c.expect.valid !== (verdict.problems.length === 0)) {
    failures.push(c.expect.valid ? `expected a valid row; invalid by ${describe(verdict.problems.map((p) => p.rule))}` : 'expected an invalid row; no validation rule fired');
  }
  if (c.expect.allowed !== undefined) {
    if (!gate) failures.push(`"allowed" needs an action that has a gate; ${c.action === undefined ? 'the case has no action' : `${c.action} has none`}`);
    else if (c.expect.allowed !== (refusals.length === 0)) {
      failures.push(c.expect.allowed ? `expected ${c.action} to be allowed; refused by ${describe(refusals.map((f) => f.rule))}` : `expected ${c.action} to be refused; no ${gate} rule fired`);
    }
  }
  if (failures.length > 0) return { failures, shownPassing: [] };
  const rulesOf = (g: string) => ruleSet.rules.filter((r) => r.event.type === g).map((r) => r.name);
  const shownPassing = [
    ...(c.expect.passes ?? []),
    ...(c.expect.valid === true ? rulesOf('validation') : []),
    ...(c.expect.allowed === true && gate ? rulesOf(gate) : []),
  ];
  return { failures, shownPassing };
}

/**
 * A case's row as the rules see it: its cells parsed, its action read, its facts; or the action's error.
 *
 * @example
 * caseFacts('Register', { ...defaultRow.cells, 'Sales Stage': 'Won' }, '2026-11-23', catalog).gate; // 'register'
 */
export function caseFacts(action: string | undefined, cells: Readonly<Record<string, Cell>>, today: string, catalog: SolutionCatalog): { facts: Facts; gate?: ActionGate } | { error: string } {
  const headers = Object.keys(cells);
  const { map } = mapHeaders(headers);
  const deal = parseDeal(headers.map((h) => cells[h]), map, 2, { decimalComma: false });
  const parsed = action === undefined ? undefined : actionFor(action, deal);
  if (parsed?.error) return { error: parsed.error };
  const request = parsed?.request;
  const gate = request?.action.gate ?? undefined;
  return { facts: dealFacts(deal, { catalog, today, request, closed: isClosedDeal(deal) }), gate };
}

/** Schema problems, then (tolerantly, so one run reports everything) unknown headers and rule names. */
function checkCaseFile(document: RuleFileDocument, ruleNames: ReadonlySet<string>): RuleProblem[] {
  const problems = checkDocument(document, validateRuleCases);
  const { file } = document;
  const json = (isObject(document.json) ? document.json : {}) as { defaults?: unknown; cases?: unknown };
  if (isObject(json.defaults)) problems.push(...headerProblems(file, '/defaults', json.defaults));
  (Array.isArray(json.cases) ? json.cases : []).forEach((c: unknown, i) => {
    if (!isObject(c)) return;
    if (isObject(c.cells)) problems.push(...headerProblems(file, `/cases/${i}/cells`, c.cells));
    for (const side of ['fires', 'passes'] as const) {
      const names = isObject(c.expect) && Array.isArray(c.expect[side]) ? (c.expect[side] as unknown[]) : [];
      names.forEach((rule, j) => {
        if (typeof rule === 'string' && !ruleNames.has(rule)) {
          problems.push({ file, pointer: `/cases/${i}/expect/${side}/${j}`, message: `No rule is named "${rule}".${didYouMean(rule, [...ruleNames])}` });
        }
      });
    }
  });
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkDocument({ file, json }: RuleFileDocument, validate: typeof validateRuleCases): RuleProblem[] {
  const problems = forbiddenKeys({ file, json });
  if (problems.length > 0 || validate(json)) return problems;
  return schemaProblems(validate.errors ?? []).map((p) => ({ file, ...p }));
}

function headerProblems(file: string, pointer: string, cells: object): RuleProblem[] {
  return Object.keys(cells)
    .filter((header) => knownHeader(header) === undefined)
    .map((header) => ({ file, pointer: `${pointer}/${header.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `"${header}" is not a column header.${didYouMean(header, KNOWN_HEADERS)}` }));
}

