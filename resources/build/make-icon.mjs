#!/usr/bin/env node
/**
 * Draws the application icon and writes every form electron-builder looks for in this folder, so packaging
 * never has to convert icons (its converter is a toolset downloaded from GitHub):
 *
 * | file               | used for                                               |
 * |--------------------|--------------------------------------------------------|
 * | icon.png           | 1024×1024 master (AppImage, deb, fallback everywhere)  |
 * | icons/NxN.png      | Linux icon set, 16…512                                 |
 * | icon.ico           | Windows executable and NSIS installer (PNG entries)    |
 * | icon.icns          | macOS app bundle and dmg (PNG entries, 16…1024)        |
 *
 * The picture: a dark rounded square of ECG paper with one beat (P, QRS, T) in white and an amber band behind
 * the QRS complex, the way the app marks a time-localized cluster. Rendered once at 1024 px with analytic
 * anti-aliasing, then area-averaged down to each size. Run: node resources/build/make-icon.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const N = 1024;

const clamp01 = (x) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** One heartbeat in icon units (x 0…1 across, y up), as a polyline. */
function beat() {
  const pts = [];
  const gauss = (t, c, w, a) => a * Math.exp(-(((t - c) / w) ** 2));
  for (let i = 0; i <= 600; i++) {
    const t = i / 600;
    let y = gauss(t, 0.27, 0.035, 0.07); // P
    y += gauss(t, 0.425, 0.012, -0.05); // Q
    y += gauss(t, 0.47, 0.016, 0.42); // R
    y += gauss(t, 0.515, 0.013, -0.12); // S
    y += gauss(t, 0.7, 0.055, 0.13); // T
    pts.push([t, y]);
  }
  return pts;
}

function render() {
  const rgba = new Float64Array(N * N * 4);
  const margin = 0.06 * N;
  const radius = 0.2 * N;
  const paper = [0.07, 0.15, 0.23];
  const minor = [0.16, 0.27, 0.36];
  const major = [0.27, 0.4, 0.5];
  const band = [0.96, 0.66, 0.2];
  const ink = [1, 1, 1];
  const x0 = margin;
  const w = N - 2 * margin;
  const baseline = N * 0.6;
  const trace = beat().map(([t, y]) => [x0 + 0.06 * w + t * 0.88 * w, baseline - y * w]);
  const half = 0.017 * N;
  // Segments near each row, so the distance search stays local.
  const rows = Array.from({ length: N }, () => []);
  for (let i = 1; i < trace.length; i++) {
    const [ax, ay] = trace[i - 1];
    const [bx, by] = trace[i];
    const lo = Math.max(0, Math.floor(Math.min(ay, by) - half - 2));
    const hi = Math.min(N - 1, Math.ceil(Math.max(ay, by) + half + 2));
    for (let r = lo; r <= hi; r++) rows[r].push([ax, ay, bx, by]);
  }
  const bandLo = x0 + 0.06 * w + 0.39 * 0.88 * w;
  const bandHi = x0 + 0.06 * w + 0.555 * 0.88 * w;
  const cell = w / 25;
  for (let py = 0; py < N; py++) {
    for (let px = 0; px < N; px++) {
      const x = px + 0.5;
      const y = py + 0.5;
      // Rounded square: signed distance to its outline.
      const qx = Math.max(Math.abs(x - N / 2) - (N / 2 - margin - radius), 0);
      const qy = Math.max(Math.abs(y - N / 2) - (N / 2 - margin - radius), 0);
      const shape = clamp01(radius - Math.hypot(qx, qy) + 0.5);
      if (shape === 0) continue;
      let c = paper;
      const gx = (x - x0) / cell;
      const gy = (y - baseline) / cell;
      const onLine = (g, width) => clamp01(width - Math.abs(g - Math.round(g)) * cell + 0.5);
      const minorA = Math.max(onLine(gx, 1.2), onLine(gy, 1.2)) * 0.9;
      const majorA = Math.max(onLine(gx / 5, 2.2 / 5), onLine(gy / 5, 2.2 / 5));
      c = mix(c, minor, minorA);
      c = mix(c, major, majorA);
      const inBand = clamp01(Math.min(x - bandLo, bandHi - x) + 0.5) * clamp01(Math.min(y - N * 0.2, N * 0.82 - y) + 0.5);
      c = mix(c, band, inBand * 0.55);
      let d = Infinity;
      for (const [ax, ay, bx, by] of rows[py]) d = Math.min(d, segmentDistance(x, y, ax, ay, bx, by));
      c = mix(c, ink, clamp01(half - d + 0.5));
      const o = (py * N + px) * 4;
      rgba[o] = c[0];
      rgba[o + 1] = c[1];
      rgba[o + 2] = c[2];
      rgba[o + 3] = shape;
    }
  }
  return rgba;
}

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function segmentDistance(x, y, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : clamp01(((x - ax) * dx + (y - ay) * dy) / len2);
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Area-average the 1024 px master down to size×size (premultiplied, so edges do not darken). */
function downsample(src, size) {
  const out = new Uint8Array(size * size * 4);
  const scale = N / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      let n = 0;
      for (let sy = Math.floor(y * scale); sy < Math.floor((y + 1) * scale); sy++) {
        for (let sx = Math.floor(x * scale); sx < Math.floor((x + 1) * scale); sx++) {
          const o = (sy * N + sx) * 4;
          const a = src[o + 3];
          acc[0] += src[o] * a;
          acc[1] += src[o + 1] * a;
          acc[2] += src[o + 2] * a;
          acc[3] += a;
          n++;
        }
      }
      const o = (y * size + x) * 4;
      const alpha = acc[3] / n;
      for (let k = 0; k < 3; k++) out[o + k] = Math.round(255 * (acc[3] > 0 ? acc[k] / acc[3] : 0));
      out[o + 3] = Math.round(255 * alpha);
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA 8-bit PNG, filter 0 on every row. */
function png(pixels, size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) raw.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** ICO whose entries are PNG images (Windows Vista and later); a width byte of 0 means 256. */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

/** ICNS with PNG payloads: OSType per pixel size (the @2x types share the larger pixel size). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

function icns(pngBySize) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + pngBySize.get(size).length, 4);
    return Buffer.concat([head, pngBySize.get(size)]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

const master = render();
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const pngs = new Map(sizes.map((s) => [s, png(downsample(master, s), s)]));
mkdirSync(join(HERE, 'icons'), { recursive: true });
writeFileSync(join(HERE, 'icon.png'), pngs.get(1024));
for (const s of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(HERE, 'icons', `${s}x${s}.png`), pngs.get(s));
writeFileSync(join(HERE, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: pngs.get(size) }))));
writeFileSync(join(HERE, 'icon.icns'), icns(pngs));
console.log(`wrote icon.png, icons/*.png, icon.ico and icon.icns in ${HERE}`);
