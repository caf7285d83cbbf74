/**
 * The pane's view state as a pure reducer, tested without a DOM: what each event the pane dispatches shows,
 * clears or marks.
 */
import { IMPORT_STALE_AFTER_UNDO, type PaneEvent, type PaneState, initialPaneState, paneReducer } from '../../addin/taskpane/pane-reducer';
import { type ApplyReport, type CheckReport, type ProblemItem, type UndoReport } from '../../addin/session/sheet-session';
import { type ImportReport } from '../../addin/session/import-session';
import { type DealInsight, type ImpactResult, type PipelineResult } from '../../addin/rules/rules-host';
import { type RowExplanation } from '../../engine/index';
import { type Candidate } from '../../addin/taskpane/components/RulesPanel';

/** A stand-in for a result the reducer only passes along (it never looks inside). */
const opaque = <T>(name: string) => ({ name }) as unknown as T;

const applyReport = opaque<ApplyReport>('apply');
const actionReport = opaque<ApplyReport>('action');
const undoReport: UndoReport = { outcome: 'restored', batch: 'B1', restored: [2] };
const pipeline = opaque<PipelineResult>('pipeline');
const importReport = opaque<ImportReport>('import');
const impact = opaque<ImpactResult>('impact');
const candidate: Candidate = { sources: [], info: { problems: [] } };
const status = { description: 'Co-sell policy 2026.12.0 #abc', source: 'workbook' } as const;

function checkReport(rows: readonly number[], invalid: readonly number[] = []): CheckReport {
  const problems: ProblemItem[] = invalid.map((row) => ({ row, rule: 'r', requirement: 'needs r', message: 'no r' }));
  return {
    sheetName: 'Deals',
    summary: opaque('summary'),
    byRule: [],
    problems,
    headerProblems: [],
    notices: [],
    write: { written: [...rows], skipped: [], strayed: [] },
  };
}

const insightOn = (row: number) => ({ row, dealName: `Deal ${row}` }) as unknown as DealInsight;
const whyOn = (row: number) => ({ row, dealName: `Deal ${row}` }) as unknown as RowExplanation;

/** The state after `events`, from the pane as it opens. */
function after(...events: PaneEvent[]): PaneState {
  return events.reduce(paneReducer, initialPaneState());
}

describe('the pane as it opens', () => {
  test('shows the Check view, idle, with the direction the workbook keeps', () => {
    expect(initialPaneState({ direction: 'Outbound' })).toEqual({ tab: 'check', busy: false, direction: 'Outbound', dropDownsAdded: [] });
    expect(initialPaneState().direction).toBe('per-row');
  });
});

describe('commands', () => {
  test('a running command disables the pane and clears the last error; its end clears the progress', () => {
    const running = after({ type: 'failed', message: 'old' }, { type: 'commandStarted' }, { type: 'progressed', progress: { phase: 'Reading', done: 1, total: 2 } });
    expect(running).toMatchObject({ busy: true, error: undefined, progress: { phase: 'Reading' } });
    expect(paneReducer(running, { type: 'commandEnded' })).toMatchObject({ busy: false, progress: undefined });
  });

  test('a failure stays shown after its command ended', () => {
    expect(after({ type: 'commandStarted' }, { type: 'failed', message: 'Excel said no' }, { type: 'commandEnded' }).error).toBe('Excel said no');
  });
});

describe('Apply and Undo', () => {
  test('Undo replaces the Apply result and the action button\'s result with its own', () => {
    const state = after({ type: 'actionApplied', report: actionReport }, { type: 'columnApplied', report: applyReport }, { type: 'undone', report: undoReport });
    expect(state).toMatchObject({ lastUndo: undoReport, lastApply: undefined, lastAction: undefined });
  });

  test('a new Apply replaces the last Undo result', () => {
    const state = after({ type: 'columnApplied', report: applyReport }, { type: 'undone', report: undoReport }, { type: 'columnApplied', report: applyReport });
    expect(state).toMatchObject({ lastApply: applyReport, lastUndo: undefined });
  });

  test('Undo marks import sheets written before it as stale, and preparing them again clears the mark', () => {
    const stale = after({ type: 'importPrepared', report: importReport }, { type: 'undone', report: undoReport });
    expect(stale.importStale).toBe(IMPORT_STALE_AFTER_UNDO);
    expect(paneReducer(stale, { type: 'importPrepared', report: importReport }).importStale).toBeUndefined();
  });

  test('Undo without import sheets marks nothing stale', () => {
    expect(after({ type: 'undone', report: undoReport }).importStale).toBeUndefined();
  });
});

describe('the export\'s direction', () => {
  test('choosing another direction clears the check and the pipeline, judged with the old one', () => {
    const state = after({ type: 'sheetChecked', report: checkReport([2, 3]) }, { type: 'pipelineRead', pipeline }, { type: 'directionChosen', direction: 'Inbound' });
    expect(state).toMatchObject({ direction: 'Inbound', check: undefined, pipeline: undefined });
  });
});

describe('Check', () => {
  test('a re-check of edited rows updates only those rows of the last check', () => {
    const state = after({ type: 'sheetChecked', report: checkReport([2, 3, 4], [3]) }, { type: 'rowsRechecked', report: checkReport([3, 4], [4]), rows: [3, 4] });
    expect([...state.check!.valid.entries()]).toEqual([
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(state.check!.problems.map((p) => p.row)).toEqual([4]);
  });
});

describe('Why?', () => {
  test('stays open while the selection stays on the row it explains', () => {
    const state = after({ type: 'whyOpened', explanation: whyOn(5) }, { type: 'selectionInspected', insight: insightOn(5) });
    expect(state.why).toEqual(whyOn(5));
  });

  test('closes when the selection moves to another row', () => {
    const state = after({ type: 'whyOpened', explanation: whyOn(5) }, { type: 'selectionInspected', insight: insightOn(6) });
    expect(state).toMatchObject({ why: undefined, insight: insightOn(6) });
  });

  test('closes when the selection leaves the deals', () => {
    expect(after({ type: 'whyOpened', explanation: whyOn(5) }, { type: 'selectionInspected', insight: undefined }).why).toBeUndefined();
  });

  test('closes with its Close button', () => {
    expect(after({ type: 'whyOpened', explanation: whyOn(5) }, { type: 'whyClosed' }).why).toBeUndefined();
  });
});

describe('Rules', () => {
  test('loading a candidate clears the last candidate\'s impact and notice', () => {
    const state = after({ type: 'rulesLoaded', candidate }, { type: 'impactPreviewed', impact }, { type: 'rulesReverted', status }, { type: 'rulesLoaded', candidate });
    expect(state).toMatchObject({ candidate, impact: undefined, rulesNotice: undefined });
  });

  test('activating the candidate uses it, clears the candidate and its impact, and says the workbook keeps it', () => {
    const state = after({ type: 'rulesLoaded', candidate }, { type: 'impactPreviewed', impact }, { type: 'rulesActivated', status });
    expect(state).toMatchObject({ rulesStatus: status, candidate: undefined, impact: undefined });
    expect(state.rulesNotice).toBe('Activated Co-sell policy 2026.12.0 #abc; this workbook keeps it. Check the sheet to judge it by these rules.');
  });

  test('reverting says which bundled rules are back', () => {
    const bundled = { description: 'Co-sell policy 2026.11.0 #def', source: 'bundled' } as const;
    expect(after({ type: 'rulesReverted', status: bundled })).toMatchObject({ rulesStatus: bundled, rulesNotice: 'Back to the bundled rules (Co-sell policy 2026.11.0 #def). Check the sheet to judge it by them.' });
  });
});

describe('drop-down lists', () => {
  const onSheets = [{ sheetName: 'Deals', headers: ['Action'] }];
  const removal = { sheetName: 'Deals', removed: ['Action'], changed: [], missing: [] };

  test('the lists the workbook says the pane added earlier are offered for removal as the pane opens', () => {
    expect(initialPaneState({ dropDownsAdded: onSheets }).dropDownsAdded).toEqual(onSheets);
    expect(initialPaneState().dropDownsAdded).toEqual([]);
  });

  test('adding replaces the last removal\'s message, and removing the last addition\'s', () => {
    const added = after({ type: 'dropDownsRemoved', removal, onSheets: [] }, { type: 'dropDownsAdded', report: { added: ['Action'], kept: [], already: [] }, onSheets });
    expect(added).toMatchObject({ dropDowns: { added: ['Action'] }, dropDownsRemoved: undefined });
    expect(paneReducer(added, { type: 'dropDownsRemoved', removal, onSheets: [] })).toMatchObject({ dropDowns: undefined, dropDownsRemoved: removal, dropDownsAdded: [] });
  });
});

describe('the reducer', () => {
  test('never changes the state it is given', () => {
    const state = Object.freeze(after({ type: 'columnApplied', report: applyReport }, { type: 'importPrepared', report: importReport }));
    const next = paneReducer(state, { type: 'undone', report: undoReport });
    expect(next).not.toBe(state);
    expect(state.lastApply).toBe(applyReport);
  });

  test('switching tabs keeps every result', () => {
    const state = after({ type: 'columnApplied', report: applyReport }, { type: 'tabSelected', tab: 'rules' });
    expect(state).toMatchObject({ tab: 'rules', lastApply: applyReport });
  });
});
