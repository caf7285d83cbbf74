/** Excel stores a date as a serial: days since 1899-12-30 (the 1900 date system), as a number. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** The calendar date of a serial, at UTC midnight (how the engine reads dates). */
export function dateFromSerial(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS));
}

/** The serial of a calendar date. */
export function serialFromDate(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - EXCEL_EPOCH_MS) / DAY_MS);
}
