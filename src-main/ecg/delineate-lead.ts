/**
 * Single-lead delineation of one beat from the wavelet transform (Martínez et al. 2004, with our tuning on
 * LUDB). The QRS is found at scale 2^2 (250 Hz terms) as the chain of significant modulus maxima around the
 * beat's fiducial; P and T waves at scale 2^4 (2^5 when 2^4 shows nothing) as the strongest pair of
 * opposite-sign maxima in a search window. Onsets and offsets are where |W| falls below a fraction of the
 * outermost maximum of the wave, or reaches a local minimum, whichever is first.
 */
import type { WaveMarks } from './delineate-types.js';
import { boundary, modulusMaxima, rms, zeroCrossing } from './delineate-wavelet.js';
import { maxAbs } from './order-stats.js';

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
  /** the wavelet transform at Martínez's 250 Hz scales 2^2 (QRS), 2^4 and 2^5 (P and T), at the record's rate */
  w2: Float64Array;
  w4: Float64Array;
  w5: Float64Array;
  /** robust noise deviation of w2 (median |W| / 0.6745; most samples lie outside the QRS) */
  qrsNoise: number;
}

/** QRS of one lead around fiducial r, searched within [lo, hi]. */
export function leadQrs(sig: LeadSignal, r: number, lo: number, hi: number): WaveMarks | undefined {
  const P = LEAD_PARAMS.qrs;
  const w = sig.w2;
  const half = Math.round(P.halfWindowS * sig.fs);
  const from = Math.max(lo, r - half);
  const to = Math.min(hi, r + half);
  const wmax = maxAbs(w, from, to + 1);
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
  return waveAtScale(sig, sig.w4, kind, s) ?? waveAtScale(sig, sig.w5, kind, s);
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
  // The partner of the main maximum: its neighbour of opposite sign with the larger modulus (the earlier on a tie).
  const left = main > 0 && opposite(w, maxima, main, main - 1) ? main - 1 : -1;
  const right = main < maxima.length - 1 && opposite(w, maxima, main, main + 1) ? main + 1 : -1;
  const partner = right >= 0 && (left < 0 || Math.abs(w[maxima[left]!]!) < Math.abs(w[maxima[right]!]!)) ? right : left;
  let first = main;
  let last = main;
  let peak: number | undefined;
  if (partner >= 0) {
    first = Math.min(main, partner);
    last = Math.max(main, partner);
    peak = zeroCrossing(w, maxima[first]!, maxima[last]!);
  }
  // A biphasic wave shows a further lobe of opposite sign next to the pair.
  if (first > 0 && opposite(w, maxima, first, first - 1) && Math.abs(w[maxima[first - 1]!]!) >= P.secondLobe * mv) first--;
  if (last < maxima.length - 1 && opposite(w, maxima, last, last + 1) && Math.abs(w[maxima[last + 1]!]!) >= P.secondLobe * mv) last++;
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

function opposite(w: Float64Array, maxima: number[], i: number, j: number): boolean {
  return Math.sign(w[maxima[i]!]!) !== Math.sign(w[maxima[j]!]!);
}

function argMaxAbs(w: Float64Array, a: number, b: number): number {
  let best = a;
  for (let t = a; t <= b; t++) if (Math.abs(w[t]!) > Math.abs(w[best]!)) best = t;
  return best;
}
