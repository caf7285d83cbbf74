import { groupDigits } from '../workflow/listed-text';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type RowOutcome,
  type RuleSet,
  type SheetContext,
  type SheetNotice,
  type SheetRun,
  type Summary,
  DIRECTIONS,
  canonical,
  columnLetter,
  createSheetContext,
  describeRuleSet,
  explainRow,
  pipelineOf,
  localToday,
  parseUsDate,
  summarize,
} from '../index';
import { compareRuleSets, rulesReference } from '../authoring/index';
import { judgeRowBatches } from '../workflow/process-sheet';
import { DEFAULT_RULES_DIR, displayName, loadRuleDir } from '../io/rule-files';
import { runRuleCaseDir } from '../io/rule-case-files';
import { type CatalogLoad, resolveCatalog } from '../io/catalog-sources';
import { describePending } from '../sheet/catalog-sheet';
import { type DealFile, assertSameFormat, formatOf, readDealFile } from '../io/deal-file';
import { streamCsvSheet } from '../io/csv-sheet-stream';
import { checkOutputPath, writeAtomically } from '../io/atomic-write';
import { InputError } from '../io/input-error';
import { formatProblem } from '../io/json-file';
import { type CommandArgs, parseArgs, usageOf } from './args';
import { type Console, processConsole, terminalConsole } from './console';
import { formatExplanation, formatImpact, formatPipeline, impactCsv } from './reports';
import { importFilesCommand } from './import-command';

export { type Console, terminalConsole } from './console';

const EXIT_STATUS = `Exit status: 0 every row valid (and every action applied; no rule problem; every case passed), 1 some rows invalid
or refused (rule problems; failed cases; for impact: some deal changes), 2 unusable input (nothing is written).`;

export const USAGE = `${usageOf()}

${EXIT_STATUS}
Run "cosell COMMAND --help" for one command; "cosell --version" for the version.`;

/** The version in package.json. */
export function version(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
  return String(manifest.version);
}

/**
 * Runs the `cosell` command line and returns its exit status.
 *
 * @example
 * await main(['check', 'examples/deals.csv', '--today', '2026-11-23']); // 1 (some example rows are invalid)
 */
export async function main(argv: readonly string[], sink: Console = processConsole): Promise<number> {
  const console = terminalConsole(sink);
  try {
    const args = parseArgs(argv);
    if (args.command !== 'help' && args.command !== 'version' && args.out !== undefined) checkOutputPath(args.out);
    switch (args.command) {
      case 'help':
        console.out(args.topic === undefined ? USAGE : `${usageOf(args.topic)}\n\n${EXIT_STATUS}`);
        return 0;
      case 'version':
        console.out(`cosell ${version()}`);
        return 0;
      case 'rules check':
        return rulesCheck(args.input ?? DEFAULT_RULES_DIR, console);
      case 'rules test':
        return await rulesTest(args.input ?? DEFAULT_RULES_DIR, console);
      case 'rules doc':
        return rulesDoc(args, console);
      case 'rules impact':
        return await rulesImpact(args, console);
      case 'explain':
        return await explain(args, console);
      case 'pipeline':
        return await pipelineCommand(args, console);
      case 'check':
      case 'apply':
        return await runSheet(args, console);
      case 'import-files':
        return await importFilesCommand(args, console, openSheet);
    }
  } catch (error) {
    if (error instanceof InputError) {
      console.err(`cosell: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function rulesCheck(dir: string, console: Console): number {
  const { ruleSet, problems } = loadRuleDir(dir);
  if (!ruleSet) {
    problems.forEach((p) => console.err(formatProblem(p)));
    console.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${displayName(dir)}.`);
    return 1;
  }
  console.out(`${displayName(dir)}: ${describeRuleSet(ruleSet)}: ${ruleSet.rules.length} rules in ${ruleSet.files.length} files, no problems.`);
  return 0;
}

async function rulesTest(dir: string, console: Console): Promise<number> {
  const run = await runRuleCaseDir(dir);
  if (run.problems.length > 0) {
    run.problems.forEach((p) => console.err(formatProblem(p)));
    console.err(`${run.problems.length} problem${run.problems.length === 1 ? '' : 's'}: no case ran.`);
    return 1;
  }
  const failed = run.results.filter((r) => r.failures.length > 0);
  for (const r of failed) {
    for (const failure of r.failures) console.out(formatProblem({ ...r, message: `"${r.name}": ${failure}` }));
  }
  for (const u of run.uncovered) console.out(`${u.file}: ${u.rule} has no case where it ${u.missing === 'fires' ? 'fires' : 'does not fire'}.`);
  console.out(`${run.results.length - failed.length} passed, ${failed.length} failed.`);
  if (run.uncovered.length > 0) console.out(`${run.uncovered.length} gap${run.uncovered.length === 1 ? '' : 's'}: every rule needs a case where it fires and one where it does not.`);
  return failed.length > 0 || run.uncovered.length > 0 ? 1 : 0;
}

function rulesDoc(args: CommandArgs, console: Console): number {
  const dir = args.input ?? DEFAULT_RULES_DIR;
  const { ruleSet, problems } = loadRuleDir(dir);
  if (!ruleSet) {
    problems.forEach((p) => console.err(formatProblem(p)));
    return 1;
  }
  // The shipped rules (a folder named rules) document into docs/ beside them; any other folder, such as a
  // candidate under review, into itself, so that reviewing a candidate never rewrites the shipped reference.
  const resolved = path.resolve(dir);
  const out = args.out ?? (path.basename(resolved) === 'rules' ? path.join(path.dirname(resolved), 'docs', 'rules-reference.md') : path.join(resolved, 'rules-reference.md'));
  // The default docs/ folder is made when missing; a folder given with --out must exist.
  if (args.out === undefined && !fs.existsSync(path.dirname(out))) fs.mkdirSync(path.dirname(out), { recursive: true });
  writeAtomically(out, rulesReference(ruleSet));
  console.out(`Wrote ${displayName(out)} (${describeRuleSet(ruleSet)}).`);
  return 0;
}

async function explain(args: CommandArgs, console: Console): Promise<number> {
  const row = Number(args.row);
  if (!/^\d+$/.test(args.row!)) throw new InputError(`--row "${args.row}" is not a row number: give the row as Excel shows it, e.g. --row 14.`);
  const { file, context } = await openSheet(args, args.rules ?? DEFAULT_RULES_DIR, console);
  const { explanation, error } = await explainRow(file.grid, context, row, args.action);
  if (!explanation) throw new InputError(`${args.input}: ${error}`);
  formatExplanation(explanation, args.input!, args.all === true).forEach((l) => console.out(l));
  console.out('');
  console.out(`Rules: ${describeRuleSet(context.evaluator.ruleSet)}.`);
  return explanation.passed ? 0 : 1;
}

async function pipelineCommand(args: CommandArgs, console: Console): Promise<number> {
  const { file, context } = await openSheet(args, args.rules ?? DEFAULT_RULES_DIR, console);
  formatPipeline(pipelineOf(file.grid, context), path.basename(args.input!)).forEach((l) => console.out(l));
  return 0;
}

async function rulesImpact(args: CommandArgs, console: Console): Promise<number> {
  if (args.out && checkOutputPath(args.out) === realPath(args.input!)) throw new InputError(`--out ${args.out} is the deal file itself: the report goes to its own file.`);
  if (args.out && !/\.(csv|json)$/i.test(args.out)) throw new InputError(`--out ${args.out}: the report is written as .csv or .json.`);
  const { file, context } = await openSheet(args, args.rules ?? DEFAULT_RULES_DIR, console);
  const candidate = loadRules(args.candidate!, 'the candidate rules');
  const { context: candidateContext } = createSheetContext(file.grid, { rules: candidate, catalog: context.catalog, today: context.today, decimalComma: file.decimalComma, direction: context.direction });
  const report = await compareRuleSets(file.grid, context, candidateContext!);
  formatImpact(report, context.evaluator.ruleSet, candidate, path.basename(args.input!)).forEach((l) => console.out(l));
  if (args.out) {
    writeAtomically(args.out, /\.json$/i.test(args.out) ? `${JSON.stringify(report, null, 2)}\n` : impactCsv(report));
    console.out(`Wrote ${args.out}.`);
  }
  return report.changed.length > 0 ? 1 : 0;
}

/** The file a path names, through symbolic links (the path itself when it does not exist). */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function loadRules(dir: string, what: string): RuleSet {
  const rules = loadRuleDir(dir);
  if (!rules.ruleSet) throw new InputError(`${what} cannot be used:\n${rules.problems.map(formatProblem).join('\n')}`);
  return rules.ruleSet;
}

/**
 * A CSV deal file is checked or applied as a stream (`streamCsvSheet`): read in pieces, judged in batches, written
 * through a temporary file. Memory stays flat however many rows it has; the output and the report are those of a
 * whole-file read.
 */
async function runCsvSheet(args: CommandArgs, run: SheetRun, console: Console): Promise<number> {
  const input = args.input!;
  if (args.sheet !== undefined) throw new InputError(`${input}: --sheet applies to .xlsx files only.`);
  const { today, direction, ruleSet, catalog } = sheetOptions(args, args.rules ?? DEFAULT_RULES_DIR);
  if (args.out) assertSameFormat(input, args.out);
  const sheet = await streamCsvSheet(input, {
    contextFor: (headers, decimalComma) => {
      const prepared = createSheetContext({ headers, rows: [] }, { rules: ruleSet, catalog: catalog.catalog, today, decimalComma, direction });
      if (prepared.context) reportPending(catalog, console); // as a whole-file read says it: once the sheet is usable
      return prepared;
    },
    run,
    out: args.out,
  });
  reportNotices(input, sheet.notices, console);
  if (sheet.kind === 'spooled') for await (const p of sheet.problems()) console.out(`${input}: row ${p.row}: ${p.errors}`);
  reportSummary(input, args, sheet.summary, sheet.context, console, catalog);
  return sheet.summary.invalid > 0 || sheet.summary.refused > 0 ? 1 : 0;
}

/** The date, direction, rules and catalog a sheet is judged with, from the command's options. */
function sheetOptions(args: CommandArgs, rulesDir: string) {
  const input = args.input!;
  const today = args.today ?? localToday();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!iso || !parseUsDate(`${iso[2]}/${iso[3]}/${iso[1]}`)) throw new InputError(`--today "${today}" is not a date written YYYY-MM-DD.`);
  const direction = args.direction === undefined ? undefined : canonical(DIRECTIONS, args.direction);
  if (args.direction !== undefined && !direction) throw new InputError(`--direction "${args.direction}" is not a direction: give inbound or outbound, the tab of Partner Center's co-sell page the export came from.`);
  const ruleSet = loadRules(rulesDir, 'the rules');
  // --catalog FILE (.json, .csv or .xlsx), else a deal workbook's own Solutions sheet, else the shipped sample.
  const catalog = resolveCatalog({ catalog: args.catalog, input });
  if (catalog.kind === 'problems') throw new InputError(`the solution catalog cannot be used:\n${catalog.problems.join('\n')}`);
  return { today, direction, ruleSet, catalog };
}

function reportPending(catalog: Extract<CatalogLoad, { kind: 'catalog' }>, console: Console): void {
  if (catalog.pending.length > 0) {
    const n = catalog.pending.length;
    console.err(`cosell: ${catalog.source}: ${n} solution${n === 1 ? '' : 's'} still without Kind or Incentive eligible, so not in the catalog yet: ${describePending(catalog.pending)}.`);
  }
}

/** Reads the deal file and prepares its context: the date, the rules, the catalog and the header map. */
async function openSheet(args: CommandArgs, rulesDir: string, console: Console): Promise<{ file: DealFile; context: SheetContext; catalog: Extract<CatalogLoad, { kind: 'catalog' }> }> {
  const input = args.input!;
  const { today, direction, ruleSet, catalog } = sheetOptions(args, rulesDir);
  const file = await readDealFile(input, { sheet: args.sheet });
  const { context, problems } = createSheetContext(file.grid, { rules: ruleSet, catalog: catalog.catalog, today, decimalComma: file.decimalComma, direction });
  if (!context) {
    const where = (column?: number) => (column === undefined ? 'row 1' : `row 1, column ${columnLetter(column)}`);
    throw new InputError(problems.map((p) => `${input}: ${where(p.column)}: ${p.message}`).join('\n'));
  }
  reportPending(catalog, console);
  return { file, context, catalog };
}

async function runSheet(args: CommandArgs, console: Console): Promise<number> {
  const run = args.command === 'apply' ? ({ kind: 'apply', expireOverdue: args.expireOverdue === true } as const) : ({ kind: 'check' } as const);
  if (formatOf(args.input!) === 'csv') return runCsvSheet(args, run, console);
  const { file, context, catalog } = await openSheet(args, args.rules ?? DEFAULT_RULES_DIR, console);
  const input = args.input!;
  // A row's outcome is kept without its problem list (each message is already in its Errors text): a sheet of
  // 100,000 rows would otherwise hold every finding to the end.
  const outcomes: RowOutcome[] = [];
  const notices = await judgeRowBatches([file.grid.rows], context, run, (batch) => {
    for (const o of batch) outcomes.push(o.problems.length === 0 && o.columns.length === 0 ? o : { ...o, problems: [], columns: [] });
  });
  let summary = summarize(outcomes);
  reportNotices(input, notices, console);
  if (args.out) {
    const written = await file.write(args.out, context.map, outcomes);
    written.notices.forEach((n) => console.err(`cosell: ${n}`));
    // A row the workbook writer had to keep as it was (a formula in a cell its action changes): its action did not happen.
    if (written.keptRows.length > 0) summary = summarize(withActionsNotWritten(outcomes, new Set(written.keptRows)));
  } else {
    reportProblems(input, outcomes, console);
  }
  reportSummary(input, args, summary, context, console, catalog);
  return summary.invalid > 0 || summary.refused > 0 ? 1 : 0;
}

function withActionsNotWritten(outcomes: readonly RowOutcome[], kept: ReadonlySet<number>): RowOutcome[] {
  return outcomes.map((o) => (o.action?.applied && kept.has(o.row) ? { ...o, action: { ...o.action, applied: false, reasons: ['a cell it changes holds a formula'] } } : o));
}

/** What is said once for the whole sheet, before the rows' problems. */
function reportNotices(input: string, notices: readonly SheetNotice[], console: Console): void {
  for (const n of notices) console.out(`${input}: note: ${n.message}`);
}

function reportProblems(input: string, outcomes: readonly RowOutcome[], console: Console): void {
  for (const o of outcomes) if (o.errors) console.out(`${input}: row ${o.row}: ${o.errors}`);
}

function reportSummary(input: string, args: CommandArgs, s: Summary, context: SheetContext, console: Console, catalog: Extract<CatalogLoad, { kind: 'catalog' }>): void {
  // Counts as the notes above write them: 100,000 deals.
  const n = groupDigits;
  const actions = args.command === 'apply' ? `; ${n(s.applied)} action${s.applied === 1 ? '' : 's'} applied, ${n(s.refused)} refused` : '';
  console.out(`${path.basename(input)}: ${n(s.rows)} deal${s.rows === 1 ? '' : 's'}: ${n(s.valid)} valid, ${n(s.invalid)} invalid${actions}.`);
  for (const [name, counts] of Object.entries(s.byAction)) console.out(`  ${name}: ${n(counts.applied)} applied, ${n(counts.refused)} refused`);
  if (s.notJudged > 0) console.out(`  ${s.notJudged} of the refused could not be judged (see the notes above).`);
  console.out(`Rules: ${describeRuleSet(context.evaluator.ruleSet)}.`);
  const solutions = catalog.catalog.solutions.length;
  if (!catalog.isDefault) console.out(`Catalog: ${catalog.source}, ${solutions} solution${solutions === 1 ? '' : 's'}.`);
  if (args.out) console.out(`Wrote ${args.out}.`);
}
