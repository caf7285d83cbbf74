import { groupDigits } from '../workflow/listed-text';
import { type ImpactReport, type Pipeline, type ReadableRequirement, type RowExplanation, type RuleSet, describeRuleSet, formatCsv, readableExplanation, safeCellText } from '../node';

/**
 * `cosell explain`'s text, the same sentences as the pane's "Why?": the verdict first (on the first line, with the
 * row), then each requirement not met with the rule and its conditions under it, those not judged, and how many are
 * met (with `all`, each of them too).
 *
 * @example
 * formatExplanation(explanation, 'deals.csv').join('\n');
 */
export function formatExplanation(e: RowExplanation, input: string, all = false): string[] {
  const who = [e.dealName, e.customerName].filter(Boolean).join(', ') || '(no deal name)';
  const text = readableExplanation(e);
  const lines = [`${input}: row ${e.row} (${who}, ${e.state}): ${text.headline}`];
  if (e.applyRefusal !== undefined) lines.push(`Run without --action to see the row's problems.`);
  const section = (title: string, items: readonly ReadableRequirement[], detail: boolean) => {
    if (items.length === 0) return;
    lines.push('', title);
    for (const r of items) {
      lines.push(`  - ${r.sentence}`);
      if (detail) lines.push(`      ${r.rule}`, ...r.detail.map((d) => `        ${d}`));
    }
  };
  section('Not met:', text.notMet, true);
  section('Not judged:', text.notJudged, true);
  if (all) section(`Met (${text.met.length}):`, text.met, true);
  else if (text.met.length > 0) lines.push('', `Met: ${text.met.length} requirement${text.met.length === 1 ? '' : 's'} (--all lists them).`);
  return lines;
}

/** `cosell rules impact`'s summary and changed rows. */
export function formatImpact(report: ImpactReport, active: RuleSet, candidate: RuleSet, input: string): string[] {
  const lines = [
    `${input}: ${report.deals} deals judged by the active rules (${describeRuleSet(active)}) and the candidate (${describeRuleSet(candidate)}).`,
    `${report.changed.length === 1 ? '1 deal changes' : `${report.changed.length} deals change`}: ${report.becameInvalid} ${report.becameInvalid === 1 ? 'becomes' : 'become'} invalid, ${report.becameValid} ${report.becameValid === 1 ? 'becomes' : 'become'} valid.`,
  ];
  for (const [action, n] of Object.entries(report.actionsLost)) lines.push(`  ${action}: no longer allowed on ${n} deal${n === 1 ? '' : 's'}`);
  for (const [action, n] of Object.entries(report.actionsGained)) lines.push(`  ${action}: newly allowed on ${n} deal${n === 1 ? '' : 's'}`);
  const other = report.changed.filter((r) => r.actionsLost.length + r.actionsGained.length === 0 && r.before.valid === r.after.valid).length;
  if (other > 0) lines.push(other === 1 ? '  1 deal keeps its verdict with different problems' : `  ${other} deals keep their verdict with different problems`);
  if (report.changed.length > 0) lines.push('', 'Changed deals:');
  for (const r of report.changed) {
    const who = [r.referralId, r.dealName].filter(Boolean).join(' ') || '(no name)';
    lines.push(`  row ${r.row} ${who}:`);
    for (const a of r.actionsLost) lines.push(`    ${a}: no longer allowed${reasons(r.after.refused[a])}`);
    for (const a of r.actionsGained) lines.push(`    ${a}: newly allowed`);
    for (const p of r.problemsAdded) lines.push(`    new problem (${p.rule}): ${p.message}`);
    for (const p of r.problemsRemoved) lines.push(`    problem gone (${p.rule}): ${p.message}`);
  }
  return lines;
}

function reasons(findings: readonly { message: string }[] | undefined): string {
  return findings && findings.length > 0 ? `: ${findings.map((f) => f.message).join(' ')}` : '';
}

/** The changed rows as a CSV an analyst can open in Excel. */
export function impactCsv(report: ImpactReport): string {
  const headers = ['Row', 'Referral ID', 'Deal Name', 'Valid before', 'Valid after', 'Actions no longer allowed', 'Why not', 'Actions newly allowed', 'New problems', 'Problems gone'];
  const messages = (list: readonly { message: string }[]) => list.map((p) => p.message).join('; ');
  const rows = report.changed.map((r) =>
    [
    r.row,
    r.referralId,
    r.dealName,
    r.before.valid ? 'Yes' : 'No',
    r.after.valid ? 'Yes' : 'No',
    r.actionsLost.join(', '),
    r.actionsLost.map((a) => reasons(r.after.refused[a]).slice(2)).filter(Boolean).join(' '),
    r.actionsGained.join(', '),
    messages(r.problemsAdded),
    messages(r.problemsRemoved),
    ].map((cell) => (typeof cell === 'string' ? safeCellText(cell) : cell)),
  );
  return formatCsv({ delimiter: ',', bom: true, lineEnding: '\r\n', finalNewline: true }, { headers, rows });
}

/**
 * `cosell pipeline`'s text: per currency, its totals and a table by stage and deal type; then what was left out.
 *
 * @example
 * formatPipeline(pipelineOf(grid, context), 'deals.csv').join('\n');
 */
export function formatPipeline(p: Pipeline, input: string): string[] {
  const money = (v: number) => groupDigits(Math.round(v));
  const lines = [`${input}: ${p.counted} of ${p.deals} deals in the pipeline (New, Active or Won, with a value), in ${p.currencies.length} ${p.currencies.length === 1 ? 'currency' : 'currencies'}.`];
  for (const c of p.currencies) {
    lines.push('', `${c.currency}: ${c.deals} ${c.deals === 1 ? 'deal' : 'deals'}, value ${money(c.value)}, weighted ${money(c.weighted)}`);
    const table = [['Stage', 'Deal type', 'Deals', 'Value', 'Weighted'], ...c.rows.map((r) => [`${r.stage} (${r.percent}%)`, r.dealType, String(r.deals), money(r.value), money(r.weighted)])];
    const widths = table[0].map((_, k) => Math.max(...table.map((row) => row[k].length)));
    for (const row of table) lines.push(`  ${row.map((cell, k) => (k >= 2 ? cell.padStart(widths[k]) : cell.padEnd(widths[k]))).join('  ')}`.trimEnd());
  }
  const rows = (list: readonly number[]) => `row${list.length === 1 ? '' : 's'} ${list.join(', ')}`;
  const out = [
    ...p.leftOut.invalidCurrency.map((c) => `${c.rows.length} in "${c.currency}", which is no ISO 4217 currency code (${rows(c.rows)})`),
    ...(p.leftOut.noCurrency.length > 0 ? [`${p.leftOut.noCurrency.length} with a value but no currency (${rows(p.leftOut.noCurrency)})`] : []),
    ...(p.leftOut.noValue.length > 0 ? [`${p.leftOut.noValue.length} without an estimated value (${rows(p.leftOut.noValue)})`] : []),
    ...(p.leftOut.invalidValue.length > 0 ? [`${p.leftOut.invalidValue.length} with a value that is no number or is negative (${rows(p.leftOut.invalidValue)})`] : []),
    ...(p.leftOut.invalidStage.length > 0 ? [`${p.leftOut.invalidStage.length} at a stage that is no stage of the deal, or Won on a deal not won (${rows(p.leftOut.invalidStage)})`] : []),
    ...(p.leftOut.noLifecycleState.length > 0 ? [`${p.leftOut.noLifecycleState.length} whose status is no lifecycle state (${rows(p.leftOut.noLifecycleState)})`] : []),
  ];
  if (out.length > 0) lines.push('', `Not counted: ${out.join('; ')}.`);
  return lines;
}
