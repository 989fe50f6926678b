/**
 * Scoring a delineation against reference annotations (LUDB: per lead, WFDB symbols p / N / t for the peaks,
 * each wrapped by '(' onset and ')' offset).
 *
 * Matching rule: a detected wave matches a reference wave of the same kind when their peaks lie within the
 * tolerance (50 ms); pairs are formed one-to-one, closest first. Only the annotated span of the lead counts
 * (first to last annotation mark), because LUDB leaves the first and last beats of each record unannotated:
 * a detected wave whose peak falls outside that span is neither a true nor a false positive. Onset and offset
 * errors (detected − reference, ms) are collected for matched pairs where both marks exist.
 */
import type { BeatMarks, Delineation, WaveMarks } from './delineate-types.js';
import type { Annotation } from './record.js';

export type WaveKind = 'p' | 'qrs' | 't';
export const WAVE_KINDS: readonly WaveKind[] = ['p', 'qrs', 't'];

export interface RefWave {
  on?: number;
  peak: number;
  off?: number;
}

export interface ReferenceLead {
  p: RefWave[];
  qrs: RefWave[];
  t: RefWave[];
  /** first and last annotated sample, inclusive */
  span: [number, number];
}

/** Annotation mark as WFDB gives it: sample and symbol ('p', 'N', 't', '(', ')', …). */
export interface AnnotationMark {
  sample: number;
  symbol: string;
}

const KIND_OF_SYMBOL: Record<string, WaveKind> = { p: 'p', N: 'qrs', t: 't' };

/**
 * Groups LUDB-style marks into waves: a peak symbol takes the '(' right before it as onset and the ')' right
 * after it as offset. Other beat symbols (any QRS label other than p/t and the brackets) count as QRS.
 */
export function referenceFromMarks(marks: AnnotationMark[]): ReferenceLead | undefined {
  const ref: ReferenceLead = { p: [], qrs: [], t: [], span: [0, 0] };
  if (marks.length === 0) return undefined;
  const sorted = [...marks].sort((a, b) => a.sample - b.sample);
  for (let i = 0; i < sorted.length; i++) {
    const m = sorted[i]!;
    if (m.symbol === '(' || m.symbol === ')') continue;
    const kind = KIND_OF_SYMBOL[m.symbol] ?? (m.symbol === 'u' ? undefined : 'qrs');
    if (!kind) continue;
    const before = sorted[i - 1];
    const after = sorted[i + 1];
    const wave: RefWave = { peak: m.sample };
    if (before?.symbol === '(') wave.on = before.sample;
    if (after?.symbol === ')') wave.off = after.sample;
    ref[kind].push(wave);
  }
  ref.span = [sorted[0]!.sample, sorted[sorted.length - 1]!.sample];
  return ref;
}

const SYMBOL_OF_LABEL: Record<string, string> = { P: 'p', QRS: 'N', T: 't' };

/**
 * Per-lead references from an EcgRecord's annotations as the WFDB reader gives them (type wave_on / wave_peak /
 * wave_off, label P / QRS / T, lead set): the marks go back to WFDB symbols and through referenceFromMarks.
 */
export function referencesFromAnnotations(annotations: readonly Annotation[]): Record<string, ReferenceLead> {
  const byLead = new Map<string, AnnotationMark[]>();
  for (const a of annotations) {
    if (a.lead === undefined) continue;
    const symbol = a.type === 'wave_on' ? '(' : a.type === 'wave_off' ? ')' : a.type === 'wave_peak' ? SYMBOL_OF_LABEL[a.label] : a.type === 'beat' ? 'N' : undefined;
    if (!symbol) continue;
    let list = byLead.get(a.lead);
    if (!list) byLead.set(a.lead, (list = []));
    list.push({ sample: a.sample, symbol });
  }
  const out: Record<string, ReferenceLead> = {};
  for (const [lead, marks] of byLead) {
    const ref = referenceFromMarks(marks);
    if (ref) out[lead] = ref;
  }
  return out;
}

export interface WaveTally {
  tp: number;
  fn: number;
  fp: number;
  /** detected − reference, milliseconds */
  onErrors: number[];
  offErrors: number[];
  peakErrors: number[];
}

export function emptyTally(): WaveTally {
  return { tp: 0, fn: 0, fp: 0, onErrors: [], offErrors: [], peakErrors: [] };
}

export function addTally(into: WaveTally, more: WaveTally): void {
  into.tp += more.tp;
  into.fn += more.fn;
  into.fp += more.fp;
  into.onErrors.push(...more.onErrors);
  into.offErrors.push(...more.offErrors);
  into.peakErrors.push(...more.peakErrors);
}

/** One-to-one matching of detected against reference waves by peak distance, closest pairs first. */
export function matchWaves(detected: WaveMarks[], reference: RefWave[], span: [number, number], fs: number, toleranceMs = 50): WaveTally {
  const tol = (toleranceMs / 1000) * fs;
  const det = detected.filter((d) => d.peak >= span[0] && d.peak <= span[1]);
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < reference.length; i++) {
    for (let j = 0; j < det.length; j++) {
      const d = Math.abs(det[j]!.peak - reference[i]!.peak);
      if (d <= tol) pairs.push([d, i, j]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const refUsed = new Set<number>();
  const detUsed = new Set<number>();
  const tally = emptyTally();
  const ms = (samples: number) => (samples / fs) * 1000;
  for (const [, i, j] of pairs) {
    if (refUsed.has(i) || detUsed.has(j)) continue;
    refUsed.add(i);
    detUsed.add(j);
    const r = reference[i]!;
    const d = det[j]!;
    tally.tp++;
    tally.peakErrors.push(ms(d.peak - r.peak));
    if (r.on !== undefined) tally.onErrors.push(ms(d.on - r.on));
    if (r.off !== undefined) tally.offErrors.push(ms(d.off - r.off));
  }
  tally.fn = reference.length - refUsed.size;
  tally.fp = det.length - detUsed.size;
  return tally;
}

/** Scores one lead's reference against beats (global or that lead's own marks). */
export function scoreBeats(beats: Array<Partial<BeatMarks>>, reference: ReferenceLead, fs: number, toleranceMs = 50): Record<WaveKind, WaveTally> {
  const waves = (k: WaveKind) => beats.map((b) => b[k]).filter((w): w is WaveMarks => w !== undefined);
  return {
    p: matchWaves(waves('p'), reference.p, reference.span, fs, toleranceMs),
    qrs: matchWaves(waves('qrs'), reference.qrs, reference.span, fs, toleranceMs),
    t: matchWaves(waves('t'), reference.t, reference.span, fs, toleranceMs),
  };
}

export interface WaveSummary {
  n: number;
  /** sensitivity and positive predictive value, percent */
  se: number;
  ppv: number;
  on: { mean: number; sd: number; n: number };
  off: { mean: number; sd: number; n: number };
}

export function summarise(t: WaveTally): WaveSummary {
  return {
    n: t.tp + t.fn,
    se: (100 * t.tp) / Math.max(1, t.tp + t.fn),
    ppv: (100 * t.tp) / Math.max(1, t.tp + t.fp),
    on: meanSd(t.onErrors),
    off: meanSd(t.offErrors),
  };
}

function meanSd(x: number[]): { mean: number; sd: number; n: number } {
  if (x.length === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = x.length > 1 ? Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1)) : NaN;
  return { mean, sd, n: x.length };
}

export type Tallies = Record<WaveKind, WaveTally>;

export function emptyTallies(): Tallies {
  return { p: emptyTally(), qrs: emptyTally(), t: emptyTally() };
}

export function addTallies(into: Tallies, more: Tallies): void {
  for (const k of WAVE_KINDS) addTally(into[k], more[k]);
}

export interface RecordScore {
  /** global marks against the annotations of `globalLead` */
  global: Tallies;
  /** each lead's own marks against that lead's annotations, pooled over leads */
  perLead: Tallies;
}

/**
 * Scores one delineated record. `references` maps lead names (as in `leads`) to their annotations; leads
 * without annotations are skipped.
 */
export function scoreRecord(
  d: Delineation, leads: string[], references: Record<string, ReferenceLead | undefined>, globalLead = 'II', toleranceMs = 50,
): RecordScore {
  const global = emptyTallies();
  const perLead = emptyTallies();
  const g = references[globalLead];
  if (g) addTallies(global, scoreBeats(d.beats, g, d.fs, toleranceMs));
  leads.forEach((name, l) => {
    const ref = references[name];
    const marks = d.leadBeats[l];
    if (ref && marks) addTallies(perLead, scoreBeats(marks, ref, d.fs, toleranceMs));
  });
  return { global, perLead };
}
