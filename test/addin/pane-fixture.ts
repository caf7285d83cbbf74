/**
 * The task pane on the Excel stand-in, for the tests of what the pane writes: examples/deals.csv opened as Excel
 * types a CSV (with its Errors column), the gateway and a session with the rules in-thread, and a user who can
 * act between two of the pane's requests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../../engine/node';
import { ExcelGateway, type GatewayOptions } from '../../addin/excel/excel-gateway';
import { type CellValue } from '../../addin/excel/excel-host';
import { createExcelStandIn } from '../../addin/excel/stand-in/excel-stand-in';
import { type StandInSheet, type StandInValue, StandInWorkbook, getCell } from '../../addin/excel/stand-in/stand-in-workbook';
import { excelTyped } from '../../addin/excel/stand-in/workbook-from-grid';
import { inThreadRules, type RulesClient } from '../../addin/rules/rules-client';
import { SheetSession, toEngineCells } from '../../addin/session/sheet-session';
import { type OutcomesResult, type RequestOf, type RulesRequest } from '../../addin/rules/rules-host';
import { type RowOutcome } from '../../engine/index';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'deals.csv');
const grid = parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid;

/** The example's header row and its deal rows (0 = sheet row 2), typed as Excel types an opened CSV. */
export const EXAMPLE_HEADERS: StandInValue[] = grid.headers.map((h) => excelTyped(String(h ?? '')));
export const EXAMPLE_ROWS: StandInValue[][] = grid.rows.map((r) => EXAMPLE_HEADERS.map((_, c) => excelTyped(String(r[c] ?? ''))));

let sharedRules: RulesClient | undefined;

/** Engine cells of example-typed rows, as the session hands them to the rules. */
export function engineRows(rows: readonly (readonly StandInValue[])[]) {
  return rows.map((r) => toEngineCells(r, EXAMPLE_HEADERS));
}

/** A workbook with one sheet "Deals" holding the header and `rows`, and the pane working on it. */
export function openDeals(rows: readonly (readonly StandInValue[])[], options: GatewayOptions = {}, rules?: RulesClient) {
  const book = new StandInWorkbook();
  book.addSheet('Deals', [EXAMPLE_HEADERS, ...rows]);
  const excel = createExcelStandIn(book);
  const gateway = new ExcelGateway(excel, options);
  sharedRules ??= inThreadRules();
  const session = new SheetSession({ gateway, rules: rules ?? sharedRules, today: () => '2026-11-23', now: () => new Date('2026-11-23T09:30:00Z'), rulesVersion: 'bundled #test' });
  const sheet = book.activeSheet;
  const column = (name: string) => {
    const index = EXAMPLE_HEADERS.indexOf(name);
    if (index < 0) throw new Error(`No column ${name}`);
    return index;
  };
  return {
    book,
    excel,
    gateway,
    session,
    sheet,
    column,
    /** A cell by 1-based row and header. */
    cell: (row: number, name: string) => getCell(sheet, row - 1, column(name)),
    /** Sets a cell without an event (the sheet as opened). */
    put: (row: number, name: string, value: StandInValue) => void ((sheet.values[row - 1] ??= [])[column(name)] = value),
    /** Selects rows `first` … `first + count - 1` (1-based). */
    select: (first: number, count = 1) => book.select({ row: first - 1, column: 0, rowCount: count, columnCount: 1 }),
    /** Runs `edit` once, just before the request numbered `index` (counted from now, 0-based). */
    beforeRequest: (index: number, edit: () => void) => {
      let seen = 0;
      excel.beforeSync = () => {
        if (seen++ === index) edit();
      };
    },
  };
}

/** A sheet's rows as comparable text: each row's cells, trailing empty cells dropped. */
export function rowsOf(sheet: StandInSheet): string[] {
  const rows: string[] = [];
  for (let r = 0; r < sheet.values.length; r++) {
    const cells = Array.from(sheet.values[r] ?? [], (v) => v ?? '');
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    rows.push(JSON.stringify(cells));
  }
  while (rows.length > 0 && rows[rows.length - 1] === '[]') rows.pop();
  return rows;
}

/** The example's deal row `n` (1-based sheet row of examples/deals.csv) with some cells replaced. */
export function exampleRow(sheetRow: number, cells: Record<string, CellValue> = {}): StandInValue[] {
  const row = [...EXAMPLE_ROWS[sheetRow - 2]];
  for (const [name, value] of Object.entries(cells)) row[EXAMPLE_HEADERS.indexOf(name)] = value;
  return row;
}

/**
 * The rules in-thread, remembering each row's outcome: the engine judges every row on its own (no rule reads
 * another row), so a row's outcome for a request kind and action is the same in any sheet. Property tests run
 * thousands of sheets made of a few hundred distinct rows; the real rules judge each distinct row once.
 */
export function memoRules(): RulesClient & { warm(request: Parameters<RulesClient['run']>[0]): Promise<void> } {
  const rules = inThreadRules();
  const known = new Map<string, RowOutcome>();
  const requirements: Record<string, string> = {};
  type Request = RulesRequest;
  const keyOf = (request: Request, cells: unknown) => JSON.stringify([request.kind, 'action' in request ? request.action : '', 'expireOverdue' in request ? request.expireOverdue : '', cells]);
  const run = async (request: Request): Promise<unknown> => {
    if ((request.kind !== 'check' && request.kind !== 'apply') || !request.rows) return rules.run(request as RequestOf<typeof request.kind>);
    const missing = request.rows.filter((cells) => !known.has(keyOf(request, cells)));
    if (missing.length > 0) {
      const result = (await rules.run({ ...request, rows: missing })) as OutcomesResult;
      if (result.headerProblems.length > 0) return result;
      Object.assign(requirements, result.requirements);
      missing.forEach((cells, i) => known.set(keyOf(request, cells), result.outcomes[i]));
    }
    return { headerProblems: [], notices: [], notOffered: [], requirements: { ...requirements }, outcomes: request.rows.map((cells, i) => ({ ...known.get(keyOf(request, cells))!, row: i + 2 })) } satisfies OutcomesResult;
  };
  return { run: run as RulesClient['run'], warm: async (request) => void (await run(request)) };
}
