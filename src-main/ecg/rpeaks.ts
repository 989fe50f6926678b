/**
 * Multi-lead QRS detection in the spirit of Pan & Tompkins (1985): band-pass each lead to the QRS band,
 * square, sum over leads (each scaled by its own typical QRS amplitude so one noisy or huge lead cannot
 * dominate), integrate over a QRS-long window, then pick peaks with a locally adaptive threshold, a refractory
 * period, T-wave rejection and a search-back for beats missed in long gaps. The fiducial of each beat is the
 * peak of the spatial magnitude √Σ x_l² of the baseline-free leads near the detection.
 */
import type { EcgRecord } from './record.js';
import { butterworth } from './filters-design.js';
import { finiteCopy, newBuffer, sosfiltfiltMany } from './filters.js';
import { withWorkBuffers } from './work-buffers.js';
import { maxAbs, median } from './order-stats.js';

/** Re-exported for the callers that have always found it here. */
export { median };

/** Below this sampling rate a QRS has too few samples to detect or delineate; such records get no beats. */
export const MIN_RATE_HZ = 100;

/** Tuning, in seconds or as ratios; exported so the evaluation can print what it ran with. */
export const RPEAK_PARAMS = {
  bandHz: [8, 25] as const,
  integrationS: 0.1,
  refractoryS: 0.2,
  /** window over which the reference QRS amplitude is estimated */
  referenceWindowS: 10,
  /** heart rate below which the reference window would hold fewer beats than it assumes */
  minRateBpm: 40,
  threshold: 0.3,
  /** a candidate this soon after a beat, and this much smaller, is a T wave */
  tWaveS: 0.36,
  tWaveRatio: 0.5,
  searchBackRr: 1.6,
  searchBackThreshold: 0.15,
  fiducialS: 0.06,
  /** R peaks this close to either end are not reported: filter transients live there and no QRS fits */
  edgeS: 0.05,
};

/** R peaks (sample indices, ascending) of a record, detected on all its leads together. */
export function detectRPeaks(record: EcgRecord): number[] {
  return detectRPeaksInLeads(record.samples, record.fs);
}

export function detectRPeaksInLeads(raw: ArrayLike<number>[], fs: number): number[] {
  const n = raw[0]?.length ?? 0;
  if (!(fs >= MIN_RATE_HZ) || n < fs || raw.length === 0) return [];
  return withWorkBuffers(({ take }) => {
    const leads = raw.map((x) => finiteCopy(x, take));
    return detectRPeaksFiltered(leads, cleanLeads(leads, fs, take), fs, take);
  });
}

/**
 * The leads without baseline (0.5 Hz high-pass) and above 40 Hz, zero-phase, from their finite copies: what the
 * fiducials are placed on and what the delineator reads, filtered once for both.
 */
export function cleanLeads(leads: Float64Array[], fs: number, alloc = newBuffer): Float64Array[] {
  const sos = [...butterworth('highpass', 2, 0.5, fs), ...(40 < fs / 2 ? butterworth('lowpass', 2, 40, fs) : [])];
  return sosfiltfiltMany(sos, leads, Math.round(fs), 'odd', alloc);
}

/** detectRPeaksInLeads on the finite copies of the leads and their cleanLeads. */
export function detectRPeaksFiltered(leads: Float64Array[], clean: Float64Array[], fs: number, alloc = newBuffer): number[] {
  const n = leads[0]?.length ?? 0;
  if (!(fs >= MIN_RATE_HZ) || n < fs || leads.length === 0) return [];
  const envelope = qrsEnvelope(leads, fs, alloc);
  const edge = Math.round(RPEAK_PARAMS.edgeS * fs);
  const candidates = localMaxima(envelope, Math.round(RPEAK_PARAMS.refractoryS * fs)).filter((c) => c >= edge && c < n - edge);
  const reference = referenceLevels(envelope, candidates, fs);
  let beats = candidates.filter((c, i) => envelope[c]! >= RPEAK_PARAMS.threshold * reference[i]!);
  beats = rejectTWaves(beats, envelope, fs);
  beats = searchBack(beats, candidates, envelope, reference, fs);
  return refineFiducials(beats, clean, fs);
}

/** √(moving average of Σ_l (bp_l / s_l)²): about 1 over a typical QRS, near 0 between beats. */
export function qrsEnvelope(leads: ArrayLike<number>[], fs: number, alloc = newBuffer): Float64Array {
  const n = leads[0]!.length;
  const [lo, hi] = RPEAK_PARAMS.bandHz;
  const sos = [...butterworth('highpass', 2, lo, fs), ...(hi < fs / 2 ? butterworth('lowpass', 2, hi, fs) : [])];
  // Baseline first (odd reflection follows a drifting end), then the QRS band with even reflection, which a
  // noisy end sample cannot turn into a step: either transient alone would look like a beat at the edges.
  const baselineFree = sosfiltfiltMany(butterworth('highpass', 2, 0.5, fs), leads, Math.round(fs), 'odd', alloc);
  const band = sosfiltfiltMany(sos, baselineFree, Math.round(fs), 'even', alloc);
  const energy = alloc(n).fill(0);
  let used = 0;
  for (const bp of band) {
    const scale = typicalPeak(bp, fs);
    if (!(scale > 1e-6)) continue; // a flat lead carries no beat
    used++;
    for (let t = 0; t < n; t++) energy[t]! += (bp[t]! / scale) ** 2;
  }
  const half = Math.max(1, Math.round((RPEAK_PARAMS.integrationS * fs) / 2));
  const out = alloc(n);
  let sum = 0;
  for (let t = 0; t < Math.min(n, half); t++) sum += energy[t]!;
  for (let t = 0; t < n; t++) {
    if (t + half < n) sum += energy[t + half]!;
    if (t - half - 1 >= 0) sum -= energy[t - half - 1]!;
    const width = Math.min(n - 1, t + half) - Math.max(0, t - half) + 1;
    out[t] = used ? Math.sqrt(Math.max(0, sum) / width / used) : 0;
  }
  return out;
}

/** Median over 2-second windows of the window's largest |x|: the lead's usual QRS amplitude after band-pass. */
function typicalPeak(x: Float64Array, fs: number): number {
  const w = Math.round(2 * fs);
  const peaks: number[] = [];
  for (let s = 0; s + w / 2 <= x.length; s += w) {
    peaks.push(maxAbs(x, s, Math.min(x.length, s + w)));
  }
  return median(peaks);
}

/** Indices that hold the largest value within ±radius (the earliest of equal values). */
function localMaxima(x: Float64Array, radius: number): number[] {
  const out: number[] = [];
  const n = x.length;
  for (let t = 0; t < n; t++) {
    const v = x[t]!;
    if (v <= 0) continue;
    // Outwards from t, so that a sample on a slope (nearly all of them) fails at its neighbours.
    let ok = true;
    for (let d = 1; d <= radius && ok; d++) {
      if (t + d < n && x[t + d]! > v) ok = false;
      else if (t - d >= 0 && x[t - d]! >= v) ok = false;
    }
    if (ok) out.push(t);
  }
  return out;
}

/**
 * Per candidate, the median of the K largest candidate values within ±window/2, K being the fewest beats the
 * window holds at the slowest rate we expect: a robust QRS level that ectopic giants and T waves do not sway.
 */
function referenceLevels(envelope: Float64Array, candidates: number[], fs: number): number[] {
  const half = (RPEAK_PARAMS.referenceWindowS * fs) / 2;
  const k = Math.max(2, Math.floor((RPEAK_PARAMS.referenceWindowS * RPEAK_PARAMS.minRateBpm) / 60 * 0.7));
  return candidates.map((c) => {
    const vals = candidates.filter((d) => Math.abs(d - c) <= half).map((d) => envelope[d]!).sort((a, b) => b - a);
    return median(vals.slice(0, k));
  });
}

function rejectTWaves(beats: number[], envelope: Float64Array, fs: number): number[] {
  const out: number[] = [];
  for (const b of beats) {
    const prev = out[out.length - 1];
    if (prev !== undefined && b - prev < RPEAK_PARAMS.tWaveS * fs && envelope[b]! < RPEAK_PARAMS.tWaveRatio * envelope[prev]!) continue;
    out.push(b);
  }
  return out;
}

function searchBack(beats: number[], candidates: number[], envelope: Float64Array, reference: number[], fs: number): number[] {
  if (beats.length < 3) return beats;
  const rr = median(beats.slice(1).map((b, i) => b - beats[i]!));
  const refOf = new Map(candidates.map((c, i) => [c, reference[i]!]));
  const added: number[] = [];
  const edges = [0, ...beats, envelope.length - 1];
  for (let i = 1; i < edges.length; i++) {
    const a = edges[i - 1]!;
    const b = edges[i]!;
    const outer = i === 1 || i === edges.length - 1;
    if (b - a <= RPEAK_PARAMS.searchBackRr * rr * (outer ? 0.6 : 1)) continue;
    const margin = RPEAK_PARAMS.tWaveS * fs;
    let best: number | undefined;
    for (const c of candidates) {
      if (c <= a + (i === 1 ? 0 : margin) || c >= b - (i === edges.length - 1 ? 0 : RPEAK_PARAMS.refractoryS * fs)) continue;
      if (envelope[c]! < RPEAK_PARAMS.searchBackThreshold * refOf.get(c)!) continue;
      if (best === undefined || envelope[c]! > envelope[best]!) best = c;
    }
    if (best !== undefined) added.push(best);
  }
  return [...beats, ...added].sort((x, y) => x - y);
}

/** Moves each detection to the largest spatial magnitude of the baseline-free leads within ±fiducialS. */
function refineFiducials(beats: number[], clean: Float64Array[], fs: number): number[] {
  const r = Math.round(RPEAK_PARAMS.fiducialS * fs);
  const out: number[] = [];
  for (const b of beats) {
    let best = b;
    let bestV = -1;
    for (let t = Math.max(0, b - r); t <= Math.min(clean[0]!.length - 1, b + r); t++) {
      let v = 0;
      for (const c of clean) v += c[t]! ** 2;
      if (v > bestV) {
        bestV = v;
        best = t;
      }
    }
    if (out.length === 0 || best - out[out.length - 1]! >= RPEAK_PARAMS.refractoryS * fs * 0.5) out.push(best);
  }
  return out;
}
