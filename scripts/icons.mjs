// Draws the extension's icons from one shape list, so the marketplace PNG and the activity-bar SVG agree:
//   media/icon.png          128x128 marketplace icon (rasterized here, 4x4 supersampled, written with zlib)
//   media/rollouts.svg      monochrome activity-bar icon (VS Code masks it with the theme's colour)
// Run `node scripts/icons.mjs` after changing the shapes; the outputs are committed.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Three ascending bars (stable → canary → full traffic) and an arrow head: progressive delivery.
// Coordinates in a 128 grid.
const BARS = [
  { x: 22, y: 78, w: 20, h: 28, color: [88, 166, 255] },
  { x: 54, y: 58, w: 20, h: 48, color: [63, 185, 80] },
  { x: 86, y: 38, w: 20, h: 68, color: [63, 185, 80] },
];
const ARROW = [
  [78, 18],
  [110, 18],
  [110, 50],
]; // triangle, top right
const STEM = { from: [24, 62], to: [104, 24], width: 7 };
const BG = { r: 26, color: [16, 38, 64] };

function insideRoundRect(px, py, x, y, w, h, r) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}
function insideTriangle(px, py, [[ax, ay], [bx, by], [cx, cy]]) {
  const s = (x1, y1, x2, y2) => (px - x2) * (y1 - y2) - (x1 - x2) * (py - y2);
  const d1 = s(ax, ay, bx, by),
    d2 = s(bx, by, cx, cy),
    d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}
function nearSegment(px, py, { from: [x1, y1], to: [x2, y2], width }) {
  const dx = x2 - x1,
    dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return (px - (x1 + t * dx)) ** 2 + (py - (y1 + t * dy)) ** 2 <= (width / 2) ** 2;
}
/** RGBA of one sample point. */
function sample(px, py) {
  if (!insideRoundRect(px, py, 0, 0, 128, 128, BG.r)) return [0, 0, 0, 0];
  if (insideTriangle(px, py, ARROW) || nearSegment(px, py, STEM)) return [255, 255, 255, 255];
  for (const b of BARS) if (insideRoundRect(px, py, b.x, b.y, b.w, b.h, 3)) return [...b.color, 255];
  return [...BG.color, 255];
}

function png(size) {
  const scale = 128 / size,
    ss = 4;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const c = sample((x + (sx + 0.5) / ss) * scale, (y + (sy + 0.5) / ss) * scale);
          acc[0] += c[0] * c[3];
          acc[1] += c[1] * c[3];
          acc[2] += c[2] * c[3];
          acc[3] += c[3];
        }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const a = acc[3];
      raw[o] = a ? Math.round(acc[0] / a) : 0;
      raw[o + 1] = a ? Math.round(acc[1] / a) : 0;
      raw[o + 2] = a ? Math.round(acc[2] / a) : 0;
      raw[o + 3] = Math.round(a / (ss * ss));
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function activityBarSvg() {
  // 24x24 viewBox; same bars and arrow, monochrome (VS Code uses the SVG as a mask).
  const k = 24 / 128;
  const f = (n) => +(n * k).toFixed(2);
  const bars = BARS.map((b) => `<rect x="${f(b.x)}" y="${f(b.y)}" width="${f(b.w)}" height="${f(b.h)}" rx="0.6"/>`).join('');
  const arrow = `<path d="M${ARROW.map(([x, y]) => `${f(x)} ${f(y)}`).join(' L')} Z"/>`;
  const stem = `<line x1="${f(STEM.from[0])}" y1="${f(STEM.from[1])}" x2="${f(STEM.to[0])}" y2="${f(STEM.to[1])}" stroke="currentColor" stroke-width="${f(STEM.width)}" stroke-linecap="round"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="currentColor">${bars}${stem}${arrow}</svg>\n`;
}

fs.mkdirSync(path.join(root, 'media'), { recursive: true });
fs.writeFileSync(path.join(root, 'media', 'icon.png'), png(128));
fs.writeFileSync(path.join(root, 'media', 'rollouts.svg'), activityBarSvg());
console.log('wrote media/icon.png (128x128) and media/rollouts.svg');
