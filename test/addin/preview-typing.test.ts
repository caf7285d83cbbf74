import { excelTyped } from '../../addin/excel/stand-in/workbook-from-grid';

describe('the preview types what a user enters as Excel does', () => {
  test.each([
    ['-abc', '#NAME?'],
    ['=SUM(A1)', '#NAME?'],
    ['@x', '#NAME?'],
    ['+x', '#NAME?'],
    ["'=kept as text", '=kept as text'],
    ['-5', -5],
    ['12563.5', 12563.5],
    ['Contoso', 'Contoso'],
  ])('%j becomes %j', (typed, stored) => {
    expect(excelTyped(typed)).toEqual(stored);
  });

  test('an M/D/YYYY date becomes its serial, an impossible one stays text', () => {
    expect(excelTyped('1/30/2026')).toBe(46052);
    expect(excelTyped('2/30/2026')).toBe('2/30/2026');
  });
});
