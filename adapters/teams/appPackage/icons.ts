// Draws the app's two Teams icons as PNGs with node:zlib (`npx tsx adapters/teams/appPackage/icons.ts`); the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const NAVY: Rgba = [0x1d, 0x35, 0x57, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [255, 255, 255, 0];

/** A key: a ring (the bow) on the left, a shaft to the right with two teeth, in a unit square. */
function isKey(x: number, y: number): boolean {
  const dx = x - 0.33;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  const ring = r <= 0.2 && r >= 0.1;
  const shaft = x >= 0.5 && x <= 0.86 && Math.abs(y - 0.5) <= 0.05;
  const tooth = (x >= 0.66 && x <= 0.72) || (x >= 0.78 && x <= 0.86);
  return ring || shaft || (tooth && y > 0.5 && y <= 0.66);
}

export function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0 (None), then RGBA
    for (let x = 0; x < size; x++) row.set(pixel((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = new URL('./', import.meta.url);
  // Color: a white key on navy, full bleed (Teams rounds the corners). Outline: white on transparent only.
  writeFileSync(
    new URL('color.png', dir),
    png(192, (x, y) => (isKey(x, y) ? WHITE : NAVY)),
  );
  writeFileSync(
    new URL('outline.png', dir),
    png(32, (x, y) => (isKey(x, y) ? WHITE : CLEAR)),
  );
}
