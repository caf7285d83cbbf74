/**
 * Draws the add-in's icons (assets/icon-<size>.png): a green rounded tile with a white tick, the product's
 * "deal checked" mark. Pure Node (zlib), so the icons can be redrawn anywhere: `npx tsx scripts/draw-icons.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const SIZES = [16, 32, 64, 80, 128];
const GREEN: [number, number, number] = [0x10, 0x7c, 0x41]; // Excel green

function pixel(size: number, x: number, y: number): [number, number, number, number] {
  const u = (x + 0.5) / size;
  const v = (y + 0.5) / size;
  const r = 0.18;
  const dx = Math.max(r - u, u - (1 - r), 0);
  const dy = Math.max(r - v, v - (1 - r), 0);
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  // The tick: two strokes, (0.25,0.52)→(0.43,0.70) and (0.43,0.70)→(0.76,0.32).
  const width = 0.09;
  if (distance(u, v, 0.25, 0.52, 0.43, 0.7) < width || distance(u, v, 0.43, 0.7, 0.76, 0.32) < width) return [255, 255, 255, 255];
  return [...GREEN, 255];
}

function distance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

function png(size: number): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) Buffer.from(pixel(size, x, y)).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of SIZES) fs.writeFileSync(path.join(__dirname, '..', 'assets', `icon-${size}.png`), png(size));
