import { MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { type ProblemItem, type SheetSession } from '../session/sheet-session';
import { ApplyPanel } from './components/ApplyPanel';
import { CheckPanel } from './components/CheckPanel';
import { DealPanel } from './components/DealPanel';
import { PipelinePanel } from './components/PipelinePanel';
import { RulesPanel } from './components/RulesPanel';
import { ExplanationView } from './components/ExplanationView';
import { type RuleSource } from '../../engine/index';
import { type RulesStatus, type WorkbookRules } from '../session/workbook-rules';
import { type TabName, initialPaneState, paneReducer } from './pane-reducer';
import { type ExportDirection, type ExportDirectionSetting } from '../session/export-direction';
import { type PaneCatalog, describeCreated } from '../session/pane-catalog';
import { type ImportChoice, type ImportSession } from '../session/import-session';
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

const TAB_LABELS: Readonly<Record<TabName, string>> = { check: 'Check', deal: 'Deal', apply: 'Apply', pipeline: 'Pipeline', rules: 'Rules' };
const VIEW_TABS = (Object.keys(TAB_LABELS) as TabName[]).map((name) => ({ name, label: TAB_LABELS[name] }));

/** The task pane: Check, Deal (the selection's lifecycle and actions, and why), Apply, Pipeline, Rules. */
export function App({ session, today, workbookRules, debounceMs = 400, exportDirection, catalog, imports }: AppProps) {
  const styles = useStyles();
  const [state, dispatch] = useReducer(paneReducer, { direction: exportDirection?.get(), dropDownsAdded: session.addedDropDowns() }, initialPaneState);
  const { tab, busy, progress, check, insight, lastAction, lastApply, lastUndo, pipeline, direction, catalogView, created, importReport, importStale, dropDowns, dropDownsRemoved, dropDownsAdded, error, rulesStatus, candidate, impact, rulesNotice, why } = state;
  const busyRef = useRef(false);
  /** Settles once the workbook's rule set is in use: commands wait for it, so none runs on the wrong rules. */
  const restored = useRef<Promise<void>>(Promise.resolve());
  const fail = useCallback((message: string) => dispatch({ type: 'failed', message }), []);

  /** Runs one user command at a time, showing its error instead of losing it. */
  const run = useCallback(
    async (work: () => Promise<void>) => {
      if (busyRef.current) return;
      busyRef.current = true;
      dispatch({ type: 'commandStarted' });
      try {
        await restored.current;
        await work();
      } catch (e) {
        fail(said(e));
      } finally {
        busyRef.current = false;
        dispatch({ type: 'commandEnded' });
      }
    },
    [fail],
  );

  const onProgress = (phase: string, done: number, total: number) => dispatch({ type: 'progressed', progress: { phase, done, total } });

  /** The rule set in use: the session writes its name into the Deal log. */
  const adoptStatus = useCallback(
    (status: RulesStatus) => {
      session.useRulesVersion(status.description);
      return status;
    },
    [session],
  );

  // The workbook's own rule set, if it keeps one, before anything is checked.
  useEffect(() => {
    restored.current = workbookRules.restore().then(
      (status) => dispatch({ type: 'rulesInUse', status: adoptStatus(status) }),
      (e: unknown) => fail(`The rules could not be loaded: ${said(e)}`),
    );
  }, [workbookRules, adoptStatus, fail]);

  const refreshInsight = useCallback(async () => {
    try {
      dispatch({ type: 'selectionInspected', insight: await session.inspectSelection() });
    } catch (e) {
      fail(said(e));
    }
  }, [session, fail]);

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
        if (report && !disposed) dispatch({ type: 'rowsRechecked', report, rows });
      } catch (e) {
        if (!disposed) fail(`Rows ${rows.join(', ')} could not be checked again: ${said(e)}`);
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
      onError: (message) => !disposed && fail(message),
    });
    return () => {
      disposed = true;
      clearTimeout(timer);
      clearTimeout(selectionTimer);
      void stop();
    };
  }, [session, debounceMs, refreshInsight, fail]);

  /** Reads the workbook's Solutions sheet again, so a command judges with the catalog as it is now. */
  const refreshCatalog = useCallback(async () => {
    if (catalog) dispatch({ type: 'catalogRead', view: await catalog.refresh() });
  }, [catalog]);

  useEffect(() => {
    void restored.current.then(refreshCatalog).catch((e: unknown) => fail(`The solution catalog could not be read: ${said(e)}`));
  }, [refreshCatalog, fail]);

  const onCheck = () =>
    run(async () => {
      await refreshCatalog();
      dispatch({ type: 'sheetChecked', report: await session.check(onProgress) });
    });
  const onDirection = (value: ExportDirection) =>
    run(async () => {
      dispatch({ type: 'directionChosen', direction: value });
      await exportDirection?.set(value);
    });
  const onCreateSolutions = () =>
    run(async () => {
      if (!catalog) return;
      dispatch({ type: 'solutionsCreated', created: describeCreated(await catalog.createSheet()) });
      await refreshCatalog();
    });
  const onPrepareImport = (choice: ImportChoice) =>
    run(async () => {
      if (!imports) return;
      await refreshCatalog();
      dispatch({ type: 'importPrepared', report: await imports.prepare(choice, onProgress) });
    });
  const onSelectImportRow = (row: number) => run(async () => imports?.selectRow(row));
  const onSelectProblem = (problem: ProblemItem) => run(() => session.selectProblem(problem));
  const onAction = (action: string) =>
    run(async () => {
      dispatch({ type: 'actionApplied', report: await session.applyToSelection(action) });
      await refreshInsight();
    });
  const onApply = (expireOverdue: boolean) =>
    run(async () => {
      await refreshCatalog();
      dispatch({ type: 'columnApplied', report: await session.applyActionColumn(expireOverdue, onProgress) });
      await refreshInsight();
    });
  const onUndo = () =>
    run(async () => {
      dispatch({ type: 'undone', report: await session.undoLastBatch() });
      await refreshInsight();
    });
  const onPipeline = () =>
    run(async () => {
      await refreshCatalog();
      dispatch({ type: 'pipelineRead', pipeline: await session.pipeline() });
    });
  const onWhy = (action?: string) => run(async () => dispatch({ type: 'whyOpened', explanation: await session.explainSelection(action) }));
  const onLoadRules = (sources: RuleSource[]) => run(async () => dispatch({ type: 'rulesLoaded', candidate: { sources, info: await workbookRules.lint(sources) } }));
  const onPreviewRules = () => run(async () => candidate && dispatch({ type: 'impactPreviewed', impact: await session.previewImpact(candidate.sources, onProgress) }));
  const onActivateRules = () =>
    run(async () => {
      if (candidate) dispatch({ type: 'rulesActivated', status: adoptStatus(await workbookRules.activate(candidate.sources)) });
    });
  const onRevertRules = () => run(async () => dispatch({ type: 'rulesReverted', status: adoptStatus(await workbookRules.revert()) }));
  const onSelectRow = (row: number) => run(() => session.selectRow(row));
  const onAddDropDowns = () => run(async () => dispatch({ type: 'dropDownsAdded', report: await session.addDropDowns(), onSheets: session.addedDropDowns() }));
  const onRemoveDropDowns = () => run(async () => dispatch({ type: 'dropDownsRemoved', removal: await session.removeDropDowns(), onSheets: session.addedDropDowns() }));

  return (
    <main className={styles.root}>
      {/* Tabs that do not fit a narrow pane (Excel's is 320 px at least) fold into a More menu. */}
      <ViewTabs tabs={VIEW_TABS} selected={tab} onSelect={(next) => dispatch({ type: 'tabSelected', tab: next })} />
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
            <ExplanationView explanation={why} onClose={() => dispatch({ type: 'whyClosed' })} />
          </ViewBoundary>
        )}
        {tab === 'apply' && (
          <ApplyPanel busy={busy} progress={progress} lastApply={lastApply} lastUndo={lastUndo} today={today} onApply={onApply} onUndo={onUndo} onSelectRow={onSelectRow}>
            <DropDownsPanel busy={busy} report={dropDowns} removed={dropDownsRemoved} added={dropDownsAdded} onAdd={onAddDropDowns} onRemove={onRemoveDropDowns} />
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

function said(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
