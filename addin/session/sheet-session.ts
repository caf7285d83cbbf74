/**
 * What each pane button does, without the UI: read through the gateway, decide with the rules, write back
 * through the gateway, log. The React components only call these and show the results.
 */
import {
  COLUMNS,
  type Cell,
  type FieldKey,
  type HeaderMap,
  type RowOutcome,
  appendedHeaders,
  columnOfHeader,
  mapHeaders,
  planWrite,
  summarize,
  type Summary,
  vocabularyLists,
} from '../../engine/index';
import { type ExcelGateway } from '../excel/excel-gateway';
import { type CellValue, type SheetRead, type SheetRef } from '../excel/excel-host';
import { type StrayWrite } from '../excel/put-back';
import { mapPaced, pacer } from '../excel/yielding';
import { type RowWrite, type WriteReport } from '../excel/row-writes';
import { type SettingsStore, memorySettings } from '../excel/settings-store';
import { DropDownRecord } from './drop-down-record';
import { type LoggedEntry, findLoggedRows, loggedCells, ownedColumn, rowKey } from './logged-rows';

export { rowKey };
import { rowContent } from './row-content';
import { dateFromSerial } from '../../engine/sheet/date-serial';
import { type RulesClient } from '../rules/rules-client';
import { type DealInsight, type ImpactResult, type PipelineResult, type RequestOf } from '../rules/rules-host';
import { type RowExplanation, type RuleSource, actionText, joinMessages } from '../../engine/index';

/**
 * The Deal log's columns. `Time` is an Excel date-time in local time; `Changes` reads each owned cell before → after
 * (for a refusal, why the action was refused); `Outcome` is `Applied` or `Refused`. `Before`, `After` and
 * `Row content` are what Undo reads. New columns go last, so a log an earlier version began keeps its columns where
 * they were (a log without `Outcome` holds applied actions only).
 */
export const LOG_HEADERS = ['Time', 'Batch', 'Sheet', 'Row', 'Deal key', 'Action', 'Before', 'After', 'Rules version', 'Undoes batch', 'Row content', 'Changes', 'Outcome'] as const;

/** What a Deal log row records: an action that changed the row, or one the rules or the lifecycle refused. */
export type LoggedOutcome = 'Applied' | 'Refused';

/**
 * The log's rows that changed the sheet: refusals are there for people to read, never for Undo or import to act on.
 *
 * @example
 * changingLogRows(log).length; // the log's applied and undo rows, without its refusals
 */
export function changingLogRows(log: readonly (readonly CellValue[])[]): (readonly CellValue[])[] {
  const outcome = log.length > 0 ? log[0].findIndex((h) => String(h) === 'Outcome') : -1;
  const rows = log.slice(1);
  return outcome < 0 ? rows : rows.filter((r) => String(r[outcome] ?? '') !== 'Refused');
}

export interface ProblemItem {
  readonly row: number;
  /** Column index within the sheet, or undefined when the message names no column the sheet has. */
  readonly column?: number;
  readonly header?: string;
  readonly rule: string;
  /** The rule's requirement in words: how Check groups the invalid rows. */
  readonly requirement: string;
  readonly message: string;
}

export interface CheckReport {
  readonly sheetName: string;
  readonly summary: Summary;
  /** Invalid rows per rule name, most frequent first. */
  readonly byRule: readonly { rule: string; rows: number }[];
  readonly problems: readonly ProblemItem[];
  readonly headerProblems: readonly string[];
  /** Said once for the whole sheet (what was derived, what could not be judged, unknown solution IDs …). */
  readonly notices: readonly string[];
  readonly write: WriteReport;
}

export interface ApplyReport {
  readonly rows: readonly { row: number; action: string; applied: boolean; reasons: readonly string[] }[];
  readonly summary: Summary;
  readonly headerProblems: readonly string[];
  /** Said once for the whole sheet (e.g. expiry cannot be judged without Created Date). */
  readonly notices: readonly string[];
  readonly write: WriteReport;
  readonly batch: string;
  /** A button's action: the selected rows left as they were, their state not offering it (not written, not logged). */
  readonly leftAlone: readonly number[];
}

/**
 * What `addDropDowns` did, by header: lists added, columns kept because they carry the user's own validation, and
 * columns that already had the list the pane added earlier.
 */
export interface DropDownReport {
  readonly added: readonly string[];
  readonly kept: readonly string[];
  readonly already: readonly string[];
}

/** The drop-down lists the pane added and has not removed, by sheet and header (the workbook keeps them). */
export type AddedDropDowns = readonly { readonly sheetName: string; readonly headers: readonly string[] }[];

/**
 * What `removeDropDowns` did on the sheet, by header: lists removed; lists kept because the user changed them since
 * the pane added them (they are the user's now); columns no longer on the sheet (their list, if any, left as it is).
 */
export interface DropDownRemoval {
  readonly sheetName: string;
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  readonly missing: readonly string[];
}

/** What the pane hears from the workbook while it is open (`SheetSession.follow`). */
export interface SessionEvents {
  /** Sheet rows of the checked sheet the user edited. */
  readonly onRowsEdited: (rows: readonly number[]) => void;
  readonly onSelectionMoved: () => void;
  /** A subscription that failed, as a sentence for the pane to show. */
  readonly onError: (message: string) => void;
}

export interface UndoReport {
  /** Every row restored; nothing restored; or, when the sheet kept changing while Undo took back its writes, some rows. */
  readonly outcome: 'restored' | 'refused' | 'partial';
  readonly batch?: string;
  /** The rows restored (and logged). */
  readonly restored: readonly number[];
  /** Why nothing, or not everything, was undone (rows named, and what each row holds). */
  readonly refused?: string;
}

export interface SessionOptions {
  readonly gateway: ExcelGateway;
  readonly rules: RulesClient;
  /** ISO date deals are judged on (expiry). */
  readonly today: () => string;
  readonly now?: () => Date;
  /** Written into every `Deal log` row until `useRulesVersion` changes it. */
  readonly rulesVersion: string;
  /** The workbook's settings: where the drop-down lists the pane added are remembered (in memory if absent). */
  readonly settings?: SettingsStore;
}

const DATE_KEYS = new Set<FieldKey>(COLUMNS.filter((c) => c.format === 'date').map((c) => c.key));

/**
 * @example
 * const session = new SheetSession({ gateway, rules, today: () => localToday(), rulesVersion });
 * const report = await session.check((done, total) => setProgress(done / total));
 */
export class SheetSession {
  /** The last sheet read: where re-checks and selection actions write. */
  sheet?: SheetRef;

  private version: string;
  /** The drop-down lists the pane added, kept in the workbook for `removeDropDowns` (in this pane or a later one). */
  private readonly dropDowns: DropDownRecord;

  constructor(private readonly options: SessionOptions) {
    this.version = options.rulesVersion;
    this.dropDowns = new DropDownRecord(options.settings ?? memorySettings());
  }

  /**
   * Follows the workbook while the pane is open: rows of the checked sheet the user edits, and selection moves.
   * A subscription Excel refuses is reported through `onError` in words, never swallowed. Returns the function
   * that stops following.
   *
   * @example
   * const stop = session.follow({ onRowsEdited: (rows) => recheck(rows), onSelectionMoved: refresh, onError: show });
   */
  follow(events: SessionEvents): () => Promise<void> {
    const said = (e: unknown) => (e instanceof Error ? e.message : String(e));
    let stopped = false;
    let removeChanges: (() => Promise<void>) | undefined;
    const stopChanges = (remove: () => Promise<void>) => remove().catch((e: unknown) => events.onError(`The pane could not stop following edits: ${said(e)}`));
    this.options.gateway
      .watchChanges((worksheetId, rows) => {
        if (this.sheet && worksheetId === this.sheet.worksheetId) events.onRowsEdited(rows);
      })
      .then((remove) => (stopped ? void stopChanges(remove) : (removeChanges = remove)))
      .catch((e: unknown) => events.onError(`The pane cannot follow edits to the sheet, so an edited row is checked again only by Check sheet: ${said(e)}`));
    this.options.gateway
      .watchSelection(() => events.onSelectionMoved())
      .catch((e: unknown) => events.onError(`The pane cannot follow the selection, so the Deal view does not change with it: ${said(e)}`));
    return async () => {
      stopped = true;
      if (removeChanges) await stopChanges(removeChanges);
    };
  }

  /**
   * Drop-down lists on the sheet's columns with a vocabulary (Action, Direction, Deal Type, the statuses, Sales
   * Stage, Yes/No and code columns), never over a validation the user set. What was added is kept in the workbook's
   * settings, so `removeDropDowns` takes back exactly those lists, even after the pane was closed and opened again.
   *
   * @example
   * const report = await session.addDropDowns(); // { added: ['Partner Referral Status', …], kept: ['Deal Type'], already: [] }
   */
  async addDropDowns(): Promise<DropDownReport> {
    const read = await this.options.gateway.readSheet();
    const { map } = mapHeaders(read.headers);
    const lists = vocabularyLists(map);
    const ours = new Set(this.dropDowns.on(read.ref)?.lists.map((l) => l.header));
    const { added, kept } = await this.options.gateway.addDropDowns(read.ref, lists);
    const header = (column: number) => headerText(read.headers[column]);
    const rows = read.ref.lastRow - (read.ref.headerRow + 1);
    await this.dropDowns.add(
      read.ref,
      added.map((column) => ({ header: header(column), values: lists.find((l) => l.column === column)!.values, rows })),
    );
    const keptHeaders = kept.map(header);
    return { added: added.map(header), kept: keptHeaders.filter((h) => !ours.has(h)), already: keptHeaders.filter((h) => ours.has(h)) };
  }

  /** The drop-down lists the pane added and has not removed, per sheet (kept in the workbook). */
  addedDropDowns(): AddedDropDowns {
    return this.dropDowns.all().map((s) => ({ sheetName: s.sheetName, headers: s.lists.map((l) => l.header) }));
  }

  /**
   * Removes the drop-down lists the pane added on the open sheet, found by header wherever the columns moved; a
   * list the user changed since is kept (and no longer the pane's); the user's own validations are never touched.
   * Refused, with the sheet named, when the lists are on another sheet.
   *
   * @example
   * await session.removeDropDowns(); // { sheetName: 'Deals', removed: ['Action', …], changed: ['Deal Type'], missing: [] }
   */
  async removeDropDowns(): Promise<DropDownRemoval> {
    const all = this.dropDowns.all();
    if (all.length === 0) return { sheetName: '', removed: [], changed: [], missing: [] };
    const read = await this.options.gateway.readSheet();
    const record = this.dropDowns.on(read.ref);
    if (!record) {
      throw new Error(`The drop-down lists the pane added are on ${all.map((s) => `the sheet "${s.sheetName}"`).join(' and ')}: open it and remove them again.`);
    }
    const columnOf = new Map<string, number>();
    read.headers.forEach((h, c) => !columnOf.has(headerText(h)) && columnOf.set(headerText(h), c));
    const missing = record.lists.filter((l) => !columnOf.has(l.header)).map((l) => l.header);
    const removed: string[] = [];
    const changed: string[] = [];
    // Each list on the rows it was put on: a sheet grown since has rows the list never covered.
    for (const rows of new Set(record.lists.map((l) => l.rows))) {
      const lists = record.lists.filter((l) => l.rows === rows && columnOf.has(l.header)).map((l) => ({ column: columnOf.get(l.header)!, values: l.values }));
      const done = await this.options.gateway.removeDropDowns({ ...read.ref, lastRow: read.ref.headerRow + 1 + rows }, lists);
      removed.push(...done.removed.map((c) => headerText(read.headers[c])));
      changed.push(...done.changed.map((c) => headerText(read.headers[c])));
    }
    await this.dropDowns.forget(read.ref);
    return { sheetName: read.ref.sheetName, removed, changed, missing };
  }

  /** The rule set (name, version, content hash) written into the Deal log. */
  get rulesVersion(): string {
    return this.version;
  }

  /** After the pane switched rule sets: log rows name the new one. */
  useRulesVersion(description: string): void {
    this.version = description;
  }

  /** The open sheet judged by the active rules and by candidate rule files, row by row. */
  async previewImpact(sources: readonly RuleSource[], onProgress?: (phase: string, done: number, total: number) => void): Promise<ImpactResult> {
    const read = await this.options.gateway.readSheet((d, t) => onProgress?.('Reading', d, t));
    this.sheet = read.ref;
    return this.options.rules.run({ kind: 'impact', sources, ...await this.cells(read) }, (d, t) => onProgress?.('Comparing', d, t));
  }

  /** "Why?": the active row's validation, or one action's requirements, each with its facts' values. */
  async explainSelection(action?: string): Promise<RowExplanation | undefined> {
    const read = await this.options.gateway.readSelection();
    if (!read) return undefined;
    const active = read.rows.find((r) => r.row === read.activeRow) ?? read.rows[0];
    // The active row first; for an action, the engine picks the selected row its reasons come from.
    const rows = action === undefined ? [active] : [active, ...read.rows.filter((r) => r !== active)];
    return this.options.rules.run({ kind: 'explain', sheetRows: rows.map((r) => r.row), action, ...await this.cells({ ...read, rows }) });
  }

  /** Selects a row of the sheet last read (its first cell). */
  async selectRow(row: number): Promise<void> {
    if (this.sheet) await this.options.gateway.selectCell(this.sheet, row, 0);
  }

  /** Check sheet: validates every row, writes `Errors` and the marks. */
  async check(onProgress?: (phase: string, done: number, total: number) => void): Promise<CheckReport> {
    const read = await this.options.gateway.readSheet((d, t) => onProgress?.('Reading', d, t));
    return this.checkRead(read, onProgress);
  }

  /** Re-validates the given rows (1-based) of the sheet last checked, e.g. after the user edited them. */
  async recheckRows(rows: readonly number[]): Promise<CheckReport | undefined> {
    const sheet = this.sheet;
    if (!sheet) return undefined;
    const dataRows = rows.filter((r) => r > sheet.headerRow + 1);
    if (dataRows.length === 0) return undefined;
    return this.checkRead(await this.options.gateway.readRows(sheet, dataRows));
  }

  /** What the lifecycle view shows for the selected rows. */
  async inspectSelection(): Promise<DealInsight | undefined> {
    const read = await this.options.gateway.readSelection();
    if (!read) return undefined;
    const insight = await this.options.rules.run({ kind: 'inspect', ...await this.cells(read) });
    return insight && { ...insight, row: read.activeRow };
  }

  /** An action button: applies `action` to every selected row, reporting per row. */
  async applyToSelection(action: string): Promise<ApplyReport | undefined> {
    const read = await this.options.gateway.readSelection();
    if (!read) return undefined;
    return this.apply(read, { kind: 'apply', action, ...await this.cells(read) });
  }

  /** Apply the `Action` column (and, with `expireOverdue`, expire overdue received deals). */
  async applyActionColumn(expireOverdue: boolean, onProgress?: (phase: string, done: number, total: number) => void): Promise<ApplyReport> {
    const read = await this.options.gateway.readSheet((d, t) => onProgress?.('Reading', d, t));
    return this.apply(read, { kind: 'apply', expireOverdue, ...await this.cells(read) }, onProgress);
  }

  /**
   * Undo last batch: restores the owned cells the batch wrote, all or nothing. Each logged row is found by its
   * whole content as the batch left it (not by its key, which two rows may share), wherever a sort moved it; if
   * any row changed since, or cannot be told apart from another, nothing is written and nothing is logged.
   */
  async undoLastBatch(): Promise<UndoReport> {
    const log = await this.options.gateway.readLog();
    const batch = lastUndoableBatch(log);
    if (!batch) return { outcome: 'refused', restored: [], refused: 'There is no batch to undo in the Deal log.' };
    const read = await this.options.gateway.readSheet();
    if (read.ref.sheetName !== batch.sheet) {
      return { outcome: 'refused', batch: batch.id, restored: [], refused: `Batch ${batch.id} changed the sheet "${batch.sheet}": open it and undo again.` };
    }
    const { map } = mapHeaders(read.headers);
    const found = await findLoggedRows(read, map, batch.entries);
    if (found.kind === 'refused') return { outcome: 'refused', batch: batch.id, restored: [], refused: `Batch ${batch.id} was not undone: the rows changed since: ${found.problems.join('; ')}.` };
    const undoId = undoBatchId(batch.id);
    const writes: RowWrite[] = [];
    const actions = new Map<number, string>();
    const pace = pacer();
    for (const { entry, row } of found.rows) {
      const waiting = pace();
      if (waiting) await waiting;
      const set: Record<number, CellValue> = {};
      for (const header of Object.keys(entry.after)) set[ownedColumn(map, header)!] = entry.before[header] ?? '';
      const restored = row.cells.map((cell, c) => (c in set ? set[c] : cell));
      actions.set(row.row, `Undo ${entry.action}`);
      writes.push({ row: row.row, asRead: row.cells, set, log: this.logRow(read.ref, row.row, entry.key, `Undo ${entry.action}`, entry.after, entry.before, rowContent(read.headers, restored), undoId, batch.id) });
    }
    const stray = (s: StrayWrite) => this.strayLogRow(read.ref, read.headers, map, s, actions.get(s.source) ?? 'Undo', undoId, batch.id);
    const report = await this.options.gateway.restoreRows(read.ref, read.headers, writes, { headers: [...LOG_HEADERS], stray });
    if (report.kind === 'refused') return { outcome: 'refused', batch: batch.id, restored: [], refused: `Batch ${batch.id} was not undone: ${report.reason}` };
    if (report.kind === 'partial') return { outcome: 'partial', batch: batch.id, restored: report.rows, refused: `Batch ${batch.id} was only partly undone: ${report.reason}` };
    return { outcome: 'restored', batch: batch.id, restored: report.rows };
  }

  /** Pipeline view: deals by stage and deal type, with value and weighted value. */
  async pipeline(): Promise<PipelineResult> {
    const read = await this.options.gateway.readSheet();
    return this.options.rules.run({ kind: 'pipeline', ...await this.cells(read) });
  }

  /** Selects the cell a problem names. */
  async selectProblem(problem: ProblemItem): Promise<void> {
    if (!this.sheet) return;
    await this.options.gateway.selectCell(this.sheet, problem.row, problem.column ?? 0);
  }

  // ---- internals ----

  /** The read's cells for the rules, converted in slices that give the page a turn (5,000 rows take a while). */
  private async cells(read: SheetRead) {
    return { headers: toEngineCells(read.headers), rows: await mapPaced(read.rows, (r) => toEngineCells(r.cells, read.headers)), today: this.options.today() };
  }

  private async checkRead(read: SheetRead, onProgress?: (phase: string, done: number, total: number) => void): Promise<CheckReport> {
    this.sheet = read.ref;
    const result = await this.options.rules.run({ kind: 'check', ...await this.cells(read) }, (d, t) => onProgress?.('Checking', d, t));
    const empty = { sheetName: read.ref.sheetName, summary: summarize([]), byRule: [], problems: [], write: { written: [], skipped: [], strayed: [] } };
    if (result.headerProblems.length > 0) return { ...empty, headerProblems: result.headerProblems, notices: [] };
    const { map } = mapHeaders(read.headers);
    onProgress?.('Writing', 0, read.rows.length);
    const { writes, newColumns } = await this.writesFor(read, map, result.outcomes);
    const write = await this.options.gateway.writeRows(read.ref, read.headers, writes, { newColumns });
    onProgress?.('Writing', read.rows.length, read.rows.length);
    if (newColumns.length > 0) this.sheet = { ...read.ref, width: read.ref.width + newColumns.length };
    return {
      sheetName: read.ref.sheetName,
      summary: summarize(result.outcomes),
      byRule: countRules(result.outcomes),
      problems: (
        await mapPaced(result.outcomes, (o, i) =>
          o.problems.map((p) => {
            const column = p.columns.map((h) => columnOfHeader(map, h)).find((c) => c !== undefined);
            return { row: read.rows[i].row, column, header: column === undefined ? undefined : String(read.headers[column]), rule: p.rule, requirement: result.requirements[p.rule] ?? p.message, message: p.message };
          }),
        )
      ).flat(),
      headerProblems: [],
      notices: result.notices,
      write,
    };
  }

  private async apply(read: SheetRead, request: RequestOf<'apply'>, onProgress?: (phase: string, done: number, total: number) => void): Promise<ApplyReport> {
    this.sheet = read.ref;
    const batch = batchId(this.now());
    const result = await this.options.rules.run(request, (d, t) => onProgress?.('Applying', d, t));
    if (result.headerProblems.length > 0) {
      return { rows: [], summary: summarize([]), headerProblems: result.headerProblems, notices: [], write: { written: [], skipped: [], strayed: [] }, batch, leftAlone: [] };
    }
    const { map } = mapHeaders(read.headers);
    const { writes, newColumns } = await this.writesFor(read, map, result.outcomes, batch);
    const actions = new Map(result.outcomes.flatMap((o, i) => (o.action?.applied ? [[read.rows[i].row, actionText(o.action)] as const] : [])));
    const headersAfter = [...read.headers, ...newColumns];
    const logStray = (s: StrayWrite) => this.strayLogRow(read.ref, headersAfter, map, s, actions.get(s.source) ?? 'Write', batch);
    const write = await this.options.gateway.writeRows(read.ref, read.headers, writes, { newColumns, logHeaders: [...LOG_HEADERS], logStray });
    const written = new Set(write.written);
    return {
      rows: result.outcomes.flatMap((o, i) =>
        o.action ? [{ row: read.rows[i].row, action: actionText(o.action), applied: o.action.applied && written.has(read.rows[i].row), reasons: o.action.reasons }] : [],
      ),
      summary: summarize(result.outcomes),
      headerProblems: [],
      notices: result.notices,
      write,
      batch,
      leftAlone: result.notOffered.map((i) => read.rows[i].row),
    };
  }

  /**
   * The gateway writes for outcomes: Errors (a new last column if absent), owned changes, marks, log rows. Each
   * write is guarded by the whole row as read; values are the cells' content (the gateway keeps text as text).
   */
  private async writesFor(read: SheetRead, map: HeaderMap, outcomes: readonly RowOutcome[], batch?: string): Promise<{ writes: RowWrite[]; newColumns: string[] }> {
    const plan = planWrite(map, outcomes, { errorsAtEnd: true });
    const newColumns = appendedHeaders(plan).sort((a, b) => a.index - b.index).map((c) => c.header);
    const headersAfter = [...read.headers, ...newColumns];
    const errorsColumn = map.fields.errors;
    const perRow = await mapPaced(outcomes, (outcome, i): RowWrite[] => {
      if (!outcome.isDeal) return [];
      const row = read.rows[i];
      const set: Record<number, CellValue> = { [plan.columnOf('errors')]: outcome.errors };
      for (const [key, value] of Object.entries(outcome.changes) as [FieldKey, Cell][]) set[plan.columnOf(key)] = toExcelValue(value);
      const markColumns = outcome.columns.map((h) => columnOfHeader(map, h)).filter((c): c is number => c !== undefined);
      const hadErrors = errorsColumn !== undefined && String(row.cells[errorsColumn] ?? '') !== '';
      const applied = outcome.action?.applied === true;
      const key = rowKey(map, row.cells);
      const changed = ownedChanges(read.headers, row.cells, set, plan.columnOf('errors'), newColumns, read.ref.width);
      const after = Array.from({ length: headersAfter.length }, (_, c) => (c in set ? set[c] : (row.cells[c] ?? '')));
      return [
        {
          row: row.row,
          asRead: row.cells,
          set,
          marks: { on: markColumns, mayHaveMarks: hadErrors },
          log: !outcome.action || !batch ? undefined
            : applied ? this.logRow(read.ref, row.row, key ?? `row ${row.row}`, actionText(outcome.action), changed.before, changed.after, rowContent(headersAfter, after), batch)
            : this.refusalLogRow(read.ref, row.row, key ?? `row ${row.row}`, actionText(outcome.action), outcome.action.reasons, rowContent(headersAfter, after), batch),
        },
      ];
    });
    return { writes: perRow.flat(), newColumns };
  }

  private logRow(ref: SheetRef, row: number, key: string, action: string, before: Record<string, CellValue>, after: Record<string, CellValue>, content: string, batch: string, undoes = ''): CellValue[] {
    return [excelLocalTime(this.now()), batch, ref.sheetName, row, key, action, JSON.stringify(before), JSON.stringify(after), this.version, undoes, content, describeChanges(before, after), 'Applied' satisfies LoggedOutcome];
  }

  /** The `Deal log` row of an action refused on a row: nothing of the deal changed, `Changes` says why. */
  private refusalLogRow(ref: SheetRef, row: number, key: string, action: string, reasons: readonly string[], content: string, batch: string): CellValue[] {
    const why = reasons.length > 0 ? `Refused: ${joinMessages(reasons)}` : 'Refused';
    return [excelLocalTime(this.now()), batch, ref.sheetName, row, key, action, '{}', '{}', this.version, '', content, why, 'Refused' satisfies LoggedOutcome];
  }

  /**
   * The `Deal log` row for a row the pane wrote although it had changed and could not put back: its owned cells
   * before and after, and its content now, so that Undo can find it and put back what it held.
   */
  private strayLogRow(ref: SheetRef, headers: readonly CellValue[], map: HeaderMap, stray: StrayWrite, action: string, batch: string, undoes = ''): CellValue[] {
    const before: Record<string, CellValue> = {};
    const after: Record<string, CellValue> = {};
    const width = Math.max(stray.before.length, stray.after.length);
    for (let c = 0; c < width; c++) {
      const [b, a] = [stray.before[c] ?? '', stray.after[c] ?? ''];
      if (b === a) continue;
      const header = String(headers[c] ?? '') || (c === map.fields.errors ? 'Errors' : `column ${c + 1}`);
      before[header] = b;
      after[header] = a;
    }
    const key = rowKey(map, stray.after) ?? `row ${stray.row}`;
    return this.logRow(ref, stray.row, key, `${action} (written into row ${stray.row}, which had changed)`, before, after, rowContent(headers, stray.after), batch, undoes);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** Excel values to the engine's cells: a number in a date column is an Excel date serial. */
export function toEngineCells(cells: readonly CellValue[], headers?: readonly CellValue[]): Cell[] {
  if (!headers) return [...cells];
  const dateColumns = dateColumnsOf(headers);
  return cells.map((cell, i) => (typeof cell === 'number' && dateColumns.has(i) ? (dateFromSerial(cell) ?? cell) : cell));
}

const dateColumnCache = new WeakMap<readonly CellValue[], Set<number>>();
function dateColumnsOf(headers: readonly CellValue[]): Set<number> {
  let columns = dateColumnCache.get(headers);
  if (!columns) {
    const { map } = mapHeaders(headers);
    columns = new Set([...DATE_KEYS].map((k) => map.fields[k]).filter((i): i is number => i !== undefined));
    dateColumnCache.set(headers, columns);
  }
  return columns;
}

/** A header cell as text, as the drop-down record names columns. */
function headerText(cell: CellValue | undefined): string {
  return String(cell ?? '').trim();
}

function toExcelValue(value: Cell): CellValue {
  if (value === null) return '';
  if (value instanceof Date) return `${value.getUTCMonth() + 1}/${value.getUTCDate()}/${value.getUTCFullYear()}`;
  return value;
}

function ownedChanges(headers: readonly CellValue[], cells: readonly CellValue[], set: Record<number, CellValue>, errorsColumn: number, newColumns: readonly string[], width: number) {
  const before: Record<string, CellValue> = {};
  const after: Record<string, CellValue> = {};
  for (const [column, value] of Object.entries(set)) {
    const index = Number(column);
    const header = index < width ? String(headers[index]) : index === errorsColumn ? 'Errors' : newColumns[index - width];
    const old = index < width ? (cells[index] ?? '') : '';
    if (String(old) === String(value)) continue;
    before[header] = old;
    after[header] = value;
  }
  return { before, after };
}

function countRules(outcomes: readonly RowOutcome[]): { rule: string; rows: number }[] {
  const counts = new Map<string, number>();
  for (const o of outcomes) for (const rule of new Set(o.problems.map((p) => p.rule))) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return [...counts.entries()].map(([rule, rows]) => ({ rule, rows })).sort((a, b) => b.rows - a.rows || a.rule.localeCompare(b.rule));
}

function batchId(now: Date): string {
  return `B${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 19)}`;
}

function undoBatchId(batch: string): string {
  return `U${batch.slice(1)}-${Date.now() % 100000}`;
}

interface LoggedBatch {
  readonly id: string;
  readonly sheet: string;
  readonly entries: readonly LoggedEntry[];
}

/** The last batch in the log that is neither an undo nor undone. */
export function lastUndoableBatch(log: readonly (readonly CellValue[])[]): LoggedBatch | undefined {
  if (log.length < 2) return undefined;
  const column = (name: (typeof LOG_HEADERS)[number]) => log[0].findIndex((h) => String(h) === name);
  const [batchCol, sheetCol, rowCol, keyCol, actionCol, beforeCol, afterCol, undoesCol, contentCol] = (['Batch', 'Sheet', 'Row', 'Deal key', 'Action', 'Before', 'After', 'Undoes batch', 'Row content'] as const).map(column);
  const rows = changingLogRows(log);
  const undone = new Set(rows.map((r) => String(r[undoesCol] ?? '')).filter(Boolean));
  for (let i = rows.length - 1; i >= 0; i--) {
    const id = String(rows[i][batchCol]);
    if (String(rows[i][undoesCol] ?? '') !== '' || undone.has(id)) continue;
    const entries = rows
      .filter((r) => String(r[batchCol]) === id)
      .map((r) => ({
        row: Number(r[rowCol]),
        key: String(r[keyCol]),
        action: String(r[actionCol]),
        before: loggedCells(r[beforeCol]),
        after: loggedCells(r[afterCol]),
        content: contentCol >= 0 ? String(r[contentCol] ?? '') : '',
      }));
    return { id, sheet: String(rows[i][sheetCol]), entries };
  }
  return undefined;
}

/**
 * A moment as an Excel date-time serial in the machine's local time (days since 1899-12-30, the day's fraction the
 * time): what Excel stores for a date-time typed in a cell.
 *
 * @example
 * excelLocalTime(new Date(2026, 10, 23, 12, 0)); // 46349.5
 */
export function excelLocalTime(moment: Date): number {
  const local = Date.UTC(moment.getFullYear(), moment.getMonth(), moment.getDate(), moment.getHours(), moment.getMinutes(), moment.getSeconds(), moment.getMilliseconds());
  return local / 86_400_000 + 25_569;
}

/**
 * The owned cells an action changed, for people: `Partner Referral Status: New → Active; Sales Stage: (empty) → Accepted`.
 *
 * @example
 * describeChanges({ 'Sales Stage': 'Developed' }, { 'Sales Stage': 'Proposed' }); // 'Sales Stage: Developed → Proposed'
 */
export function describeChanges(before: Readonly<Record<string, CellValue>>, after: Readonly<Record<string, CellValue>>): string {
  const shown = (v: CellValue | undefined) => (v === undefined || v === '' ? '(empty)' : String(v));
  return Object.keys(after)
    .filter((header) => header !== 'Errors' && before[header] !== after[header])
    .map((header) => `${header}: ${shown(before[header])} → ${shown(after[header])}`)
    .join('; ');
}
