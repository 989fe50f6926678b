/**
 * Cluster ↔ waveform alignment (DESIGN.md §4.6): how the time each cluster covers overlaps the P wave, the QRS
 * complex, the T wave and the TP segment, from cardiologists' annotations (LUDB) or our own delineation. It names
 * clusters ("QRS-dominant") and gives the per-wave purity the model card reports.
 */
import { WAVE_LABEL } from '../ecg/delineate-labels.js';
import { NO_CLUSTER } from './assign.js';
import type { GridTiming } from './segments.js';

/** Per-sample wave codes are src-main/ecg's WAVE_LABEL: 0 = none/unknown, then 1 + index in WAVES. */
export const WAVES = ['P', 'QRS', 'T', 'TP'] as const;
export type Wave = (typeof WAVES)[number];
for (const [i, w] of WAVES.entries()) if (WAVE_LABEL[w] !== i + 1) throw new Error(`wave code of ${w} moved in ecg/delineate-labels.ts`);

/** counts[c][w]: samples of wave w (index in WAVES) that fall in cluster c. */
export type OverlapCounts = number[][];

export function emptyOverlap(k: number): OverlapCounts {
  return Array.from({ length: k }, () => new Array<number>(WAVES.length).fill(0));
}

/** Adds one ECG: per-sample wave codes at `fs`, hard labels on the grid with its timing. */
export function addOverlap(counts: OverlapCounts, waveCodes: Uint8Array, fs: number, labels: Uint16Array, timing: GridTiming): void {
  for (let n = 0; n < waveCodes.length; n++) {
    const w = waveCodes[n]!;
    if (!w) continue;
    const t = Math.floor((n / fs - timing.offsetSeconds) / timing.stepSeconds);
    if (t < 0 || t >= labels.length) continue;
    const c = labels[t]!;
    if (c === NO_CLUSTER || c >= counts.length) continue;
    counts[c]![w - 1]!++;
  }
}

export interface ClusterAlignment {
  cluster: number;
  /** share of the cluster's annotated time in each wave (sums to 1 when the cluster covers annotated time) */
  shares: Record<Wave, number>;
  dominant: Wave | undefined;
  name: string;
}

export interface WavePurity {
  wave: Wave;
  /** cluster holding the largest share of this wave's samples */
  bestCluster: number;
  /** that share: the purity the model card reports */
  purity: number;
  samples: number;
}

export function clusterAlignment(counts: OverlapCounts): ClusterAlignment[] {
  return counts.map((row, cluster) => {
    const total = row.reduce((a, b) => a + b, 0);
    const shares = Object.fromEntries(WAVES.map((w, i) => [w, total ? row[i]! / total : 0])) as Record<Wave, number>;
    const ranked = [...WAVES].sort((a, b) => shares[b] - shares[a]);
    const top = ranked[0]!;
    let name: string;
    let dominant: Wave | undefined;
    if (!total) name = `cluster ${cluster + 1}`;
    else if (shares[top] >= 0.6) {
      dominant = top;
      name = top === 'TP' ? 'TP (baseline)' : `${top}-dominant`;
    } else {
      dominant = top;
      name = `${top}/${ranked[1]!} mixed`;
    }
    return { cluster, shares, dominant, name };
  });
}

export function wavePurity(counts: OverlapCounts): WavePurity[] {
  return WAVES.map((wave, w) => {
    let samples = 0;
    let best = 0;
    let bestCluster = 0;
    counts.forEach((row, c) => {
      samples += row[w]!;
      if (row[w]! > best) {
        best = row[w]!;
        bestCluster = c;
      }
    });
    return { wave, bestCluster, purity: samples ? best / samples : 0, samples };
  });
}
