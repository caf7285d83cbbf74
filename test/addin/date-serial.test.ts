import { dateFromSerial, serialFromDate } from '../../engine/sheet/date-serial';
import { excelTyped } from '../../addin/excel/stand-in/workbook-from-grid';
import { toEngineCells } from '../../addin/session/sheet-session';

describe('Excel date serials', () => {
  test('match Excel’s 1900 date system', () => {
    expect(serialFromDate(2020, 1, 30)).toBe(43860);
    expect(dateFromSerial(43860)?.toISOString()).toBe('2020-01-30T00:00:00.000Z');
    expect(dateFromSerial(43860.75)?.getUTCDate()).toBe(30); // a time of day keeps the date
  });

  test('a number in a date column reaches the engine as a date; elsewhere it stays a number', () => {
    const headers = ['Deal Name', 'Estimated Close Date', 'Estimated Deal Value'];
    const [name, close, value] = toEngineCells(['Backup', 43860, 43860], headers);
    expect(name).toBe('Backup');
    expect(close).toEqual(new Date('2020-01-30T00:00:00Z'));
    expect(value).toBe(43860);
  });

  test('opening a CSV types real M/D/YYYY dates and plain numbers, and leaves the rest as text', () => {
    expect(excelTyped('1/30/2020')).toBe(43860);
    expect(excelTyped('2/30/2020')).toBe('2/30/2020');
    expect(excelTyped('12563')).toBe(12563);
    expect(excelTyped('007')).toBe('007');
    expect(excelTyped('45,000.00')).toBe('45,000.00');
  });
});
