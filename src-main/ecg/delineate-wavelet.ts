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

/** Levels of the transform (1-based, W[k−1] is level k), each delay-compensated and as long as x. */
export function waveletTransform(x: ArrayLike<number>, levels: number): Float64Array[] {
  const n = x.length;
  // Replicated edges (longer than the longest filter, 3·2^(levels−1) + 1, plus the delay) let the causal filters
  // run past both ends before the delay is undone.
  const pad = 2 ** (levels + 1) + 4;
  const len = n + 2 * pad;
  let a = new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = x[Math.min(n - 1, Math.max(0, i - pad))]!;
  let next = new Float64Array(len);
  const out: Float64Array[] = [];
  for (let k = 1; k <= levels; k++) {
    const step = 2 ** (k - 1);
    // Group delay of W_k: 1.5·(2^(k−1) − 1) from the k−1 smoothing stages, 0.5·2^(k−1) from g: 2^k − 1.5.
    const delay = Math.round(2 ** k - 1.5);
    const w = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const i = t + pad + delay;
      w[t] = 2 * (a[i]! - a[i - step]!);
    }
    out.push(w);
    for (let i = 0; i < 3 * step; i++) next[i] = a[i]!;
    for (let i = 3 * step; i < len; i++) next[i] = (a[i]! + 3 * a[i - step]! + 3 * a[i - 2 * step]! + a[i - 3 * step]!) / 8;
    [a, next] = [next, a];
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
  for (let t = a; t !== b; t += dir) {
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
