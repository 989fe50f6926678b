/**
 * Running filters: the zero-phase forward-backward pass through second-order sections (the same
 * algorithm as scipy.signal.sosfiltfilt: odd extension at both ends, steady-state initial conditions), and the
 * user's display filters (baseline wander, mains notch, low-pass) applied to an EcgRecord.
 */
import type { EcgRecord } from './record.js';
import { butterworth, notch, type Biquad, type Sos } from './filters-design.js';

/** Where a function gets its result and work buffers: fresh ones, or reused ones (work-buffers.ts). */
export type Alloc = (length: number) => Float64Array;
export const newBuffer: Alloc = (length) => new Float64Array(length);

/**
 * A copy with every non-finite sample (a reader's gap or invalid value) replaced by the last finite one before it
 * (0 at the start): filters and detectors would otherwise spread one NaN over the whole lead.
 */
export function finiteCopy(x: ArrayLike<number>, alloc: Alloc = newBuffer): Float64Array {
  const out = alloc(x.length);
  let last = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (Number.isFinite(v)) last = v;
    out[t] = last;
  }
  return out;
}

/**
 * Initial states that make each section start in the steady state of a unit step (scipy.signal.sosfilt_zi):
 * solve (I − Aᵀ) z = b[1:] − a[1:]·b0 per section, scaled by the DC gain of the sections before it.
 */
export function sosfiltZi(sos: Sos): Float64Array {
  const zi = new Float64Array(2 * sos.length);
  let scale = 1;
  for (let s = 0; s < sos.length; s++) {
    const { b0, b1, b2, a1, a2 } = sos[s]!;
    // Companion-form steady state: z1 = (b1 − a1 b0) + z2 + ... solved in closed form for the 2×2 system
    // [[1 + a1, −1], [a2, 1]]·[z1, z2] = [b1 − a1·b0, b2 − a2·b0].
    const r1 = b1 - a1 * b0;
    const r2 = b2 - a2 * b0;
    const det = 1 + a1 + a2;
    const z1 = (r1 + r2) / det;
    const z2 = r2 - a2 * z1;
    zi[2 * s] = scale * z1;
    zi[2 * s + 1] = scale * z2;
    scale *= (b0 + b1 + b2) / (1 + a1 + a2);
  }
  return zi;
}

/** scipy's default extension length for sosfiltfilt: 3·(2·sections + 1 − trailing zeros shared by b and a). */
export function defaultPadLength(sos: Sos): number {
  const zb = sos.filter((s) => s.b2 === 0).length;
  const za = sos.filter((s) => s.a2 === 0).length;
  return 3 * (2 * sos.length + 1 - Math.min(zb, za));
}

/**
 * Zero-phase filtering: forward then backward through `sos`, on the signal extended at each end by `padLength`
 * samples of odd reflection (2·x[0] − x[k]), which keeps the edges free of a step transient, or of even reflection
 * (x[k]). The magnitude response is |H|², the phase zero. Same result as
 * scipy.signal.sosfiltfilt(sos, x, padtype=padType, padlen=padLength).
 */
export function sosfiltfilt(sos: Sos, x: ArrayLike<number>, padLength = defaultPadLength(sos), padType: 'odd' | 'even' = 'odd'): Float64Array {
  return sosfiltfiltMany(sos, [x], padLength, padType)[0]!;
}

/**
 * sosfiltfilt of several signals (the leads of a record), with the same numbers. The recursion of a biquad is one
 * long chain of dependent multiply-adds, so one signal through one section leaves the CPU idle most of each step:
 * signals of equal length go through in pairs and each pass runs two sections at once, four independent chains.
 */
export function sosfiltfiltMany(
  sos: Sos, xs: ArrayLike<number>[], padLength = defaultPadLength(sos), padType: 'odd' | 'even' = 'odd', alloc = newBuffer,
): Float64Array[] {
  const pads = xs.map((x) => Math.max(0, Math.min(padLength, x.length - 1)));
  const exts = xs.map((x, i) => extend(x, pads[i]!, padType, alloc));
  const zi = sosfiltZi(sos);
  for (let i = 0; i < exts.length; i++) {
    const a = exts[i]!;
    if (a.length === 0) continue;
    // An odd one out is paired with silence (zero states, zero input), which costs next to nothing.
    const b = exts[i + 1]?.length === a.length ? exts[++i]! : alloc(a.length).fill(0);
    cascade(sos, zi, a, b, 1);
    cascade(sos, zi, a, b, -1);
  }
  return exts.map((e, i) => e.subarray(pads[i]!, e.length - pads[i]!));
}

// Even (mirror) extension suits band-pass uses: a noisy end sample does not shift the whole reflection.
function extend(x: ArrayLike<number>, pad: number, padType: 'odd' | 'even', alloc: Alloc): Float64Array {
  const n = x.length;
  if (n === 0) return new Float64Array(0);
  const ext = alloc(n + 2 * pad);
  const first = x[0]!;
  const last = x[n - 1]!;
  const odd = padType === 'odd';
  for (let k = 0; k < pad; k++) ext[k] = odd ? 2 * first - x[pad - k]! : x[pad - k]!;
  ext.set(x, pad);
  for (let k = 0; k < pad; k++) ext[pad + n + k] = odd ? 2 * last - x[n - 2 - k]! : x[n - 2 - k]!;
  return ext;
}

/**
 * One pass of the cascade over a and b in place, forwards (dir 1) or backwards (−1), each section starting in the
 * steady state of the pass's first input sample (zi scaled by it).
 */
function cascade(sos: Sos, zi: Float64Array, a: Float64Array, b: Float64Array, dir: 1 | -1): void {
  const start = dir === 1 ? 0 : a.length - 1;
  const xa = a[start]!;
  const xb = b[start]!;
  for (let s = 0; s < sos.length; s += 2) {
    const z = [zi[2 * s]!, zi[2 * s + 1]!, zi[2 * s + 2] ?? 0, zi[2 * s + 3] ?? 0];
    if (s + 1 < sos.length) twoSections(sos[s]!, sos[s + 1]!, z, xa, xb, a, b, start, dir);
    else oneSection(sos[s]!, z, xa, xb, a, b, start, dir);
  }
}

// Transposed direct form II, y = b0·x + z1, z1 ← b1·x − a1·y + z2, z2 ← b2·x − a2·y, for two signals at once.
function oneSection(s: Biquad, zi: number[], xa: number, xb: number, a: Float64Array, b: Float64Array, start: number, dir: number): void {
  const { b0, b1, b2, a1, a2 } = s;
  let p1 = zi[0]! * xa, p2 = zi[1]! * xa;
  let q1 = zi[0]! * xb, q2 = zi[1]! * xb;
  for (let k = 0, i = start; k < a.length; k++, i += dir) {
    const x = a[i]!;
    const y = b0 * x + p1;
    p1 = b1 * x - a1 * y + p2;
    p2 = b2 * x - a2 * y;
    a[i] = y;
    const u = b[i]!;
    const v = b0 * u + q1;
    q1 = b1 * u - a1 * v + q2;
    q2 = b2 * u - a2 * v;
    b[i] = v;
  }
}

function twoSections(s: Biquad, t: Biquad, zi: number[], xa: number, xb: number, a: Float64Array, b: Float64Array, start: number, dir: number): void {
  const { b0, b1, b2, a1, a2 } = s;
  const c0 = t.b0, c1 = t.b1, c2 = t.b2, d1 = t.a1, d2 = t.a2;
  let p1 = zi[0]! * xa, p2 = zi[1]! * xa, r1 = zi[2]! * xa, r2 = zi[3]! * xa;
  let q1 = zi[0]! * xb, q2 = zi[1]! * xb, u1 = zi[2]! * xb, u2 = zi[3]! * xb;
  for (let k = 0, i = start; k < a.length; k++, i += dir) {
    const x = a[i]!;
    const y = b0 * x + p1;
    p1 = b1 * x - a1 * y + p2;
    p2 = b2 * x - a2 * y;
    const w = c0 * y + r1;
    r1 = c1 * y - d1 * w + r2;
    r2 = c2 * y - d2 * w;
    a[i] = w;
    const u = b[i]!;
    const v = b0 * u + q1;
    q1 = b1 * u - a1 * v + q2;
    q2 = b2 * u - a2 * v;
    const z = c0 * v + u1;
    u1 = c1 * v - d1 * z + u2;
    u2 = c2 * v - d2 * z;
    b[i] = z;
  }
}

/**
 * The filters a user can switch on for display, measurements and reports. Undefined means off.
 * | field       | design                                        | typical values |
 * |-------------|-----------------------------------------------|----------------|
 * | highpassHz  | Butterworth order 2, forward-backward (→ 4)   | 0.05, 0.5      |
 * | notchHz     | RBJ notch, Q = 30, forward-backward           | 50, 60         |
 * | lowpassHz   | Butterworth order 4, forward-backward (→ 8)   | 40, 100, 150   |
 */
export interface FilterSettings {
  highpassHz?: number;
  notchHz?: number;
  lowpassHz?: number;
}

export const NOTCH_Q = 30;
const HIGHPASS_ORDER = 2;
const LOWPASS_ORDER = 4;

/** The cascade the settings describe at rate fs; settings at or above Nyquist are dropped (nothing to remove there). */
export function designFilters(settings: FilterSettings, fs: number): Sos {
  const sos: Biquad[] = [];
  const nyq = fs / 2;
  if (settings.highpassHz !== undefined && settings.highpassHz < nyq) sos.push(...butterworth('highpass', HIGHPASS_ORDER, settings.highpassHz, fs));
  if (settings.notchHz !== undefined && settings.notchHz < nyq) sos.push(notch(settings.notchHz, NOTCH_Q, fs));
  if (settings.lowpassHz !== undefined && settings.lowpassHz < nyq) sos.push(...butterworth('lowpass', LOWPASS_ORDER, settings.lowpassHz, fs));
  return sos;
}

/** Human-readable summary for the screen and the report, e.g. "0.5–40 Hz, notch 50 Hz" or "unfiltered". */
export function describeFilters(settings: FilterSettings): string {
  const parts: string[] = [];
  const { highpassHz: hp, lowpassHz: lp, notchHz: nt } = settings;
  if (hp !== undefined && lp !== undefined) parts.push(`${hp}–${lp} Hz`);
  else if (hp !== undefined) parts.push(`high-pass ${hp} Hz`);
  else if (lp !== undefined) parts.push(`low-pass ${lp} Hz`);
  if (nt !== undefined) parts.push(`notch ${nt} Hz`);
  return parts.length ? parts.join(', ') : 'unfiltered';
}

// Gaps stay gaps: the filter ran over held values, the display must still show the sample as missing.
function keepGaps(x: ArrayLike<number>, filtered: Float64Array): Float32Array {
  const out = Float32Array.from(filtered);
  for (let t = 0; t < out.length; t++) if (!Number.isFinite(x[t]!)) out[t] = NaN;
  return out;
}

/**
 * A copy of the record with every lead filtered (zero-phase); `digital` is dropped because the values no longer
 * match it. The odd extension spans up to one second so that a 0.5 Hz high-pass starts settled; a 10 s record
 * loses no usable signal at its edges.
 */
export function applyFilters(record: EcgRecord, settings: FilterSettings): EcgRecord {
  const sos = designFilters(settings, record.fs);
  const { digital: _dropped, ...rest } = record;
  if (sos.length === 0) return { ...rest, samples: record.samples.map((x) => Float32Array.from(x)) };
  const pad = Math.max(defaultPadLength(sos), Math.round(record.fs));
  const filtered = sosfiltfiltMany(sos, record.samples.map((x) => finiteCopy(x)), pad);
  return { ...rest, samples: record.samples.map((x, l) => keepGaps(x, filtered[l]!)) };
}
