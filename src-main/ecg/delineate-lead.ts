/**
 * Single-lead delineation of one beat from the wavelet transform (Martínez et al. 2004, with our tuning on
 * LUDB). The QRS is found at scale 2^2 (250 Hz terms) as the chain of significant modulus maxima around the
 * beat's fiducial; P and T waves at scale 2^4 (2^5 when 2^4 shows nothing) as the strongest pair of
 * opposite-sign maxima in a search window. Onsets and offsets are where |W| falls below a fraction of the
 * outermost maximum of the wave, or reaches a local minimum, whichever is first.
 */
import type { WaveMarks } from './delineate-types.js';
import { boundary, modulusMaxima, rms, zeroCrossing } from './delineate-wavelet.js';

export const LEAD_PARAMS = {
  qrs: {
    /** half width of the search around the fiducial, s */
    halfWindowS: 0.13,
    /** the anchor maximum lies this close to the fiducial, s */
    anchorS: 0.05,
    /** significance of maxima before / after the anchor, relative to the window's largest |W| */
    gammaPre: 0.06,
    gammaPost: 0.09,
    /** maxima farther apart than this do not belong to one QRS, s */
    chainGapS: 0.07,
    /** maxima of the chain must also stand this many noise deviations above zero */
    noiseFactor: 4,
    /** boundary thresholds, relative to the outermost maximum, by that maximum's sign */
    xiOnPositive: 0.05,
    xiOnNegative: 0.07,
    xiOffPositive: 0.125,
    xiOffNegative: 0.71,
  },
  t: { epsilon: 0.25, xiOn: 0.35, xiOff: 0.4, secondLobe: 0.5 },
  p: { epsilon: 0.1, xiOn: 0.5, xiOff: 0.9, secondLobe: 0.5 },
};

export interface LeadSignal {
  fs: number;
  /** baseline-free, low-passed signal, for locating extrema */
  x: Float64Array;
  /** wavelet levels, W[k − 1] is level k at the record's rate */
  w: Float64Array[];
  /** level offset mapping 250 Hz scales to this rate */
  offset: number;
  /** robust noise deviation of the QRS level of W (median |W| / 0.6745; most samples lie outside the QRS) */
  qrsNoise: number;
}

export function level(sig: LeadSignal, scale250: number): Float64Array {
  return sig.w[Math.min(sig.w.length, scale250 + sig.offset) - 1]!;
}

/** QRS of one lead around fiducial r, searched within [lo, hi]. */
export function leadQrs(sig: LeadSignal, r: number, lo: number, hi: number): WaveMarks | undefined {
  const P = LEAD_PARAMS.qrs;
  const w = level(sig, 2);
  const half = Math.round(P.halfWindowS * sig.fs);
  const from = Math.max(lo, r - half);
  const to = Math.min(hi, r + half);
  let wmax = 0;
  for (let t = from; t <= to; t++) wmax = Math.max(wmax, Math.abs(w[t]!));
  if (wmax === 0) return undefined;
  const floor = P.noiseFactor * sig.qrsNoise;
  const maxima = modulusMaxima(w, from, to, Math.max(floor, Math.min(P.gammaPre, P.gammaPost) * wmax));
  const near = Math.round(P.anchorS * sig.fs);
  let anchor: number | undefined;
  for (const m of maxima) if (Math.abs(m - r) <= near && (anchor === undefined || Math.abs(w[m]!) > Math.abs(w[anchor]!))) anchor = m;
  if (anchor === undefined) return undefined;
  const gap = Math.round(P.chainGapS * sig.fs);
  const ai = maxima.indexOf(anchor);
  let first = ai;
  while (first > 0 && maxima[first]! - maxima[first - 1]! <= gap && Math.abs(w[maxima[first - 1]!]!) >= Math.max(floor, P.gammaPre * wmax)) first--;
  let last = ai;
  while (last < maxima.length - 1 && maxima[last + 1]! - maxima[last]! <= gap && Math.abs(w[maxima[last + 1]!]!) >= Math.max(floor, P.gammaPost * wmax)) last++;
  const mFirst = maxima[first]!;
  const mLast = maxima[last]!;
  const on = boundary(w, mFirst, -1, w[mFirst]! > 0 ? P.xiOnPositive : P.xiOnNegative, lo);
  const off = boundary(w, mLast, 1, w[mLast]! > 0 ? P.xiOffPositive : P.xiOffNegative, hi);
  return { on, peak: extremum(sig.x, on, off), off };
}

/** Sample of the largest deviation of x from the straight line joining x(on) and x(off). */
export function extremum(x: Float64Array, on: number, off: number): number {
  let best = on;
  let bestV = -1;
  const x0 = x[on]!;
  const slope = off > on ? (x[off]! - x0) / (off - on) : 0;
  for (let t = on; t <= off; t++) {
    const v = Math.abs(x[t]! - x0 - slope * (t - on));
    if (v > bestV) {
      bestV = v;
      best = t;
    }
  }
  return best;
}

export interface WaveSearch {
  /** search window for the wave's maxima */
  from: number;
  to: number;
  /** how far boundaries may extend beyond the window */
  limitOn: number;
  limitOff: number;
  /** reference RMS span (the beat) for the significance threshold */
  rmsFrom: number;
  rmsTo: number;
}

/** P or T wave of one lead within a search window, or undefined when no significant wave is there. */
export function leadWave(sig: LeadSignal, kind: 'p' | 't', s: WaveSearch): WaveMarks | undefined {
  for (const scale of [4, 5]) {
    const found = waveAtScale(sig, level(sig, scale), kind, s);
    if (found) return found;
  }
  return undefined;
}

function waveAtScale(sig: LeadSignal, w: Float64Array, kind: 'p' | 't', s: WaveSearch): WaveMarks | undefined {
  const P = LEAD_PARAMS[kind];
  if (s.to - s.from < 4) return undefined;
  const eps = P.epsilon * rms(w, s.rmsFrom, s.rmsTo);
  const maxima = modulusMaxima(w, s.from, s.to, eps);
  if (maxima.length === 0) return undefined;
  let main = 0;
  for (let i = 1; i < maxima.length; i++) if (Math.abs(w[maxima[i]!]!) > Math.abs(w[maxima[main]!]!)) main = i;
  const mv = Math.abs(w[maxima[main]!]!);
  const opposite = (i: number, j: number) => Math.sign(w[maxima[i]!]!) !== Math.sign(w[maxima[j]!]!);
  // The partner of the main maximum: its neighbour of opposite sign with the larger modulus.
  const cands = [main - 1, main + 1].filter((j) => j >= 0 && j < maxima.length && opposite(main, j));
  let first = main;
  let last = main;
  let peak: number | undefined;
  if (cands.length) {
    const partner = cands.reduce((a, b) => (Math.abs(w[maxima[a]!]!) >= Math.abs(w[maxima[b]!]!) ? a : b));
    first = Math.min(main, partner);
    last = Math.max(main, partner);
    peak = zeroCrossing(w, maxima[first]!, maxima[last]!);
  }
  // A biphasic wave shows a further lobe of opposite sign next to the pair.
  if (first > 0 && opposite(first, first - 1) && Math.abs(w[maxima[first - 1]!]!) >= P.secondLobe * mv) first--;
  if (last < maxima.length - 1 && opposite(last, last + 1) && Math.abs(w[maxima[last + 1]!]!) >= P.secondLobe * mv) last++;
  if (peak === undefined) {
    // Only one slope inside the window: the peak is the nearest zero crossing on either side.
    const m = maxima[main]!;
    const a = zeroCrossing(w, m, Math.max(s.limitOn, 0));
    const b = zeroCrossing(w, m, Math.min(s.limitOff, w.length - 1));
    if (a === undefined && b === undefined) return undefined;
    peak = a === undefined ? b! : b === undefined ? a : m - a <= b - m ? a : b;
  }
  // When the window held only one slope, the other lobe lies beyond the peak: take its largest |W|.
  const lobe = Math.round(0.1 * sig.fs);
  const aOn = maxima[first]! < peak ? maxima[first]! : argMaxAbs(w, Math.max(s.limitOn, peak - lobe), peak);
  const aOff = maxima[last]! > peak ? maxima[last]! : argMaxAbs(w, peak, Math.min(s.limitOff, peak + lobe));
  const on = boundary(w, aOn, -1, P.xiOn, s.limitOn);
  const off = boundary(w, aOff, 1, P.xiOff, s.limitOff);
  return { on, peak, off };
}

function argMaxAbs(w: Float64Array, a: number, b: number): number {
  let best = a;
  for (let t = a; t <= b; t++) if (Math.abs(w[t]!) > Math.abs(w[best]!)) best = t;
  return best;
}
