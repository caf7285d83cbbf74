/**
 * The data behind the Excel stand-in: sheets of cell values and fills, the selection, and change events.
 * The preview page draws it and edits it as a user would; `excel-stand-in.ts` exposes it through the subset of
 * the Excel JavaScript API the gateway uses. No Office, no DOM.
 */
import { columnLetter } from '../../../engine/sheet/cell';

/** A cell value as Excel's `Range.values` gives it. */
export type StandInValue = string | number | boolean;

export interface StandInTable {
  readonly name: string;
  /** Zero-based bounds of the table, header row included. */
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export interface StandInSheet {
  readonly id: string;
  name: string;
  values: StandInValue[][];
  fills: (string | null)[][];
  tables: StandInTable[];
  /** Zero-based rows the user hid (Hide rows). */
  hiddenRows: Set<number>;
  /** Zero-based rows an AutoFilter hides. Like Excel, a filter is applied once: later edits do not re-filter. */
  filteredRows: Set<number>;
  /** Data validations (`Range.dataValidation`), one per area they were set on. */
  validations: StandInValidation[];
  /** Number formats set with `Range.numberFormat`, by `row,column` (zero-based); absent: General. */
  numberFormats: Map<string, string>;
}

/** A data validation as `Range.dataValidation` sets it: the stand-in keeps list rules (Excel's drop-downs) and their alert. */
export interface StandInValidation {
  readonly area: Area;
  rule?: { readonly list?: { readonly inCellDropDown: boolean; readonly source: string } };
  errorAlert?: { readonly message?: string; readonly showAlert?: boolean; readonly style?: string; readonly title?: string };
}

export interface ChangeEvent {
  readonly worksheetId: string;
  readonly address: string;
  /** Who changed it: a user edit in the preview, or the add-in's own request. */
  readonly by: 'user' | 'add-in';
}

export interface SelectionEvent {
  readonly worksheetId: string;
  readonly address: string;
}

/** Zero-based rectangle. */
export interface Area {
  readonly row: number;
  readonly column: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

type Listener<T> = (event: T) => void;

/**
 * An in-memory workbook.
 *
 * @example
 * const book = new StandInWorkbook();
 * book.addSheet('Deals', [['Deal Name', 'Customer Name'], ['Backup refresh', 'Fabrikam']]);
 * book.editCell('Deals', 1, 0, 'Tape refresh'); // fires a change event, as a user's edit does
 */
export class StandInWorkbook {
  readonly sheets: StandInSheet[] = [];
  activeSheetId = '';
  /** The selection's active area: the one holding the active cell (with ctrl-click areas, the last one added). */
  selection: Area = { row: 0, column: 0, rowCount: 1, columnCount: 1 };
  /** Every area of the selection, in the order the user selected them (one unless ctrl-click added more); the last is `selection`. */
  selectionAreas: readonly Area[] = [this.selection];
  private nextId = 1;
  private readonly changeListeners = new Set<Listener<ChangeEvent>>();
  private readonly selectionListeners = new Set<Listener<SelectionEvent>>();
  private readonly updateListeners = new Set<() => void>();
  /** Requests being answered in slices (`whole`), and the user's edits held until they end. */
  private requestsRunning = 0;
  private readonly held: (() => void)[] = [];
  private lastRequest: Promise<unknown> = Promise.resolve();

  /**
   * Runs a request the stand-in answers in slices (giving the page turns in between) as Excel runs one: whole,
   * and after the request being answered, if any.
   * A user's edit (`editCell`, row inserts and deletes, hiding and filtering) made meanwhile is held, and made
   * once the request has ended.
   */
  async whole<T>(request: () => Promise<T>): Promise<T> {
    this.requestsRunning++;
    // One request at a time, as Excel runs them: a request waits for the one being answered.
    const turn = this.lastRequest.then(request);
    this.lastRequest = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      if (--this.requestsRunning === 0) for (const edit of this.held.splice(0)) edit();
    }
  }

  /** A user's edit: now, or once the request being answered has ended. */
  private byUser(edit: () => void): void {
    if (this.requestsRunning > 0) this.held.push(edit);
    else edit();
  }

  addSheet(name: string, rows: readonly (readonly StandInValue[])[] = []): StandInSheet {
    if (this.findSheet(name)) throw new Error(`A sheet named "${name}" already exists.`);
    const sheet: StandInSheet = { id: `{sheet-${this.nextId++}}`, name, values: [], fills: [], tables: [], hiddenRows: new Set(), filteredRows: new Set(), validations: [], numberFormats: new Map() };
    rows.forEach((cells, r) => cells.forEach((value, c) => setCell(sheet, r, c, value)));
    this.sheets.push(sheet);
    if (!this.activeSheetId) this.activeSheetId = sheet.id;
    this.updated();
    return sheet;
  }

  findSheet(name: string): StandInSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  sheetById(id: string): StandInSheet {
    const sheet = this.sheets.find((s) => s.id === id);
    if (!sheet) throw new Error(`No sheet ${id}.`);
    return sheet;
  }

  get activeSheet(): StandInSheet {
    return this.sheetById(this.activeSheetId);
  }

  activate(name: string): void {
    const sheet = this.findSheet(name);
    if (!sheet) throw new Error(`No sheet named "${name}".`);
    this.activeSheetId = sheet.id;
    this.selection = { row: 0, column: 0, rowCount: 1, columnCount: 1 };
    this.selectionAreas = [this.selection];
    this.updated();
  }

  /** A user's edit: sets the value and fires a change event. */
  editCell(sheetName: string, row: number, column: number, value: StandInValue): void {
    this.byUser(() => {
      const sheet = this.findSheet(sheetName)!;
      setCell(sheet, row, column, value);
      this.emitChange({ worksheetId: sheet.id, address: areaAddress({ row, column, rowCount: 1, columnCount: 1 }), by: 'user' });
    });
  }

  /** A user's Hide (or Unhide) of rows `first` … `first + count - 1` (zero-based). */
  hideRows(sheetName: string, first: number, count: number, hidden = true): void {
    this.byUser(() => {
      const sheet = this.findSheet(sheetName)!;
      for (let r = first; r < first + count; r++) {
        if (hidden) sheet.hiddenRows.add(r);
        else sheet.hiddenRows.delete(r);
      }
      this.updated();
    });
  }

  /**
   * A user's AutoFilter on `column` of the used range: every row below the header whose value `keep` rejects
   * is hidden, the others shown. As in Excel, the filter is evaluated when applied, not after later edits.
   */
  filterRows(sheetName: string, column: number, keep: (value: StandInValue) => boolean): void {
    this.byUser(() => {
      const sheet = this.findSheet(sheetName)!;
      const area = usedArea(sheet, true);
      sheet.filteredRows.clear();
      if (area) for (let r = area.row + 1; r < area.row + area.rowCount; r++) if (!keep(getCell(sheet, r, column))) sheet.filteredRows.add(r);
      this.updated();
    });
  }

  /** A user's Clear filter: every row the filter hid is shown again. */
  clearFilter(sheetName: string): void {
    this.byUser(() => {
      this.findSheet(sheetName)!.filteredRows.clear();
      this.updated();
    });
  }

  /** A user's Insert rows: `count` empty rows at `at` (zero-based); the rows below (and their fills, hidden state) move down. */
  insertRows(sheetName: string, at: number, count = 1): void {
    this.byUser(() => {
      const sheet = this.findSheet(sheetName)!;
      const blank = () => Array.from({ length: count }, () => []);
      if (at < sheet.values.length) sheet.values.splice(at, 0, ...blank());
      if (at < sheet.fills.length) sheet.fills.splice(at, 0, ...blank());
      sheet.hiddenRows = shiftRows(sheet.hiddenRows, at, count);
      sheet.filteredRows = shiftRows(sheet.filteredRows, at, count);
      this.emitChange({ worksheetId: sheet.id, address: areaAddress({ row: at, column: 0, rowCount: count, columnCount: 1 }), by: 'user' });
    });
  }

  /** A user's Delete rows: rows `at` … `at + count - 1` (zero-based) go; the rows below move up. */
  deleteRows(sheetName: string, at: number, count = 1): void {
    this.byUser(() => {
      const sheet = this.findSheet(sheetName)!;
      sheet.values.splice(at, count);
      sheet.fills.splice(at, count);
      const drop = (rows: Set<number>) => shiftRows(new Set([...rows].filter((r) => r < at || r >= at + count)), at + count, -count);
      sheet.hiddenRows = drop(sheet.hiddenRows);
      sheet.filteredRows = drop(sheet.filteredRows);
      this.emitChange({ worksheetId: sheet.id, address: areaAddress({ row: at, column: 0, rowCount: count, columnCount: 1 }), by: 'user' });
    });
  }

  /** Is this zero-based row hidden, by the user or by a filter? */
  isRowHidden(sheet: StandInSheet, row: number): boolean {
    return sheet.hiddenRows.has(row) || sheet.filteredRows.has(row);
  }

  /**
   * A user's selection: moves it and fires a selection event. Several areas are Excel's ctrl-click selection
   * (the last holds the active cell); the event's address then lists them comma-separated, as Excel's does.
   */
  select(area: Area | readonly Area[]): void {
    const areas: readonly Area[] = Array.isArray(area) ? [...(area as readonly Area[])] : [area as Area];
    if (areas.length === 0) throw new Error('A selection has at least one area.');
    this.selectionAreas = areas;
    this.selection = areas[areas.length - 1];
    const sheet = this.activeSheet;
    this.updated();
    for (const listener of this.selectionListeners) listener({ worksheetId: sheet.id, address: areas.map(areaAddress).join(',') });
  }

  onChange(listener: Listener<ChangeEvent>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onSelection(listener: Listener<SelectionEvent>): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  /** Called after any change, for the preview to redraw. */
  onUpdate(listener: () => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  emitChange(event: ChangeEvent): void {
    this.updated();
    for (const listener of this.changeListeners) listener(event);
  }

  updated(): void {
    for (const listener of this.updateListeners) listener();
  }
}

/** Rows at or below `from` moved by `by`. */
function shiftRows(rows: ReadonlySet<number>, from: number, by: number): Set<number> {
  return new Set([...rows].map((r) => (r >= from ? r + by : r)));
}

export function getCell(sheet: StandInSheet, row: number, column: number): StandInValue {
  return sheet.values[row]?.[column] ?? '';
}

export function getFill(sheet: StandInSheet, row: number, column: number): string | null {
  return sheet.fills[row]?.[column] ?? null;
}

export function setCell(sheet: StandInSheet, row: number, column: number, value: StandInValue): void {
  (sheet.values[row] ??= [])[column] = value;
}

export function setFill(sheet: StandInSheet, row: number, column: number, color: string | null): void {
  (sheet.fills[row] ??= [])[column] = color;
}

/**
 * The smallest area holding every non-empty value (and every fill unless `valuesOnly`), or null if none. Each row
 * is scanned from both ends to its first and last filled cell, so a dense 5,000-row sheet costs a few cells per
 * row, not every cell (the stand-in resolves the used range on every request, the preview on every redraw).
 */
export function usedArea(sheet: StandInSheet, valuesOnly: boolean): Area | null {
  let top = Infinity, left = Infinity, bottom = -1, right = -1;
  const visit = (grid: readonly (readonly unknown[] | undefined)[], filled: (v: unknown) => boolean) => {
    for (let r = 0; r < grid.length; r++) {
      const cells = grid[r];
      if (!cells) continue;
      let first = 0;
      while (first < cells.length && !filled(cells[first])) first++;
      if (first === cells.length) continue;
      let last = cells.length - 1;
      while (last > first && !filled(cells[last])) last--;
      top = Math.min(top, r); left = Math.min(left, first); bottom = Math.max(bottom, r); right = Math.max(right, last);
    }
  };
  visit(sheet.values, (v) => v !== '' && v !== undefined && v !== null);
  if (!valuesOnly) visit(sheet.fills, (v) => v !== null && v !== undefined);
  return bottom < 0 ? null : { row: top, column: left, rowCount: bottom - top + 1, columnCount: right - left + 1 };
}

/**
 * `usedArea` inside `within` (what `Range.getUsedRange` gives): the smallest part of it holding every non-empty
 * value (and every fill unless `valuesOnly`), or null if none. Scans only the rows and columns of `within`.
 */
export function usedAreaWithin(sheet: StandInSheet, valuesOnly: boolean, within: Area): Area | null {
  let top = Infinity, left = Infinity, bottom = -1, right = -1;
  const visit = (grid: readonly (readonly unknown[] | undefined)[], filled: (v: unknown) => boolean) => {
    const end = Math.min(grid.length, within.row + within.rowCount);
    for (let r = within.row; r < end; r++) {
      const cells = grid[r];
      if (!cells) continue;
      const stop = Math.min(cells.length, within.column + within.columnCount);
      let first = within.column;
      while (first < stop && !filled(cells[first])) first++;
      if (first >= stop) continue;
      let last = stop - 1;
      while (last > first && !filled(cells[last])) last--;
      top = Math.min(top, r); left = Math.min(left, first); bottom = Math.max(bottom, r); right = Math.max(right, last);
    }
  };
  visit(sheet.values, (v) => v !== '' && v !== undefined && v !== null);
  if (!valuesOnly) visit(sheet.fills, (v) => v !== null && v !== undefined);
  return bottom < 0 ? null : { row: top, column: left, rowCount: bottom - top + 1, columnCount: right - left + 1 };
}

/** Column letters: 0 → A, 26 → AA. */
export const columnName = columnLetter;


/** `A1` or `A1:C3` for an area. */
export function areaAddress(area: Area): string {
  const start = `${columnName(area.column)}${area.row + 1}`;
  if (area.rowCount === 1 && area.columnCount === 1) return start;
  return `${start}:${columnName(area.column + area.columnCount - 1)}${area.row + area.rowCount}`;
}

/** Parses `A1`, `B2:D9` or `Sheet!A1:B2` (the sheet part is returned separately). */
export function parseAddress(address: string): { sheet?: string; area: Area } {
  const bang = address.lastIndexOf('!');
  const sheet = bang >= 0 ? address.slice(0, bang).replace(/^'|'$/g, '') : undefined;
  const [from, to = from] = address.slice(bang + 1).split(':');
  const a = parseCell(from);
  const b = parseCell(to);
  if (!a || !b) throw new Error(`"${address}" is not a cell address.`);
  const area = {
    row: Math.min(a.row, b.row),
    column: Math.min(a.column, b.column),
    rowCount: Math.abs(b.row - a.row) + 1,
    columnCount: Math.abs(b.column - a.column) + 1,
  };
  return { sheet, area };
}

function parseCell(text: string): { row: number; column: number } | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(text.trim());
  if (!match) return undefined;
  let column = 0;
  for (const ch of match[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}
