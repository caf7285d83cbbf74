/**
 * Excel stores a date as a serial number of days. In the 1900 date system (every workbook Excel makes today)
 * day 1 is 1900-01-01 and, as Lotus 1-2-3 did, day 60 is the 29 February 1900 that never was, so from day 61 on a
 * serial counts from 1899-12-30. In the 1904 system (old Mac workbooks) day 0 is 1904-01-01. The fraction is the
 * time of day.
 */
const DAY_MS = 86_400_000;
const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last day Excel shows. */
const LAST_SERIAL_1900 = 2_958_465;

/**
 * The date and time of a serial, at UTC (how the engine reads dates), or undefined for a serial that is no day
 * (negative, beyond 9999, or the phantom 29 February 1900).
 *
 * @example
 * dateFromSerial(43860)?.toISOString();        // '2020-01-30T00:00:00.000Z'
 * dateFromSerial(42399, true)?.toISOString();  // '2020-01-30T00:00:00.000Z'
 * dateFromSerial(60);                          // undefined
 */
export function dateFromSerial(serial: number, date1904 = false): Date | undefined {
  if (!Number.isFinite(serial) || serial < 0) return undefined;
  if (date1904) return serial + 1462 > LAST_SERIAL_1900 + 1 ? undefined : new Date(EPOCH_1904_MS + Math.round(serial * DAY_MS));
  if (serial >= LAST_SERIAL_1900 + 1) return undefined;
  if (serial >= 60 && serial < 61) return undefined;
  // Before the phantom day, serials count from 1899-12-31 (serial 1 = 1900-01-01); a bare time (0.x) from 1899-12-30.
  const epoch = serial >= 1 && serial < 60 ? EPOCH_1900_MS + DAY_MS : EPOCH_1900_MS;
  return new Date(epoch + Math.round(serial * DAY_MS));
}

/**
 * The 1900-system serial of a calendar date (from 1 March 1900 on).
 *
 * @example
 * serialFromDate(2020, 1, 30); // 43860
 */
export function serialFromDate(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - EPOCH_1900_MS) / DAY_MS);
}

/** The serial of a Date (its UTC fields), in the workbook's date system. */
export function serialOfDate(date: Date, date1904 = false): number {
  return (date.getTime() - (date1904 ? EPOCH_1904_MS : EPOCH_1900_MS)) / DAY_MS;
}
