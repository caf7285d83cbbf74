import { type Cell, cellText } from './cell';
import { type Stage, foldWord, foldedIndex, stagesFor } from '../domain/vocabulary';
import { dateFromSerial } from './date-serial';
import { remembered } from '../domain/remembered';

/**
 * Parsers for the cell formats of the sheet contract. Each returns `undefined` when a filled cell
 * does not match its format; callers treat an empty cell separately.
 */

export interface NumberOptions {
  /** `;`-delimited files come from locales that write `12563,50`. */
  readonly decimalComma: boolean;
}

/**
 * Reads an amount: `12563`, `12563.50`, `12,563.50`; with `decimalComma`, `12563,50` and `12.563,50`.
 *
 * @example
 * parseNumber('12,563.50', { decimalComma: false }); // 12563.5
 * parseNumber('12563,50', { decimalComma: true });   // 12563.5
 */
export function parseNumber(cell: Cell, { decimalComma }: NumberOptions): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  let text = cellText(cell).replace(/[\s\u00a0\u202f]/g, '');
  if (decimalComma) {
    if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) text = text.replace(/\./g, '');
    text = text.replace(',', '.');
  } else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) {
    text = text.replace(/,/g, '');
  }
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * Reads a calendar date written month/day/year, with or without leading zeros, a real date cell, or a number:
 * an Excel date serial (1900 date system; the time of day is ignored), which is what a date cell holds when its
 * format is General. Returns the ISO form `YYYY-MM-DD`; impossible dates such as 2/30/2021 are refused.
 *
 * @example
 * parseUsDate('1/30/2020');  // '2020-01-30'
 * parseUsDate(43860);        // '2020-01-30'
 * parseUsDate('13/01/2020'); // undefined
 */
export function parseUsDate(cell: Cell): string | undefined {
  if (typeof cell === 'number') {
    const date = cell >= 1 ? dateFromSerial(Math.floor(cell)) : undefined;
    return date ? parseUsDate(date) : undefined;
  }
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? undefined : isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cellText(cell));
  if (!match) return undefined;
  const [month, day, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? isoDate(year, month, day) : undefined;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from `fromIso` to `toIso` (both `YYYY-MM-DD`). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((utcMidnight(toIso) - utcMidnight(fromIso)) / 86_400_000);
}

/** The time of an ISO date's UTC midnight, remembered: a sheet's dates are few, and `today` is one date. */
const utcMidnight = (iso: string): number => UTC_MIDNIGHTS.get(iso, parseMidnight);
const parseMidnight = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const UTC_MIDNIGHTS = remembered<number>(65_536);

/** `Yes`/`No` in any case; spreadsheet booleans count too. */
export function parseYesNo(cell: Cell): boolean | undefined {
  if (typeof cell === 'boolean') return cell;
  const word = foldWord(cellText(cell));
  if (word === 'yes' || word === 'true') return true;
  if (word === 'no' || word === 'false') return false;
  return undefined;
}

/** A code of a coded list (`6`) or its label (`Proposed time line was too short`), as the code. */
export function parseCode(cell: Cell, labels: Readonly<Record<number, string>>): number | undefined {
  const text = cellText(cell);
  if (/^\d+$/.test(text)) return labels[Number(text)] !== undefined ? Number(text) : undefined;
  const found = foldedIndex(codeList(labels), ([, label]) => label).get(foldWord(text));
  return found ? Number(found[0]) : undefined;
}

/** How a Sales Stage cell was written, so that a new stage is written back the same way. */
export type StageForm = 'name' | 'percent' | 'percentSign' | 'number';

export interface ParsedStage extends Stage {
  readonly form: StageForm;
}

/**
 * Reads a Sales Stage cell: a stage name of the deal's stage list, or its percentage (`40`, `40%`).
 * 10 % is `Created` on outbound deals and `Accepted` on inbound ones.
 *
 * @example
 * parseStage('developed', 'Co-sell', 'Inbound');           // { name: 'Developed', percent: 40, form: 'name' }
 * parseStage('40', 'Solution assessment', 'Outbound');     // { name: 'Collect data', percent: 40, form: 'percent' }
 */
export function parseStage(cell: Cell, dealType: string | null, direction: string | null): ParsedStage | undefined {
  const stages = stagesFor(dealType);
  if (typeof cell === 'number') return stageAtPercent(stages, cell, direction, 'number');
  const text = cellText(cell);
  const percent = /^(\d{1,3})\s*(%?)$/.exec(text);
  if (percent) return stageAtPercent(stages, Number(percent[1]), direction, percent[2] ? 'percentSign' : 'percent');
  const stage = foldedIndex(stages, (s) => s.name).get(foldWord(text));
  return stage ? parsedStage(stage, 'name') : undefined;
}

/** A coded list's entries, once per list (so that its folded index is built once too). */
function codeList(labels: Readonly<Record<number, string>>): readonly [string, string][] {
  let entries = CODE_LISTS.get(labels);
  if (!entries) CODE_LISTS.set(labels, (entries = Object.entries(labels)));
  return entries;
}
const CODE_LISTS = new WeakMap<object, readonly [string, string][]>();

function stageAtPercent(stages: readonly Stage[], percent: number, direction: string | null, form: StageForm): ParsedStage | undefined {
  const matches = stages.filter((s) => s.percent === percent);
  if (matches.length === 0) return undefined;
  const stage = matches.length > 1 ? matches.find((s) => s.name === (direction === 'Outbound' ? 'Created' : 'Accepted'))! : matches[0];
  return parsedStage(stage, form);
}

/**
 * A stage of a stage list read in one form: one frozen object for each, shared by every row that reads it (the
 * rows of a sheet are in a handful of stages, and a copy per row cost a tenth of reading the row).
 */
function parsedStage(stage: Stage, form: StageForm): ParsedStage {
  let forms = PARSED_STAGES.get(stage);
  if (!forms) PARSED_STAGES.set(stage, (forms = new Map()));
  let parsed = forms.get(form);
  if (!parsed) forms.set(form, (parsed = Object.freeze({ ...stage, form })));
  return parsed;
}
const PARSED_STAGES = new WeakMap<Stage, Map<StageForm, ParsedStage>>();

/** The cell value that writes `stage` in the form the cell used (names when the cell was empty). */
export function formatStage(stage: Stage, form: StageForm | undefined): Cell {
  switch (form) {
    case 'number':
      return stage.percent;
    case 'percent':
      return String(stage.percent);
    case 'percentSign':
      return `${stage.percent}%`;
    default:
      return stage.name;
  }
}
