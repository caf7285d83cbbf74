import { type Cell, columnLetter } from '../../sheet/cell';
import { serialOfDate } from '../../sheet/date-serial';
import { type FormatKind } from './number-formats';
import { type CellEntry, type RowEntry, type SheetIndex } from './sheet-index';
import { attributes, escapeAttribute, escapeXstring } from './xml-text';

/** One cell to write: 1-based row, 0-based column, and the value (`''` or null empties the cell). */
export interface CellWrite {
  readonly row: number;
  readonly col: number;
  readonly value: Cell;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Rewrites just the written cells of a sheet part and returns the new XML: every byte outside those cells stays
 * as it was, except a row's `spans` hint and the `<dimension>` when a write lands outside them. A cell keeps its
 * style (`s`) and other attributes; text is written as an inline string, numbers and booleans as values; a
 * text percentage written into a cell that holds a percent-formatted number is written as that number again, so
 * the cell keeps its type. An emptied cell keeps its style and loses its value. Formula cells must not be in
 * `writes` (the caller decides what to do with them).
 *
 * @example
 * patchSheet(index, [{ row: 2, col: 5, value: 'Accepted' }], { styleKinds, date1904: false });
 */
export function patchSheet(index: SheetIndex, writes: readonly CellWrite[], context: { styleKinds: readonly FormatKind[]; date1904: boolean }): string {
  return [...patchedSheet(index, writes, context)].join('');
}

/**
 * `patchSheet` as pieces of text, in order, for a writer that streams them: the pieces of the sheet that did
 * not change are slices of its XML, so the new XML is never held whole.
 */
export function patchedSheet(index: SheetIndex, writes: readonly CellWrite[], context: { styleKinds: readonly FormatKind[]; date1904: boolean }): Generator<string> {
  const { xml, prefix } = index;
  const edits: Edit[] = [];
  const byRow = new Map<number, CellWrite[]>();
  for (const write of writes) {
    const list = byRow.get(write.row) ?? [];
    list.push(write);
    byRow.set(write.row, list);
  }
  const cellXml = (write: CellWrite, existing: CellEntry | undefined, row: RowEntry | undefined): string | undefined => {
    const style = existing ? undefined : newCellStyle(index, row, write.col);
    return formatCell(prefix, write, existing, style, context);
  };

  let maxRow = 0;
  let maxCol = -1;
  const newRows: { row: number; text: string }[] = [];
  for (const [rowNumber, rowWrites] of [...byRow].sort((a, b) => a[0] - b[0])) {
    rowWrites.sort((a, b) => a.col - b.col);
    const row = index.row(rowNumber);
    const written: { col: number; text: string }[] = [];
    for (const write of rowWrites) {
      const existing = row?.byCol.get(write.col);
      const text = cellXml(write, existing, row);
      if (text === undefined) continue;
      maxRow = Math.max(maxRow, rowNumber);
      maxCol = Math.max(maxCol, write.col);
      if (existing) edits.push({ start: existing.start, end: existing.end, text });
      else written.push({ col: write.col, text });
    }
    if (written.length === 0) continue;
    if (!row) {
      newRows.push({ row: rowNumber, text: `<${prefix}row r="${rowNumber}">${written.map((w) => w.text).join('')}</${prefix}row>` });
      continue;
    }
    const startTag = rowStartTag(prefix, row, written.map((w) => w.col));
    if (row.closeStart < 0) {
      edits.push({ start: row.tagStart, end: row.tagEnd, text: `${startTag}${written.map((w) => w.text).join('')}</${prefix}row>` });
      continue;
    }
    if (startTag !== undefined) edits.push({ start: row.tagStart, end: row.tagEnd, text: startTag });
    for (const w of written) {
      const before = row.cells.find((c) => c.col > w.col);
      const at = before ? before.start : row.closeStart;
      edits.push({ start: at, end: at, text: w.text });
    }
  }
  if (newRows.length > 0) {
    for (const { row, text } of newRows) {
      const before = index.rowIndexAfter(row);
      const at = before < index.rowCount ? index.rowStartAt(before) : index.sheetData.closeStart;
      edits.push({ start: at, end: at, text });
    }
    if (index.sheetData.selfClosing) {
      const sheetData = xml.slice(index.sheetData.start, index.sheetData.openEnd);
      const open = sheetData.replace(/\s*\/>$/, '>');
      const tagName = /^<([^\s/>]+)/.exec(sheetData)![1];
      const inserted = edits.filter((e) => e.start === index.sheetData.start && e.end === e.start);
      const rest = edits.filter((e) => !inserted.includes(e));
      rest.push({ start: index.sheetData.start, end: index.sheetData.openEnd, text: `${open}${inserted.map((e) => e.text).join('')}</${tagName}>` });
      edits.length = 0;
      edits.push(...rest);
    }
  }
  const dimensionEdit = widenDimension(index, xml, maxRow, maxCol);
  if (dimensionEdit) edits.push(dimensionEdit);
  return applyEdits(xml, edits);
}

/** The style a new cell takes: its row's, when the row is formatted, else its column's, else none. */
function newCellStyle(index: SheetIndex, row: RowEntry | undefined, col: number): number | undefined {
  if (row) {
    const a = attributes(row.rawAttributes);
    if (/^(1|true)$/.test(a.get('customFormat') ?? '') && a.has('s')) return Number(a.get('s'));
  }
  return index.columnStyles.find((c) => c.min <= col && col <= c.max)?.style;
}

function formatCell(prefix: string, write: CellWrite, existing: CellEntry | undefined, newStyle: number | undefined, context: { styleKinds: readonly FormatKind[]; date1904: boolean }): string | undefined {
  const ref = `${columnLetter(write.col)}${write.row}`;
  const kept = existing ? keptAttributes(existing.rawAttributes) : newStyle ? ` s="${newStyle}"` : '';
  const open = (type: string) => `<${prefix}c r="${ref}"${kept}${type}`;
  let value = write.value;
  if (value === null || value === '') return existing ? `${open('')}/>` : undefined;
  if (typeof value === 'string' && existing?.storedNumber && context.styleKinds[existing.style] === 'percent') {
    const percent = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
    if (percent) value = Number(percent[1]) / 100;
  }
  if (value instanceof Date) value = serialOfDate(value, context.date1904);
  if (typeof value === 'number' && Number.isFinite(value)) return `${open('')}><${prefix}v>${value}</${prefix}v></${prefix}c>`;
  if (typeof value === 'boolean') return `${open(' t="b"')}><${prefix}v>${value ? 1 : 0}</${prefix}v></${prefix}c>`;
  const text = escapeXstring(String(value));
  return `${open(' t="inlineStr"')}><${prefix}is><${prefix}t xml:space="preserve">${text}</${prefix}t></${prefix}is></${prefix}c>`;
}

/** A cell's attributes without those the new value replaces: its reference, type and value metadata. */
function keptAttributes(raw: string): string {
  return raw.replace(/\s+(r|t|vm|cm)\s*=\s*("[^"]*"|'[^']*')/g, '');
}

const SPANS = /\s+spans\s*=\s*("[^"]*"|'[^']*')/;

/** The row's start tag (`<row …>`), its `spans` hint widened to cover new cells; undefined when unchanged. */
function rowStartTag(prefix: string, row: RowEntry, cols: readonly number[]): string | undefined {
  let raw = row.rawAttributes;
  const spans = attributes(raw).get('spans');
  if (spans !== undefined) {
    const ranges = spans.trim().split(/\s+/).map((range) => range.split(':').map(Number));
    if (!ranges.every((r) => r.length === 2 && r.every(Number.isInteger))) raw = raw.replace(SPANS, '');
    else if (!cols.every((c) => ranges.some(([a, b]) => a <= c + 1 && c + 1 <= b))) {
      const bounds = [...ranges.flat(), ...cols.map((c) => c + 1)];
      raw = raw.replace(SPANS, ` spans="${Math.min(...bounds)}:${Math.max(...bounds)}"`);
    }
  }
  return raw === row.rawAttributes && row.closeStart >= 0 ? undefined : `<${prefix}row${raw}>`;
}

/** The `<dimension ref>` widened to take in the last written cell, or undefined when it already does. */
function widenDimension(index: SheetIndex, xml: string, maxRow: number, maxCol: number): Edit | undefined {
  const dimension = index.dimension;
  if (!dimension || maxRow === 0) return undefined;
  const ref = attributes(dimension.rawAttributes).get('ref') ?? '';
  const match = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(ref.replace(/\$/g, ''));
  if (!match) return undefined;
  const colOf = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const [c1, r1] = [colOf(match[1]), Number(match[2])];
  const [c2, r2] = match[3] ? [colOf(match[3]), Number(match[4])] : [c1, r1];
  if (maxCol <= c2 && maxRow <= r2) return undefined;
  const widened = `${columnLetter(Math.min(c1, c2))}${Math.min(r1, r2)}:${columnLetter(Math.max(c2, maxCol))}${Math.max(r2, maxRow)}`;
  const text = xml.slice(dimension.start, dimension.end).replace(/(\sref\s*=\s*)("[^"]*"|'[^']*')/, `$1"${escapeAttribute(widened)}"`);
  return { start: dimension.start, end: dimension.end, text };
}

function* applyEdits(xml: string, edits: Edit[]): Generator<string> {
  // At one offset, insertions (new cells before an existing one) go before the edit that replaces that cell.
  const ordered = edits.map((e, i) => ({ ...e, i, insertion: e.end === e.start ? 0 : 1 })).sort((a, b) => a.start - b.start || a.insertion - b.insertion || a.i - b.i);
  let at = 0;
  for (const edit of ordered) {
    if (edit.start < at) throw new Error(`Overlapping sheet edits at ${edit.start}.`);
    yield xml.slice(at, edit.start);
    yield edit.text;
    at = edit.end;
  }
  yield xml.slice(at);
}
