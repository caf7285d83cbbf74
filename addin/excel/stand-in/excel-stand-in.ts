/**
 * An in-browser stand-in for the subset of the Excel JavaScript API that the gateways in `addin/excel/` use,
 * with Excel's semantics where a gateway could go wrong:
 *
 * - objects are proxies: nothing happens until `context.sync()`, which runs the queued operations in order;
 * - reading a property that was not `load`ed and synced throws, as Excel does (`PropertyNotLoaded`);
 * - `values` must be set with an array of the range's exact shape;
 * - a request or response over 5 MB fails as a whole (`RequestPayloadSizeLimitExceeded`), as on Excel on the web;
 * - every `sync` is counted, with its size, so tests can count requests per chunk;
 * - the add-in's writes fire `onChanged` after the sync, as Excel does;
 * - text written through `values` is typed as Excel types it (`storedValue`): a leading `=`, `+`, `-` or `@` makes
 *   a formula (shown as `#NAME?`, as the stand-in calculates nothing), numbers and booleans become numbers and
 *   booleans, and a leading apostrophe keeps the rest as text;
 * - rows can be hidden by the user or by an AutoFilter (`Range.rowHidden`);
 * - a selection of several areas (ctrl-click) is what Excel makes of it: `getSelectedRanges()` gives its areas,
 *   `getSelectedRange()` fails with `InvalidSelection`;
 * - a test can run a callback before any request (`beforeSync`), to act as a user editing between requests;
 * - with `sliceMs` (the preview page), a request is answered in slices that give the page a turn, as Excel answers
 *   it in another process; a user's edit made meanwhile waits for the request to end, as Excel runs a request whole.
 *
 * It is not Excel: no formulas are calculated, no formats beyond fill colour, no undo stack, no co-authoring.
 */
import {
  type Area,
  type StandInSheet,
  type StandInTable,
  type StandInValidation,
  type StandInValue,
  type StandInWorkbook,
  areaAddress,
  getCell,
  getFill,
  parseAddress,
  setCell,
  setFill,
  usedArea,
  usedAreaWithin,
} from './stand-in-workbook';
import { jsonBytes } from '../payload-size';
import { pacer } from '../yielding';

/** Excel on the web's limit for one request and one response. */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

/** One `context.sync()` as the stand-in saw it. */
export interface RequestRecord {
  readonly operations: readonly string[];
  readonly requestBytes: number;
  readonly responseBytes: number;
}

/** An error shaped like Office.js's `OfficeExtension.Error`. */
export class StandInError extends Error {
  override readonly name = 'RichApi.Error';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface ExcelStandIn {
  /** Same contract as `Excel.run(batch)` and `Excel.run(context, batch)`. */
  run<T>(batch: (context: any) => Promise<T>): Promise<T>;
  run<T>(context: any, batch: (context: any) => Promise<T>): Promise<T>;
  /** Every request made so far. */
  readonly requests: RequestRecord[];
  /** Forget the recorded requests (tests count per step). */
  resetCounts(): void;
  readonly workbook: StandInWorkbook;
  /**
   * Called before each request runs, with its index among all requests so far (0-based): a test's user edits
   * the sheet there, between two of the add-in's requests, as a real user can.
   */
  beforeSync?: (request: number) => void;
}

/**
 * Wraps a workbook in the Excel API subset.
 *
 * @example
 * const excel = createExcelStandIn(book);
 * await excel.run(async (context) => {
 *   const range = context.workbook.worksheets.getActiveWorksheet().getRange('A1');
 *   range.load('values');
 *   await context.sync();
 *   return range.values[0][0];
 * });
 */
export function createExcelStandIn(workbook: StandInWorkbook, options: { limitBytes?: number; sliceMs?: number } = {}): ExcelStandIn {
  const requests: RequestRecord[] = [];
  const limit = options.limitBytes ?? PAYLOAD_LIMIT_BYTES;
  const sliceMs = options.sliceMs;
  let syncs = 0;
  const standIn: ExcelStandIn = {
    workbook,
    requests,
    resetCounts: () => void requests.splice(0),
    async run<T>(first: any, second?: (context: any) => Promise<T>): Promise<T> {
      // Excel.run(batch), or Excel.run(earlierContext, batch): the batch runs on that context.
      const context = typeof first === 'function' ? new RequestContext(workbook, requests, limit, () => standIn.beforeSync?.(syncs++), sliceMs) : first;
      const batch = typeof first === 'function' ? first : second!;
      const result = await batch(context);
      if (context.queue.length > 0) await context.sync(); // Excel.run flushes what is left
      return result;
    },
  };
  return standIn;
}

interface Operation {
  readonly describe: string;
  /** What the operation adds to the request: measured when queued, or (answering in slices) when the request is sent. */
  readonly bytes: number | { readonly args: unknown };
  /** Runs the operation; returns what it adds to the response. */
  run(): unknown;
  /** `run`, in slices with `pace()` between them, for an operation on thousands of cells (answering in slices). */
  runPaced?(pace: Pace): Promise<unknown>;
}

/** Between two units of work: a promise when the slice is used up and the page gets a turn. */
type Pace = () => Promise<void> | undefined;

class RequestContext {
  readonly queue: Operation[] = [];
  readonly workbook: WorkbookProxy;
  private readonly pendingEvents: { worksheetId: string; address: string }[] = [];
  constructor(readonly book: StandInWorkbook, private readonly requests: RequestRecord[], private readonly limit: number, private readonly beforeRun: () => void, private readonly sliceMs?: number) {
    this.workbook = new WorkbookProxy(this);
  }

  enqueue(describe: string, args: unknown, run: () => unknown, runPaced?: (pace: Pace) => Promise<unknown>): void {
    // Answering in slices, the request is measured when it is sent (as Office.js serializes it then), in slices too.
    this.queue.push({ describe, bytes: this.sliceMs === undefined ? 64 + jsonBytes(args) : { args }, run, runPaced });
  }

  /** Excel notes the add-in's writes and fires `onChanged` once the request completes. */
  noteWrite(sheet: StandInSheet, area: Area): void {
    this.pendingEvents.push({ worksheetId: sheet.id, address: areaAddress(area) });
  }

  async sync(): Promise<void> {
    if (this.sliceMs !== undefined) return this.syncInSlices(this.sliceMs);
    const operations = this.queue.splice(0);
    const requestBytes = operations.reduce((sum, op) => sum + (op.bytes as number), 0);
    const record = (responseBytes: number) => this.requests.push({ operations: operations.map((o) => o.describe), requestBytes, responseBytes });
    if (requestBytes > this.limit) {
      record(0);
      throw new StandInError('RequestPayloadSizeLimitExceeded', `The request payload size has exceeded the limit (${requestBytes} bytes).`);
    }
    await Promise.resolve(); // a round trip: callers must not rely on synchronous completion
    this.beforeRun(); // what the user did while the request travelled
    let responseBytes = 0;
    try {
      for (const op of operations) responseBytes += jsonBytes(op.run() ?? null);
    } finally {
      this.flushEvents();
    }
    record(responseBytes);
    if (responseBytes > this.limit) {
      throw new StandInError('RequestPayloadSizeLimitExceeded', `The response payload size has exceeded the limit (${responseBytes} bytes).`);
    }
  }

  /**
   * `sync` as the preview page runs it: the same request, measured and answered in slices of about `sliceMs`
   * that give the page a turn (Excel answers in its own process; here its work would otherwise be one long task
   * of the page). The workbook holds a user's edits until the request ends (`StandInWorkbook.whole`).
   */
  private async syncInSlices(sliceMs: number): Promise<void> {
    const pace = pacer(sliceMs);
    const operations = this.queue.splice(0);
    let requestBytes = 0;
    for (const op of operations) requestBytes += typeof op.bytes === 'number' ? op.bytes : 64 + (await jsonBytesPaced(op.bytes.args, pace));
    const record = (responseBytes: number) => this.requests.push({ operations: operations.map((o) => o.describe), requestBytes, responseBytes });
    if (requestBytes > this.limit) {
      record(0);
      throw new StandInError('RequestPayloadSizeLimitExceeded', `The request payload size has exceeded the limit (${requestBytes} bytes).`);
    }
    await Promise.resolve(); // a round trip: callers must not rely on synchronous completion
    this.beforeRun(); // what the user did while the request travelled
    let responseBytes = 0;
    await this.book.whole(async () => {
      try {
        for (const op of operations) {
          await pace();
          responseBytes += await jsonBytesPaced((op.runPaced ? await op.runPaced(pace) : op.run()) ?? null, pace);
        }
      } finally {
        this.flushEvents();
      }
    });
    record(responseBytes);
    if (responseBytes > this.limit) {
      throw new StandInError('RequestPayloadSizeLimitExceeded', `The response payload size has exceeded the limit (${responseBytes} bytes).`);
    }
  }

  private flushEvents(): void {
    const events = this.pendingEvents.splice(0);
    if (events.length === 0) return;
    this.book.updated();
    setTimeout(() => events.forEach((e) => this.book.emitChange({ ...e, by: 'add-in' })), 0);
  }
}

/** A proxy: properties are readable only after `load` + `sync`. */
abstract class Proxy<T> {
  private readonly loaded = new Map<string, unknown>();
  /** While a load is answered in slices: what the proxy stands for, resolved once for all its properties. */
  private pinned?: { resolved: boolean; target?: T };
  constructor(protected readonly context: RequestContext, private readonly resolver: () => T | undefined) {}

  private resolve(): T | undefined {
    if (!this.pinned) return this.resolver();
    if (!this.pinned.resolved) this.pinned = { resolved: true, target: this.resolver() };
    return this.pinned.target;
  }

  protected target(): T {
    const target = this.resolve();
    if (target === undefined) throw new StandInError('ItemNotFound', 'The requested resource does not exist.');
    return target;
  }

  protected exists(): boolean {
    return this.resolve() !== undefined;
  }

  /** `load('a, b')`, `load(['a', 'b'])` or `load({ a: true })`. */
  load(props?: string | string[] | Record<string, unknown>): this {
    const names = props === undefined ? this.loadableProps() : typeof props === 'string' ? props.split(',') : Array.isArray(props) ? props : Object.keys(props);
    const wanted = names.map((n) => n.trim()).filter(Boolean);
    for (const name of wanted) if (!this.loadableProps().includes(name)) throw new StandInError('InvalidArgument', `The stand-in cannot load "${name}".`);
    this.context.enqueue(`load ${this.constructor.name.replace('Proxy', '')}.${wanted.join(',')}`, wanted, () => this.loadNow(wanted), (pace) => this.loadNowPaced(wanted, pace));
    return this;
  }

  /** `loadNow`, a property that is thousands of cells read in slices (`readPaced`). */
  async loadNowPaced(wanted: readonly string[], pace: Pace): Promise<Record<string, unknown>> {
    const result: Record<string, unknown> = {};
    // The request holds the workbook (`StandInWorkbook.whole`): what the proxy stands for cannot change meanwhile,
    // so it is resolved once (a used range is a scan of the sheet), not once per property.
    this.pinned = { resolved: false };
    try {
      for (const name of wanted) {
        if (!this.loadableProps().includes(name)) throw new StandInError('InvalidArgument', `The stand-in cannot load "${name}".`);
        const value = name === 'isNullObject' ? !this.exists() : this.exists() ? await this.readPaced(name, pace) : null;
        this.loaded.set(name, value);
        result[name] = value;
      }
    } finally {
      this.pinned = undefined;
    }
    return result;
  }

  /** `read`, in slices where a property is thousands of cells. */
  protected readPaced(name: string, _pace: Pace): Promise<unknown> {
    return Promise.resolve(this.read(name));
  }

  /** What a sync does for `load`: reads the properties now (a collection's load runs it for each of its items). */
  loadNow(wanted: readonly string[]): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const name of wanted) {
      if (!this.loadableProps().includes(name)) throw new StandInError('InvalidArgument', `The stand-in cannot load "${name}".`);
      const value = name === 'isNullObject' ? !this.exists() : this.exists() ? this.read(name) : null;
      this.loaded.set(name, value);
      result[name] = value;
    }
    return result;
  }

  get isNullObject(): boolean {
    return this.get('isNullObject') as boolean;
  }

  protected get(name: string): unknown {
    if (!this.loaded.has(name)) {
      throw new StandInError(
        'PropertyNotLoaded',
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loaded.get(name);
  }

  protected abstract loadableProps(): string[];
  protected abstract read(name: string): unknown;
}

class WorkbookProxy {
  readonly worksheets: WorksheetCollectionProxy;
  readonly tables: { getItem(name: string): TableProxy };
  constructor(private readonly context: RequestContext) {
    this.worksheets = new WorksheetCollectionProxy(context);
    const book = context.book;
    this.tables = {
      getItem: (name) =>
        new TableProxy(context, () => {
          for (const sheet of book.sheets) for (const table of sheet.tables) if (table.name === name) return { sheet, table };
          throw new StandInError('ItemNotFound', `The table "${name}" does not exist.`);
        }),
    };
  }

  /** As in Excel, a selection of several areas (ctrl-click) is no single range: using it fails with `InvalidSelection`. */
  getSelectedRange(): RangeProxy {
    const book = this.context.book;
    return new RangeProxy(this.context, () => {
      if (book.selectionAreas.length > 1) throw new StandInError('InvalidSelection', 'The current selection is invalid for this operation.');
      return { sheet: book.activeSheet, area: book.selection };
    });
  }

  /** `getSelectedRanges()` (ExcelApi 1.9): every area of the selection, one or several, as a `RangeAreas`. */
  getSelectedRanges(): RangeAreasProxy {
    const book = this.context.book;
    return new RangeAreasProxy(this.context, () => ({ sheet: book.activeSheet, areas: book.selectionAreas }));
  }
}

interface AreasTarget {
  readonly sheet: StandInSheet;
  readonly areas: readonly Area[];
}

/**
 * `RangeAreas` (ExcelApi 1.9): the areas of one sheet. `address` is Excel's comma-separated list
 * (`Deals!A2:F2,Deals!A5:F5`), `areaCount` the number of areas, `areas` the ranges (`areas.load('items/rowIndex')`),
 * `getTables` the tables any area touches.
 */
class RangeAreasProxy extends Proxy<AreasTarget> {
  readonly areas: RangeCollectionProxy;
  constructor(context: RequestContext, resolver: () => AreasTarget | undefined) {
    super(context, resolver);
    this.areas = new RangeCollectionProxy(context, () => {
      const { sheet, areas } = this.target();
      return areas.map((area) => ({ sheet, area }));
    });
  }
  get address(): string {
    return this.get('address') as string;
  }
  get areaCount(): number {
    return this.get('areaCount') as number;
  }
  protected loadableProps(): string[] {
    return ['address', 'areaCount', 'isNullObject'];
  }
  protected read(name: string): unknown {
    const { sheet, areas } = this.target();
    if (name === 'address') return areas.map((area) => `${quoteSheet(sheet.name)}!${areaAddress(area)}`).join(',');
    if (name === 'areaCount') return areas.length;
    return undefined;
  }
  getTables(_fullyContained = false): TableCollectionProxy {
    return new TableCollectionProxy(this.context, () => {
      const { sheet, areas } = this.target();
      return sheet.tables.filter((t) => areas.some((area) => intersects(t, area))).map((table) => ({ sheet, table }));
    });
  }
}

/** `RangeCollection`: loaded with `load('items/rowIndex,items/rowCount')` (or without the `items/`), then `items`. */
class RangeCollectionProxy {
  private loadedItems?: RangeProxy[];
  constructor(private readonly context: RequestContext, private readonly resolver: () => RangeTarget[]) {}
  load(props: string): this {
    const wanted = props.split(',').map((p) => p.trim().replace(/^items\//, '')).filter(Boolean);
    this.context.enqueue(`load RangeCollection.${wanted.join(',')}`, wanted, () => {
      this.loadedItems = this.resolver().map((t) => new RangeProxy(this.context, () => t));
      return { items: this.loadedItems.map((range) => range.loadNow(wanted)) };
    });
    return this;
  }
  get items(): RangeProxy[] {
    if (!this.loadedItems) throw new StandInError('PropertyNotLoaded', "The property 'items' is not available. Call load and context.sync() first.");
    return this.loadedItems;
  }
}

class EventSource {
  constructor(private readonly context: RequestContext, private readonly subscribe: (handler: (e: any) => unknown) => () => void) {}
  add(handler: (event: any) => unknown): { remove(): void } {
    let unsubscribe: (() => void) | undefined;
    this.context.enqueue('add event handler', null, () => void (unsubscribe = this.subscribe(handler)));
    return { remove: () => this.context.enqueue('remove event handler', null, () => unsubscribe?.()) };
  }
}

class WorksheetCollectionProxy {
  readonly onChanged: EventSource;
  readonly onSelectionChanged: EventSource;
  constructor(private readonly context: RequestContext) {
    const book = context.book;
    this.onChanged = new EventSource(context, (handler) =>
      book.onChange((e) => void handler({ worksheetId: e.worksheetId, address: e.address, changeType: 'RangeEdited', source: 'Local', type: 'WorksheetChanged' })),
    );
    this.onSelectionChanged = new EventSource(context, (handler) =>
      book.onSelection((e) => void handler({ worksheetId: e.worksheetId, address: e.address, type: 'WorksheetSelectionChanged' })),
    );
  }

  getActiveWorksheet(): WorksheetProxy {
    const book = this.context.book;
    return new WorksheetProxy(this.context, () => book.activeSheet);
  }

  getItem(key: string): WorksheetProxy {
    const book = this.context.book;
    return new WorksheetProxy(this.context, () => {
      const sheet = book.findSheet(key) ?? book.sheets.find((s) => s.id === key);
      if (!sheet) throw new StandInError('ItemNotFound', `The worksheet "${key}" does not exist.`);
      return sheet;
    });
  }

  getItemOrNullObject(key: string): WorksheetProxy {
    const book = this.context.book;
    return new WorksheetProxy(this.context, () => book.findSheet(key) ?? book.sheets.find((s) => s.id === key));
  }

  add(name: string): WorksheetProxy {
    const book = this.context.book;
    let sheet: StandInSheet | undefined;
    this.context.enqueue('add Worksheet', name, () => void (sheet = book.addSheet(name)));
    return new WorksheetProxy(this.context, () => sheet);
  }
}

class WorksheetProxy extends Proxy<StandInSheet> {
  get name(): string {
    return this.get('name') as string;
  }
  get id(): string {
    return this.get('id') as string;
  }
  protected loadableProps(): string[] {
    return ['name', 'id', 'isNullObject'];
  }
  protected read(name: string): unknown {
    return this.target()[name as 'name' | 'id'];
  }

  getRange(address: string): RangeProxy {
    return new RangeProxy(this.context, () => ({ sheet: this.target(), area: parseAddress(address).area }));
  }

  getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number): RangeProxy {
    return new RangeProxy(this.context, () => ({ sheet: this.target(), area: { row, column, rowCount, columnCount } }));
  }

  getUsedRange(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, () => {
      const sheet = this.target();
      const area = usedArea(sheet, valuesOnly);
      // Excel gives A1 for an empty sheet.
      return { sheet, area: area ?? { row: 0, column: 0, rowCount: 1, columnCount: 1 } };
    });
  }

  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, () => {
      if (!this.exists()) return undefined; // a null object's range is a null object
      const sheet = this.target();
      const area = usedArea(sheet, valuesOnly);
      return area ? { sheet, area } : undefined;
    });
  }

  activate(): void {
    this.context.enqueue('activate Worksheet', null, () => this.context.book.activate(this.target().name));
  }
}

interface RangeTarget {
  readonly sheet: StandInSheet;
  readonly area: Area;
}

/**
 * `Range.dataValidation` (ExcelApi 1.8): setting `rule` or `errorAlert` keeps it on the range's area; `clear()`
 * removes it; `type` loads as Excel reports it: `None` (no validation touches the area), `List` (one list rule
 * covers exactly the area), else `Inconsistent`; `rule` loads the rule of a validation covering exactly the area.
 */
class DataValidationProxy extends Proxy<RangeTarget> {
  set rule(rule: NonNullable<StandInValidation['rule']>) {
    this.context.enqueue('set dataValidation.rule', rule, () => void (this.validation().rule = JSON.parse(JSON.stringify(rule))));
  }
  get rule(): NonNullable<StandInValidation['rule']> {
    return this.get('rule') as NonNullable<StandInValidation['rule']>;
  }
  set errorAlert(alert: NonNullable<StandInValidation['errorAlert']>) {
    this.context.enqueue('set dataValidation.errorAlert', alert, () => void (this.validation().errorAlert = JSON.parse(JSON.stringify(alert))));
  }
  get errorAlert(): NonNullable<StandInValidation['errorAlert']> {
    throw new StandInError('PropertyNotLoaded', "The stand-in does not load 'dataValidation.errorAlert'.");
  }
  get type(): string {
    return this.get('type') as string;
  }
  clear(): void {
    this.context.enqueue('clear dataValidation', null, () => {
      const { sheet, area } = this.target();
      sheet.validations = sheet.validations.filter((v) => !sameArea(v.area, area));
    });
  }

  protected loadableProps(): string[] {
    return ['type', 'rule'];
  }

  protected read(name: string): unknown {
    const { sheet, area } = this.target();
    const touching = sheet.validations.filter((v) => overlaps(v.area, area));
    // The rule of the one validation that covers exactly the area (as Excel reports a consistent range's rule), else none.
    if (name === 'rule') return touching.length === 1 && sameArea(touching[0].area, area) ? JSON.parse(JSON.stringify(touching[0].rule ?? {})) : {};
    if (name !== 'type') return undefined;
    if (touching.length === 0) return 'None';
    return touching.length === 1 && sameArea(touching[0].area, area) && touching[0].rule?.list ? 'List' : 'Inconsistent';
  }

  private validation(): StandInValidation {
    const { sheet, area } = this.target();
    let found = sheet.validations.find((v) => sameArea(v.area, area));
    if (!found) sheet.validations.push((found = { area }));
    return found;
  }
}

const sameArea = (a: Area, b: Area) => a.row === b.row && a.column === b.column && a.rowCount === b.rowCount && a.columnCount === b.columnCount;
const overlaps = (a: Area, b: Area) => a.row < b.row + b.rowCount && b.row < a.row + a.rowCount && a.column < b.column + b.columnCount && b.column < a.column + a.columnCount;

class RangeProxy extends Proxy<RangeTarget> {
  readonly format: { fill: { color: string; clear(): void }; font: { bold: boolean }; autofitColumns(): void };
  /** `Range.dataValidation` (ExcelApi 1.8): setting `rule` or `errorAlert` keeps it on the range's area; `clear()` removes it. */
  readonly dataValidation: DataValidationProxy;

  constructor(context: RequestContext, resolver: () => RangeTarget | undefined) {
    super(context, resolver);
    const eachCell = (visit: (sheet: StandInSheet, row: number, column: number) => void) => this.eachCell(visit);
    const fill = {
      set color(color: string) {
        context.enqueue('set fill', color, () => eachCell((sheet, r, c) => setFill(sheet, r, c, color)));
      },
      get color(): string {
        throw new StandInError('PropertyNotLoaded', "The stand-in does not load 'format.fill.color'; use getCellProperties.");
      },
      clear() {
        context.enqueue('clear fill', null, () => eachCell((sheet, r, c) => setFill(sheet, r, c, null)));
      },
    };
    const font = {
      set bold(_: boolean) {
        context.enqueue('set bold', _, () => undefined); // accepted; the stand-in keeps no fonts
      },
      get bold(): boolean {
        throw new StandInError('PropertyNotLoaded', "The stand-in does not load 'format.font.bold'.");
      },
    };
    this.format = { fill, font, autofitColumns: () => context.enqueue('autofit', null, () => undefined) };
    this.dataValidation = new DataValidationProxy(context, () => (this.exists() ? this.target() : undefined));
  }

  get address(): string {
    return this.get('address') as string;
  }
  get rowIndex(): number {
    return this.get('rowIndex') as number;
  }
  get columnIndex(): number {
    return this.get('columnIndex') as number;
  }
  get rowCount(): number {
    return this.get('rowCount') as number;
  }
  get columnCount(): number {
    return this.get('columnCount') as number;
  }
  get values(): StandInValue[][] {
    return this.get('values') as StandInValue[][];
  }
  /** As in Excel: true when every row of the range is hidden, false when none is, null when some are. */
  get rowHidden(): boolean | null {
    return this.get('rowHidden') as boolean | null;
  }

  /** `Range.numberFormat`: one format per cell, as Excel takes it; kept on the sheet, not loadable here. */
  set numberFormat(formats: string[][]) {
    this.context.enqueue('set numberFormat', formats, () => {
      const { sheet, area } = this.target();
      if (!Array.isArray(formats) || formats.length !== area.rowCount || formats.some((row) => !Array.isArray(row) || row.length !== area.columnCount)) {
        throw new StandInError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${areaAddress(area)}).`);
      }
      formats.forEach((row, r) => row.forEach((format, c) => sheet.numberFormats.set(`${area.row + r},${area.column + c}`, format)));
    });
  }

  set values(values: StandInValue[][]) {
    const target = () => {
      const { sheet, area } = this.target();
      if (!Array.isArray(values) || values.length !== area.rowCount || values.some((row) => !Array.isArray(row) || row.length !== area.columnCount)) {
        throw new StandInError(
          'InvalidArgument',
          `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${areaAddress(area)}).`,
        );
      }
      return { sheet, area };
    };
    const setRow = (sheet: StandInSheet, area: Area, cells: readonly StandInValue[], r: number) => cells.forEach((value, c) => setCell(sheet, area.row + r, area.column + c, storedValue(value)));
    this.context.enqueue(
      'set values',
      values,
      () => {
        const { sheet, area } = target();
        values.forEach((cells, r) => setRow(sheet, area, cells, r));
        this.context.noteWrite(sheet, area);
      },
      async (pace) => {
        const { sheet, area } = target();
        for (let r = 0; r < values.length; r++) {
          const waiting = pace();
          if (waiting) await waiting;
          setRow(sheet, area, values[r], r);
        }
        this.context.noteWrite(sheet, area);
      },
    );
  }

  protected loadableProps(): string[] {
    return ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'values', 'rowHidden', 'isNullObject'];
  }

  protected read(name: string): unknown {
    const { sheet, area } = this.target();
    switch (name) {
      case 'address':
        return `${quoteSheet(sheet.name)}!${areaAddress(area)}`;
      case 'rowIndex':
        return area.row;
      case 'columnIndex':
        return area.column;
      case 'rowCount':
        return area.rowCount;
      case 'columnCount':
        return area.columnCount;
      case 'rowHidden': {
        const hidden = Array.from({ length: area.rowCount }, (_, r) => this.context.book.isRowHidden(sheet, area.row + r)).filter(Boolean).length;
        return hidden === area.rowCount ? true : hidden === 0 ? false : null;
      }
      case 'values':
        return Array.from({ length: area.rowCount }, (_, r) => Array.from({ length: area.columnCount }, (_, c) => getCell(sheet, area.row + r, area.column + c)));
    }
    return undefined;
  }

  protected override async readPaced(name: string, pace: Pace): Promise<unknown> {
    if (name !== 'values') return this.read(name);
    const { sheet, area } = this.target();
    const rows: StandInValue[][] = [];
    for (let r = 0; r < area.rowCount; r++) {
      const waiting = pace();
      if (waiting) await waiting;
      rows.push(Array.from({ length: area.columnCount }, (_, c) => getCell(sheet, area.row + r, area.column + c)));
    }
    return rows;
  }

  private eachCell(visit: (sheet: StandInSheet, row: number, column: number) => void): void {
    const { sheet, area } = this.target();
    for (let r = 0; r < area.rowCount; r++) for (let c = 0; c < area.columnCount; c++) visit(sheet, area.row + r, area.column + c);
    this.context.book.updated();
  }

  private derived(describe: (area: Area) => Area): RangeProxy {
    return new RangeProxy(this.context, () => {
      const { sheet, area } = this.target();
      return { sheet, area: describe(area) };
    });
  }

  getRow(index: number): RangeProxy {
    return this.derived((a) => ({ ...a, row: a.row + index, rowCount: 1 }));
  }

  getCell(row: number, column: number): RangeProxy {
    return this.derived((a) => ({ row: a.row + row, column: a.column + column, rowCount: 1, columnCount: 1 }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this.derived((a) => ({ ...a, rowCount: a.rowCount + deltaRows, columnCount: a.columnCount + deltaColumns }));
  }

  /** `Range.getUsedRangeOrNullObject` (ExcelApi 1.4): the used part of this range, or a null object if none of it is used. */
  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, () => {
      if (!this.exists()) return undefined;
      const { sheet, area } = this.target();
      const used = usedAreaWithin(sheet, valuesOnly, area);
      return used ? { sheet, area: used } : undefined;
    });
  }

  /** `getCellProperties({ format: { fill: { color: true } } })`: the only property the stand-in keeps. */
  getCellProperties(options: { format?: { fill?: { color?: boolean } } }): { readonly value: { format: { fill: { color: string } } }[][] } {
    if (!options.format?.fill?.color) throw new StandInError('InvalidArgument', 'The stand-in only loads format.fill.color.');
    let value: { format: { fill: { color: string } } }[][] | undefined;
    this.context.enqueue('getCellProperties fill', options, () => {
      const { sheet, area } = this.target();
      value = Array.from({ length: area.rowCount }, (_, r) =>
        Array.from({ length: area.columnCount }, (_, c) => ({ format: { fill: { color: getFill(sheet, area.row + r, area.column + c) ?? '#FFFFFF' } } })),
      );
      return value;
    });
    return {
      get value() {
        if (!value) throw new StandInError('PropertyNotLoaded', 'The value of a ClientResult is available only after context.sync().');
        return value;
      },
    };
  }

  select(): void {
    this.context.enqueue('select', null, () => {
      const { sheet, area } = this.target();
      this.context.book.activate(sheet.name);
      this.context.book.select(area);
    });
  }

  /** The tables the range touches (`load('items/name')`). */
  getTables(_fullyContained = false): TableCollectionProxy {
    return new TableCollectionProxy(this.context, () => {
      const { sheet, area } = this.target();
      return sheet.tables.filter((t) => intersects(t, area)).map((table) => ({ sheet, table }));
    });
  }
}

class TableCollectionProxy {
  private loadedItems?: TableProxy[];
  constructor(private readonly context: RequestContext, private readonly resolver: () => TableTarget[]) {}
  load(props: string): this {
    if (props.replace(/\s/g, '') !== 'items/name') throw new StandInError('InvalidArgument', 'The stand-in loads tables with "items/name" only.');
    this.context.enqueue('load Tables.items/name', props, () => {
      const targets = this.resolver();
      this.loadedItems = targets.map((t) => new TableProxy(this.context, () => t, t.table.name));
      return { items: targets.map((t) => ({ name: t.table.name })) };
    });
    return this;
  }
  get items(): TableProxy[] {
    if (!this.loadedItems) throw new StandInError('PropertyNotLoaded', "The property 'items' is not available. Call load and context.sync() first.");
    return this.loadedItems;
  }
}

interface TableTarget {
  readonly sheet: StandInSheet;
  readonly table: StandInTable;
}

class TableProxy extends Proxy<TableTarget> {
  readonly columns: { add(index?: number | null, values?: StandInValue[][], name?: string): void };
  constructor(context: RequestContext, resolver: () => TableTarget | undefined, private readonly loadedName?: string) {
    super(context, resolver);
    this.columns = {
      add: (index = null, values, name) => {
        context.enqueue('add TableColumn', { index, values, name }, () => {
          const { sheet, table } = this.target();
          if (index !== null && index !== table.columnCount) throw new StandInError('InvalidArgument', 'The stand-in only adds table columns at the end.');
          const column = table.column + table.columnCount;
          for (let r = 0; r < table.rowCount; r++) {
            if (getCell(sheet, table.row + r, column) !== '') throw new StandInError('InsertDeleteConflict', 'The cells right of the table are not empty.');
          }
          table.columnCount += 1;
          setCell(sheet, table.row, column, name ?? `Column${table.columnCount}`); // Excel names an unnamed column
          values?.forEach((row, r) => setCell(sheet, table.row + r, column, storedValue(row[0])));
          context.noteWrite(sheet, { row: table.row, column, rowCount: table.rowCount, columnCount: 1 });
        });
      },
    };
  }
  get name(): string {
    return this.loadedName ?? (this.get('name') as string);
  }
  protected loadableProps(): string[] {
    return ['name', 'isNullObject'];
  }
  protected read(name: string): unknown {
    return name === 'name' ? this.target().table.name : undefined;
  }
  getRange(): RangeProxy {
    return new RangeProxy(this.context, () => {
      const { sheet, table } = this.target();
      return { sheet, area: { row: table.row, column: table.column, rowCount: table.rowCount, columnCount: table.columnCount } };
    });
  }
}

/**
 * What a cell holds after `Range.values` set it to `value`, as Excel types an entry (en-US):
 * - a leading apostrophe is Excel's text prefix: the rest is kept as text (`'-5` is the text `-5`);
 * - a number, with an optional sign, thousands separators, decimals, exponent or `%`, becomes a number
 *   (`-5` → -5, `+5` → 5, `40%` → 0.4);
 * - `TRUE` / `FALSE` in any case become booleans;
 * - anything else starting with `=`, `+`, `-` or `@` is a formula: the stand-in calculates none and shows
 *   `#NAME?`, which is what Excel shows for text such as `-abc` or `@x` taken as a formula;
 * - other text stays text.
 * Dates and times typed as text are left as text (Excel would convert them; the stand-in has no number formats).
 *
 * @example
 * storedValue("'=1+1"); // '=1+1'
 * storedValue('-abc');  // '#NAME?'
 * storedValue('+5');    // 5
 */
export function storedValue(value: StandInValue | null | undefined): StandInValue {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return value;
  if (value.startsWith("'")) return value.slice(1);
  const number = /^\s*([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?\s*(%?)\s*$/.exec(value);
  if (number) {
    const [, sign, digits, exponent, percent] = number;
    const magnitude = Number(`${digits.replace(/,/g, '')}e${exponent ?? 0}`);
    return (sign === '-' ? -magnitude : magnitude) / (percent ? 100 : 1);
  }
  if (/^\s*(true|false)\s*$/i.test(value)) return value.trim().toUpperCase() === 'TRUE';
  if (/^[=+\-@]/.test(value)) return '#NAME?'; // a formula: the stand-in does not calculate
  return value;
}

/**
 * `jsonBytes(value)`, measured item by item (an array's, a plain object's) with `pace()` between them: a
 * 5,000-row response is megabytes of JSON. The same figure, in slices.
 */
async function jsonBytesPaced(value: unknown, pace: Pace): Promise<number> {
  const container = (v: unknown) => v !== null && typeof v === 'object';
  // JSON leaves out an object's property it cannot represent (undefined, a function), and writes such an array item as null.
  const unwritable = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  if (Array.isArray(value)) {
    if (!value.some(container)) return jsonBytes(value); // a row of cells: one go
    let bytes = 2 + Math.max(0, value.length - 1); // the brackets and the commas
    for (const item of value) {
      const waiting = pace();
      if (waiting) await waiting;
      bytes += unwritable(item) ? 4 : await jsonBytesPaced(item, pace);
    }
    return bytes;
  }
  if (container(value) && Object.getPrototypeOf(value) === Object.prototype && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => !unwritable(v));
    let bytes = 2 + Math.max(0, entries.length - 1); // the braces and the commas
    for (const [key, item] of entries) bytes += jsonBytes(key) + 1 + (await jsonBytesPaced(item, pace)); // "key":value
    return bytes;
  }
  return jsonBytes(value);
}

function intersects(table: StandInTable, area: Area): boolean {
  return (
    area.row < table.row + table.rowCount &&
    table.row < area.row + area.rowCount &&
    area.column < table.column + table.columnCount &&
    table.column < area.column + area.columnCount
  );
}

function quoteSheet(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
