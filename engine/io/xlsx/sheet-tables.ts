import { type WorkbookPackage } from './workbook-package';
import { attributes, scanTags } from './xml-text';

/** A table (ListObject) on a sheet: its name and range, 0-based. */
export interface SheetTable {
  readonly name: string;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstCol: number;
  readonly lastCol: number;
}

/**
 * The tables of a worksheet part, read from its relationships (`tableParts`). The writer never resizes a table;
 * it uses these to say when a new column lands just right of one.
 *
 * @example
 * sheetTables(pkg, 'xl/worksheets/sheet1.xml'); // [{ name: 'Deals', firstRow: 0, lastRow: 36, firstCol: 0, lastCol: 40 }]
 */
export function sheetTables(pkg: WorkbookPackage, sheetPart: string): SheetTable[] {
  const tables: SheetTable[] = [];
  for (const rel of pkg.relationships(sheetPart).values()) {
    if (rel.external || !rel.type.endsWith('/table')) continue;
    const xml = pkg.text(rel.target);
    if (xml === undefined) continue;
    for (const tag of scanTags(xml)) {
      if (tag.local !== 'table' || tag.kind === 'end') continue;
      const a = attributes(tag.rawAttributes);
      const match = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/.exec(a.get('ref') ?? '');
      if (match) tables.push({ name: a.get('displayName') ?? a.get('name') ?? '', firstCol: col(match[1]), firstRow: Number(match[2]) - 1, lastCol: col(match[3]), lastRow: Number(match[4]) - 1 });
      break;
    }
  }
  return tables;
}

function col(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}
