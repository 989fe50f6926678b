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

/** One view's per-step result as an explanation stores it: padding as −1 / null, values rounded for storage. */
export interface StepSummary {
  labels: number[];
  entropy: Array<number | null>;
  segments: Segment[];
  proportions: number[];
  meanUncertainty: number;
}

const roundTo = (v: number, scale: number) => Math.round(v * scale) / scale;

/**
 * labels, entropy, segments, proportions and mean uncertainty in one pass over the steps (the analysis runs this
 * for 4 views of every ECG; separate passes and intermediate copies were a third of the explanation's time).
 * A step is padding where `mask` is 0, whatever its label; segments are the runs of one cluster between padding
 * and label changes, their uncertainty the mean entropy of the run; rounded to 4 decimals (5 for segment times, 6 for proportions).
 */
export function summariseSteps(labels: ArrayLike<number>, entropy: ArrayLike<number>, mask: Uint8Array, k: number, timing: GridTiming): StepSummary {
  const L = labels.length;
  const outLabels = new Array<number>(L);
  const outEntropy = new Array<number | null>(L);
  const counts = new Float64Array(k);
  const segments: Segment[] = [];
  let n = 0;
  let total = 0;
  let runCluster = -1;
  let runStart = 0;
  let runSum = 0;
  const close = (end: number) => {
    if (runCluster >= 0) {
      segments.push({
        cluster: runCluster,
        start: roundTo(timing.offsetSeconds + runStart * timing.stepSeconds, 1e5),
        end: roundTo(timing.offsetSeconds + end * timing.stepSeconds, 1e5),
        uncertainty: roundTo(runSum / (end - runStart), 1e4),
      });
    }
  };
  for (let t = 0; t < L; t++) {
    const c = mask[t] ? labels[t]! : -1;
    if (c !== runCluster) {
      close(t);
      runCluster = c;
      runStart = t;
      runSum = 0;
    }
    outLabels[t] = c;
    if (c < 0) {
      outEntropy[t] = null;
      continue;
    }
    const h = entropy[t]!;
    outEntropy[t] = roundTo(h, 1e4);
    runSum += h;
    total += h;
    counts[c]!++;
    n++;
  }
  close(L);
  const proportions = new Array<number>(k);
  for (let c = 0; c < k; c++) proportions[c] = n ? roundTo(counts[c]! / n, 1e6) : 0;
  return { labels: outLabels, entropy: outEntropy, segments, proportions, meanUncertainty: n ? roundTo(total / n, 1e4) : NaN };
}
