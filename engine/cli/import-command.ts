import { groupDigits } from '../workflow/listed-text';
import * as path from 'node:path';
import { type SheetContext, checkSheet, describeRuleSet } from '../index';
import { LAYOUT_TITLES } from '../sheet/partner-center-layouts';
import { type ImportProblem, type ImportSelection, importProblemPlace, planImportFiles } from '../workflow/import-files';
import { DEFAULT_RULES_DIR } from '../io/rule-files';
import { type DealFile, readDealFile } from '../io/deal-file';
import { checkImportDir, writeImportFiles } from '../io/import-files-writer';
import { InputError } from '../io/input-error';
import { type CommandArgs } from './args';
import type { Console } from './console';

/** How the CLI opens a deal sheet (main.ts's `openSheet`: the same rules, catalog, date and header map as check). */
export type OpenSheet = (args: CommandArgs, rulesDir: string, console: Console) => Promise<{ file: DealFile; context: SheetContext }>;

/**
 * `cosell import-files`: writes the files Partner Center's bulk import takes back from a worked sheet, into
 * `--out-dir` as `NAME-import-1.csv`, `-2.csv` … (at most 1,000 rows each), with the rows changed since
 * `--original` or, with `--all-valid`, every valid row; prints each file and every row held back with why.
 * Exit 0 when every selected row was written, 1 when some were held back, 2 for unusable input (nothing written).
 *
 * @example
 * await importFilesCommand({ command: 'import-files', input: 'worked.csv', outDir: 'out', original: 'export.csv' }, console, openSheet);
 */
export async function importFilesCommand(args: CommandArgs, console: Console, openSheet: OpenSheet): Promise<number> {
  const input = args.input!;
  if ((args.original === undefined) === (args.allValid !== true)) {
    throw new InputError(
      args.allValid
        ? '--original and --all-valid cannot be used together: give --original to write the changed rows, or --all-valid to write every valid row.'
        : 'import-files needs --original FILE (the export the sheet came from: the rows changed since are written) or --all-valid (every valid row is written).',
    );
  }
  const outDir = args.outDir!;
  const name = `${path.basename(input, path.extname(input))}-import`;
  checkImportDir(outDir, name);

  const { file, context } = await openSheet(args, args.rules ?? DEFAULT_RULES_DIR, console);
  const original = args.original === undefined ? undefined : await readDealFile(args.original);
  const outcomes = await checkSheet(file.grid, context);
  const selection: ImportSelection = original ? { kind: 'changed', original: original.grid, decimalComma: original.decimalComma } : { kind: 'all-valid' };
  const plan = planImportFiles({ grid: file.grid, outcomes, selection, decimalComma: file.decimalComma });
  if (plan.kind === 'unusable') {
    const fileOf = (p: ImportProblem) => (p.source === 'original' ? args.original! : input);
    throw new InputError(plan.problems.map((p) => `${fileOf(p)}: ${importProblemPlace(p)}: ${p.message}`).join('\n'));
  }

  const { counts } = plan;
  const picked = original
    ? `${groupDigits(counts.selected)} changed or new since ${path.basename(args.original!)}, ${groupDigits(counts.unchanged)} unchanged`
    : `${groupDigits(counts.selected)} taken (--all-valid)`;
  console.out(`${path.basename(input)}: ${LAYOUT_TITLES[plan.layout]} layout (${plan.evidence}); ${deals(counts.deals)}: ${picked}.`);
  plan.notices.forEach((n) => console.out(`Note: ${n}`));

  const written = writeImportFiles(plan, outDir, name);
  for (const w of written) console.out(`Wrote ${w.file}: ${deals(w.rows)}.`);
  if (written.length === 0) console.out('No import file written: no row to send.');
  if (plan.heldBack.length > 0) {
    console.out(`Held back ${deals(plan.heldBack.length)} Partner Center would refuse:`);
    for (const h of plan.heldBack) console.out(`  row ${h.row}${h.dealName === '' ? '' : ` (${h.dealName})`}: ${h.reasons.join('; ')}`);
  }
  console.out(`Rules: ${describeRuleSet(context.evaluator.ruleSet)}.`);
  return plan.heldBack.length > 0 ? 1 : 0;
}

function deals(n: number): string {
  return `${groupDigits(n)} deal${n === 1 ? '' : 's'}`;
}
