import * as path from 'node:path';
import {
  type RowOutcome,
  type Summary,
  applySheet,
  checkSheet,
  columnLetter,
  createSheetContext,
  localToday,
  parseUsDate,
  summarize,
} from '../index';
import { DEFAULT_RULES_DIR, displayName, loadRuleDir } from '../io/rule-files';
import { DEFAULT_CATALOG, loadCatalogFile } from '../io/catalog-file';
import { readDealFile } from '../io/deal-file';
import { InputError } from '../io/input-error';
import { formatProblem } from '../io/json-file';
import { type ParsedArgs, parseArgs } from './args';

/** Where the CLI writes: injectable so tests run it in-process. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
}

const processConsole: Console = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

export const USAGE = `Usage:
  cosell check <in.csv|in.xlsx> [--out FILE] [--catalog FILE] [--rules DIR] [--today YYYY-MM-DD] [--sheet NAME]
  cosell apply <in.csv|in.xlsx> --out FILE [--catalog FILE] [--rules DIR] [--today YYYY-MM-DD] [--sheet NAME] [--expire-overdue]
  cosell rules check [DIR]

Exit status: 0 every row valid (and every action applied), 1 some rows invalid or refused, 2 unusable input.`;

/**
 * Runs the `cosell` command line and returns its exit status.
 *
 * @example
 * await main(['check', 'examples/deals.csv', '--today', '2026-11-23']); // 1 (some example rows are invalid)
 */
export async function main(argv: readonly string[], console: Console = processConsole): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        console.out(USAGE);
        return 0;
      case 'rules check':
        return rulesCheck(args.input ?? DEFAULT_RULES_DIR, console);
      case 'check':
      case 'apply':
        return await runSheet(args, console);
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
  console.out(`${displayName(dir)}: ${ruleSet.rules.length} rules in ${ruleSet.files.length} files, no problems.`);
  return 0;
}

async function runSheet(args: ParsedArgs, console: Console): Promise<number> {
  const input = args.input!;
  if (args.command === 'apply' && !args.out) throw new InputError('apply needs --out FILE: the result is written there (it may be the input file itself).');
  const today = args.today ?? localToday();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!iso || !parseUsDate(`${iso[2]}/${iso[3]}/${iso[1]}`)) throw new InputError(`--today "${today}" is not a date written YYYY-MM-DD.`);

  const rules = loadRuleDir(args.rules ?? DEFAULT_RULES_DIR);
  if (!rules.ruleSet) throw new InputError(`the rules cannot be used:\n${rules.problems.map(formatProblem).join('\n')}`);
  const catalogFile = loadCatalogFile(args.catalog ?? DEFAULT_CATALOG);
  if (!catalogFile.catalog) throw new InputError(`the solution catalog cannot be used:\n${catalogFile.problems.map(formatProblem).join('\n')}`);

  const file = await readDealFile(input, { sheet: args.sheet });
  const { context, problems } = createSheetContext(file.grid, { rules: rules.ruleSet, catalog: catalogFile.catalog, today, decimalComma: file.decimalComma });
  if (!context) {
    const where = (column?: number) => (column === undefined ? 'row 1' : `row 1, column ${columnLetter(column)}`);
    throw new InputError(problems.map((p) => `${input}: ${where(p.column)}: ${p.message}`).join('\n'));
  }

  const outcomes = args.command === 'apply' ? await applySheet(file.grid, context, { expireOverdue: args.expireOverdue }) : await checkSheet(file.grid, context);
  const summary = summarize(outcomes);
  if (args.out) {
    const notices = await file.write(args.out, context.map, outcomes);
    notices.forEach((n) => console.err(`cosell: ${n}`));
  } else {
    reportProblems(input, outcomes, console);
  }
  reportSummary(input, args, summary, console);
  return summary.invalid > 0 || summary.refused > 0 ? 1 : 0;
}

function reportProblems(input: string, outcomes: readonly RowOutcome[], console: Console): void {
  for (const o of outcomes) if (o.errors) console.out(`${input}: row ${o.row}: ${o.errors}`);
}

function reportSummary(input: string, args: ParsedArgs, s: Summary, console: Console): void {
  const actions = args.command === 'apply' ? `; ${s.applied} action${s.applied === 1 ? '' : 's'} applied, ${s.refused} refused` : '';
  console.out(`${path.basename(input)}: ${s.rows} deal${s.rows === 1 ? '' : 's'}: ${s.valid} valid, ${s.invalid} invalid${actions}.`);
  for (const [name, counts] of Object.entries(s.byAction)) console.out(`  ${name}: ${counts.applied} applied, ${counts.refused} refused`);
  if (args.out) console.out(`Wrote ${args.out}.`);
}
