import * as zlib from 'node:zlib';
import { inflateRawSync } from 'node:zlib';

// zlib.crc32 exists from Node 20.15; the package supports Node 20. (Looked up when a CRC is asked for, so that the
// command line loads zlib only for workbooks.)
const zlibCrc32 = () => (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * A zip archive read from its central directory, without inflating anything: names, sizes and where each entry's
 * compressed bytes are. Throws `ZipProblem` (a plain sentence) for anything that is not a well-formed, plain zip.
 */
export interface ZipArchive {
  readonly bytes: Uint8Array;
  /** Entries in central-directory order (the order a rewrite keeps). */
  readonly entries: readonly ZipEntry[];
  /** The archive comment, as stored. */
  readonly comment: Uint8Array;
}

export interface ZipEntry {
  readonly name: string;
  readonly nameBytes: Uint8Array;
  readonly flags: number;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  /** As declared: an entry is never inflated beyond this. */
  readonly size: number;
  /** The entry's central-directory record, as stored (rewritten with new offsets and sizes on write). */
  readonly central: Uint8Array;
  /** Where the compressed bytes start (after the local header). */
  readonly dataStart: number;
}

/** Why bytes are not a usable zip archive, in words for the user. */
export class ZipProblem extends Error {
  override readonly name = 'ZipProblem';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;

/**
 * Reads the central directory of a zip archive.
 *
 * @example
 * const archive = readZip(bytes);
 * archive.entries.map((e) => e.name); // ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', …]
 */
export function readZip(bytes: Uint8Array): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(bytes, view);
  if (eocd < 0) throw new ZipProblem('it is damaged or not a zip package (no zip directory at its end; was it cut short?)');
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) throw new ZipProblem('it is a ZIP64 archive, which only very large workbooks need');
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  const commentLength = view.getUint16(eocd + 20, true);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0 || view.getUint16(eocd + 8, true) !== count) {
    throw new ZipProblem('it is a multi-part (spanned) zip archive');
  }
  if (directoryOffset + directorySize > eocd) throw new ZipProblem('it is damaged (its zip directory points outside the file)');

  const entries: ZipEntry[] = [];
  const names = new Map<string, string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) throw new ZipProblem('it is damaged (its zip directory is broken)');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const entryCommentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const recordEnd = at + 46 + nameLength + extraLength + entryCommentLength;
    if (recordEnd > eocd) throw new ZipProblem('it is damaged (its zip directory is broken)');
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = decodeName(nameBytes, flags);
    // Part names compare without regard to case (OPC), so `Sheet1.xml` and `sheet1.xml` are the same part.
    const twin = names.get(name.toLowerCase());
    if (twin === name) throw new ZipProblem(`it is damaged (the part ${name} appears twice)`);
    if (twin !== undefined) throw new ZipProblem(`it is damaged (the parts ${twin} and ${name} differ only in case, so they name the same part)`);
    names.set(name.toLowerCase(), name);
    if (flags & 1) throw new ZipProblem('it is encrypted (password-protected)');
    if (method !== 0 && method !== 8) throw new ZipProblem(`its part ${name} uses a compression method (${method}) workbooks do not use`);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) throw new ZipProblem('it is a ZIP64 archive, which only very large workbooks need');
    if (localOffset + 30 > directoryOffset || view.getUint32(localOffset, true) !== LOCAL) throw new ZipProblem(`it is damaged (the part ${name} is missing)`);
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataStart + compressedSize > directoryOffset) throw new ZipProblem(`it is damaged (the part ${name} is cut short)`);
    entries.push({ name, nameBytes, flags, method, crc, compressedSize, size, central: bytes.subarray(at, recordEnd), dataStart });
    at = recordEnd;
  }
  return { bytes, entries, comment: bytes.subarray(eocd + 22, eocd + 22 + commentLength) };
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) === bytes.length) return at;
  }
  return -1;
}

function decodeName(bytes: Uint8Array, flags: number): string {
  // Bit 11: the name is UTF-8. Workbook part names are ASCII either way; other bytes read as Latin-1.
  return flags & 0x800 ? new TextDecoder().decode(bytes) : Array.from(bytes, (b) => String.fromCharCode(b)).join('');
}

/**
 * An entry's bytes, inflated by zlib with its output capped at the size the directory declares (so a header that
 * lies cannot make it allocate or work beyond that), then checked against the declared size and CRC-32.
 */
export function inflateEntry(archive: ZipArchive, entry: ZipEntry): Uint8Array {
  const data = archive.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let output: Uint8Array;
  if (entry.method === 0) {
    output = data;
  } else {
    try {
      // Into one buffer of the declared size: zlib's default 16 KB pieces are joined at the end, which holds the
      // part twice (a 100,000-row sheet is 140 MB) and takes twice as long. The declared size is bounded
      // (`PACKAGE_LIMITS`: per part, and in proportion to the compressed bytes).
      output = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size), chunkSize: Math.max(64, entry.size) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ZipProblem(`it is damaged or a zip bomb (the part ${entry.name} holds more than the ${entry.size} bytes its header declares)`);
      }
      throw new ZipProblem(`it is damaged (the part ${entry.name} does not decompress)`);
    }
  }
  if (output.length !== entry.size) throw new ZipProblem(`it is damaged (the part ${entry.name} holds ${output.length} bytes, not the ${entry.size} its header declares)`);
  if (crc32(output) !== entry.crc) throw new ZipProblem(`it is damaged (the part ${entry.name} fails its checksum)`);
  return output;
}

/**
 * The CRC-32 of bytes (the zip checksum): zlib's where Node has it (20.15 and later), else a table. Given the
 * CRC of the bytes before them (`previous`), the CRC of both together, so that a stream is checked in pieces.
 *
 * @example
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926
 * crc32(new TextEncoder().encode('6789'), crc32(new TextEncoder().encode('12345'))); // 0xcbf43926
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const native = zlibCrc32();
  if (typeof native === 'function') return native(bytes, previous) >>> 0;
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();
