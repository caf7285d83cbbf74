import { type Cell, columnLetter } from '../../sheet/cell';
import { type FormatKind } from './number-formats';
import { dateFromSerial } from '../../sheet/date-serial';
import { attributes, decodeXstring, scanTags, textBetween, type XmlTag } from './xml-text';

/** Excel's last row (1,048,576) and number of columns (16,384: A to XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A cell element of the sheet XML: where it is, what it holds and how it reads. */
export interface CellEntry {
  /** 0-based column. */
  readonly col: number;
  readonly start: number;
  readonly end: number;
  readonly rawAttributes: string;
  /** The style index (`s`), 0 when absent. */
  readonly style: number;
  /**
   * The cell has a formula element (its own, or a child's of a shared formula). Cells an array formula or data
   * table computes have none: see `SheetIndex.formulaRanges` and `formulaCells`.
   */
  readonly formula: boolean;
  /** The value as the cell's number format shows it (a formula's cached result). */
  readonly value: Cell;
  /** The stored value is a number (before its format was applied). */
  readonly storedNumber: boolean;
}

/** A row element: its cells by column, and where new cells go. */
export interface RowEntry {
  /** 1-based row number. */
  readonly row: number;
  readonly tagStart: number;
  readonly tagEnd: number;
  readonly rawAttributes: string;
  /** Offset of `</row>`, or -1 for an empty `<row/>`. */
  readonly closeStart: number;
  readonly cells: readonly CellEntry[];
  readonly byCol: ReadonlyMap<number, CellEntry>;
}

/**
 * The sheet XML read once. Only what a patch needs to find its way is kept for every row (its number and
 * offsets, in flat arrays), and which cells hold a formula; a row's cells are read again from the XML when a
 * patch asks for them (`row`), so that the index of a sheet of millions of cells stays a few bytes a row.
 */
export interface SheetIndex {
  /** The sheet's XML (read again when it was released). */
  readonly xml: string;
  /**
   * Lets go of the XML until it is next asked for, when the index was made with a way to read it again: a
   * large sheet's text need not stay in memory while its rows are judged.
   */
  release(): void;
  /** The namespace prefix the sheet writes its elements with (`''`, or `'x:'`). */
  readonly prefix: string;
  readonly sheetData: { readonly start: number; readonly openEnd: number; readonly closeStart: number; readonly selfClosing: boolean };
  /** How many row elements the sheet has. */
  readonly rowCount: number;
  /** The row number of the i-th row element (ascending). */
  rowNumberAt(i: number): number;
  /** Offset of the i-th row element's start tag. */
  rowStartAt(i: number): number;
  /** The row element with this number, its cells read again from the XML; undefined when the sheet has none. */
  row(row: number): RowEntry | undefined;
  /** The position (for `rowNumberAt`) of the first row element numbered above `row`, or `rowCount`. */
  rowIndexAfter(row: number): number;
  /** The cell has a formula element (its own, or a child's of a shared formula). */
  hasFormula(row: number, col: number): boolean;
  readonly dimension: { readonly start: number; readonly end: number; readonly rawAttributes: string; readonly name: string } | undefined;
  /** Column styles of `<cols>`: new cells in these columns take the style. */
  readonly columnStyles: readonly { readonly min: number; readonly max: number; readonly style: number }[];
  /**
   * The ranges of array formulas (`<f t="array" ref="T30:T31">`, dynamic-array spills included) and data tables
   * (`<f t="dataTable">`) wider than one cell: every cell in them is computed by the formula on the first,
   * although only that one has a formula element.
   */
  readonly formulaRanges: readonly CellRange[];
  /**
   * How far the sheet's cells reach: as wide and as long as the cells holding a value or formula, and at least as
   * wide as every array formula's or data table's range (so that a new column lands outside them).
   */
  readonly extent: { readonly width: number; readonly lastRow: number };
  /**
   * How far right the sheet's merged cells reach (0 when none): a new column goes right of them too, or its header
   * would be hidden inside a merge (a title merged over empty cells right of the data).
   */
  readonly mergedWidth: number;
}

/** A block of cells: rows 1-based, columns 0-based, bounds included. */
export interface CellRange {
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstCol: number;
  readonly lastCol: number;
}

export interface SheetReadContext {
  readonly sharedStrings: readonly string[];
  readonly styleKinds: readonly FormatKind[];
  readonly date1904: boolean;
}

/** Why a sheet part cannot be read, in words for the user. */
export class SheetProblem extends Error {
  override readonly name = 'SheetProblem';
}

/**
 * Indexes a worksheet part. Cells and rows without an `r` attribute take the position after the previous one,
 * as Excel reads them. `onRow` is handed each row holding a value or formula as it is read: its values by
 * column (0-based), up to its last such cell, as the cells' number formats show them.
 *
 * @example
 * const index = indexSheet(xml, { sharedStrings, styleKinds, date1904: false });
 * index.row(2)?.byCol.get(0)?.value; // the text of A2
 */
export function indexSheet(xml: string, context: SheetReadContext, onRow?: (row: number, values: Cell[]) => void, reread?: () => string): SheetIndex {
  let sheetData: SheetIndex['sheetData'] | undefined;
  let dimension: SheetIndex['dimension'];
  let prefix = '';
  const columnStyles: { min: number; max: number; style: number }[] = [];
  const formulaRanges: CellRange[] = [];
  const rows: RowTable = { numbers: [], starts: [] };
  const formulas = new Set<number>();
  const extent = { width: 0, lastRow: 1 };
  let mergedWidth = 0;
  const onFinishedRow = (row: ReadRow) => {
    rows.numbers.push(row.row);
    rows.starts.push(row.tagStart);
    let last = -1;
    for (const cell of row.cells) {
      if (cell.formula) formulas.add(cellKey(row.row, cell.col));
      if (cell.value !== null || cell.formula) last = cell.col;
    }
    if (last < 0) return;
    extent.width = Math.max(extent.width, last + 1);
    extent.lastRow = Math.max(extent.lastRow, row.row);
    if (!onRow) return;
    const values = new Array<Cell>(last + 1).fill(null);
    for (const cell of row.cells) if (cell.col <= last) values[cell.col] = cell.value;
    onRow(row.row, values);
  };
  const tags = scanTags(xml);
  for (let next = tags.next(); !next.done; next = tags.next()) {
    const tag = next.value;
    if (tag.local === 'dimension' && tag.kind !== 'end') dimension = { start: tag.start, end: tag.end, rawAttributes: tag.rawAttributes, name: tag.name };
    else if (tag.local === 'mergeCell' && tag.kind !== 'end') {
      const range = rangeOfRef(attributes(tag.rawAttributes).get('ref') ?? '');
      if (range) mergedWidth = Math.max(mergedWidth, range.lastCol + 1);
    }
    else if (tag.local === 'col' && tag.kind !== 'end') {
      const a = attributes(tag.rawAttributes);
      if (a.has('style')) columnStyles.push({ min: Number(a.get('min')) - 1, max: Number(a.get('max')) - 1, style: Number(a.get('style')) });
    } else if (tag.local === 'sheetData' && tag.kind !== 'end') {
      prefix = tag.name.slice(0, tag.name.length - tag.local.length);
      if (tag.kind === 'empty') {
        sheetData = { start: tag.start, openEnd: tag.end, closeStart: tag.start, selfClosing: true };
        continue;
      }
      const closeStart = readRows(xml, tags, context, onFinishedRow, formulaRanges, 0, true)!;
      sheetData = { start: tag.start, openEnd: tag.end, closeStart, selfClosing: false };
    }
  }
  if (!sheetData) throw new SheetProblem('the sheet has no cell data (no <sheetData>)');
  for (const range of formulaRanges) extent.width = Math.max(extent.width, range.lastCol + 1);
  const rowIndexAfter = (row: number): number => {
    let low = 0;
    let high = rows.numbers.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (rows.numbers[mid] <= row) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  let text: string | undefined = xml;
  const xmlNow = (): string => (text ??= reread!());
  // The last row read again, so that the patch's several questions about one row read it once.
  let cached: RowEntry | undefined;
  const row = (number: number): RowEntry | undefined => {
    if (cached?.row === number) return cached;
    const i = rowIndexAfter(number) - 1;
    if (i < 0 || rows.numbers[i] !== number) return undefined;
    let found: RowEntry | undefined;
    const current = xmlNow();
    readRows(current, scanTags(current, rows.starts[i]), context, (read) => (found = { ...read, byCol: new Map(read.cells.map((c) => [c.col, c])) }), [], number - 1, false);
    cached = found;
    return found;
  };
  return {
    get xml() {
      return xmlNow();
    },
    release() {
      if (reread !== undefined) text = undefined;
      cached = undefined;
    },
    prefix,
    sheetData,
    rowCount: rows.numbers.length,
    rowNumberAt: (i) => rows.numbers[i],
    rowStartAt: (i) => rows.starts[i],
    row,
    rowIndexAfter,
    hasFormula: (r, c) => formulas.has(cellKey(r, c)),
    dimension,
    columnStyles,
    formulaRanges,
    extent,
    mergedWidth,
  };
}

/** A row as read: a `RowEntry` without its cells by column. */
type ReadRow = Omit<RowEntry, 'byCol' | 'cells'> & { readonly cells: CellEntry[] };

/** Row numbers and start offsets, by position: two numbers a row. */
interface RowTable {
  readonly numbers: number[];
  readonly starts: number[];
}

function cellKey(row: number, col: number): number {
  return row * MAX_COLUMNS + col;
}

/**
 * Reads rows, handing each to `onRow` as it ends. With `wholeSheet`, reads up to `</sheetData>` and returns its
 * offset; otherwise reads one row (from its start tag, numbered after `previousRow`) and returns undefined.
 */
function readRows(
  xml: string,
  tags: Generator<XmlTag>,
  context: SheetReadContext,
  onRow: (row: ReadRow) => void,
  formulaRanges: CellRange[],
  previousRow: number,
  wholeSheet: boolean,
): number | undefined {
  let row: Omit<ReadRow, 'closeStart'> | undefined;
  let previousCol = -1;
  let cell: OpenCell | undefined;
  let valueStart = -1;
  let textStart = -1;
  let inPhonetic = false;
  const finishRow = (closeStart: number) => {
    if (!row) return;
    onRow({ ...row, closeStart });
    row = undefined;
  };
  for (let next = tags.next(); !next.done; next = tags.next()) {
    const tag = next.value;
    switch (tag.local) {
      case 'sheetData':
        if (tag.kind === 'end') return tag.start;
        break;
      case 'row': {
        if (tag.kind === 'end') {
          finishRow(tag.start);
          if (!wholeSheet) return undefined;
          break;
        }
        const r = attributes(tag.rawAttributes).get('r');
        const number = r === undefined ? previousRow + 1 : Number(r);
        if (!Number.isInteger(number) || number <= previousRow || number > MAX_ROWS) throw new SheetProblem(`a row number is out of order or invalid (row ${r ?? number})`);
        previousRow = number;
        previousCol = -1;
        row = { row: number, tagStart: tag.start, tagEnd: tag.end, rawAttributes: tag.rawAttributes, cells: [] };
        if (tag.kind === 'empty') {
          finishRow(-1);
          if (!wholeSheet) return undefined;
        }
        break;
      }
      case 'c': {
        if (tag.kind === 'end') {
          if (cell && row) row.cells.push(finishCell(cell, tag.end, context));
          cell = undefined;
          break;
        }
        if (!row) throw new SheetProblem('a cell lies outside any row');
        const found = attributes(tag.rawAttributes);
        const ref = found.get('r');
        const col = ref === undefined ? previousCol + 1 : columnOfRef(ref, row.row);
        if (col <= previousCol || col >= MAX_COLUMNS) throw new SheetProblem(`cell ${ref ?? `#${col + 1}`} of row ${row.row} is out of order or invalid`);
        previousCol = col;
        cell = { col, start: tag.start, rawAttributes: tag.rawAttributes, attributes: found, formula: false, v: undefined, inline: undefined };
        if (tag.kind === 'empty') {
          row.cells.push(finishCell(cell, tag.end, context));
          cell = undefined;
        }
        break;
      }
      case 'f': {
        if (!cell || tag.kind === 'end') break;
        cell.formula = true;
        const a = attributes(tag.rawAttributes);
        const type = a.get('t');
        if (type !== 'array' && type !== 'dataTable') break;
        const master = `${columnLetter(cell.col)}${row?.row ?? ''}`;
        const range = rangeOfRef(a.get('ref') ?? master);
        if (range === undefined) throw new SheetProblem(`the ${type === 'array' ? 'array formula' : 'data table'} of cell ${master} has an invalid range "${a.get('ref') ?? ''}"`);
        if (range.lastRow > range.firstRow || range.lastCol > range.firstCol) formulaRanges.push(range);
        break;
      }
      case 'v':
        if (!cell) break;
        if (tag.kind === 'start') valueStart = tag.end;
        else if (tag.kind === 'end' && valueStart >= 0) cell.v = textBetween(xml, valueStart, tag.start);
        else if (tag.kind === 'empty') cell.v = '';
        break;
      case 'is':
        if (cell && tag.kind !== 'end') cell.inline = [];
        break;
      case 'rPh':
        inPhonetic = tag.kind === 'start';
        break;
      case 't':
        if (!cell?.inline || inPhonetic) break;
        if (tag.kind === 'start') textStart = tag.end;
        else if (tag.kind === 'end' && textStart >= 0) cell.inline.push(decodeXstring(textBetween(xml, textStart, tag.start)));
        break;
    }
  }
  if (!wholeSheet) return undefined;
  throw new SheetProblem('the sheet data is cut short (no </sheetData>)');
}

interface OpenCell {
  col: number;
  start: number;
  rawAttributes: string;
  attributes: Map<string, string>;
  formula: boolean;
  v: string | undefined;
  inline: string[] | undefined;
}

function finishCell(cell: OpenCell, end: number, context: SheetReadContext): CellEntry {
  const a = cell.attributes;
  const style = Number(a.get('s') ?? 0) || 0;
  const type = a.get('t') ?? 'n';
  const { value, storedNumber } = cellValue(type, cell.v, cell.inline, context.styleKinds[style] ?? 'number', context);
  return { col: cell.col, start: cell.start, end, rawAttributes: cell.rawAttributes, style, formula: cell.formula, value, storedNumber };
}

function cellValue(type: string, v: string | undefined, inline: string[] | undefined, kind: FormatKind, context: SheetReadContext): { value: Cell; storedNumber: boolean } {
  switch (type) {
    case 'inlineStr':
      return { value: inline ? inline.join('') : (v ?? null), storedNumber: false };
    case 's': {
      const text = v === undefined ? undefined : context.sharedStrings[Number(v)];
      return { value: text ?? null, storedNumber: false };
    }
    case 'str':
    case 'e':
      return { value: v === undefined ? null : decodeXstring(v), storedNumber: false };
    case 'b':
      return { value: v === undefined ? null : v.trim() === '1' || v.trim() === 'true', storedNumber: false };
    case 'd': {
      const date = v === undefined ? undefined : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
      return { value: date && !Number.isNaN(date.getTime()) ? date : (v ?? null), storedNumber: false };
    }
    default: {
      if (v === undefined || v.trim() === '') return { value: null, storedNumber: false };
      const number = Number(v);
      if (!Number.isFinite(number)) return { value: v, storedNumber: false };
      return { value: shownAs(number, kind, context.date1904), storedNumber: true };
    }
  }
}

/**
 * A stored number as its format shows it: a percentage as text (`0.4` → `"40%"`), a date as a Date (UTC
 * midnight plus the time of day), text format as text, anything else as the number.
 */
function shownAs(number: number, kind: FormatKind, date1904: boolean): Cell {
  switch (kind) {
    case 'percent':
      return `${Number((number * 100).toPrecision(12))}%`;
    case 'date':
      return dateFromSerial(number, date1904) ?? number;
    case 'text':
      return String(number);
    default:
      return number;
  }
}

/** `"AB12"` → 27 (0-based column), checking the row part when there is one. */
export function columnOfRef(ref: string, row: number): number {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d*)$/.exec(ref);
  if (!match || (match[2] !== '' && Number(match[2]) !== row)) throw new SheetProblem(`cell reference "${ref}" does not belong to row ${row}`);
  let col = 0;
  for (const ch of match[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

/**
 * `"T30:T31"` (or a single cell, `"T30"`) as a range, or undefined when it is not a range of a sheet's cells.
 *
 * @example
 * rangeOfRef('T30:T31'); // { firstRow: 30, lastRow: 31, firstCol: 19, lastCol: 19 }
 */
export function rangeOfRef(ref: string): CellRange | undefined {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/.exec(ref.trim());
  if (!match) return undefined;
  const colOf = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const [c1, r1] = [colOf(match[1]), Number(match[2])];
  const [c2, r2] = match[3] === undefined ? [c1, r1] : [colOf(match[3]), Number(match[4])];
  const range = { firstRow: Math.min(r1, r2), lastRow: Math.max(r1, r2), firstCol: Math.min(c1, c2), lastCol: Math.max(c1, c2) };
  return range.firstRow >= 1 && range.lastRow <= MAX_ROWS && range.lastCol < MAX_COLUMNS ? range : undefined;
}

