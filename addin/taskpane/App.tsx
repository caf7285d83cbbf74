import { MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type DealInsight, type PipelineResult } from '../rules/rules-host';
import { type ApplyReport, type DropDownReport, type ProblemItem, type SheetSession, type UndoReport } from '../session/sheet-session';
import { ApplyPanel } from './components/ApplyPanel';
import { CheckPanel, type Progress } from './components/CheckPanel';
import { DealPanel } from './components/DealPanel';
import { PipelinePanel } from './components/PipelinePanel';
import { type Candidate, RulesPanel } from './components/RulesPanel';
import { ExplanationView } from './components/ExplanationView';
import { type RowExplanation, type RuleSource } from '../../engine/index';
import { type ImpactResult } from '../rules/rules-host';
import { type RulesStatus, type WorkbookRules } from '../session/workbook-rules';
import { type CheckState, fromCheck, mergeCheck } from './pane-state';
import { type ExportDirection, type ExportDirectionSetting } from '../session/export-direction';
import { type CatalogView, type PaneCatalog, describeCreated } from '../session/pane-catalog';
import { type ImportChoice, type ImportReport, type ImportSession } from '../session/import-session';
import { SheetSetup } from './components/SheetSetup';
import { ImportPanel } from './components/ImportPanel';
import { ViewBoundary } from './components/ViewBoundary';
import { ViewTabs } from './components/ViewTabs';
import { DropDownsPanel } from './components/DropDownsPanel';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, minWidth: '280px' },
});

export interface AppProps {
  readonly session: SheetSession;
  readonly today: string;
  /** The workbook's rule set (bundled, or activated and kept in the workbook's settings). */
  readonly workbookRules: WorkbookRules;
  /** Debounce for re-checking edited rows and following the selection (ms). */
  readonly debounceMs?: number;
  /**
   * What a raw Partner Center export needs (see `panePieces` in mount-pane.tsx): the export's direction setting,
   * the workbook's solution catalog and the import files. Absent in tests of other views: those controls are hidden.
   */
  readonly exportDirection?: ExportDirectionSetting;
  readonly catalog?: PaneCatalog;
  readonly imports?: ImportSession;
}

type TabName = 'check' | 'deal' | 'apply' | 'pipeline' | 'rules';

const TAB_LABELS: Readonly<Record<TabName, string>> = { check: 'Check', deal: 'Deal', apply: 'Apply', pipeline: 'Pipeline', rules: 'Rules' };
const VIEW_TABS = (Object.keys(TAB_LABELS) as TabName[]).map((name) => ({ name, label: TAB_LABELS[name] }));

/** The task pane: Check, Deal (the selection's lifecycle and actions, and why), Apply, Pipeline, Rules. */
export function App({ session, today, workbookRules, debounceMs = 400, exportDirection, catalog, imports }: AppProps) {
  const styles = useStyles();
  const [tab, setTab] = useState<TabName>('check');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress>();
  const [check, setCheck] = useState<CheckState>();
  const [insight, setInsight] = useState<DealInsight>();
  const [lastAction, setLastAction] = useState<ApplyReport>();
  const [lastApply, setLastApply] = useState<ApplyReport>();
  const [lastUndo, setLastUndo] = useState<UndoReport>();
  const [pipeline, setPipeline] = useState<PipelineResult>();
  const [direction, setDirection] = useState<ExportDirection>(() => exportDirection?.get() ?? 'per-row');
  const [catalogView, setCatalogView] = useState<CatalogView>();
  const [created, setCreated] = useState<string>();
  const [importReport, setImportReport] = useState<ImportReport>();
  const [importStale, setImportStale] = useState<string>();
  const [dropDowns, setDropDowns] = useState<DropDownReport>();
  const [dropDownsRemoved, setDropDownsRemoved] = useState<number>();
  const [error, setError] = useState<string>();
  const [rulesStatus, setRulesStatus] = useState<RulesStatus>();
  const [candidate, setCandidate] = useState<Candidate>();
  const [impact, setImpact] = useState<ImpactResult>();
  const [rulesNotice, setRulesNotice] = useState<string>();
  const [why, setWhy] = useState<RowExplanation>();
  const busyRef = useRef(false);
  /** Settles once the workbook's rule set is in use: commands wait for it, so none runs on the wrong rules. */
  const restored = useRef<Promise<void>>(Promise.resolve());

  /** Runs one user command at a time, showing its error instead of losing it. */
  const run = useCallback(async (work: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setError(undefined);
    try {
      await restored.current;
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

  const applyStatus = useCallback(
    (status: RulesStatus) => {
      session.useRulesVersion(status.description);
      setRulesStatus(status);
    },
    [session],
  );

  // The workbook's own rule set, if it keeps one, before anything is checked.
  useEffect(() => {
    restored.current = workbookRules.restore().then(applyStatus, (e: unknown) => setError(`The rules could not be loaded: ${e instanceof Error ? e.message : String(e)}`));
  }, [workbookRules, applyStatus]);

  const refreshInsight = useCallback(async () => {
    try {
      const next = await session.inspectSelection();
      setInsight(next);
      // An open Why? belongs to the row it explains: it closes when the selection moves to another.
      setWhy((open) => (open && next && open.row === next.row ? open : undefined));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [session]);

  // Re-check rows the user edits (debounced), and follow the selection: the session subscribes, and says when it cannot.
  useEffect(() => {
    let pending = new Set<number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let selectionTimer: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;
    const flush = async () => {
      if (busyRef.current) {
        timer = setTimeout(flush, debounceMs); // the pane is busy: try again after it
        return;
      }
      const rows = [...pending];
      pending = new Set();
      try {
        const report = await session.recheckRows(rows);
        if (report && !disposed) setCheck((state) => mergeCheck(state, report, rows));
      } catch (e) {
        if (!disposed) setError(`Rows ${rows.join(', ')} could not be checked again: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    const stop = session.follow({
      onRowsEdited: (rows) => {
        rows.forEach((r) => pending.add(r));
        clearTimeout(timer);
        timer = setTimeout(flush, debounceMs);
      },
      onSelectionMoved: () => {
        clearTimeout(selectionTimer);
        selectionTimer = setTimeout(() => void refreshInsight(), debounceMs / 2);
      },
      onError: (message) => !disposed && setError(message),
    });
    return () => {
      disposed = true;
      clearTimeout(timer);
      clearTimeout(selectionTimer);
      void stop();
    };
  }, [session, debounceMs, refreshInsight]);

  /** Reads the workbook's Solutions sheet again, so a command judges with the catalog as it is now. */
  const refreshCatalog = useCallback(async () => {
    if (catalog) setCatalogView(await catalog.refresh());
  }, [catalog]);

  useEffect(() => {
    void restored.current.then(refreshCatalog).catch((e: unknown) => setError(`The solution catalog could not be read: ${e instanceof Error ? e.message : String(e)}`));
  }, [refreshCatalog]);

  const onCheck = () =>
    run(async () => {
      await refreshCatalog();
      setCheck(fromCheck(await session.check(onProgress)));
    });
  const onDirection = (value: ExportDirection) =>
    run(async () => {
      setDirection(value);
      await exportDirection?.set(value);
      setCheck(undefined);
      setPipeline(undefined);
    });
  const onCreateSolutions = () =>
    run(async () => {
      if (!catalog) return;
      setCreated(describeCreated(await catalog.createSheet()));
      await refreshCatalog();
    });
  const onPrepareImport = (choice: ImportChoice) =>
    run(async () => {
      if (!imports) return;
      await refreshCatalog();
      setImportReport(await imports.prepare(choice, onProgress));
      setImportStale(undefined);
    });
  const onSelectImportRow = (row: number) => run(async () => imports?.selectRow(row));
  const onSelectProblem = (problem: ProblemItem) => run(() => session.selectProblem(problem));
  const onAction = (action: string) =>
    run(async () => {
      setLastAction(await session.applyToSelection(action));
      await refreshInsight();
    });
  const onApply = (expireOverdue: boolean) =>
    run(async () => {
      await refreshCatalog();
      setLastUndo(undefined);
      setLastApply(await session.applyActionColumn(expireOverdue, onProgress));
      await refreshInsight();
    });
  const onUndo = () =>
    run(async () => {
      setLastUndo(await session.undoLastBatch());
      setLastApply(undefined); // the undo's result replaces the apply's
      // Import sheets written before the undo hold what it took back: they must not be uploaded as they are.
      if (importReport) setImportStale('Undo changed the sheet after the import sheets were written: they may hold changes that were taken back. Prepare the import files again before uploading them.');
      setLastAction(undefined);
      await refreshInsight();
    });
  const onPipeline = () =>
    run(async () => {
      await refreshCatalog();
      setPipeline(await session.pipeline());
    });
  const onWhy = (action?: string) => run(async () => setWhy(await session.explainSelection(action)));
  const onLoadRules = (sources: RuleSource[]) =>
    run(async () => {
      setImpact(undefined);
      setRulesNotice(undefined);
      setCandidate({ sources, info: await workbookRules.lint(sources) });
    });
  const onPreviewRules = () => run(async () => candidate && setImpact(await session.previewImpact(candidate.sources, onProgress)));
  const onActivateRules = () =>
    run(async () => {
      if (!candidate) return;
      const status = await workbookRules.activate(candidate.sources);
      applyStatus(status);
      setCandidate(undefined);
      setImpact(undefined);
      setRulesNotice(`Activated ${status.description}; this workbook keeps it. Check the sheet to judge it by these rules.`);
    });
  const onRevertRules = () =>
    run(async () => {
      const status = await workbookRules.revert();
      applyStatus(status);
      setRulesNotice(`Back to the bundled rules (${status.description}). Check the sheet to judge it by them.`);
    });
  const onSelectRow = (row: number) => run(() => session.selectRow(row));
  const onAddDropDowns = () =>
    run(async () => {
      setDropDownsRemoved(undefined);
      setDropDowns(await session.addDropDowns());
    });
  const onRemoveDropDowns = () =>
    run(async () => {
      setDropDownsRemoved(await session.removeDropDowns());
      setDropDowns(undefined);
    });

  return (
    <main className={styles.root}>
      {/* Tabs that do not fit a narrow pane (Excel's is 320 px at least) fold into a More menu. */}
      <ViewTabs tabs={VIEW_TABS} selected={tab} onSelect={setTab} />
      {rulesStatus?.warning && tab !== 'rules' && (
        <MessageBar intent="warning">
          <MessageBarBody>{rulesStatus.warning}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <ViewBoundary key={tab} view={TAB_LABELS[tab]}>
        {tab === 'check' && (
          <CheckPanel
            state={check}
            busy={busy}
            progress={progress}
            onCheck={onCheck}
            onSelectProblem={onSelectProblem}
            setup={exportDirection && <SheetSetup direction={direction} catalog={catalogView} busy={busy} created={created} onDirection={onDirection} onCreateSolutions={onCreateSolutions} />}
          />
        )}
        {tab === 'deal' && <DealPanel insight={insight} busy={busy} lastApply={lastAction} onAction={onAction} onWhy={onWhy} />}
        {tab === 'deal' && why && (
          <ViewBoundary view="Why?">
            <ExplanationView explanation={why} onClose={() => setWhy(undefined)} />
          </ViewBoundary>
        )}
        {tab === 'apply' && (
          <ApplyPanel busy={busy} progress={progress} lastApply={lastApply} lastUndo={lastUndo} today={today} onApply={onApply} onUndo={onUndo} onSelectRow={onSelectRow}>
            <DropDownsPanel busy={busy} report={dropDowns} removed={dropDownsRemoved} onAdd={onAddDropDowns} onRemove={onRemoveDropDowns} />
            {imports && <ImportPanel busy={busy} report={importReport} stale={importStale} onPrepare={onPrepareImport} onSelectRow={onSelectImportRow} />}
          </ApplyPanel>
        )}
        {tab === 'pipeline' && <PipelinePanel summary={pipeline} busy={busy} onRefresh={onPipeline} />}
        {tab === 'rules' && (
          <RulesPanel
            status={rulesStatus}
            candidate={candidate}
            impact={impact}
            busy={busy}
            progress={progress}
            notice={rulesNotice}
            onLoad={onLoadRules}
            onPreview={onPreviewRules}
            onActivate={onActivateRules}
            onRevert={onRevertRules}
            onSelectRow={onSelectRow}
          />
        )}
      </ViewBoundary>
      <Text size={100}>Rules: {rulesStatus?.description ?? session.rulesVersion}</Text>
    </main>
  );
}
