import { type Cell, cellText } from './cell';
import { COLUMNS, type ColumnSpec, type FieldKey, headerOf } from './columns';
import { type HeaderMap, type ListColumn } from './header-map';
import { DERIVED_FIELDS, type FieldSources, deriveDealFields } from './derive-deal-fields';
import { type NumberOptions, type ParsedStage, parseCode, parseNumber, parseStage, parseUsDate, parseYesNo } from './cell-formats';
import {
  DEAL_TYPES,
  DIRECTIONS,
  type Direction,
  HELP_CODES,
  MICROSOFT_REFERRAL_STATUSES,
  PURCHASE_INTENTS,
  REASON_CODES,
  REFERRAL_STATUSES,
  REFERRAL_SUBSTATUSES,
  REGISTRATION_STATUSES,
  canonical,
} from '../domain/vocabulary';
import { CURRENCY_CODES } from '../domain/iso-codes';
import { type SolutionCatalog } from '../domain/catalog';

/**
 * A field's value after parsing: the typed value when the cell matches its column's format,
 * `null` when the cell is empty, and the cell's own text when it does not match (the column is then
 * listed in `Deal.invalid`, so rules can say so, and no comparison on it can pass by accident).
 */
export type FieldValue = string | number | boolean | null;

export interface SolutionEntry {
  readonly header: string;
  readonly id: string;
  readonly currency: string;
  readonly price: string;
  readonly quantity: string;
}

export interface TeamMember {
  readonly header: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string;
  readonly email: string;
  readonly complete: boolean;
}

export interface InvitedPartner {
  readonly header: string;
  readonly partnerName: string;
  /** ISO date, or null when missing or not a date. */
  readonly closeDate: string | null;
  readonly value: number | null;
  readonly currency: string;
  readonly complete: boolean;
}

/** One row of the sheet read against the contract. Pure data: facts are derived from it. */
export interface Deal {
  /** The sheet's row number as the user sees it (the header is row 1). */
  readonly row: number;
  readonly values: Readonly<Record<FieldKey, FieldValue>>;
  /** Filled cells that do not match their column's format. */
  readonly invalid: readonly FieldKey[];
  /**
   * Headers of the cells holding an Excel error value (`#N/A`, `#NAME?`, `#REF!` …: a formula that failed), not a
   * value: a number, date or code column reads it as empty; a list entry (Solution N, …) as absent.
   */
  readonly errorValues: readonly string[];
  readonly stage: ParsedStage | null;
  readonly solutions: readonly SolutionEntry[];
  readonly teamMembers: readonly TeamMember[];
  readonly invitedPartners: readonly InvitedPartner[];
  /**
   * Where Direction, Deal Type, Location and Created Date come from on this row: the sheet's column, derived from
   * the row's cells (the value is then in `values`), or undecided (`values` holds null, and rules reading it are
   * not judged).
   */
  readonly sources: FieldSources;
}

export interface ParseOptions extends NumberOptions {
  /** The solution catalog: a derived Deal Type needs the solutions' kinds. */
  readonly catalog?: SolutionCatalog;
  /** The direction of the whole export (one tab of Partner Center's co-sell page), for a sheet without Direction. */
  readonly direction?: Direction;
}

/**
 * Reads one sheet row into a `Deal`.
 *
 * @example
 * const { map } = mapHeaders(['Deal Name', 'Estimated Deal Value']);
 * parseDeal(['UK spring deal', '12563'], map, 2, { decimalComma: false }).values.estimatedDealValue; // 12563
 */
export function parseDeal(cells: readonly Cell[], map: HeaderMap, row: number, options: ParseOptions): Deal {
  const plan = readPlanOf(map);
  const values = { ...plan.absent };
  const invalid: FieldKey[] = [];
  const errorValues: string[] = [];

  for (const column of plan.present) {
    const cell = cells[column.index] ?? null;
    const text = cellText(cell);
    if (isExcelError(text) && !OUTPUT_COLUMNS.has(column.key)) {
      errorValues.push(headerOf(column.key));
      // Text keeps what the cell shows (so "Deal Name is required" does not repeat the error); any other format has no value.
      values[column.key] = column.format === 'text' ? text : null;
      continue;
    }
    if (text === '') {
      // Text keeps what the cell shows (so "Deal Name is required" does not repeat the error); any other format has no value.
      values[column.key] = column.format === 'text' ? text : null;
      continue;
    }
    const parsed = parseFormat(column.format, cell, options);
    values[column.key] = parsed ?? text;
    if (parsed === undefined) invalid.push(column.key);
  }

  const solutions = listCells(cells, map.lists.solutions, errorValues, toSolution);
  const invitedPartners = listCells(cells, map.lists.invitedPartners, errorValues, (header, parts) => toInvitedPartner(header, parts, options));

  // Columns the sheet lacks (a raw export has no Direction, Deal Type, Location or Created Date): the row decides.
  const sources = deriveDealFields({
    map,
    values,
    solutionIds: solutions.map((s) => s.id).filter((id) => id !== ''),
    invitedPartnerCount: invitedPartners.length,
    catalog: options.catalog,
    direction: options.direction,
  });
  for (const key of DERIVED_FIELDS) {
    const source = sources[key];
    if (source.kind === 'derived') values[key] = source.value;
    else if (source.kind === 'undecided') values[key] = null;
  }

  // The stage list depends on the deal type, so the stage is read last.
  const stageCell = cellOf(cells, map, 'salesStage');
  let stage: ParsedStage | null = null;
  values.salesStage = null;
  if (isExcelError(cellText(stageCell))) errorValues.push(headerOf('salesStage'));
  else if (cellText(stageCell) !== '') {
    const dealType = typeof values.dealType === 'string' && !invalid.includes('dealType') ? values.dealType : null;
    const direction = typeof values.direction === 'string' && !invalid.includes('direction') ? values.direction : null;
    stage = parseStage(stageCell, dealType, direction) ?? null;
    // An undecided deal type may be a solution assessment: its stage names are stages too.
    if (!stage && sources.dealType.kind === 'undecided') stage = parseStage(stageCell, 'Solution assessment', direction) ?? null;
    values.salesStage = stage ? stage.name : cellText(stageCell);
    if (!stage) invalid.push('salesStage');
  }

  return {
    row,
    values,
    invalid,
    errorValues,
    stage,
    solutions,
    teamMembers: listCells(cells, map.lists.teamMembers, errorValues, toTeamMember),
    invitedPartners,
    sources,
  };
}

/**
 * Every field's value before the row is read, in the order they are read (Sales Stage last). Each row's values start
 * as a copy of it, so that all rows share one shape that V8 reads fast: an object filled key by key past a dozen
 * keys turns into a dictionary, slower to build and to read, and the rules read these values on every row.
 */
const EMPTY_VALUES: Readonly<Record<FieldKey, FieldValue>> = Object.fromEntries(
  [...(COLUMNS as readonly ColumnSpec[]).filter((c) => c.format !== 'stage').map((c) => c.key), 'salesStage'].map((key) => [key, null]),
) as Record<FieldKey, FieldValue>;

/**
 * How rows of a sheet are read, once per header map: the values of the columns the sheet lacks (empty text for a
 * text column, as an empty cell reads, null otherwise), and the columns it has, in the contract's order, Sales
 * Stage aside (it is read last, with the deal type).
 */
interface ReadPlan {
  readonly absent: Readonly<Record<FieldKey, FieldValue>>;
  readonly present: readonly { readonly key: FieldKey; readonly index: number; readonly format: ColumnSpec['format'] }[];
}

const READ_PLANS = new WeakMap<HeaderMap, ReadPlan>();

function readPlanOf(map: HeaderMap): ReadPlan {
  const known = READ_PLANS.get(map);
  if (known) return known;
  const absent = { ...EMPTY_VALUES };
  const present: { key: FieldKey; index: number; format: ColumnSpec['format'] }[] = [];
  for (const column of COLUMNS as readonly ColumnSpec[]) {
    if (column.format === 'stage') continue;
    const index = map.fields[column.key];
    if (index === undefined) absent[column.key] = column.format === 'text' ? '' : null;
    else present.push({ key: column.key, index, format: column.format });
  }
  const plan = { absent, present };
  READ_PLANS.set(map, plan);
  return plan;
}

/** The row's cell of a field's column; null when the sheet has no such column or the row stops short of it. */
function cellOf(cells: readonly Cell[], map: HeaderMap, key: FieldKey): Cell {
  const index = map.fields[key];
  return index === undefined ? null : (cells[index] ?? null);
}

/**
 * The filled cells of a list's columns (Solution 1, Solution 2, …), each read into an entry; an error value is
 * noted in `errorValues` instead. (A function of its own, not a closure made for every row.)
 */
function listCells<T>(cells: readonly Cell[], columns: readonly ListColumn[], errorValues: string[], entry: (header: string, parts: string[]) => T): T[] {
  const entries: T[] = [];
  for (const c of columns) {
    const text = cellText(cells[c.index] ?? null);
    if (text === '') continue;
    if (isExcelError(text)) errorValues.push(c.header);
    else entries.push(entry(c.header, text.split(',').map((part) => part.trim())));
  }
  return entries;
}

/** Columns the product writes itself (its messages, Partner Center's kept messages): an error value there is no deal data. */
const OUTPUT_COLUMNS: ReadonlySet<FieldKey> = new Set(['errors', 'partnerCenterErrors']);

/** Excel's error values, as a cell shows them (and Office.js and .xlsx files give them). */
const EXCEL_ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!', '#PYTHON!']);

/**
 * Does the cell show one of Excel's error values (a formula that failed)?
 *
 * @example
 * isExcelError('#N/A'); // true
 * isExcelError('#1 deal'); // false
 */
export function isExcelError(text: string): boolean {
  return text.charCodeAt(0) === 35 && EXCEL_ERRORS.has(text.trim().toUpperCase());
}

function parseFormat(format: ColumnSpec['format'], cell: Cell, options: ParseOptions): FieldValue | undefined {
  const text = cellText(cell);
  switch (format) {
    case 'text':
      return text;
    case 'number':
      return parseNumber(cell, options);
    case 'date':
      return parseUsDate(cell);
    case 'yesNo':
      return parseYesNo(cell);
    case 'reasonCode':
      return parseCode(cell, REASON_CODES);
    case 'helpCode':
      return parseCode(cell, HELP_CODES);
    case 'status':
      return canonical(REFERRAL_STATUSES, text);
    case 'substatus':
      return canonical(REFERRAL_SUBSTATUSES, text);
    case 'microsoftStatus':
      return canonical(MICROSOFT_REFERRAL_STATUSES, text);
    case 'direction':
      return canonical(DIRECTIONS, text);
    case 'dealType':
      return canonical(DEAL_TYPES, text);
    case 'registrationStatus':
      return canonical(REGISTRATION_STATUSES, text);
    case 'purchaseIntent':
      return canonical(PURCHASE_INTENTS, text);
    case 'stage':
      throw new Error('Sales Stage is read with the deal type (parseStage).');
  }
}

function toSolution(header: string, parts: string[]): SolutionEntry {
  const [id = '', currency = '', price = '', quantity = ''] = parts;
  return { header, id, currency, price, quantity };
}

function toTeamMember(header: string, parts: string[]): TeamMember {
  const [firstName = '', lastName = '', phone = '', email = ''] = parts;
  const complete = parts.length === 4 && [firstName, lastName, phone, email].every((p) => p !== '');
  return { header, firstName, lastName, phone, email, complete };
}

/**
 * `Partner name, close date, value, currency`, read from the right so that a partner name may hold commas
 * and, in decimal-comma files, the value may too (`Contoso, Ltd, 6/30/2026, 50000,50, EUR`).
 */
function toInvitedPartner(header: string, parts: string[], options: ParseOptions): InvitedPartner {
  const dateIndex = findLastIndex(parts, (p) => parseUsDate(p) !== undefined);
  if (dateIndex < 1 || parts.length - dateIndex < 3) {
    return { header, partnerName: parts[0] ?? '', closeDate: null, value: null, currency: '', complete: false };
  }
  const partnerName = parts.slice(0, dateIndex).join(', ');
  const currency = parts[parts.length - 1].toUpperCase();
  const value = parseNumber(parts.slice(dateIndex + 1, -1).join(','), options) ?? null;
  const closeDate = parseUsDate(parts[dateIndex]) ?? null;
  const complete = partnerName !== '' && value !== null && CURRENCY_CODES.has(currency);
  return { header, partnerName, closeDate, value, currency, complete };
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

/** A parsed value as text, or null when it is empty or not text (for vocabulary words such as Deal Type). */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** `Partner Referral Status/Substatus` as one word pair, e.g. `Active/Accepted`. */
export function statusPairOf(deal: Deal): string {
  return `${deal.values.partnerReferralStatus ?? ''}/${deal.values.partnerReferralSubstatus ?? ''}`;
}
