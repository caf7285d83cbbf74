import { once } from 'node:events';
import { createDeflateRaw, createInflateRaw, deflateRawSync } from 'node:zlib';
import { type AtomicOutput } from '../atomic-write';
import { type ZipArchive, type ZipEntry, crc32, inflateEntry, readZip } from './zip-archive';

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
    const stored = replacement ? { method: 8, crc: crc32(replacement), compressedSize: data.length, size: replacement.length } : undefined;
    const { local, central } = entryHeaders(entry, offset, stored);
    centrals.push(central);
    chunks.push(local, data);
    offset += local.length + data.length;
  }
  const end = endOfDirectory(archive, centrals, offset);
  const out = new Uint8Array(offset + centrals.reduce((n, c) => n + c.length, 0) + end.length);
  let at = 0;
  for (const chunk of [...chunks, ...centrals, end]) {
    out.set(chunk, at);
    at += chunk.length;
  }
  verifyReplacements(out, replacements);
  return out;
}

/**
 * `rewriteZip` for one replacement too large to hold at once: the archive is written to `output` as it is made,
 * the replacement's text deflated piece by piece as `pieces` yields it (its local header is written first and
 * its sizes and CRC filled in once known). The output has the bytes `rewriteZip` gives for the same content.
 * Before this returns, the output is read back: its directory must name the entry, and the entry must inflate
 * to the size and CRC-32 of the text given, or `ZipRewriteFailure` is thrown (the caller then abandons the
 * output).
 *
 * @example
 * await rewriteZipTo(archive, 'xl/worksheets/sheet1.xml', patchedSheet(index, writes, context), openAtomically(out));
 */
export async function rewriteZipTo(archive: ZipArchive, name: string, pieces: Iterable<string>, output: AtomicOutput): Promise<void> {
  const centrals: Uint8Array[] = [];
  let offset = 0;
  let written: { crc: number; size: number } | undefined;
  for (const entry of archive.entries) {
    if (entry.name !== name) {
      const { local, central } = entryHeaders(entry, offset, undefined);
      const data = archive.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
      output.write(Buffer.from(local.buffer, local.byteOffset, local.byteLength));
      output.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      centrals.push(central);
      offset += local.length + data.length;
      continue;
    }
    // The local header's CRC and sizes are not known yet: written as zeros, then filled in.
    const placeholder = entryHeaders(entry, offset, { method: 8, crc: 0, compressedSize: 0, size: 0 }).local;
    output.write(Buffer.from(placeholder));
    const deflated = await deflateTo(pieces, output);
    const { local, central } = entryHeaders(entry, offset, { method: 8, ...deflated });
    output.writeAt(local, offset);
    centrals.push(central);
    offset += local.length + deflated.compressedSize;
    written = deflated;
  }
  if (written === undefined) throw new ZipRewriteFailure(`The workbook was not written: it has no part named ${name} to replace.`);
  const end = endOfDirectory(archive, centrals, offset);
  for (const chunk of [...centrals, end]) output.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  await verifyWritten(output, offset + centrals.reduce((n, c) => n + c.length, 0) + end.length, name, written);
}

/** Pieces of text deflated (as `deflateRawSync` at level 6 does) and appended to the output as they come. */
async function deflateTo(pieces: Iterable<string>, output: AtomicOutput): Promise<{ crc: number; size: number; compressedSize: number }> {
  const deflate = createDeflateRaw({ level: 6 });
  let compressedSize = 0;
  deflate.on('data', (chunk: Buffer) => {
    output.write(chunk);
    compressedSize += chunk.length;
  });
  const ended = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  const send = async (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await once(deflate, 'drain');
  };
  let batch: string[] = [];
  let batchLength = 0;
  for (const piece of pieces) {
    batch.push(piece);
    batchLength += piece.length;
    if (batchLength >= PIECE_CHARS) {
      await send(batch.join(''));
      batch = [];
      batchLength = 0;
    }
  }
  if (batchLength > 0) await send(batch.join(''));
  deflate.end();
  await ended;
  if (size > 0xfffffffe || compressedSize > 0xfffffffe) throw new ZipRewriteFailure('The workbook was not written: its sheet would need a ZIP64 archive, which cosell does not write.');
  return { crc, size, compressedSize };
}

/** How many characters of the sheet's text are encoded and deflated at a time. */
const PIECE_CHARS = 1 << 20;

/**
 * Throws `ZipRewriteFailure` unless the output, read back, is a zip whose entry `name` inflates to `expected`'s
 * size and CRC-32. Only the directory is held; the entry is inflated in pieces.
 */
async function verifyWritten(output: AtomicOutput, length: number, name: string, expected: { crc: number; size: number }): Promise<void> {
  const failure = () => new ZipRewriteFailure(`The workbook was not written: its part ${name} did not take the new content.`);
  const bytes = output.readAt(0, length);
  if (bytes.length !== length) throw failure();
  const entry = readZip(bytes).entries.find((e) => e.name === name);
  if (entry === undefined) throw new ZipRewriteFailure(`The workbook was not written: it has no part named ${name} to replace.`);
  if (entry.crc !== expected.crc || entry.size !== expected.size || entry.method !== 8) throw failure();
  const inflate = createInflateRaw();
  let crc = 0;
  let size = 0;
  inflate.on('data', (chunk: Buffer) => {
    crc = crc32(chunk, crc);
    size += chunk.length;
  });
  const ended = once(inflate, 'end');
  inflate.end(bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize));
  try {
    await ended;
  } catch {
    throw failure();
  }
  if (crc !== expected.crc || size !== expected.size) throw failure();
}

/**
 * An entry's fresh local header and its central-directory record with the new offset: as stored, or with the
 * method, CRC and sizes of new content (`stored`). Neither has a data descriptor: sizes and CRC are in the header.
 */
function entryHeaders(entry: ZipEntry, offset: number, stored: { method: number; crc: number; compressedSize: number; size: number } | undefined): { local: Uint8Array; central: Uint8Array } {
  const method = stored ? stored.method : entry.method;
  const crc = stored ? stored.crc : entry.crc;
  const compressedSize = stored ? stored.compressedSize : entry.compressedSize;
  const size = stored ? stored.size : entry.size;
  const flags = entry.flags & ~0x0008; // sizes and CRC are in the header now, not in a data descriptor

  const central = new Uint8Array(entry.central); // a copy (a Node Buffer's slice would share memory)
  const cv = new DataView(central.buffer, central.byteOffset, central.byteLength);
  cv.setUint16(8, flags, true);
  cv.setUint16(10, method, true);
  cv.setUint32(16, crc, true);
  cv.setUint32(20, compressedSize, true);
  cv.setUint32(24, size, true);
  cv.setUint32(42, offset, true);

  const local = new Uint8Array(30 + entry.nameBytes.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  if (stored) cv.setUint16(6, Math.max(20, cv.getUint16(6, true)), true); // deflate needs version 2.0
  lv.setUint16(4, cv.getUint16(6, true), true); // version needed to extract
  lv.setUint16(6, flags, true);
  lv.setUint16(8, method, true);
  lv.setUint16(10, cv.getUint16(12, true), true); // time
  lv.setUint16(12, cv.getUint16(14, true), true); // date
  lv.setUint32(14, crc, true);
  lv.setUint32(18, compressedSize, true);
  lv.setUint32(22, size, true);
  lv.setUint16(26, entry.nameBytes.length, true);
  lv.setUint16(28, 0, true);
  local.set(entry.nameBytes, 30);
  return { local, central };
}

/** The end-of-central-directory record after these records, the directory starting at `offset`. */
function endOfDirectory(archive: ZipArchive, centrals: readonly Uint8Array[], offset: number): Uint8Array {
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
  return end;
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
