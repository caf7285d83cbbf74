import { MessageBar, MessageBarBody, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type ExcelGateway } from '../excel/excel-gateway';
import { type DealInsight, type PipelineSummary } from '../rules/rules-host';
import { type ApplyReport, type ProblemItem, type SheetSession, type UndoReport } from '../session/sheet-session';
import { ApplyPanel } from './components/ApplyPanel';
import { CheckPanel, type Progress } from './components/CheckPanel';
import { DealPanel } from './components/DealPanel';
import { PipelinePanel } from './components/PipelinePanel';
import { type CheckState, fromCheck, mergeCheck } from './pane-state';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, minWidth: '280px' },
});

export interface AppProps {
  readonly session: SheetSession;
  readonly gateway: ExcelGateway;
  readonly today: string;
  /** Debounce for re-checking edited rows and following the selection (ms). */
  readonly debounceMs?: number;
}

type TabName = 'check' | 'deal' | 'apply' | 'pipeline';

/** The task pane: Check, Deal (the selection's lifecycle and actions), Apply, Pipeline. */
export function App({ session, gateway, today, debounceMs = 400 }: AppProps) {
  const styles = useStyles();
  const [tab, setTab] = useState<TabName>('check');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress>();
  const [check, setCheck] = useState<CheckState>();
  const [insight, setInsight] = useState<DealInsight>();
  const [lastAction, setLastAction] = useState<ApplyReport>();
  const [lastApply, setLastApply] = useState<ApplyReport>();
  const [lastUndo, setLastUndo] = useState<UndoReport>();
  const [pipeline, setPipeline] = useState<PipelineSummary>();
  const [error, setError] = useState<string>();
  const busyRef = useRef(false);

  /** Runs one user command at a time, showing its error instead of losing it. */
  const run = useCallback(async (work: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      busyRef.current = false;
      setBusy(false);
      setProgress(undefined);
    }
  }, []);

  const onProgress = (phase: string, done: number, total: number) => setProgress({ phase, done, total });

  const refreshInsight = useCallback(async () => {
    try {
      setInsight(await session.inspectSelection());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [session]);

  // Re-check rows the user edits (debounced), and follow the selection.
  useEffect(() => {
    let pending = new Set<number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let selectionTimer: ReturnType<typeof setTimeout> | undefined;
    let stop: (() => Promise<void>) | undefined;
    let disposed = false;
    const flush = async () => {
      if (busyRef.current) {
        timer = setTimeout(flush, debounceMs); // the pane is busy: try again after it
        return;
      }
      const rows = [...pending];
      pending = new Set();
      const report = await session.recheckRows(rows).catch((e: unknown) => void setError(String(e)));
      if (report && !disposed) setCheck((state) => mergeCheck(state, report, rows));
    };
    gateway
      .watchChanges((worksheetId, rows) => {
        if (!session.sheet || worksheetId !== session.sheet.worksheetId) return;
        rows.forEach((r) => pending.add(r));
        clearTimeout(timer);
        timer = setTimeout(flush, debounceMs);
      })
      .then((remove) => (disposed ? void remove() : (stop = remove)))
      .catch(() => undefined);
    gateway
      .watchSelection(() => {
        clearTimeout(selectionTimer);
        selectionTimer = setTimeout(() => void refreshInsight(), debounceMs / 2);
      })
      .catch(() => undefined);
    return () => {
      disposed = true;
      clearTimeout(timer);
      clearTimeout(selectionTimer);
      void stop?.();
    };
  }, [gateway, session, debounceMs, refreshInsight]);

  const onCheck = () => run(async () => setCheck(fromCheck(await session.check(onProgress))));
  const onSelectProblem = (problem: ProblemItem) => run(() => session.selectProblem(problem));
  const onAction = (action: string) =>
    run(async () => {
      setLastAction(await session.applyToSelection(action));
      await refreshInsight();
    });
  const onApply = (expireOverdue: boolean) =>
    run(async () => {
      setLastApply(await session.applyActionColumn(expireOverdue, onProgress));
      await refreshInsight();
    });
  const onUndo = () =>
    run(async () => {
      setLastUndo(await session.undoLastBatch());
      setLastAction(undefined);
      await refreshInsight();
    });
  const onPipeline = () => run(async () => setPipeline(await session.pipeline()));

  return (
    <main className={styles.root}>
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabName)} aria-label="Views">
        <Tab value="check">Check</Tab>
        <Tab value="deal">Deal</Tab>
        <Tab value="apply">Apply</Tab>
        <Tab value="pipeline">Pipeline</Tab>
      </TabList>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {tab === 'check' && <CheckPanel state={check} busy={busy} progress={progress} onCheck={onCheck} onSelectProblem={onSelectProblem} />}
      {tab === 'deal' && <DealPanel insight={insight} busy={busy} lastApply={lastAction} onAction={onAction} />}
      {tab === 'apply' && <ApplyPanel busy={busy} progress={progress} lastApply={lastApply} lastUndo={lastUndo} today={today} onApply={onApply} onUndo={onUndo} />}
      {tab === 'pipeline' && <PipelinePanel summary={pipeline} busy={busy} onRefresh={onPipeline} />}
      <Text size={100}>Rules: {session.rulesVersion}</Text>
    </main>
  );
}
