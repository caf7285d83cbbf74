import { Button, Checkbox, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { listedText } from '../../../engine/index';
import { type ApplyReport, type UndoReport } from '../../session/sheet-session';
import { type Progress, ProgressView } from './CheckPanel';
import { ApplyResults } from './ApplyResults';
import { SheetNotices } from './SheetNotices';
import { type ReactNode } from 'react';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface ApplyPanelProps {
  readonly busy: boolean;
  readonly progress?: Progress;
  readonly lastApply?: ApplyReport;
  readonly lastUndo?: UndoReport;
  readonly today: string;
  readonly onApply: (expireOverdue: boolean) => void;
  readonly onUndo: () => void;
  /** Selects a result's row in the sheet. */
  readonly onSelectRow: (row: number) => void;
  /** The way back to Partner Center, below the apply controls. */
  readonly children?: ReactNode;
}

/** The CLI's `apply`, in place: the Action column, optionally expiring overdue deals; and undo. */
export function ApplyPanel({ busy, progress, lastApply, lastUndo, today, onApply, onUndo, onSelectRow, children }: ApplyPanelProps) {
  const styles = useStyles();
  const [expire, setExpire] = useState(false);
  return (
    <section className={styles.root} aria-label="Apply actions">
      <Text>Performs each row's Action cell. Every action, applied or refused, is logged on the Deal log sheet.</Text>
      <Checkbox checked={expire} onChange={(_, d) => setExpire(d.checked === true)} label={`Also expire overdue received deals (today is ${today})`} />
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy} onClick={() => onApply(expire)}>
          Apply Action column
        </Button>
        <Button disabled={busy} onClick={onUndo}>
          Undo last batch
        </Button>
      </div>
      {progress && <ProgressView progress={progress} />}
      {/* Undo's result replaces Apply's, right under the buttons, so it is in view. */}
      {lastUndo && (
        <MessageBar intent={lastUndo.refused ? 'warning' : 'success'} layout="multiline">
          <MessageBarBody>
            {lastUndo.refused ?? `Batch ${lastUndo.batch} undone: ${lastUndo.restored.length === 1 ? 'row' : 'rows'} ${listedText(lastUndo.restored, 20)} restored.`}
          </MessageBarBody>
        </MessageBar>
      )}
      {lastApply && !lastUndo && <SheetNotices notices={lastApply.notices} />}
      {lastApply && !lastUndo && (lastApply.headerProblems.length > 0 || lastApply.write.aborted) && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{[...lastApply.headerProblems, lastApply.write.aborted].filter(Boolean).join(' ')}</MessageBarBody>
        </MessageBar>
      )}
      {lastApply && !lastUndo && lastApply.headerProblems.length === 0 && <ApplyResults report={lastApply} onSelectRow={onSelectRow} />}
      {children}
    </section>
  );
}
