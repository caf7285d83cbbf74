/**
 * The solution catalog the pane judges with: the workbook's own `Solutions` sheet when it has one, else the
 * sample bundled with the add-in (`rules/catalog.json`). The pane can create the sheet, pre-filled with the
 * solution IDs the deal sheet uses, and never overwrites one that exists. No UI: the pane's views call these.
 */
import { type SolutionCatalog, createCatalog } from '../../engine/domain/catalog';
import {
  CATALOG_HEADERS,
  type CatalogDocument,
  type CatalogSheetProblem,
  type PendingSolution,
  SOLUTIONS_SHEET,
  catalogFromSheet,
  solutionsSheetRows,
} from '../../engine/sheet/catalog-sheet';
import { solutionIdsInUse } from '../../engine/sheet/catalog-ids-in-use';
import { SOLUTION_KINDS } from '../../engine/domain/vocabulary';
import { type SheetsGateway } from '../excel/sheets-gateway';
import { type SheetRead } from '../excel/excel-host';
import catalogJson from '../../rules/catalog.json';

export { SOLUTIONS_SHEET };

/** What the workbook's `Solutions` sheet gave. */
export type WorkbookCatalogRead =
  | {
      readonly kind: 'catalog';
      readonly sheetName: string;
      readonly catalog: SolutionCatalog;
      /** The same catalog as plain data, for the rules worker (`createCatalog(document)` gives it back). */
      readonly document: CatalogDocument;
      /** Listed solutions whose Kind or Incentive eligible is still empty (not in the catalog yet). */
      readonly pending: readonly PendingSolution[];
    }
  /** Nothing is taken from a sheet with problems: each names its row and column. */
  | { readonly kind: 'problems'; readonly sheetName: string; readonly problems: readonly CatalogSheetProblem[] }
  /** The workbook has no `Solutions` sheet (or it is empty). */
  | { readonly kind: 'absent' };

/** The catalog the pane uses, and a sentence saying which. */
export interface CatalogInUse {
  readonly source: 'workbook' | 'bundled';
  readonly catalog: SolutionCatalog;
  readonly document: CatalogDocument;
  /** `Solutions sheet: 7 solutions.` / `The bundled sample catalog (8 solutions): …` */
  readonly description: string;
  /** Set when the Solutions sheet has problems (the bundled sample is used meanwhile) or rows still to fill. */
  readonly warning?: string;
}

/** What `createSolutionsSheet` did. */
export type CreateSolutionsReport =
  | {
      readonly kind: 'created';
      readonly sheetName: string;
      /** Solution IDs listed. */
      readonly ids: number;
      /** Of them, filled in from the bundled sample (the rest have their ID alone). */
      readonly prefilled: number;
    }
  /** A `Solutions` sheet exists: nothing was written. */
  | { readonly kind: 'exists'; readonly sheetName: string };

/** The sample catalog bundled with the add-in (the same file the CLI defaults to). */
export function bundledCatalog(): { catalog: SolutionCatalog; document: CatalogDocument } {
  const { catalog } = createCatalog(catalogJson);
  if (!catalog) throw new Error('The bundled rules/catalog.json does not load.');
  return { catalog, document: { solutions: catalog.solutions } };
}

/**
 * @example
 * const catalogs = new WorkbookCatalog(new SheetsGateway(Excel));
 * const read = await catalogs.readWorkbookCatalog(); // { kind: 'catalog', … } | { kind: 'problems', … } | { kind: 'absent' }
 * await catalogs.createSolutionsSheet(solutionIdsOfSheet(await gateway.readSheet())); // { kind: 'created', ids: 5, prefilled: 1, … }
 */
export class WorkbookCatalog {
  constructor(private readonly sheets: SheetsGateway) {}

  /** Reads the workbook's `Solutions` sheet (any case), from the first row of its used range. */
  async readWorkbookCatalog(): Promise<WorkbookCatalogRead> {
    const read = await this.sheets.readSheet(SOLUTIONS_SHEET);
    if (read.kind !== 'sheet') return { kind: 'absent' };
    const [headers = [], ...rows] = read.values;
    const result = catalogFromSheet({ headers, rows }, { sheet: read.name, headerRow: read.firstRow + 1, firstColumn: read.firstColumn });
    if (result.kind === 'problems') return { kind: 'problems', sheetName: read.name, problems: result.problems };
    return { kind: 'catalog', sheetName: read.name, catalog: result.catalog, document: result.document, pending: result.pending };
  }

  /** The catalog to judge with: the `Solutions` sheet's, else (absent, or with problems) the bundled sample. */
  async catalogInUse(): Promise<CatalogInUse> {
    const read = await this.readWorkbookCatalog();
    const bundled = bundledCatalog();
    const sample = `the bundled sample catalog (${plural(bundled.catalog.solutions.length, 'solution')})`;
    switch (read.kind) {
      case 'catalog': {
        const pending = read.pending.length;
        const warning = pending > 0 ? `${plural(pending, 'solution')} on sheet "${read.sheetName}" still ${pending === 1 ? 'has' : 'have'} no Kind or Incentive eligible, so ${pending === 1 ? 'it is' : 'they are'} unknown until filled in: ${read.pending.map((p) => `${p.id} (row ${p.row})`).join(', ')}.` : undefined;
        return { source: 'workbook', catalog: read.catalog, document: read.document, description: `Sheet "${read.sheetName}": ${plural(read.catalog.solutions.length, 'solution')}.`, ...(warning ? { warning } : {}) };
      }
      case 'problems':
        return { ...bundled, source: 'bundled', description: `Using ${sample}.`, warning: `The sheet "${read.sheetName}" cannot be used as the catalog: ${read.problems.map((p) => p.text).join(' ')}` };
      case 'absent':
        return { ...bundled, source: 'bundled', description: `Using ${sample}. Create a "${SOLUTIONS_SHEET}" sheet to keep your own.` };
    }
  }

  /**
   * Creates the `Solutions` sheet: the headers ID, Name, Kind, Incentive eligible, then one row per ID (sorted,
   * each once), filled in from the bundled sample where it knows the ID and with the ID alone otherwise, and
   * drop-downs on Kind (own, microsoft, third-party, assessment) and Incentive eligible (Yes, No). Never touches
   * an existing `Solutions` sheet.
   */
  async createSolutionsSheet(idsInUse: readonly string[]): Promise<CreateSolutionsReport> {
    const { catalog } = bundledCatalog();
    const rows = solutionsSheetRows(idsInUse, catalog);
    const kindColumn = CATALOG_HEADERS.indexOf('Kind');
    const eligibleColumn = CATALOG_HEADERS.indexOf('Incentive eligible');
    const result = await this.sheets.createSheet({
      name: SOLUTIONS_SHEET,
      rows,
      lists: [
        { column: kindColumn, values: SOLUTION_KINDS, message: `Kind is one of ${SOLUTION_KINDS.join(', ')}.` },
        { column: eligibleColumn, values: ['Yes', 'No'], message: 'Incentive eligible is Yes or No.' },
      ],
    });
    if (result.kind === 'exists') return { kind: 'exists', sheetName: result.name };
    const listed = rows.slice(1);
    return { kind: 'created', sheetName: result.name, ids: listed.length, prefilled: listed.filter((r) => r[kindColumn] !== '').length };
  }
}

/**
 * The solution IDs a deal sheet read through the gateway uses (what `createSolutionsSheet` takes).
 *
 * @example
 * solutionIdsOfSheet(await gateway.readSheet()); // ['SOL-1234-PQRS', 'SOL-2041-AZMG', …]
 */
export function solutionIdsOfSheet(read: Pick<SheetRead, 'headers' | 'rows'>): string[] {
  return solutionIdsInUse({ headers: read.headers, rows: read.rows.map((r) => r.cells) });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
