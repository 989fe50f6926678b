/**
 * Running filters: causal second-order-section filtering and the zero-phase forward-backward pass (the same
 * algorithm as scipy.signal.sosfiltfilt: odd extension at both ends, steady-state initial conditions), and the
 * user's display filters (baseline wander, mains notch, low-pass) applied to an EcgRecord.
 */
import type { EcgRecord } from './record.js';
import { butterworth, notch, type Biquad, type Sos } from './filters-design.js';

/**
 * A copy with every non-finite sample (a reader's gap or invalid value) replaced by the last finite one before it
 * (0 at the start): filters and detectors would otherwise spread one NaN over the whole lead.
 */
export function finiteCopy(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  let last = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (Number.isFinite(v)) last = v;
    out[t] = last;
  }
  return out;
}

/** Causal filtering with transposed direct form II; `zi` holds two states per section and is updated in place. */
export function sosfilt(sos: Sos, x: ArrayLike<number>, zi?: Float64Array): Float64Array {
  const y = Float64Array.from(x as ArrayLike<number>);
  const z = zi ?? new Float64Array(2 * sos.length);
  for (let s = 0; s < sos.length; s++) {
    const { b0, b1, b2, a1, a2 } = sos[s]!;
    let z1 = z[2 * s]!;
    let z2 = z[2 * s + 1]!;
    for (let n = 0; n < y.length; n++) {
      const xn = y[n]!;
      const yn = b0 * xn + z1;
      z1 = b1 * xn - a1 * yn + z2;
      z2 = b2 * xn - a2 * yn;
      y[n] = yn;
    }
    z[2 * s] = z1;
    z[2 * s + 1] = z2;
  }
  return y;
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
  const n = x.length;
  if (n === 0) return new Float64Array(0);
  const pad = Math.min(padLength, n - 1);
  const ext = new Float64Array(n + 2 * pad);
  const first = x[0]!;
  const last = x[n - 1]!;
  // Even (mirror) extension suits band-pass uses: a noisy end sample does not shift the whole reflection.
  const odd = padType === 'odd';
  for (let k = 0; k < pad; k++) ext[k] = odd ? 2 * first - x[pad - k]! : x[pad - k]!;
  for (let k = 0; k < n; k++) ext[pad + k] = x[k]!;
  for (let k = 0; k < pad; k++) ext[pad + n + k] = odd ? 2 * last - x[n - 2 - k]! : x[n - 2 - k]!;
  const zi = sosfiltZi(sos);
  const forward = sosfilt(sos, ext, zi.map((v) => v * ext[0]!));
  forward.reverse();
  const backward = sosfilt(sos, forward, zi.map((v) => v * forward[0]!));
  backward.reverse();
  return backward.subarray(pad, pad + n);
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

/**
 * Zero-phase filtering of one lead. The odd extension spans up to one second so that a 0.5 Hz high-pass
 * starts settled; a 10 s record loses no usable signal at its edges.
 */
export function filterSignal(x: ArrayLike<number>, sos: Sos, fs: number): Float32Array {
  if (sos.length === 0) return Float32Array.from(x as ArrayLike<number>);
  const pad = Math.max(defaultPadLength(sos), Math.round(fs));
  const out = Float32Array.from(sosfiltfilt(sos, finiteCopy(x), pad));
  // Gaps stay gaps: the filter ran over held values, the display must still show the sample as missing.
  for (let t = 0; t < out.length; t++) if (!Number.isFinite(x[t]!)) out[t] = NaN;
  return out;
}

/** A copy of the record with every lead filtered; `digital` is dropped because the values no longer match it. */
export function applyFilters(record: EcgRecord, settings: FilterSettings): EcgRecord {
  const sos = designFilters(settings, record.fs);
  const { digital: _dropped, ...rest } = record;
  return { ...rest, samples: record.samples.map((x) => filterSignal(x, sos, record.fs)) };
}
