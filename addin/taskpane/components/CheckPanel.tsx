import { Button, Caption1, MessageBar, MessageBarBody, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type ProblemItem } from '../../session/sheet-session';
import { type CheckState, byRule, countsOf } from '../pane-state';
import { SheetNotices } from './SheetNotices';
import { Gradually, ShowMore, useShown } from './ShowMore';
import { type ReactNode } from 'react';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  counts: { display: 'flex', gap: tokens.spacingHorizontalL },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  problem: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    textAlign: 'left',
    width: '100%',
    minWidth: 0,
    fontWeight: tokens.fontWeightRegular,
    height: 'auto',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
  },
  where: { fontWeight: tokens.fontWeightSemibold },
});

export interface Progress {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

export interface CheckPanelProps {
  readonly state?: CheckState;
  readonly busy: boolean;
  readonly progress?: Progress;
  readonly onCheck: () => void;
  readonly onSelectProblem: (problem: ProblemItem) => void;
  /** How the sheet is judged (direction, catalog), shown above the button. */
  readonly setup?: ReactNode;
}

/** Check sheet: the button, progress, counts (valid / invalid, by rule) and the problems, each selecting its cell. */
export function CheckPanel({ state, busy, progress, onCheck, onSelectProblem, setup }: CheckPanelProps) {
  const styles = useStyles();
  const counts = state && countsOf(state);
  const shown = useShown(state?.problems.length ?? 0);
  return (
    <section className={styles.root} aria-label="Check sheet">
      {setup}
      <Button appearance="primary" onClick={onCheck} disabled={busy}>
        Check sheet
      </Button>
      {progress && <ProgressView progress={progress} />}
      {state?.headerProblems.map((p) => (
        <MessageBar key={p} intent="error">
          <MessageBarBody>This sheet cannot be checked: {p}</MessageBarBody>
        </MessageBar>
      ))}
      {state?.notes.map((n) => (
        <MessageBar key={n} intent="warning">
          <MessageBarBody>{n}</MessageBarBody>
        </MessageBar>
      ))}
      {counts && state.headerProblems.length === 0 && (
        <>
          <SheetNotices notices={state.notices} />
          <div className={styles.counts} role="status" aria-label="Counts">
            <Text>{counts.rows.toLocaleString('en-US')} deals</Text>
            <Text>{counts.valid.toLocaleString('en-US')} valid</Text>
            <Text weight="semibold">{counts.invalid.toLocaleString('en-US')} invalid</Text>
          </div>
          {byRule(state).length > 0 && (
            <details>
              <summary>Invalid rows by requirement</summary>
              <ul>
                {byRule(state).map(({ rule, requirement, rows }) => (
                  <li key={rule} title={rule}>
                    <Caption1>
                      {requirement.replace(/\.$/, '')}: {rows} {rows === 1 ? 'row' : 'rows'}
                    </Caption1>
                  </li>
                ))}
              </ul>
            </details>
          )}
          <ul className={styles.list} aria-label="Problems">
            <Gradually items={state.problems.slice(0, shown.count)}>
              {(problem, i) => (
              <li key={`${problem.row}-${problem.rule}-${i}`}>
                <Button appearance="subtle" className={styles.problem} onClick={() => onSelectProblem(problem)} title={`Select row ${problem.row}${problem.header ? `, ${problem.header}` : ''}`}>
                  <span className={styles.where}>
                    Row {problem.row}
                    {problem.header ? ` · ${problem.header}` : ''}
                  </span>
                  <span>{problem.message}</span>
                </Button>
              </li>
              )}
            </Gradually>
          </ul>
          <ShowMore {...shown} total={state.problems.length} what="problems" />
        </>
      )}
    </section>
  );
}

export function ProgressView({ progress }: { progress: Progress }) {
  const value = progress.total > 0 ? progress.done / progress.total : undefined;
  return (
    <div role="status" aria-live="polite">
      <ProgressBar value={value} aria-label={progress.phase} />
      <Caption1>
        {progress.phase} {progress.done.toLocaleString('en-US')} of {progress.total.toLocaleString('en-US')} rows
      </Caption1>
    </div>
  );
}
