/**
 * Per-sample wave labels from a delineation, for aligning explanation clusters with the cardiac cycle
 * (DESIGN.md §4 step 6). Codes:
 *
 * | code | name | samples                                                                  |
 * |------|------|--------------------------------------------------------------------------|
 * | 0    | none | outside the delineated beats, and PR / ST segments (between waves of one beat) |
 * | 1    | P    | P onset … P offset                                                       |
 * | 2    | QRS  | QRS onset … QRS offset                                                   |
 * | 3    | T    | T onset … T offset                                                       |
 * | 4    | TP   | T offset … next beat's first onset (P, else QRS): the isoelectric baseline |
 *
 * Where marks overlap (they should not, but hand edits can make them), QRS wins over T and P, T over P.
 */
import type { BeatMarks } from './delineate-types.js';

export const WAVE_LABEL = { none: 0, P: 1, QRS: 2, T: 3, TP: 4 } as const;
export type WaveLabelName = keyof typeof WAVE_LABEL;
export const WAVE_LABEL_NAMES: readonly WaveLabelName[] = ['none', 'P', 'QRS', 'T', 'TP'];

/** Labels for samples 0 … length−1; accepts global beats or one lead's (possibly partial) marks. */
export function waveLabels(beats: ReadonlyArray<Partial<BeatMarks>>, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fill = (from: number, to: number, code: number) => {
    for (let t = Math.max(0, from); t <= Math.min(length - 1, to); t++) out[t] = code;
  };
  for (let i = 0; i < beats.length; i++) {
    const t = beats[i]!.t;
    if (!t) continue;
    const next = beats[i + 1];
    const nextOn = next?.p?.on ?? next?.qrs?.on;
    if (nextOn !== undefined && nextOn > t.off) fill(t.off + 1, nextOn - 1, WAVE_LABEL.TP);
  }
  for (const kind of ['p', 't', 'qrs'] as const) {
    const code = kind === 'p' ? WAVE_LABEL.P : kind === 't' ? WAVE_LABEL.T : WAVE_LABEL.QRS;
    for (const b of beats) {
      const w = b[kind];
      if (w) fill(w.on, w.off, code);
    }
  }
  return out;
}

/** Label runs as [start, end] sample ranges (inclusive), in time order: for drawing bands and computing overlaps. */
export function labelRuns(labels: Uint8Array): Array<{ label: WaveLabelName; start: number; end: number }> {
  const runs: Array<{ label: WaveLabelName; start: number; end: number }> = [];
  let start = 0;
  for (let t = 1; t <= labels.length; t++) {
    if (t === labels.length || labels[t] !== labels[start]) {
      runs.push({ label: WAVE_LABEL_NAMES[labels[start]!]!, start, end: t - 1 });
      start = t;
    }
  }
  return runs;
}
