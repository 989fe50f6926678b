/**
 * Colour difference as a reader sees a translucent band: the band composited over the paper (PDF and canvas both
 * blend the gamma-encoded sRGB values), optionally passed through a colour-vision-deficiency simulation, then
 * compared in CIELAB with CIEDE2000 (Sharma, Wu & Dalal 2005).
 *
 * | step            | space               | source                                             |
 * |-----------------|---------------------|----------------------------------------------------|
 * | composite       | sRGB, encoded       | α·band + (1 − α)·paper, what pdfkit and canvas do  |
 * | CVD simulation  | sRGB, linear        | Machado, Oliveira & Fernandes 2009, severity 1.0   |
 * | to Lab          | XYZ D65 → CIELAB    | IEC 61966-2-1 sRGB matrix, D65 white               |
 * | difference      | CIELAB              | CIEDE2000, kL = kC = kH = 1                        |
 */
export type Rgb = readonly [number, number, number];
export type Lab = readonly [number, number, number];
export type Vision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';

/** Machado et al. 2009, full severity, applied to linear sRGB. */
const MACHADO: Record<Exclude<Vision, 'normal'>, readonly Rgb[]> = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};
export const VISIONS: readonly Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];

/** '#RRGGBB' → encoded sRGB in [0, 1]. */
export function hexRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

export function composite(band: Rgb, paper: Rgb, alpha: number): Rgb {
  return [0, 1, 2].map((i) => alpha * band[i]! + (1 - alpha) * paper[i]!) as unknown as Rgb;
}

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toEncoded = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * What the eye averages over a stretch of band on ECG paper: the band over bare paper and over the grid's lines
 * (bands are drawn over the grid), mixed in linear light by area. `coverage` is the share of the area the lines
 * take as seen: geometrically 0.2 (minor 0.08 mm per 1 mm, major 0.18 mm per 5 mm, both directions), more on a
 * screen, where a line is at least a pixel wide. Minor and major lines share it by their geometric areas.
 */
export function overGrid(band: Rgb | undefined, paper: Rgb, alpha: number, grid: { minor: Rgb; major: Rgb }, coverage: number): Rgb {
  const minor = 2 * 0.08 * (4 / 5);
  const major = (2 * 0.18) / 5;
  const on = (bg: Rgb) => (band ? composite(band, bg, alpha) : bg);
  const parts: Array<[number, Rgb]> = [
    [1 - coverage, on(paper)],
    [(coverage * minor) / (minor + major), on(grid.minor)],
    [(coverage * major) / (minor + major), on(grid.major)],
  ];
  return [0, 1, 2].map((i) => toEncoded(parts.reduce((s, [w, c]) => s + w * toLinear(c[i]!), 0))) as unknown as Rgb;
}

/** CIELAB hue angle (degrees) of an encoded sRGB colour, normal vision. */
export function hueAngle(rgb: Rgb): number {
  const [, a, b] = seenLab(rgb, 'normal');
  return ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360;
}

/** Smallest angle between two hues, degrees. */
export function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
}

/** Encoded sRGB → CIELAB (D65), after the given vision's simulation. */
export function seenLab(rgb: Rgb, vision: Vision): Lab {
  let lin = rgb.map(toLinear) as unknown as Rgb;
  if (vision !== 'normal') lin = MACHADO[vision].map((row) => clamp01(row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2])) as unknown as Rgb;
  const [r, g, b] = lin;
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** CIEDE2000 ΔE between two CIELAB colours (Sharma, Wu & Dalal 2005, equations 1–22). */
export function ciede2000(a: Lab, b: Lab): number {
  const [L1, a1, b1] = a;
  const [L2, a2, b2] = b;
  const Cbar = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cbar ** 7 / (Cbar ** 7 + 25 ** 7)));
  const ap1 = (1 + G) * a1;
  const ap2 = (1 + G) * a2;
  const C1 = Math.hypot(ap1, b1);
  const C2 = Math.hypot(ap2, b2);
  const hue = (x: number, y: number) => (x === 0 && y === 0 ? 0 : (deg(Math.atan2(y, x)) + 360) % 360);
  const h1 = hue(ap1, b1);
  const h2 = hue(ap2, b2);
  const dL = L2 - L1;
  const dC = C2 - C1;
  let dh = 0;
  if (C1 * C2 !== 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(C1 * C2) * Math.sin(rad(dh / 2));
  const Lp = (L1 + L2) / 2;
  const Cp = (C1 + C2) / 2;
  let hp = h1 + h2;
  if (C1 * C2 !== 0) {
    if (Math.abs(h1 - h2) <= 180) hp = (h1 + h2) / 2;
    else hp = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
  }
  const T = 1 - 0.17 * Math.cos(rad(hp - 30)) + 0.24 * Math.cos(rad(2 * hp)) + 0.32 * Math.cos(rad(3 * hp + 6)) - 0.2 * Math.cos(rad(4 * hp - 63));
  const dTheta = 30 * Math.exp(-(((hp - 275) / 25) ** 2));
  const RC = 2 * Math.sqrt(Cp ** 7 / (Cp ** 7 + 25 ** 7));
  const SL = 1 + (0.015 * (Lp - 50) ** 2) / Math.sqrt(20 + (Lp - 50) ** 2);
  const SC = 1 + 0.045 * Cp;
  const SH = 1 + 0.015 * Cp * T;
  const RT = -Math.sin(rad(2 * dTheta)) * RC;
  return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH));
}

export interface PairDistance {
  vision: Vision;
  a: number;
  b: number;
  deltaE: number;
}

/** Every pair of bands (and each band against the bare paper, index −1) as seen composited, per vision. */
export function bandDistances(colours: readonly string[], paper: string, alpha: number, visions: readonly Vision[] = VISIONS): PairDistance[] {
  const bg = hexRgb(paper);
  const out: PairDistance[] = [];
  for (const vision of visions) {
    const labs = colours.map((c) => seenLab(composite(hexRgb(c), bg, alpha), vision));
    const paperLab = seenLab(bg, vision);
    labs.forEach((la, i) => {
      out.push({ vision, a: -1, b: i, deltaE: ciede2000(paperLab, la) });
      for (let j = i + 1; j < labs.length; j++) out.push({ vision, a: i, b: j, deltaE: ciede2000(la, labs[j]!) });
    });
  }
  return out;
}
