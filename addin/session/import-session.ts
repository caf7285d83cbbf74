/**
 * "Prepare import files": the way back to Partner Center from the pane. Picks the rows the analyst changed (by
 * the Deal log: rows of batches applied and not undone) or every valid row, has the engine plan the import files
 * (`planImportFiles`: Partner Center's columns only, in the export's order, `Errors` empty, at most 1,000 rows
 * each, rows Partner Center would refuse held back with why) and writes each file to a new sheet (`Import 1`,
 * `Import 2` …, never one that exists) for the analyst to save as CSV UTF-8. No UI; the view calls these.
 */
import { type HeaderMap, mapHeaders } from '../../engine/index';
import { type HeldBackRow, importProblemPlace } from '../../engine/workflow/import-files';
import { LAYOUT_TITLES, type PartnerCenterLayout } from '../../engine/sheet/partner-center-layouts';
import { LOG_SHEET } from '../excel/deal-log-sheet';
import { type ExcelGateway } from '../excel/excel-gateway';
import { type CellValue, type SheetRead, type SheetRef } from '../excel/excel-host';
import { type SheetsGateway } from '../excel/sheets-gateway';
import { type RulesClient } from '../rules/rules-client';
import { type ImportRowsSelection } from '../rules/rules-host';
import { loggedCells, rowKey } from './logged-rows';
import { LOG_HEADERS, changingLogRows, toEngineCells } from './sheet-session';

/** Which rows go: those the Deal log says the pane changed, or every valid row. */
export type ImportChoice = 'changed' | 'all-valid';

/** The name each import sheet gets, numbered from 1: `Import 1`, `Import 2` … */
export const IMPORT_SHEET_PREFIX = 'Import';

/** How many names past the first free one are tried before giving up (a workbook with hundreds of Import sheets). */
const NAME_ATTEMPTS = 200;

export type ImportReport =
  | {
      readonly kind: 'written';
      readonly layout: PartnerCenterLayout;
      /** The sheets written, in order, with the deal rows each holds. */
      readonly sheets: readonly { readonly name: string; readonly rows: number }[];
      readonly heldBack: readonly HeldBackRow[];
      /** What the selection was, in words (`3 rows changed by 2 batches in the Deal log`). */
      readonly selected: string;
      readonly notices: readonly string[];
    }
  /** Nothing to write: no row selected, or every selected row held back. */
  | { readonly kind: 'nothing'; readonly reason: string; readonly heldBack: readonly HeldBackRow[]; readonly notices: readonly string[] }
  /** The sheet is no Partner Center export (or lacks what the choice needs): each problem located. */
  | { readonly kind: 'unusable'; readonly problems: readonly string[] };

/** The rows the Deal log says batches changed on a sheet, found again where they are now. */
export interface LoggedChanges {
  readonly rows: readonly number[];
  /** Of them, rows whose deal was already Closed before the first logged action. */
  readonly closedBefore: readonly number[];
  readonly batches: number;
}

/**
 * @example
 * const imports = new ImportSession({ gateway, sheets: new SheetsGateway(Excel), rules, today: () => localToday() });
 * const report = await imports.prepare('changed'); // { kind: 'written', sheets: [{ name: 'Import 1', rows: 3 }], … }
 */
export class ImportSession {
  /** The sheet last read: where a held-back row is selected. */
  private sheet?: SheetRef;

  constructor(private readonly options: { readonly gateway: ExcelGateway; readonly sheets: SheetsGateway; readonly rules: RulesClient; readonly today: () => string }) {}

  async prepare(choice: ImportChoice, onProgress?: (phase: string, done: number, total: number) => void): Promise<ImportReport> {
    const { gateway, sheets, rules } = this.options;
    const read = await gateway.readSheet((d, t) => onProgress?.('Reading', d, t));
    this.sheet = read.ref;
    const { map, problems } = mapHeaders(read.headers);
    if (problems.length > 0) return { kind: 'unusable', problems: problems.map((p) => `This sheet cannot be read as a deal sheet: ${p.message}`) };

    let selection: ImportRowsSelection = { kind: 'all-valid' };
    let selected = 'every valid row of the sheet';
    if (choice === 'changed') {
      const changes = loggedChanges(await gateway.readLog(), read, map);
      if (changes.rows.length === 0) {
        return { kind: 'nothing', reason: `The Deal log holds no applied action on the sheet "${read.ref.sheetName}" that was not undone: apply actions first, or choose every valid row.`, heldBack: [], notices: [] };
      }
      // The engine numbers rows as in its grid (the header is row 1); the sheet's header may be lower (a table).
      const gridRow = new Map(read.rows.map((r, i) => [r.row, i + 2]));
      const toGrid = (rows: readonly number[]) => rows.map((r) => gridRow.get(r)).filter((r): r is number => r !== undefined);
      selection = { kind: 'rows', rows: toGrid(changes.rows), closedBefore: toGrid(changes.closedBefore) };
      selected = `${plural(changes.rows.length, 'row')} changed by ${plural(changes.batches, 'batch', 'batches')} in the ${LOG_SHEET}`;
    }
    const cells = { headers: toEngineCells(read.headers), rows: read.rows.map((r) => toEngineCells(r.cells, read.headers)), today: this.options.today() };
    const plan = await rules.run({ kind: 'importPlan', selection, ...cells }, (d, t) => onProgress?.('Checking', d, t));
    if (plan.kind === 'unusable') return { kind: 'unusable', problems: plan.problems.map((p) => `Sheet "${read.ref.sheetName}", ${importProblemPlace(p)}: ${p.message}`) };
    const sheetRow = (gridRow: number) => read.rows[gridRow - 2]?.row ?? gridRow;
    const heldBack = plan.heldBack.map((h) => ({ ...h, row: sheetRow(h.row) }));
    if (plan.files.length === 0) {
      const reason = plan.counts.selected === 0 ? `No deal to import: ${selected} gave none.` : `No row can be imported: all ${plural(plan.counts.selected, 'selected row')} are held back (below).`;
      return { kind: 'nothing', reason, heldBack, notices: plan.notices };
    }
    const written: { name: string; rows: number }[] = [];
    let next = 1;
    for (const [i, file] of plan.files.entries()) {
      onProgress?.('Writing', i, plan.files.length);
      const values: CellValue[][] = [[...plan.headers], ...file.map((r) => [...r.cells])];
      const name = await this.createNumbered(sheets, values, next);
      written.push({ name: name.name, rows: file.length });
      next = name.number + 1;
    }
    return { kind: 'written', layout: plan.layout, sheets: written, heldBack, selected, notices: [`The sheet is in Partner Center's ${LAYOUT_TITLES[plan.layout]} layout (${plan.evidence}).`, ...plan.notices] };
  }

  /** Selects a held-back row (its first cell) in the sheet last read. */
  async selectRow(row: number): Promise<void> {
    if (this.sheet) await this.options.gateway.selectCell(this.sheet, row, 0);
  }

  /** Creates `Import n` for the first n ≥ `from` whose name is free. */
  private async createNumbered(sheets: SheetsGateway, rows: CellValue[][], from: number): Promise<{ name: string; number: number }> {
    for (let n = from; n < from + NAME_ATTEMPTS; n++) {
      const name = `${IMPORT_SHEET_PREFIX} ${n}`;
      const result = await sheets.createSheet({ name, rows });
      if (result.kind === 'created') return { name, number: n };
    }
    throw new Error(`The sheets "${IMPORT_SHEET_PREFIX} ${from}" to "${IMPORT_SHEET_PREFIX} ${from + NAME_ATTEMPTS - 1}" all exist: delete or rename old import sheets first.`);
  }
}

/**
 * The rows of `read` that applied, not undone batches of the Deal log changed, found by their deal key (Referral
 * ID, else Deal Name / Customer Name) where it is on one row only, else by the logged row number; and those whose
 * deal was already Closed before the first of its logged actions (Partner Center takes no edit to a closed deal).
 *
 * @example
 * loggedChanges(await gateway.readLog(), read, map); // { rows: [6, 9], closedBefore: [9], batches: 2 }
 */
export function loggedChanges(log: readonly (readonly CellValue[])[], read: Pick<SheetRead, 'ref' | 'rows'>, map: HeaderMap): LoggedChanges {
  if (log.length < 2) return { rows: [], closedBefore: [], batches: 0 };
  const col = (name: (typeof LOG_HEADERS)[number]) => log[0].findIndex((h) => String(h) === name);
  const [batchCol, sheetCol, rowCol, keyCol, beforeCol, undoesCol] = (['Batch', 'Sheet', 'Row', 'Deal key', 'Before', 'Undoes batch'] as const).map(col);
  const entries = changingLogRows(log).filter((r) => String(r[sheetCol] ?? '') === read.ref.sheetName);
  const undone = new Set(entries.map((r) => String(r[undoesCol] ?? '')).filter(Boolean));
  const applied = entries.filter((r) => String(r[undoesCol] ?? '') === '' && !undone.has(String(r[batchCol])));

  const rowsOfKey = new Map<string, number[]>();
  for (const r of read.rows) {
    const key = rowKey(map, r.cells);
    if (key) rowsOfKey.set(key, [...(rowsOfKey.get(key) ?? []), r.row]);
  }
  const present = new Set(read.rows.map((r) => r.row));
  const statusNow = new Map(read.rows.map((r) => [r.row, map.fields.partnerReferralStatus === undefined ? '' : String(r.cells[map.fields.partnerReferralStatus] ?? '')]));
  const firstStatus = new Map<number, string | undefined>();
  const batches = new Set<string>();
  for (const entry of applied) {
    const byKey = rowsOfKey.get(String(entry[keyCol] ?? ''));
    const row = byKey?.length === 1 ? byKey[0] : Number(entry[rowCol]);
    if (!present.has(row)) continue;
    batches.add(String(entry[batchCol]));
    // The status before the deal's first logged action: the first entry that changed it says what it was.
    if (!firstStatus.has(row) || firstStatus.get(row) === undefined) {
      const before = loggedCells(entry[beforeCol]);
      const status = before['Partner Referral Status'];
      if (!firstStatus.has(row)) firstStatus.set(row, status === undefined ? undefined : String(status));
      else if (status !== undefined) firstStatus.set(row, String(status));
    }
  }
  const rows = [...firstStatus.keys()].sort((a, b) => a - b);
  const closedBefore = rows.filter((row) => (firstStatus.get(row) ?? statusNow.get(row) ?? '').trim().toLowerCase() === 'closed');
  return { rows, closedBefore, batches: batches.size };
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}
