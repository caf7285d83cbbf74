/**
 * The solution catalog as the pane shows and uses it: the workbook's `Solutions` sheet when it has one, else the
 * bundled sample, with the sheet's problems each located (sheet, row, column) and, when there is no such sheet,
 * the offer to create it pre-filled with the IDs the deal sheet uses. No UI; the views call these.
 */
import { type CatalogDocument, describePending } from '../../engine/sheet/catalog-sheet';
import { type ExcelGateway } from '../excel/excel-gateway';
import { type CreateSolutionsReport, SOLUTIONS_SHEET, type WorkbookCatalog, bundledCatalog, solutionIdsOfSheet } from './workbook-catalog';

/** What the views say about the catalog in use. */
export interface CatalogView {
  readonly source: 'workbook' | 'bundled';
  /** `Solutions sheet "Solutions": 7 solutions.` / `The bundled sample catalog (8 solutions) …` */
  readonly description: string;
  /** The Solutions sheet's problems, each naming its sheet, row and column (the sample is used meanwhile). */
  readonly problems: readonly string[];
  /** Listed solutions still without Kind or Incentive eligible (unknown until filled in). */
  readonly pending?: string;
  /** The workbook has no Solutions sheet: the pane offers to create one. */
  readonly canCreate: boolean;
}

/**
 * @example
 * const catalog = new PaneCatalog(new WorkbookCatalog(new SheetsGateway(Excel)), gateway);
 * const view = await catalog.refresh(); // reads the Solutions sheet (one request)
 * catalog.document(); // what the rules worker judges with (undefined: the bundled sample)
 */
export class PaneCatalog {
  private inUse: CatalogDocument | undefined;

  constructor(
    private readonly catalogs: WorkbookCatalog,
    private readonly gateway: ExcelGateway,
  ) {}

  /** The catalog the last refresh found in the workbook; undefined when the bundled sample is used. */
  document(): CatalogDocument | undefined {
    return this.inUse;
  }

  /** Reads the workbook's Solutions sheet again and says which catalog is in use. */
  async refresh(): Promise<CatalogView> {
    const read = await this.catalogs.readWorkbookCatalog();
    const sample = `the bundled sample catalog (${plural(bundledCatalog().catalog.solutions.length, 'solution')})`;
    switch (read.kind) {
      case 'catalog':
        this.inUse = read.document;
        return {
          source: 'workbook',
          description: `Solution catalog: sheet "${read.sheetName}", ${plural(read.catalog.solutions.length, 'solution')}.`,
          problems: [],
          ...(read.pending.length > 0 ? { pending: `Still without Kind or Incentive eligible, so unknown until filled in: ${describePending(read.pending)}.` } : {}),
          canCreate: false,
        };
      case 'problems':
        this.inUse = undefined;
        return { source: 'bundled', description: `Solution catalog: ${sample}, because the sheet "${read.sheetName}" has problems:`, problems: read.problems.map((p) => p.text), canCreate: false };
      case 'absent':
        this.inUse = undefined;
        return { source: 'bundled', description: `Solution catalog: ${sample}. This workbook has no "${SOLUTIONS_SHEET}" sheet to keep your own.`, problems: [], canCreate: true };
    }
  }

  /** Creates the Solutions sheet, pre-filled with the solution IDs the open deal sheet uses; never overwrites one. */
  async createSheet(): Promise<CreateSolutionsReport> {
    const read = await this.gateway.readSheet();
    return this.catalogs.createSolutionsSheet(solutionIdsOfSheet(read));
  }
}

/** What the pane says after "Create Solutions sheet". */
export function describeCreated(report: CreateSolutionsReport): string {
  if (report.kind === 'exists') return `The workbook already has a sheet "${report.sheetName}": nothing was written.`;
  const rest = report.ids - report.prefilled;
  return `Created the sheet "${report.sheetName}" with the ${plural(report.ids, 'solution ID')} this sheet uses${report.prefilled > 0 ? ` (${report.prefilled} filled in from the sample)` : ''}.${rest > 0 ? ` Fill in Kind and Incentive eligible for the other ${rest}; until then they stay unknown.` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
