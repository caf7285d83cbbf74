import { type SheetIndex } from './sheet-index';

/** Disjoint row intervals, sorted: `starts[i]..ends[i]`. */
interface RowIntervals {
  readonly starts: number[];
  readonly ends: number[];
}

/**
 * Which cells of a sheet hold a formula: a cell with its own formula element (a shared formula's cells
 * included, each has one) or any cell inside the range of an array formula or data table. Excel computes those
 * from the formula on the range's first cell, so a value written there would be lost at the next recalculation:
 * they are formula cells to a writer. Each column asked about gathers the ranges crossing it once; a lookup is
 * then a binary search, so many ranges cost time linear in their number.
 *
 * @example
 * const holdsFormula = formulaCells(index); // the sheet has <c r="T30"><f t="array" ref="T30:T31">…</f></c>
 * holdsFormula(31, 19); // true: T31 is computed by the array formula
 */
export function formulaCells(index: SheetIndex): (row: number, col: number) => boolean {
  const byColumn = new Map<number, RowIntervals>();
  const intervalsOf = (col: number): RowIntervals => {
    let found = byColumn.get(col);
    if (found === undefined) {
      found = mergedRows(index.formulaRanges.filter((r) => r.firstCol <= col && col <= r.lastCol));
      byColumn.set(col, found);
    }
    return found;
  };
  return (row, col) => {
    if (index.hasFormula(row, col)) return true;
    const { starts, ends } = intervalsOf(col);
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid] > row) high = mid - 1;
      else if (ends[mid] < row) low = mid + 1;
      else return true;
    }
    return false;
  };
}

/** The rows the ranges cover, as disjoint sorted intervals. */
function mergedRows(ranges: readonly { readonly firstRow: number; readonly lastRow: number }[]): RowIntervals {
  const sorted = [...ranges].sort((a, b) => a.firstRow - b.firstRow);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { firstRow, lastRow } of sorted) {
    const last = ends.length - 1;
    if (last >= 0 && firstRow <= ends[last] + 1) ends[last] = Math.max(ends[last], lastRow);
    else {
      starts.push(firstRow);
      ends.push(lastRow);
    }
  }
  return { starts, ends };
}
