import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { readDealFile } from '../../engine/node';
import { tempDir } from '../helpers/temp-dir';
import { rawWorkbook } from '../helpers/workbooks';
import { runCli } from '../helpers/run-cli';

/** Packages cosell must refuse with a plain sentence (exit 2, the file named), quickly and without inflating them. */
const tmp = tempDir();
const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Deal Name</t></is></c></row>';

function save(name: string, bytes: Uint8Array): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Reads the file, and measures how long it took and how much memory it grew by. */
async function refusal(file: string): Promise<{ message: string; ms: number; grewMb: number }> {
  global.gc?.();
  const before = process.memoryUsage();
  const started = Date.now();
  let message = '';
  try {
    await readDealFile(file);
  } catch (error) {
    message = `${(error as Error).name}: ${(error as Error).message}`;
  }
  const after = process.memoryUsage();
  const grew = Math.max(after.rss - before.rss, after.arrayBuffers - before.arrayBuffers);
  return { message, ms: Date.now() - started, grewMb: grew / (1024 * 1024) };
}

/**
 * A raw deflate stream of `mb` MB of zeros, about 1 KB per MB: one MB of zeros deflated with a full flush (so it
 * stands alone, byte-aligned and not final) repeated, then an empty final block.
 */
function deflatedZeros(mb: number): Buffer {
  const chunk = zlib.deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array.from({ length: mb }, () => chunk), Buffer.from([0x03, 0x00])]);
}

/** A package whose sheet part is `gb` GB of zeros, its header declaring that size honestly. */
function zerosSheetPackage(gb: number): Uint8Array {
  return withReplacedEntry(rawWorkbook({ rows: HEADER }), 'xl/worksheets/sheet1.xml', deflatedZeros(gb * 1024), gb * 1024 * 1024 * 1024, 0);
}

/**
 * Rebuilds a zip with `name`'s compressed bytes replaced by `data` and the header declaring `size` (which may lie).
 * Written by hand from the zip spec (APPNOTE 4.3), independent of the product's zip code.
 */
function withReplacedEntry(zip: Uint8Array, name: string, data: Uint8Array, size: number, crc: number): Uint8Array {
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const entries = unzipSync(zip);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [entryName, content] of Object.entries(entries)) {
    const replaced = entryName === name;
    const body = replaced ? Buffer.from(data) : Buffer.from(content);
    const nameBytes = Buffer.from(entryName);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(replaced ? 8 : 0, 8);
    local.writeUInt32LE(replaced ? crc : crc32(content), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(replaced ? size : content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(replaced ? 8 : 0, 10);
    central.writeUInt32LE(replaced ? crc : crc32(content), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(replaced ? size : content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

describe('workbooks cosell refuses', () => {
  test('a truncated workbook', async () => {
    const bytes = rawWorkbook({ rows: HEADER });
    const result = await refusal(save('truncated.xlsx', bytes.subarray(0, Math.floor(bytes.length * 0.7))));
    expect(result.message).toMatch(/^InputError: .*truncated\.xlsx: not readable as an \.xlsx workbook: it is damaged/);
  });

  test('random bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    expect((await refusal(save('random.xlsx', bytes))).message).toMatch(/random\.xlsx: not readable as an \.xlsx workbook: it is not an \.xlsx package \(not a zip file\)/);
  });

  test('an encrypted workbook or legacy .xls (an OLE compound file)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);
    const { status, stderr } = await runCli('check', save('encrypted.xlsx', bytes));
    expect(status).toBe(2);
    expect(stderr).toMatch(/encrypted\.xlsx: not readable as an \.xlsx workbook: it is an encrypted \(password-protected\) workbook or a legacy \.xls file/);
  });

  test('a macro-enabled package, by its content type or its VBA project', async () => {
    const macroTypes = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>';
    const byType = await refusal(save('macro.xlsx', rawWorkbook({ rows: HEADER, contentTypes: macroTypes })));
    expect(byType.message).toMatch(/macro\.xlsx: .*it is a macro-enabled workbook \(\.xlsm\)/);
    const byPart = await refusal(save('vba.xlsx', rawWorkbook({ rows: HEADER, extraParts: { 'xl/vbaProject.bin': new Uint8Array([1, 2, 3]) } })));
    expect(byPart.message).toMatch(/vba\.xlsx: .*macro-enabled/);
  });

  test('a zip bomb declared honestly: 2 GB of zeros is refused from the directory, at once', async () => {
    const file = save('bomb.xlsx', zerosSheetPackage(2));
    const result = await refusal(file);
    expect(result.message).toMatch(/bomb\.xlsx: not readable as an \.xlsx workbook: its part xl\/worksheets\/sheet1\.xml would inflate to 2048 MB, over the limit of 256 MB/);
    expect(result.ms).toBeLessThan(3000);
    expect(result.grewMb).toBeLessThan(200);
  });

  test('a zip bomb whose header lies small: inflation stops at the declared size', async () => {
    const file = save('liar.xlsx', withReplacedEntry(rawWorkbook({ rows: HEADER }), 'xl/worksheets/sheet1.xml', deflatedZeros(2048), 1000, 0x12345678));
    const result = await refusal(file);
    expect(result.message).toMatch(/liar\.xlsx: not readable as an \.xlsx workbook: it is damaged or a zip bomb \(the part xl\/worksheets\/sheet1\.xml holds more than the 1000 bytes its header declares\)/);
    expect(result.ms).toBeLessThan(3000);
    expect(result.grewMb).toBeLessThan(200);
  });

  test('a part compressed far beyond what real workbooks reach, whatever its size claims', async () => {
    const base = rawWorkbook({ rows: HEADER, extraParts: { 'xl/media/image1.png': new Uint8Array(16) } });
    const file = save('ratio.xlsx', withReplacedEntry(base, 'xl/media/image1.png', deflatedZeros(50), 50 * 1024 * 1024, 0));
    const result = await refusal(file);
    expect(result.message).toMatch(/ratio\.xlsx: .*its part xl\/media\/image1\.png is compressed \d+ to 1, as a zip bomb is/);
  });

  test('a sheet part whose XML is broken names the sheet and the part', async () => {
    const file = save('broken.xlsx', rawWorkbook({ rows: '<row r="2"><c r="A2"/></row><row r="1"><c r="A1"/></row>' }));
    expect((await refusal(file)).message).toMatch(/broken\.xlsx: sheet "Deals" \(xl\/worksheets\/sheet1\.xml\) cannot be read: a row number is out of order/);
  });
});

test('a workbook over 256 MB is refused by its size before it is read', async () => {
  const file = path.join(tmp, 'huge.xlsx');
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, 300 * 1024 * 1024); // sparse: no disk, and reading it would take 300 MB
  fs.closeSync(fd);
  const result = await refusal(file);
  expect(result.message).toMatch(/^InputError: .*huge\.xlsx: not read: the workbook is 300 MB, over the 256 MB a deal workbook may take/);
  expect(result.grewMb).toBeLessThan(100);
  fs.rmSync(file);
});
