import { type ZipArchive, type ZipEntry, ZipProblem, inflateEntry } from './zip-archive';
import { openPackage, refuseMacrosAndBinary } from './package-guard';
import { checkXml } from './xml-check';
import { XmlProblem, attributeByLocalName, attributes, scanTags } from './xml-text';

/** One sheet as the workbook lists it. */
export interface SheetListing {
  readonly name: string;
  /** The part holding it (`xl/worksheets/sheet1.xml`), or undefined when its relationship is missing. */
  readonly part: string | undefined;
  /** `worksheet`, or `chartsheet` / `dialogsheet` / … (which hold no cells). */
  readonly kind: string;
}

/** An opened .xlsx package: its parts by name, the workbook's sheets and the parts a sheet's cells need. */
export interface WorkbookPackage {
  readonly archive: ZipArchive;
  readonly sheets: readonly SheetListing[];
  /** The workbook uses the 1904 date system (old Mac workbooks). */
  readonly date1904: boolean;
  readonly sharedStringsPart: string | undefined;
  readonly stylesPart: string | undefined;
  /**
   * A part's text (UTF-8, checked to be well-formed XML without a DOCTYPE), inflated within the package limits;
   * undefined when the package has no such part.
   */
  text(part: string): string | undefined;
  /**
   * A part's text as `text` read it, inflated and decoded again rather than kept (its check is not repeated):
   * `forget` lets go of the text `text` keeps.
   */
  textAgain(part: string): string | undefined;
  /** Lets go of a part's text that `text` keeps (a large sheet, once indexed). */
  forget(part: string): void;
  /**
   * The name of the zip entry holding a part: part names compare without regard to case (OPC), so the
   * relationship target `worksheets/Sheet2.xml` names the entry `xl/worksheets/sheet2.xml`. A write replaces
   * this entry, the one `text` read.
   */
  entryName(part: string): string | undefined;
  /** The relationships of a part: id → { target part, type }. */
  relationships(part: string): Map<string, { target: string; type: string; external: boolean }>;
}

/**
 * Opens a workbook package: guards it (`openPackage`), refuses macros, and finds the workbook part through the
 * package relationships and its sheets through the workbook's.
 *
 * @example
 * const pkg = openWorkbookPackage(bytes);
 * pkg.sheets; // [{ name: 'Deals', part: 'xl/worksheets/sheet1.xml', kind: 'worksheet' }]
 */
export function openWorkbookPackage(bytes: Uint8Array): WorkbookPackage {
  const archive = openPackage(bytes);
  const byName = new Map<string, ZipEntry>(archive.entries.map((e) => [e.name, e]));
  const byFoldedName = new Map<string, ZipEntry>(archive.entries.map((e) => [e.name.toLowerCase(), e]));
  const entryOf = (part: string): ZipEntry | undefined => byName.get(part) ?? byFoldedName.get(part.toLowerCase());
  const cache = new Map<string, string>();
  const checked = new Set<string>();
  const decode = (entry: ZipEntry): string => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(inflateEntry(archive, entry));
    } catch (error) {
      if (error instanceof ZipProblem) throw error;
      throw new ZipProblem(`it is damaged (the part ${entry.name} is not UTF-8 XML)`);
    }
  };
  const text = (part: string): string | undefined => {
    const entry = entryOf(part);
    if (!entry) return undefined;
    let decoded = cache.get(entry.name);
    if (decoded === undefined) {
      decoded = decode(entry);
      try {
        checkXml(decoded);
      } catch (error) {
        if (!(error instanceof XmlProblem)) throw error;
        if (error.kind === 'doctype') {
          throw new ZipProblem(`its part ${entry.name} has a document type declaration (<!DOCTYPE …>, ${error.where}); Excel refuses such a file and cosell does not read one`);
        }
        throw new ZipProblem(`it is damaged (the part ${entry.name} is not well-formed XML: ${error.message})`);
      }
      cache.set(entry.name, decoded);
      checked.add(entry.name);
    }
    return decoded;
  };
  const textAgain = (part: string): string | undefined => {
    const entry = entryOf(part);
    if (!entry) return undefined;
    return cache.get(entry.name) ?? (checked.has(entry.name) ? decode(entry) : text(part));
  };
  const forget = (part: string): void => {
    const entry = entryOf(part);
    if (entry) cache.delete(entry.name);
  };
  const relationships = (part: string) => readRelationships(text(relsPartOf(part)), part);

  const contentTypes = text('[Content_Types].xml');
  if (contentTypes === undefined) throw new ZipProblem('it is not an .xlsx package (no [Content_Types].xml)');
  refuseMacrosAndBinary(archive, contentTypes);

  const workbookPart = [...relationships('').values()].find((r) => /\/officeDocument$/.test(r.type) && !r.external)?.target;
  const workbookXml = workbookPart === undefined ? undefined : text(workbookPart);
  if (workbookPart === undefined || workbookXml === undefined) throw new ZipProblem('it is not an .xlsx workbook (the package has no workbook part)');
  const workbookRels = relationships(workbookPart);

  const sheets: SheetListing[] = [];
  let date1904 = false;
  for (const tag of scanTags(workbookXml)) {
    if (tag.kind === 'end') continue;
    const found = attributes(tag.rawAttributes);
    if (tag.local === 'workbookPr') date1904 = /^(1|true)$/.test(found.get('date1904') ?? '');
    if (tag.local !== 'sheet') continue;
    const rel = workbookRels.get(attributeByLocalName(found, 'id') ?? '');
    const kind = rel ? (/\/(\w+)$/.exec(rel.type)?.[1] ?? 'worksheet') : 'worksheet';
    sheets.push({ name: found.get('name') ?? '', part: rel && !rel.external ? rel.target : undefined, kind });
  }
  const partOfType = (type: string) => [...workbookRels.values()].find((r) => r.type.endsWith(`/${type}`) && !r.external)?.target;
  const entryName = (part: string) => entryOf(part)?.name;
  return { archive, sheets, date1904, sharedStringsPart: partOfType('sharedStrings'), stylesPart: partOfType('styles'), text, textAgain, forget, entryName, relationships };
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package itself ('') → `_rels/.rels`. */
function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function readRelationships(xml: string | undefined, source: string): Map<string, { target: string; type: string; external: boolean }> {
  const found = new Map<string, { target: string; type: string; external: boolean }>();
  if (xml === undefined) return found;
  for (const tag of scanTags(xml)) {
    if (tag.local !== 'Relationship' || tag.kind === 'end') continue;
    const a = attributes(tag.rawAttributes);
    const external = a.get('TargetMode') === 'External';
    const target = a.get('Target') ?? '';
    found.set(a.get('Id') ?? '', { target: external ? target : resolvePart(source, target), type: a.get('Type') ?? '', external });
  }
  return found;
}

/**
 * A relationship target as a part name: relative to the source part's folder, or absolute from the package root.
 *
 * @example
 * resolvePart('xl/workbook.xml', 'worksheets/sheet1.xml'); // 'xl/worksheets/sheet1.xml'
 * resolvePart('xl/worksheets/sheet1.xml', '../tables/table1.xml'); // 'xl/tables/table1.xml'
 */
export function resolvePart(source: string, target: string): string {
  const base = target.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const segment of target.replace(/^\//, '').split('/')) {
    if (segment === '..') base.pop();
    else if (segment !== '.' && segment !== '') base.push(decodeURIComponentSafe(segment));
  }
  return base.join('/');
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
