import { type ConditionTrace, type ImpactReport, type RowExplanation, type RuleSet, describeRuleSet, explanationHeadline, formatCsv, safeCellText, showValue } from '../node';

/**
 * `cosell explain`'s text: each requirement met or not, and under it each condition with the fact's actual value.
 *
 * @example
 * formatExplanation(explanation, 'deals.csv').join('\n');
 */
export function formatExplanation(e: RowExplanation, input: string): string[] {
  const who = [e.dealName, e.customerName].filter(Boolean).join(', ') || '(no deal name)';
  const lines = [`${input}: row ${e.row} (${who}), state ${e.state}.`];
  lines.push(explanationHeadline(e));
  if (e.applyRefusal !== undefined) lines.push(`Run without --action to see the row's problems.`);
  lines.push('A rule describes a problem: its requirement is met when its conditions do not all hold.', '');
  for (const r of e.requirements) {
    lines.push(`${r.fired ? 'NOT MET' : r.notJudged ? 'NOT JUDGED' : 'met    '}  ${r.rule.name}  (${r.rule.file})`);
    if (r.fired) lines.push(`         ${r.message}`);
    if (r.notJudged) lines.push(`         cannot be judged: ${r.notJudged}`);
    lines.push(...traceLines(r.conditions, '         '));
  }
  return lines;
}

function traceLines(trace: ConditionTrace, indent: string): string[] {
  if (trace.kind === 'not') return [`${indent}not:`, ...traceLines(trace.item, `${indent}  `)];
  if (trace.kind !== 'fact') {
    if (trace.items.length === 1) return traceLines(trace.items[0], indent);
    const head = `${indent}${trace.kind === 'all' ? 'all of' : 'any of'}:`;
    return [head, ...trace.items.flatMap((item) => traceLines(item, `${indent}  `))];
  }
  const expected = trace.comparedFact ? `${trace.comparedFact} (${showValue(trace.expected)})` : showValue(trace.expected);
  const state = trace.holds === undefined ? 'not evaluated' : trace.holds ? 'holds        ' : 'does not hold';
  return [`${indent}${state}  ${trace.fact} ${trace.operator} ${expected}; actual: ${showValue(trace.actual)}`];
}

/** `cosell rules impact`'s summary and changed rows. */
export function formatImpact(report: ImpactReport, active: RuleSet, candidate: RuleSet, input: string): string[] {
  const lines = [
    `${input}: ${report.deals} deals judged by the active rules (${describeRuleSet(active)}) and the candidate (${describeRuleSet(candidate)}).`,
    `${report.changed.length} deal${report.changed.length === 1 ? '' : 's'} change: ${report.becameInvalid} become invalid, ${report.becameValid} become valid.`,
  ];
  for (const [action, n] of Object.entries(report.actionsLost)) lines.push(`  ${action}: no longer allowed on ${n} deal${n === 1 ? '' : 's'}`);
  for (const [action, n] of Object.entries(report.actionsGained)) lines.push(`  ${action}: newly allowed on ${n} deal${n === 1 ? '' : 's'}`);
  const other = report.changed.filter((r) => r.actionsLost.length + r.actionsGained.length === 0 && r.before.valid === r.after.valid).length;
  if (other > 0) lines.push(`  ${other} deal${other === 1 ? '' : 's'} keep their verdict with different problems`);
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
