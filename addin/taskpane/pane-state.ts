/**
 * The check results the pane shows, kept per row so a re-check of edited rows updates the counts and the
 * problem list without checking the whole sheet again.
 */
import { type CheckReport, type ProblemItem } from '../session/sheet-session';

export interface CheckState {
  readonly sheetName: string;
  /** Row → valid, for every deal row checked. */
  readonly valid: ReadonlyMap<number, boolean>;
  readonly problems: readonly ProblemItem[];
  readonly headerProblems: readonly string[];
  /** The sheet notices of the last full check (a re-check of edited rows keeps them). */
  readonly notices: readonly string[];
  readonly notes: readonly string[];
}

/** The state after a full check. */
export function fromCheck(report: CheckReport): CheckState {
  return mergeCheck(undefined, report);
}

/** Folds a (partial) check into the state: the rows it covers replace what was known about them. */
export function mergeCheck(state: CheckState | undefined, report: CheckReport, checkedRows?: readonly number[]): CheckState {
  const covered = new Set(checkedRows ?? []);
  const valid = new Map(state && checkedRows ? state.valid : []);
  for (const row of covered) valid.delete(row);
  const invalidRows = new Set(report.problems.map((p) => p.row));
  for (const row of [...report.write.written, ...report.write.skipped.map((s) => s.row)]) valid.set(row, !invalidRows.has(row));
  const kept = state && checkedRows ? state.problems.filter((p) => !covered.has(p.row)) : [];
  return {
    sheetName: report.sheetName,
    valid,
    problems: [...kept, ...report.problems].sort((a, b) => a.row - b.row),
    headerProblems: report.headerProblems,
    notices: state && checkedRows ? state.notices : report.notices,
    notes: [
      ...(report.write.aborted ? [report.write.aborted] : []),
      ...report.write.skipped.map((s) => `Row ${s.row} was not written: ${s.reason}.`),
    ],
  };
}

export function countsOf(state: CheckState): { rows: number; valid: number; invalid: number } {
  const values = [...state.valid.values()];
  return { rows: values.length, valid: values.filter(Boolean).length, invalid: values.filter((v) => !v).length };
}

/** Invalid rows per rule, with the requirement it states, most frequent first. */
export function byRule(state: CheckState): { rule: string; requirement: string; rows: number }[] {
  const rows = new Map<string, { requirement: string; rows: Set<number> }>();
  for (const p of state.problems) {
    const entry = rows.get(p.rule) ?? { requirement: p.requirement, rows: new Set<number>() };
    entry.rows.add(p.row);
    rows.set(p.rule, entry);
  }
  return [...rows.entries()].map(([rule, e]) => ({ rule, requirement: e.requirement, rows: e.rows.size })).sort((a, b) => b.rows - a.rows || a.rule.localeCompare(b.rule));
}
