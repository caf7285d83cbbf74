/**
 * The task pane's view state, and every way it changes, in one pure reducer: App calls the session and dispatches
 * what happened; what each event clears or marks (Undo replacing Apply's result, a new direction invalidating the
 * check, a Why? closing when the selection moves to another row …) is decided here, and tested without a DOM.
 */
import { type CatalogView } from '../session/pane-catalog';
import { type ExportDirection } from '../session/export-direction';
import { type ImportReport } from '../session/import-session';
import { type AddedDropDowns, type ApplyReport, type CheckReport, type DropDownRemoval, type DropDownReport, type UndoReport } from '../session/sheet-session';
import { type RulesStatus } from '../session/workbook-rules';
import { type DealInsight, type ImpactResult, type PipelineResult } from '../rules/rules-host';
import { type RowExplanation } from '../../engine/index';
import { type Candidate } from './components/RulesPanel';
import { type Progress } from './components/CheckPanel';
import { type CheckState, fromCheck, mergeCheck } from './pane-state';

export type TabName = 'check' | 'deal' | 'apply' | 'pipeline' | 'rules';

/** What the pane shows. Undefined fields: nothing to show yet (or it was cleared by a later event). */
export interface PaneState {
  readonly tab: TabName;
  /** A command is running: buttons are disabled. */
  readonly busy: boolean;
  readonly progress?: Progress;
  /** The one error bar: the last command's failure, or a subscription's. */
  readonly error?: string;
  readonly check?: CheckState;
  /** The selection's lifecycle (Deal view). */
  readonly insight?: DealInsight;
  /** The result of the Deal view's last action button. */
  readonly lastAction?: ApplyReport;
  /** The result of Apply Action column, until Undo replaces it. */
  readonly lastApply?: ApplyReport;
  readonly lastUndo?: UndoReport;
  readonly pipeline?: PipelineResult;
  readonly direction: ExportDirection;
  readonly catalogView?: CatalogView;
  /** What Create Solutions sheet did, in words. */
  readonly created?: string;
  readonly importReport?: ImportReport;
  /** Set when the import sheets written no longer match the sheet (Undo took back changes they hold). */
  readonly importStale?: string;
  readonly dropDowns?: DropDownReport;
  /** What the last removal of drop-down lists did. */
  readonly dropDownsRemoved?: DropDownRemoval;
  /** The drop-down lists the pane added and has not removed, as the workbook keeps them (Remove offers them). */
  readonly dropDownsAdded: AddedDropDowns;
  readonly rulesStatus?: RulesStatus;
  /** A rule set loaded for a look (Rules view), not yet active. */
  readonly candidate?: Candidate;
  readonly impact?: ImpactResult;
  readonly rulesNotice?: string;
  /** The open Why?: it belongs to the row it explains. */
  readonly why?: RowExplanation;
}

/** Everything that changes the pane's view, as it happened. */
export type PaneEvent =
  | { readonly type: 'tabSelected'; readonly tab: TabName }
  | { readonly type: 'commandStarted' }
  | { readonly type: 'commandEnded' }
  | { readonly type: 'progressed'; readonly progress: Progress }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'rulesInUse'; readonly status: RulesStatus }
  | { readonly type: 'selectionInspected'; readonly insight?: DealInsight }
  | { readonly type: 'sheetChecked'; readonly report: CheckReport }
  | { readonly type: 'rowsRechecked'; readonly report: CheckReport; readonly rows: readonly number[] }
  | { readonly type: 'directionChosen'; readonly direction: ExportDirection }
  | { readonly type: 'catalogRead'; readonly view: CatalogView }
  | { readonly type: 'solutionsCreated'; readonly created: string }
  | { readonly type: 'importPrepared'; readonly report: ImportReport }
  | { readonly type: 'actionApplied'; readonly report?: ApplyReport }
  | { readonly type: 'columnApplied'; readonly report: ApplyReport }
  | { readonly type: 'undone'; readonly report: UndoReport }
  | { readonly type: 'pipelineRead'; readonly pipeline: PipelineResult }
  | { readonly type: 'whyOpened'; readonly explanation?: RowExplanation }
  | { readonly type: 'whyClosed' }
  | { readonly type: 'rulesLoaded'; readonly candidate: Candidate }
  | { readonly type: 'impactPreviewed'; readonly impact: ImpactResult }
  | { readonly type: 'rulesActivated'; readonly status: RulesStatus }
  | { readonly type: 'rulesReverted'; readonly status: RulesStatus }
  | { readonly type: 'dropDownsAdded'; readonly report: DropDownReport; readonly onSheets: AddedDropDowns }
  | { readonly type: 'dropDownsRemoved'; readonly removal: DropDownRemoval; readonly onSheets: AddedDropDowns };

/** What Undo leaves on the import panel when import sheets were written before it. */
export const IMPORT_STALE_AFTER_UNDO =
  'Undo changed the sheet after the import sheets were written: they may hold changes that were taken back. Prepare the import files again before uploading them.';

/**
 * The pane as it opens: the Check view, the export's direction and the drop-down lists added earlier as the
 * workbook keeps them, nothing else yet.
 *
 * @example
 * useReducer(paneReducer, { direction: exportDirection?.get(), dropDownsAdded: session.addedDropDowns() }, initialPaneState);
 */
export function initialPaneState(kept: { readonly direction?: ExportDirection; readonly dropDownsAdded?: AddedDropDowns } = {}): PaneState {
  return { tab: 'check', busy: false, direction: kept.direction ?? 'per-row', dropDownsAdded: kept.dropDownsAdded ?? [] };
}

/**
 * The pane's state after one event. Pure: the same state and event always give the same state, and neither is
 * changed.
 *
 * @example
 * let state = initialPaneState();
 * state = paneReducer(state, { type: 'columnApplied', report });
 * state = paneReducer(state, { type: 'undone', report: undo }); // state.lastApply === undefined, state.lastUndo === undo
 */
export function paneReducer(state: PaneState, event: PaneEvent): PaneState {
  switch (event.type) {
    case 'tabSelected':
      return { ...state, tab: event.tab };
    case 'commandStarted':
      // A new command: the last one's error no longer applies.
      return { ...state, busy: true, error: undefined };
    case 'commandEnded':
      return { ...state, busy: false, progress: undefined };
    case 'progressed':
      return { ...state, progress: event.progress };
    case 'failed':
      return { ...state, error: event.message };
    case 'rulesInUse':
      return { ...state, rulesStatus: event.status };
    case 'selectionInspected': {
      // An open Why? belongs to the row it explains: it closes when the selection moves to another.
      const keep = state.why && event.insight && state.why.row === event.insight.row;
      return { ...state, insight: event.insight, why: keep ? state.why : undefined };
    }
    case 'sheetChecked':
      return { ...state, check: fromCheck(event.report) };
    case 'rowsRechecked':
      return { ...state, check: mergeCheck(state.check, event.report, event.rows) };
    case 'directionChosen':
      // The check and the pipeline were judged with the other direction: they no longer hold.
      return { ...state, direction: event.direction, check: undefined, pipeline: undefined };
    case 'catalogRead':
      return { ...state, catalogView: event.view };
    case 'solutionsCreated':
      return { ...state, created: event.created };
    case 'importPrepared':
      return { ...state, importReport: event.report, importStale: undefined };
    case 'actionApplied':
      return { ...state, lastAction: event.report };
    case 'columnApplied':
      // A new batch: the last undo's result is about an earlier one.
      return { ...state, lastApply: event.report, lastUndo: undefined };
    case 'undone':
      return {
        ...state,
        // The undo's result replaces the apply's (and the action button's).
        lastUndo: event.report,
        lastApply: undefined,
        lastAction: undefined,
        // Import sheets written before the undo hold what it took back: they must not be uploaded as they are.
        importStale: state.importReport ? IMPORT_STALE_AFTER_UNDO : state.importStale,
      };
    case 'pipelineRead':
      return { ...state, pipeline: event.pipeline };
    case 'whyOpened':
      return { ...state, why: event.explanation };
    case 'whyClosed':
      return { ...state, why: undefined };
    case 'rulesLoaded':
      // A new candidate: the impact and notice of the last one no longer apply.
      return { ...state, candidate: event.candidate, impact: undefined, rulesNotice: undefined };
    case 'impactPreviewed':
      return { ...state, impact: event.impact };
    case 'rulesActivated':
      return {
        ...state,
        rulesStatus: event.status,
        candidate: undefined,
        impact: undefined,
        rulesNotice: `Activated ${event.status.description}; this workbook keeps it. Check the sheet to judge it by these rules.`,
      };
    case 'rulesReverted':
      return { ...state, rulesStatus: event.status, rulesNotice: `Back to the bundled rules (${event.status.description}). Check the sheet to judge it by them.` };
    case 'dropDownsAdded':
      return { ...state, dropDowns: event.report, dropDownsRemoved: undefined, dropDownsAdded: event.onSheets };
    case 'dropDownsRemoved':
      return { ...state, dropDowns: undefined, dropDownsRemoved: event.removal, dropDownsAdded: event.onSheets };
  }
}
