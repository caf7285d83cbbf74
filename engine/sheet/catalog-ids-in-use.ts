import { type Cell, type SheetGrid, cellText } from './cell';
import { mapHeaders } from './header-map';

/**
 * The solution IDs a deal sheet uses: the ID part (before the first comma) of every `Solution n` cell, each ID
 * once whatever its case (the first spelling kept), in the order the sheet first uses them. What a new
 * `Solutions` sheet is pre-filled with.
 *
 * @example
 * solutionIdsInUse({ headers: ['Deal Name', 'Solution 1', 'Solution 2'], rows: [['A', 'SOL-1, USD, 10, 2', 'sol-2'], ['B', 'SOL-2', '']] });
 * // ['SOL-1', 'sol-2']
 */
export function solutionIdsInUse(grid: SheetGrid): string[] {
  const { map } = mapHeaders(grid.headers);
  const ids = new Map<string, string>();
  for (const cells of grid.rows) {
    for (const column of map.lists.solutions) {
      const id = idOf(cells[column.index] ?? null);
      if (id !== '' && !ids.has(id.toUpperCase())) ids.set(id.toUpperCase(), id);
    }
  }
  return [...ids.values()];
}

function idOf(cell: Cell): string {
  return cellText(cell).split(',')[0].trim();
}
