/**
 * Per-sample wave codes (P, QRS, T, TP) for naming clusters: from cardiologists' per-lead annotations when the
 * record carries them (LUDB), else from our own delineation. Annotations of one lead (II by default, the lead
 * LUDB annotates most completely and the one clinicians read P waves in) are grouped into beats.
 */
import type { BeatMarks, WaveMarks } from '../ecg/delineate-types.js';
import { delineate } from '../ecg/delineate.js';
import { waveLabels } from '../ecg/delineate-labels.js';
import type { EcgRecord } from '../ecg/record.js';
import { groupLudbWaves, type LudbWave } from '../formats/wfdb-annotations.js';

export interface WaveCodes {
  codes: Uint8Array;
  fs: number;
  source: 'annotations' | 'delineator';
}

const marks = (w: LudbWave): WaveMarks => ({ on: w.onset, peak: w.peak, off: w.offset });

/** Beats of one lead from its annotated waves: each QRS with the P before it and the T after it. */
export function beatsFromAnnotations(waves: readonly LudbWave[], lead: string, fs: number): BeatMarks[] {
  const own = waves.filter((w) => w.lead === lead).sort((a, b) => a.onset - b.onset);
  const qrs = own.filter((w) => w.wave === 'QRS');
  const maxPr = Math.round(0.4 * fs);
  return qrs.map((q, i) => {
    const prevQrsOff = qrs[i - 1]?.offset ?? -Infinity;
    const nextQrsOn = qrs[i + 1]?.onset ?? Infinity;
    const p = own.find((w) => w.wave === 'P' && w.offset <= q.onset && w.onset > prevQrsOff && q.onset - w.offset <= maxPr);
    const t = own.find((w) => w.wave === 'T' && w.onset >= q.offset && w.offset < nextQrsOn);
    return { qrs: marks(q), ...(p ? { p: marks(p) } : {}), ...(t ? { t: marks(t) } : {}) };
  });
}

export function waveCodesFor(record: EcgRecord, lead = 'II'): WaveCodes {
  const n = record.samples[0]?.length ?? 0;
  const annotated = groupLudbWaves(record.annotations ?? []);
  if (annotated.some((w) => w.lead === lead && w.wave === 'QRS')) {
    return { codes: waveLabels(beatsFromAnnotations(annotated, lead, record.fs), n), fs: record.fs, source: 'annotations' };
  }
  return { codes: waveLabels(delineate(record).beats, n), fs: record.fs, source: 'delineator' };
}
