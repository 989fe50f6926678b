/**
 * Dyadic wavelet transform with the quadratic-spline wavelet (Mallat & Zhong 1992), computed by the
 * algorithme à trous as in Martínez et al. 2004 (IEEE TBME 51:570): low-pass h = [1 3 3 1]/8, high-pass
 * g = [2 −2], both upsampled by 2^(k−1) at level k. W_k is proportional to the derivative of the signal
 * smoothed at scale 2^k: a wave's peak is a zero crossing of W_k between two modulus maxima of opposite sign,
 * and its steepest slopes are those maxima.
 *
 * Martínez designed the scales for 250 Hz; `scaleOffset` shifts them so that scale k at 250 Hz is level
 * k + offset at the record's rate (offset 1 at 500 Hz, 2 at 1000 Hz). The transform is returned delay-compensated:
 * W_k[n] belongs to sample n.
 */
import { newBuffer } from './filters.js';

/**
 * The levels `wanted` (1-based, ascending or not) of the transform, each delay-compensated and as long as x, in
 * the order asked. Only those levels are formed; the smoothing runs up to the deepest of them.
 */
export function waveletLevels(x: ArrayLike<number>, wanted: number[], alloc = newBuffer): Float64Array[] {
  const n = x.length;
  const levels = Math.max(0, ...wanted);
  // Replicated edges (longer than the longest filter, 3·2^(levels−1) + 1, plus the delay) let the causal filters
  // run past both ends before the delay is undone.
  const pad = (1 << (levels + 1)) + 4;
  const len = n + 2 * pad;
  let a = alloc(len);
  let next = alloc(len);
  a.fill(x[0]!, 0, pad);
  a.set(x, pad);
  a.fill(x[n - 1]!, pad + n);
  const out: Float64Array[] = new Array(wanted.length);
  for (let k = 1; k <= levels; k++) {
    // Integer shifts, not 2 ** k: a float step would turn every index below into float arithmetic.
    const step = 1 << (k - 1);
    for (let j = 0; j < wanted.length; j++) {
      if (wanted[j] !== k) continue;
      // Group delay of W_k: 1.5·(2^(k−1) − 1) from the k−1 smoothing stages, 0.5·2^(k−1) from g: 2^k − 1.5.
      const delay = Math.round((1 << k) - 1.5);
      const w = alloc(n);
      for (let t = 0, i = pad + delay; t < n; t++, i++) w[t] = 2 * (a[i]! - a[i - step]!);
      out[j] = w;
    }
    if (k === levels) break;
    for (let i = 0; i < 3 * step; i++) next[i] = a[i]!;
    // next[i] = (a[i] + 3·a[i − step] + 3·a[i − 2·step] + a[i − 3·step]) / 8, walked one residue class of i mod step
    // at a time so that the four taps slide through registers: one load per sample instead of four.
    for (let p = 0; p < step; p++) {
      let x1 = a[2 * step + p]!;
      let x2 = a[step + p]!;
      let x3 = a[p]!;
      for (let i = 3 * step + p; i < len; i += step) {
        const x0 = a[i]!;
        next[i] = (x0 + 3 * x1 + 3 * x2 + x3) / 8;
        x3 = x2;
        x2 = x1;
        x1 = x0;
      }
    }
    const swap = a;
    a = next;
    next = swap;
  }
  return out;
}

/** Level offset that maps Martínez's 250 Hz scales to a record sampled at fs. */
export function scaleOffset(fs: number): number {
  return Math.max(0, Math.round(Math.log2(fs / 250)));
}

/** Local maxima of |w| in [from, to] above `threshold`, in time order (plateaus give their first sample). */
export function modulusMaxima(w: Float64Array, from: number, to: number, threshold: number): number[] {
  const out: number[] = [];
  const lo = Math.max(1, from);
  const hi = Math.min(w.length - 2, to);
  for (let t = lo; t <= hi; t++) {
    const m = Math.abs(w[t]!);
    if (m > threshold && m >= Math.abs(w[t - 1]!) && m > Math.abs(w[t + 1]!)) out.push(t);
  }
  return out;
}

/** First sign change of w between a and b (inclusive order either way), or undefined. */
export function zeroCrossing(w: Float64Array, a: number, b: number): number | undefined {
  const dir = b >= a ? 1 : -1;
  // an ordered bound, not t !== b: a limit derived from a median RR of an even count can be x.5, which t never equals
  for (let t = a; dir > 0 ? t < b : t > b; t += dir) {
    const u = w[t]!;
    const v = w[t + dir]!;
    if (u === 0) return t;
    if ((u > 0 && v <= 0) || (u < 0 && v >= 0)) return Math.abs(u) <= Math.abs(v) ? t : t + dir;
  }
  return undefined;
}

/**
 * Wave boundary from a modulus maximum at `from`, walking in `dir` (−1 onset, +1 offset) until |w| falls below
 * `ratio`·|w(from)| or reaches a local minimum of |w|, whichever comes first; stops at `limit`.
 */
export function boundary(w: Float64Array, from: number, dir: -1 | 1, ratio: number, limit: number): number {
  const level = ratio * Math.abs(w[from]!);
  let t = from;
  while (t !== limit) {
    const next = t + dir;
    if (next < 0 || next >= w.length) break;
    const m = Math.abs(w[next]!);
    if (m < level) return next;
    if (m > Math.abs(w[t]!)) return t; // |w| turned up: local minimum
    t = next;
  }
  return t;
}

/** Root mean square of w over [from, to). */
export function rms(w: ArrayLike<number>, from: number, to: number): number {
  const lo = Math.max(0, from);
  const hi = Math.min(w.length, to);
  if (hi <= lo) return 0;
  let s = 0;
  for (let t = lo; t < hi; t++) s += w[t]! ** 2;
  return Math.sqrt(s / (hi - lo));
}
