import { deflateRawSync } from 'node:zlib';
import { type ZipArchive, crc32, inflateEntry, readZip } from './zip-archive';

/** A write that did not happen as asked: a bug, never to be reported as success. */
export class ZipRewriteFailure extends Error {
  override readonly name = 'ZipRewriteFailure';
}

/**
 * The archive again with some entries' contents replaced: every other entry's compressed bytes are copied as
 * they are (never inflated), in the same order, with its name, method, timestamps, CRC and central-directory
 * fields; each entry gets a fresh local header (without a data descriptor). Replaced entries are deflated.
 * Replacements are keyed by the entries' exact names (`WorkbookPackage.entryName`). The output is read back
 * before it is returned: a replacement that names no entry, or that the output does not hold byte for byte,
 * throws `ZipRewriteFailure` rather than return a workbook without the write.
 *
 * @example
 * const bytes = rewriteZip(archive, new Map([['xl/worksheets/sheet1.xml', newSheetBytes]]));
 */
export function rewriteZip(archive: ZipArchive, replacements: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of archive.entries) {
    const replacement = replacements.get(entry.name);
    const data = replacement ? deflateRawSync(replacement, { level: 6 }) : archive.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    const method = replacement ? 8 : entry.method;
    const crc = replacement ? crc32(replacement) : entry.crc;
    const size = replacement ? replacement.length : entry.size;
    const flags = entry.flags & ~0x0008; // sizes and CRC are in the header now, not in a data descriptor

    const central = new Uint8Array(entry.central); // a copy (a Node Buffer's slice would share memory)
    const cv = new DataView(central.buffer, central.byteOffset, central.byteLength);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, size, true);
    cv.setUint32(42, offset, true);
    centrals.push(central);

    const local = new Uint8Array(30 + entry.nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    if (replacement) cv.setUint16(6, Math.max(20, cv.getUint16(6, true)), true); // deflate needs version 2.0
    lv.setUint16(4, cv.getUint16(6, true), true); // version needed to extract
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, cv.getUint16(12, true), true); // time
    lv.setUint16(12, cv.getUint16(14, true), true); // date
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, entry.nameBytes.length, true);
    lv.setUint16(28, 0, true);
    local.set(entry.nameBytes, 30);
    chunks.push(local, data);
    offset += local.length + data.length;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22 + archive.comment.length);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  ev.setUint16(20, archive.comment.length, true);
  end.set(archive.comment, 22);
  const out = new Uint8Array(offset + directorySize + end.length);
  let at = 0;
  for (const chunk of [...chunks, ...centrals, end]) {
    out.set(chunk, at);
    at += chunk.length;
  }
  verifyReplacements(out, replacements);
  return out;
}

/** Throws `ZipRewriteFailure` unless the archive holds every replacement, under its name, byte for byte. */
function verifyReplacements(bytes: Uint8Array, replacements: ReadonlyMap<string, Uint8Array>): void {
  const written = readZip(bytes);
  for (const [name, expected] of replacements) {
    const entry = written.entries.find((e) => e.name === name);
    if (entry === undefined) throw new ZipRewriteFailure(`The workbook was not written: it has no part named ${name} to replace.`);
    const held = inflateEntry(written, entry);
    if (!Buffer.from(held.buffer, held.byteOffset, held.byteLength).equals(expected)) throw new ZipRewriteFailure(`The workbook was not written: its part ${name} did not take the new content.`);
  }
}
