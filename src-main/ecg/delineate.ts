/**
 * Multi-lead delineation: R peaks from all leads, then per beat a single-lead delineation in every lead
 * (delineate-lead.ts) merged into global marks by rules in the spirit of Martínez's multilead rules:
 * QRS onset is the earliest onset that enough other leads confirm within a few milliseconds and QRS offset
 * the latest such offset; a P or T wave exists when enough leads find it at about the same time; P onset and
 * T offset (the ends of PR and QT) follow the same earliest/latest-confirmed rule over those leads, P offset,
 * T onset and the peaks are the median lead's. Records sampled below MIN_RATE_HZ or above MAX_RATE_HZ get an
 * empty delineation.
 */
import type { EcgRecord } from './record.js';
import type { BeatMarks, Delineation, WaveMarks } from './delineate-types.js';
import { finiteCopy, type Alloc } from './filters.js';
import { withWorkBuffers } from './work-buffers.js';
import { median, medianAbs } from './order-stats.js';
import { cleanLeads, detectRPeaksFiltered, MIN_RATE_HZ } from './rpeaks.js';
import { scaleOffset, waveletLevels } from './delineate-wavelet.js';
import { extremum, leadQrs, leadWave, type LeadSignal, type WaveSearch } from './delineate-lead.js';
import { measureIntervals } from './intervals.js';

export const GLOBAL_PARAMS = {
  /** share of the leads (at least 2) that must agree within agreeS for a boundary to be taken as the global one */
  agreeFraction: 0.4,
  agreeS: 0.012,
  /** fraction of delineated leads that must see a P or T wave, and how close their peaks must be, s */
  waveVote: { p: 0.5, t: 0.3 },
  wavePeakSpreadS: 0.08,
  t: { startAfterQrsS: 0.02, minFromRS: 0.1, maxRrFraction: 0.7, beforeNextRS: 0.2, overrunS: 0.15 },
  /** P search: from the previous T offset, at most maxBeforeQrsS before the QRS onset, up to the QRS onset */
  p: { maxBeforeQrsS: 0.3 },
  /**
   * Atrial fibrillation shows as irregular RR with no fixed P–QRS coupling: over a neighbourhood of beats,
   * when the median successive RR change exceeds `rrIrregularity` of the median RR and the P peaks scatter
   * around their median PR by more than `prScatterS` (median absolute deviation) or are found before fewer
   * than half of the beats, the "P waves" found are fibrillatory waves and are dropped.
   */
  af: { neighbours: 6, rrIrregularity: 0.1, prScatterS: 0.015 },
};

/**
 * Delineates a record. R peaks may be given (e.g. reviewed by a person); otherwise they are detected as
 * detectRPeaks does, reusing the filtered leads the waves are delineated on.
 */
/**
 * No ECG device samples faster (high-resolution pacing studies reach 32 kHz); a header claiming more is corrupt,
 * and the windows, which scale with the rate, would keep a delineation busy for minutes (1e8 Hz: 16 s, ∞: forever).
 */
export const MAX_RATE_HZ = 32_000;

export function delineate(record: EcgRecord, givenRPeaks?: number[]): Delineation {
  const fs = record.fs;
  if (!(fs >= MIN_RATE_HZ && fs <= MAX_RATE_HZ)) return { fs, rPeaks: [], beats: [], leadBeats: record.samples.map(() => undefined), intervals: {} };
  return withWorkBuffers(({ take }) => {
    const finite = record.samples.map((x) => finiteCopy(x, take));
    const clean = cleanLeads(finite, fs, take);
    const rPeaks = givenRPeaks ?? detectRPeaksFiltered(finite, clean, fs, take);
    return delineateSignals(record, clean.map((x) => leadSignal(x, fs, take)), rPeaks);
  });
}

function delineateSignals(record: EcgRecord, signals: LeadSignal[], rPeaks: number[]): Delineation {
  const fs = record.fs;
  const n = record.samples[0]?.length ?? 0;
  const beats: BeatMarks[] = [];
  const leadBeats: Array<Array<Partial<BeatMarks>>> = signals.map(() => []);
  const rrMedian = rPeaks.length > 1 ? median(rPeaks.slice(1).map((r, i) => r - rPeaks[i]!)) : fs;

  for (let i = 0; i < rPeaks.length; i++) {
    const r = rPeaks[i]!;
    const prev = rPeaks[i - 1];
    const next = rPeaks[i + 1];
    const lo = prev === undefined ? 0 : Math.round((prev + r) / 2);
    const hi = next === undefined ? n - 1 : Math.round((r + next) / 2);
    const perLead = signals.map((s) => leadQrs(s, r, lo, hi));
    perLead.forEach((q, l) => leadBeats[l]!.push(q ? { qrs: q } : {}));
    const found = perLead.filter((q): q is WaveMarks => q !== undefined);
    const qrs: WaveMarks = found.length
      ? { on: earliestConfirmed(found.map((q) => q.on), fs), peak: r, off: latestConfirmed(found.map((q) => q.off), fs) }
      : { on: r, peak: r, off: r };
    beats.push({ qrs });
  }

  for (let i = 0; i < beats.length; i++) {
    const r = rPeaks[i]!;
    const rrNext = (rPeaks[i + 1] ?? r + rrMedian) - r;
    const rrPrev = r - (rPeaks[i - 1] ?? r - rrMedian);
    const T = GLOBAL_PARAMS.t;
    const qrs = beats[i]!.qrs;
    const from = Math.max(qrs.off + Math.round(T.startAfterQrsS * fs), r + Math.round(T.minFromRS * fs));
    const to = Math.min(n - 2, r + Math.round(Math.min(T.maxRrFraction * rrNext, rrNext - T.beforeNextRS * fs)));
    const search: WaveSearch = {
      from, to,
      limitOn: qrs.off,
      limitOff: Math.min(n - 1, to + Math.round(T.overrunS * fs), r + rrNext - Math.round(0.1 * fs)),
      rmsFrom: r - Math.round(rrPrev / 2), rmsTo: r + Math.round(rrNext / 2),
    };
    const t = globalWave(signals, leadBeats, i, 't', search, fs);
    if (t) beats[i]!.t = t;
  }

  for (let i = 0; i < beats.length; i++) {
    const r = rPeaks[i]!;
    const rrPrev = r - (rPeaks[i - 1] ?? r - rrMedian);
    const Pp = GLOBAL_PARAMS.p;
    const qrs = beats[i]!.qrs;
    const prevT = beats[i - 1]?.t;
    const prevEnd = prevT ? prevT.off : i > 0 ? beats[i - 1]!.qrs.off : 0;
    const from = Math.max(1, prevEnd, qrs.on - Math.round(Pp.maxBeforeQrsS * fs));
    const to = qrs.on;
    const search: WaveSearch = {
      from, to,
      limitOn: Math.max(0, prevEnd), limitOff: qrs.on,
      rmsFrom: r - Math.round(rrPrev / 2), rmsTo: r + Math.round(rrPrev / 2),
    };
    const p = globalWave(signals, leadBeats, i, 'p', search, fs);
    if (p) beats[i]!.p = p;
  }

  dropUncoupledP(beats, rPeaks, fs);
  reconcileLeads(signals, beats, leadBeats, fs);
  return { fs, rPeaks, beats, leadBeats, intervals: measureIntervals(record, beats, rPeaks) };
}

/**
 * Makes each lead's marks consistent with the global decision: a wave the global delineation rejected is
 * removed from every lead; a wave it accepted but a lead missed (or placed far away) is given the global
 * onset and offset, with the peak at that lead's own extremum between them. A lead shows every wave of the
 * heart's cycle, however flat it is there, which is also how LUDB's cardiologists annotate.
 */
function reconcileLeads(signals: LeadSignal[], beats: BeatMarks[], leadBeats: Array<Array<Partial<BeatMarks>>>, fs: number): void {
  const far = GLOBAL_PARAMS.wavePeakSpreadS * fs;
  beats.forEach((beat, i) => {
    for (const kind of ['p', 'qrs', 't'] as const) {
      const g = beat[kind];
      signals.forEach((sig, l) => {
        const marks = leadBeats[l]![i]!;
        const own = marks[kind];
        if (!g) delete marks[kind];
        else if (!own || Math.abs(own.peak - g.peak) > far) marks[kind] = { on: g.on, peak: extremum(sig.x, g.on, g.off), off: g.off };
      });
    }
  });
}

function dropUncoupledP(beats: BeatMarks[], rPeaks: number[], fs: number): void {
  const A = GLOBAL_PARAMS.af;
  const drop: number[] = [];
  for (let i = 0; i < beats.length; i++) {
    const lo = Math.max(0, i - A.neighbours);
    const hi = Math.min(beats.length - 1, i + A.neighbours);
    const rr: number[] = [];
    for (let j = lo + 1; j <= hi; j++) rr.push(rPeaks[j]! - rPeaks[j - 1]!);
    if (rr.length < 3 || !beats[i]!.p) continue;
    const irregular = median(rr.slice(1).map((v, k) => Math.abs(v - rr[k]!))) > A.rrIrregularity * median(rr);
    const pr: number[] = [];
    for (let j = lo; j <= hi; j++) {
      const b = beats[j]!;
      if (b.p) pr.push(b.qrs.on - b.p.peak);
    }
    const m = median(pr);
    const scatter = median(pr.map((v) => Math.abs(v - m)));
    const sparse = pr.length < 0.5 * (hi - lo + 1);
    if (irregular && (sparse || scatter > A.prScatterS * fs)) drop.push(i);
  }
  for (const i of drop) delete beats[i]!.p;
}

function leadSignal(clean: Float64Array, fs: number, alloc: Alloc): LeadSignal {
  const offset = scaleOffset(fs);
  const [w2, w4, w5] = waveletLevels(clean, [2 + offset, 4 + offset, 5 + offset], alloc) as [Float64Array, Float64Array, Float64Array];
  return { fs, x: clean, w2, w4, w5, qrsNoise: medianAbs(w2, alloc) / 0.6745 };
}

function globalWave(
  signals: LeadSignal[], leadBeats: Array<Array<Partial<BeatMarks>>>, beat: number, kind: 'p' | 't', search: WaveSearch, fs: number,
): WaveMarks | undefined {
  if (search.to - search.from < 0.04 * fs) return undefined;
  const perLead = signals.map((s) => leadWave(s, kind, search));
  perLead.forEach((w, l) => {
    if (w) leadBeats[l]![beat]![kind] = w;
  });
  const found = perLead.filter((w): w is WaveMarks => w !== undefined);
  if (found.length < GLOBAL_PARAMS.waveVote[kind] * signals.length) return undefined;
  const m = median(found.map((w) => w.peak));
  const agree = found.filter((w) => Math.abs(w.peak - m) <= GLOBAL_PARAMS.wavePeakSpreadS * fs);
  if (agree.length < GLOBAL_PARAMS.waveVote[kind] * signals.length) return undefined;
  // P onset and T offset bound the PR and QT intervals: earliest / latest confirmed, as for the QRS. The inner
  // boundaries (P offset, T onset) enter no interval and are taken as the median lead's.
  const ons = agree.map((w) => w.on);
  const offs = agree.map((w) => w.off);
  return {
    on: kind === 'p' ? earliestConfirmed(ons, fs) : Math.round(median(ons)),
    peak: Math.round(median(agree.map((w) => w.peak))),
    off: kind === 't' ? latestConfirmed(offs, fs) : Math.round(median(offs)),
  };
}

/** Earliest value that enough values (agreeFraction of them, itself included) confirm within agreeS after it. */
export function earliestConfirmed(values: number[], fs: number): number {
  const s = [...values].sort((a, b) => a - b);
  const need = Math.min(s.length, Math.max(2, Math.ceil(GLOBAL_PARAMS.agreeFraction * s.length)));
  const tol = GLOBAL_PARAMS.agreeS * fs;
  for (let j = 0; j + need - 1 < s.length; j++) if (s[j + need - 1]! - s[j]! <= tol) return s[j]!;
  return Math.round(median(s));
}

export function latestConfirmed(values: number[], fs: number): number {
  return -earliestConfirmed(values.map((v) => -v), fs);
}
