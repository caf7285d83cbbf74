/**
 * Reads the first worksheet of an .xlsx file in the browser, for the preview's "open your own file": the engine's
 * reader (`engine/io/xlsx-file.ts`) inflates with node:zlib, which a browser lacks. Here fflate unzips and the
 * browser's DOMParser reads the XML parts.
 *
 * Cells come out as Excel's `Range.values` gives them, not as the engine's reader shows them: shared and inline
 * strings as text, numbers as numbers (dates stay date serials, with their number format kept beside them),
 * booleans as booleans, error values as their text (`#N/A`). A formula is never evaluated: its cached result is
 * taken, and a formula without one reads as empty.
 */
import { strFromU8, unzipSync } from 'fflate';
import { formatKind } from '../../engine/io/xlsx/number-formats';
import { decodeXstring } from '../../engine/io/xlsx/xml-text';
import { type StandInValue } from '../excel/stand-in/stand-in-workbook';

/** The worksheet read: its name in the workbook, its cells from A1, and the number formats that are not General. */
export interface XlsxSheet {
  readonly name: string;
  readonly rows: StandInValue[][];
  /** Number format codes by `row,column` (zero-based), as the stand-in keeps them. */
  readonly numberFormats: Map<string, string>;
}

/** A file that is not a readable .xlsx: the message names the file and says why. */
export class XlsxOpenError extends Error {
  override readonly name = 'XlsxOpenError';
}

/** The most cells (rows × columns from A1) a sheet may span, as the engine's reader allows. */
const MAX_CELLS = 10_000_000;
/** Any one part, inflated: a 5,000-deal export is a few MB of XML. */
const MAX_PART_BYTES = 256 * 1024 * 1024;
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Excel adds 1,462 days to a 1904-based serial to show the same date in the 1900 system the stand-in uses. */
const DAYS_1904 = 1462;

// Built-in number formats (ECMA-376 Part 1, 18.8.30) a cell can name by id alone; 0 is General.
const BUILT_IN_FORMATS: Readonly<Record<number, string>> = {
  1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'm/d/yyyy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm',
  21: 'h:mm:ss', 22: 'm/d/yyyy h:mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/**
 * @example
 * const sheet = readXlsxSheet(new Uint8Array(await file.arrayBuffer()), file.name);
 * sheet.rows[0]; // ['Deal Name', 'Estimated Deal Value', …]
 */
export function readXlsxSheet(bytes: Uint8Array, file: string): XlsxSheet {
  const fail = (why: string): never => {
    throw new XlsxOpenError(`${file} is not a readable .xlsx workbook: ${why}.`);
  };
  if (bytes.length >= 8 && OLE_SIGNATURE.every((b, i) => bytes[i] === b)) fail('it is an encrypted (password-protected) workbook or a legacy .xls file; save it as .xlsx in Excel');
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) fail('it is not a zip package');

  const unzip = (wanted: (name: string) => boolean): Record<string, Uint8Array> => {
    try {
      return unzipSync(bytes, {
        filter: (entry) => {
          if (!wanted(entry.name)) return false;
          if (entry.originalSize > MAX_PART_BYTES) fail(`its part ${entry.name} would inflate to more than ${MAX_PART_BYTES / 1024 / 1024} MB`);
          return true;
        },
      });
    } catch (error) {
      if (error instanceof XlsxOpenError) throw error;
      return fail(`it is damaged (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  const text = (parts: Record<string, Uint8Array>, name: string) => {
    const found = Object.keys(parts).find((k) => k.toLowerCase() === name.toLowerCase());
    return found === undefined ? undefined : strFromU8(parts[found]);
  };
  const xml = (source: string, part: string): Document => {
    const doc = new DOMParser().parseFromString(source, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length > 0) fail(`its part ${part} is not well-formed XML`);
    return doc;
  };

  const FIXED = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedstrings.xml', 'xl/styles.xml'];
  const fixed = unzip((name) => FIXED.includes(name.toLowerCase()));
  const workbookXml = text(fixed, 'xl/workbook.xml') ?? fail('it has no workbook part (xl/workbook.xml)');
  const workbook = xml(workbookXml, 'xl/workbook.xml');
  const targets = new Map<string, { target: string; type: string }>();
  const relsXml = text(fixed, 'xl/_rels/workbook.xml.rels');
  if (relsXml !== undefined) {
    for (const rel of byLocalName(xml(relsXml, 'xl/_rels/workbook.xml.rels'), 'Relationship')) {
      targets.set(rel.getAttribute('Id') ?? '', { target: rel.getAttribute('Target') ?? '', type: rel.getAttribute('Type') ?? '' });
    }
  }
  // The first worksheet in the workbook's order (a chart sheet first is skipped).
  const listed = byLocalName(workbook, 'sheet').map((sheet) => ({ name: sheet.getAttribute('name') ?? 'Sheet1', rel: targets.get(relationshipId(sheet)) }));
  const first = listed.find((s) => s.rel !== undefined && /\/worksheet$/.test(s.rel.type)) ?? fail('it has no worksheet');
  const part = partPath(first.rel!.target);
  const sheetXml = text(unzip((name) => name.toLowerCase() === part.toLowerCase()), part) ?? fail(`the part of sheet "${first.name}" (${part}) is missing`);
  const date1904 = byLocalName(workbook, 'workbookPr').some((e) => /^(1|true)$/i.test(e.getAttribute('date1904') ?? ''));

  const sharedXml = text(fixed, 'xl/sharedStrings.xml');
  const sharedStrings = sharedXml === undefined ? [] : byLocalName(xml(sharedXml, 'xl/sharedStrings.xml'), 'si').map(richText);
  const stylesXml = text(fixed, 'xl/styles.xml');
  const styleFormats = stylesXml === undefined ? [] : cellFormats(xml(stylesXml, 'xl/styles.xml'));

  const rows: StandInValue[][] = [];
  const numberFormats = new Map<string, string>();
  let rowIndex = -1;
  let width = 0;
  for (const row of byLocalName(xml(sheetXml, part), 'row')) {
    const r = row.getAttribute('r');
    rowIndex = r === null ? rowIndex + 1 : Number(r) - 1;
    if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex >= 1_048_576) fail(`sheet "${first.name}" names a row outside the sheet (${r})`);
    let column = -1;
    for (const cell of children(row, 'c')) {
      const ref = cell.getAttribute('r');
      column = ref === null ? column + 1 : columnOf(ref);
      if (column < 0 || column >= 16_384) fail(`sheet "${first.name}" names a cell outside the sheet (${ref})`);
      const format = styleFormats[Number(cell.getAttribute('s') ?? 0)];
      const value = cellValue(cell, sharedStrings, format !== undefined && date1904 && formatKind(format) === 'date');
      if (value === undefined) continue;
      width = Math.max(width, column + 1);
      if (width * (rowIndex + 1) > MAX_CELLS) fail(`sheet "${first.name}" spans more than ${MAX_CELLS.toLocaleString('en-US')} cells`);
      (rows[rowIndex] ??= [])[column] = value;
      if (format !== undefined && typeof value === 'number') numberFormats.set(`${rowIndex},${column}`, format);
    }
  }
  // Dense rows, empty cells as '' (what Range.values gives for an empty cell).
  const dense = Array.from({ length: rows.length }, (_, r) => Array.from({ length: width }, (_, c) => rows[r]?.[c] ?? ''));
  return { name: first.name, rows: dense, numberFormats };
}

/** A cell's value as `Range.values` gives it, or undefined for a cell without one. */
function cellValue(cell: Element, sharedStrings: readonly string[], shift1904: boolean): StandInValue | undefined {
  const type = cell.getAttribute('t') ?? 'n';
  const v = children(cell, 'v')[0]?.textContent ?? undefined;
  switch (type) {
    case 's': {
      const text = v === undefined ? undefined : sharedStrings[Number(v)];
      return text === undefined || text === '' ? undefined : text;
    }
    case 'inlineStr': {
      const is = children(cell, 'is')[0];
      const text = is ? richText(is) : '';
      return text === '' ? undefined : text;
    }
    case 'b':
      return v === undefined ? undefined : v.trim() === '1' || v.trim().toLowerCase() === 'true';
    case 'str':
    case 'e':
      return v === undefined || v === '' ? undefined : decodeXstring(v);
    case 'd': {
      // An ISO 8601 date cell (rare): as Excel holds it, a serial.
      const ms = v === undefined ? NaN : Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v.endsWith('Z') ? v : `${v}Z`);
      return Number.isNaN(ms) ? v : ms / 86_400_000 + 25_569;
    }
    default: {
      if (v === undefined || v.trim() === '') return undefined;
      const number = Number(v);
      if (!Number.isFinite(number)) return v;
      return shift1904 ? number + DAYS_1904 : number;
    }
  }
}

/** The number format code of each cell style (`cellXfs`), undefined for General. */
function cellFormats(styles: Document): (string | undefined)[] {
  const custom = new Map(byLocalName(styles, 'numFmt').map((f) => [Number(f.getAttribute('numFmtId')), f.getAttribute('formatCode') ?? '']));
  const cellXfs = byLocalName(styles, 'cellXfs')[0];
  if (!cellXfs) return [];
  return children(cellXfs, 'xf').map((xf) => {
    const id = Number(xf.getAttribute('numFmtId') ?? 0);
    const code = custom.get(id) ?? BUILT_IN_FORMATS[id];
    return code === undefined || /^general$/i.test(code) ? undefined : code;
  });
}

/** The text of a string item: its `t` elements (rich-text runs joined), phonetic guides (`rPh`) left out, `_xHHHH_` decoded. */
function richText(item: Element): string {
  return byLocalName(item, 't')
    .filter((t) => !ancestorNamed(t, 'rPh', item))
    .map((t) => decodeXstring(t.textContent ?? ''))
    .join('');
}

function byLocalName(root: Document | Element, local: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', local));
}

function children(parent: Element, local: string): Element[] {
  return Array.from(parent.children).filter((e) => e.localName === local);
}

function ancestorNamed(element: Element, local: string, stop: Element): boolean {
  for (let e = element.parentElement; e && e !== stop; e = e.parentElement) if (e.localName === local) return true;
  return false;
}

/** The `r:id` of a `<sheet>`, whatever the relationships namespace's prefix (transitional or strict). */
function relationshipId(sheet: Element): string {
  const attribute = Array.from(sheet.attributes).find((a) => a.localName === 'id' && (a.namespaceURI ?? '').endsWith('relationships'));
  return attribute?.value ?? '';
}

/** A workbook relationship's target as a package path: relative to `xl/`, or absolute from the root. */
function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

/** 0-based column of a cell reference (`C7` → 2), or -1. */
function columnOf(ref: string): number {
  const letters = /^\$?([A-Z]{1,3})\$?\d+$/i.exec(ref)?.[1];
  if (!letters) return -1;
  let column = 0;
  for (const ch of letters.toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return column - 1;
}
