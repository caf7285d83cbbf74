import { type ZipArchive, ZipProblem, readZip } from './zip-archive';

/**
 * Limits on a workbook package, checked from the zip directory before anything is inflated. A 5,000-deal sheet
 * (Partner Center's export limit) is a few MB of XML; these leave wide room above that and refuse what would
 * cost gigabytes.
 */
export const PACKAGE_LIMITS = {
  /** The .xlsx file itself. */
  fileBytes: 256 * 1024 * 1024,
  /** Parts in the package. */
  entries: 10_000,
  /** Any one part, inflated. */
  partBytes: 256 * 1024 * 1024,
  /** All parts together, inflated. */
  totalBytes: 1024 * 1024 * 1024,
  /** Inflated-to-compressed ratio above which a part larger than `ratioFloorBytes` is taken for a zip bomb. */
  ratio: 200,
  ratioFloorBytes: 1024 * 1024,
} as const;

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Opens workbook bytes as a zip package, refusing, with a sentence for the user, what is not a plain .xlsx:
 * an encrypted workbook or a legacy .xls (both OLE compound files), anything not a zip, a damaged or spanned zip,
 * encrypted entries, and packages over `PACKAGE_LIMITS` (sizes and compression ratios as the zip directory
 * declares them; inflation is bounded separately by `inflateEntry`).
 *
 * @example
 * const archive = openPackage(bytes); // throws ZipProblem('it is encrypted …') for a password-protected workbook
 */
export function openPackage(bytes: Uint8Array): ZipArchive {
  if (bytes.length >= 8 && OLE_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new ZipProblem('it is an encrypted (password-protected) workbook or a legacy .xls file, not an .xlsx package; remove the password or save it as .xlsx in Excel');
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new ZipProblem('it is not an .xlsx package (not a zip file)');
  if (bytes.length > PACKAGE_LIMITS.fileBytes) throw new ZipProblem(`it is larger than ${mb(PACKAGE_LIMITS.fileBytes)}`);
  const archive = readZip(bytes);
  if (archive.entries.length > PACKAGE_LIMITS.entries) throw new ZipProblem(`it has more than ${PACKAGE_LIMITS.entries} parts`);
  let total = 0;
  for (const entry of archive.entries) {
    if (entry.size > PACKAGE_LIMITS.partBytes) throw new ZipProblem(`its part ${entry.name} would inflate to ${mb(entry.size)}, over the limit of ${mb(PACKAGE_LIMITS.partBytes)}`);
    if (entry.size > PACKAGE_LIMITS.ratioFloorBytes && entry.size > entry.compressedSize * PACKAGE_LIMITS.ratio) {
      throw new ZipProblem(`its part ${entry.name} is compressed ${Math.round(entry.size / Math.max(1, entry.compressedSize))} to 1, as a zip bomb is`);
    }
    total += entry.size;
  }
  if (total > PACKAGE_LIMITS.totalBytes) throw new ZipProblem(`its parts would inflate to ${mb(total)}, over the limit of ${mb(PACKAGE_LIMITS.totalBytes)}`);
  return archive;
}

/**
 * Refuses macro-enabled and binary workbooks: they are named by their content types (and a VBA project part),
 * whatever the file is called.
 */
export function refuseMacrosAndBinary(archive: ZipArchive, contentTypes: string): void {
  // Judge the parts the package has: a writer may declare a Default for an extension none of its parts uses
  // (SheetJS declares `.bin` as a binary sheet in every package it writes).
  const types = archive.entries.map((e) => partContentType(contentTypes, e.name));
  if (types.some((t) => /sheet\.binary/i.test(t))) throw new ZipProblem('it is a binary workbook (.xlsb); save it as .xlsx');
  if (types.some((t) => /macroEnabled/i.test(t)) || archive.entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name))) {
    throw new ZipProblem('it is a macro-enabled workbook (.xlsm); cosell does not read or write workbooks with macros: save a copy as .xlsx');
  }
}

/** A part's content type by `[Content_Types].xml`: its Override, else the Default for its extension ('' if none). */
function partContentType(contentTypes: string, name: string): string {
  const attribute = (tag: string, key: string) => new RegExp(`\\b${key}\\s*=\\s*"([^"]*)"`, 'i').exec(tag)?.[1] ?? '';
  const tags = contentTypes.match(/<(?:\w+:)?(?:Override|Default)\b[^>]*>/gi) ?? [];
  const part = `/${name}`.toLowerCase();
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  const override = tags.find((t) => /^<(?:\w+:)?Override/i.test(t) && attribute(t, 'PartName').toLowerCase() === part);
  if (override) return attribute(override, 'ContentType');
  const fallback = tags.find((t) => /^<(?:\w+:)?Default/i.test(t) && attribute(t, 'Extension').toLowerCase() === extension);
  return fallback ? attribute(fallback, 'ContentType') : '';
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
