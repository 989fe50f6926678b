/**
 * Hard labels on the time grid → what a reader sees: segments in seconds and the share of each cluster.
 * Step t covers input samples [t·stride, (t+1)·stride) of the model's input, which started `offsetSeconds`
 * before the ECG's first sample when it was centre-padded (negative) or after it when centre-cropped (positive).
 */
import { NO_CLUSTER } from './assign.js';

export interface Segment {
  cluster: number;
  /** seconds from the start of the ECG */
  start: number;
  end: number;
  /** mean normalised entropy over the segment's steps */
  uncertainty: number;
}

export interface GridTiming {
  /** seconds per grid step */
  stepSeconds: number;
  /** ECG time (s) of the start of step 0 */
  offsetSeconds: number;
}

export function toSegments(labels: Uint16Array, entropy: Float32Array, timing: GridTiming): Segment[] {
  const out: Segment[] = [];
  let t = 0;
  while (t < labels.length) {
    const c = labels[t]!;
    let u = t;
    let h = 0;
    while (u < labels.length && labels[u] === c) h += entropy[u++]!;
    if (c !== NO_CLUSTER) {
      out.push({
        cluster: c,
        start: timing.offsetSeconds + t * timing.stepSeconds,
        end: timing.offsetSeconds + u * timing.stepSeconds,
        uncertainty: h / (u - t),
      });
    }
    t = u;
  }
  return out;
}

/** Share of unmasked steps in each cluster (sums to 1 unless every step is masked). */
export function proportions(labels: Uint16Array, k: number): Float64Array {
  const counts = new Float64Array(k);
  let n = 0;
  for (const l of labels) {
    if (l === NO_CLUSTER) continue;
    counts[l]!++;
    n++;
  }
  if (n) for (let c = 0; c < k; c++) counts[c]! /= n;
  return counts;
}

/** Mean over unmasked steps (NaN entries are masked steps). */
export function meanFinite(values: Float32Array): number {
  let s = 0;
  let n = 0;
  for (const v of values) if (!Number.isNaN(v)) {
    s += v;
    n++;
  }
  return n ? s / n : NaN;
}
