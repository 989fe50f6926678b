import { describe, expect, it } from 'vitest';
import { NO_CLUSTER, labelEntropy, softAssign } from '../../../src-main/explain/assign.js';
import { proportions, summariseSteps } from '../../../src-main/explain/segments.js';
import { blockRows, combinedRows, stepMask, ChannelStatsAccumulator } from '../../../src-main/explain/features.js';
import { channelWeights, gradCam } from '../../../src-main/explain/gradcam.js';
import { addOverlap, clusterAlignment, emptyOverlap, wavePurity } from '../../../src-main/explain/alignment.js';

const CENTROIDS = Float32Array.from([0, 0, 10, 0]); // two clusters in 2-D

describe('soft assignment', () => {
  it('gives probabilities, hard labels and normalised entropy', () => {
    const x = { data: Float32Array.from([0, 0, 10, 0, 5, 0]), rows: 3, dim: 2 };
    const a = softAssign(x, CENTROIDS, 2, 1);
    expect(Array.from(a.labels.subarray(0, 2))).toEqual([0, 1]);
    expect(a.entropy[0]).toBeLessThan(1e-6);
    // the midpoint is equidistant: p = (½, ½) and H / log 2 = 1
    expect(a.probabilities[4]).toBeCloseTo(0.5, 6);
    expect(a.entropy[2]).toBeCloseTo(1, 6);
    for (let t = 0; t < 3; t++) expect(a.probabilities[2 * t]! + a.probabilities[2 * t + 1]!).toBeCloseTo(1, 6);
  });

  it('softens with the temperature', () => {
    const x = { data: Float32Array.from([4, 0]), rows: 1, dim: 2 };
    expect(softAssign(x, CENTROIDS, 2, 100).entropy[0]!).toBeGreaterThan(softAssign(x, CENTROIDS, 2, 10).entropy[0]!);
  });

  it('masks padded steps', () => {
    const x = { data: Float32Array.from([0, 0, 10, 0]), rows: 2, dim: 2 };
    const a = softAssign(x, CENTROIDS, 2, 1, Uint8Array.from([1, 0]));
    expect(a.labels[1]).toBe(NO_CLUSTER);
    expect(Number.isNaN(a.entropy[1]!)).toBe(true);
    expect(Array.from(proportions(a.labels, 2))).toEqual([1, 0]);
  });

  it('label entropy over Monte-Carlo passes', () => {
    const passes = [Uint16Array.from([0, 0, 1]), Uint16Array.from([0, 1, 1]), Uint16Array.from([0, 2, 1]), Uint16Array.from([0, 3, 1])];
    const h = labelEntropy(passes, 4);
    expect(h[0]).toBe(0);
    expect(h[1]).toBeCloseTo(1, 6); // four passes, four different clusters out of K=4
    expect(h[2]).toBe(0);
  });
});

describe('segments', () => {
  it('run-length encodes labels into seconds, skipping masked steps', () => {
    const labels = Uint16Array.from([NO_CLUSTER, 2, 2, 0, 0, 0, NO_CLUSTER]);
    const entropy = Float32Array.from([NaN, 0.2, 0.4, 0, 0.3, 0.3, NaN]);
    const mask = Uint8Array.from(labels, (l) => (l === NO_CLUSTER ? 0 : 1));
    const segs = summariseSteps(labels, entropy, mask, 3, { stepSeconds: 0.04, offsetSeconds: -0.04 }).segments;
    expect(segs).toHaveLength(2);
    expect(segs[0]).toMatchObject({ cluster: 2 });
    expect(segs[0]!.start).toBeCloseTo(0, 9);
    expect(segs[0]!.end).toBeCloseTo(0.08, 9);
    expect(segs[0]!.uncertainty).toBeCloseTo(0.3, 6);
    expect(segs[1]!.start).toBeCloseTo(0.08, 9);
    expect(segs[1]!.end).toBeCloseTo(0.2, 9);
    const p = proportions(labels, 3);
    expect(p[0]).toBeCloseTo(0.6, 9);
    expect(p[2]).toBeCloseTo(0.4, 9);
  });
});

describe('features', () => {
  const fine = { channels: 2, length: 4, data: Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]) };
  const coarse = { channels: 1, length: 2, data: Float32Array.from([5, 7]) };

  it('transposes and z-scores a block', () => {
    const acc = new ChannelStatsAccumulator(2);
    acc.add(fine);
    const stats = acc.result();
    expect(stats.mean[0]).toBeCloseTo(2.5, 6);
    const r = blockRows(fine, stats);
    expect(r.rows).toBe(4);
    expect(r.dim).toBe(2);
    expect(r.data[0]).toBeCloseTo((1 - 2.5) / Math.sqrt(1.25), 5);
    expect(r.data[1]).toBeCloseTo((10 - 25) / Math.sqrt(125), 5);
  });

  it('repeats coarser blocks onto the finest grid', () => {
    const ident = (c: number) => ({ mean: new Float32Array(c), std: new Float32Array(c).fill(1) });
    const r = combinedRows([fine, coarse], [ident(2), ident(1)]);
    expect(r.rows).toBe(4);
    expect(r.dim).toBe(3);
    expect(Array.from(r.data)).toEqual([1, 10, 5, 2, 20, 5, 3, 30, 7, 4, 40, 7]);
  });

  it('marks steps that are mostly padding', () => {
    const inputMask = Uint8Array.from([0, 0, 0, 1, 1, 1, 0, 0]); // step 1 is half signal: kept
    expect(Array.from(stepMask(inputMask, 4))).toEqual([0, 1, 1, 0]);
  });
});

describe('Grad-CAM without gradients', () => {
  it('equals ReLU(Σ_k mean_t(W) A_k) and its logit share', () => {
    // 2 classes, 2 channels, 3 steps
    const head = { classes: 2, channels: 2, steps: 3, weights: Float32Array.from([1, 2, 3, -1, -1, -1, 0, 0, 0, 3, 3, 3]) };
    const act = Float32Array.from([1, 0, 2, 0.5, 1, 0]);
    const alphas = channelWeights(head);
    expect(Array.from(alphas[0]!)).toEqual([2, -1]);
    const cam = gradCam(act, head, alphas);
    // class 0: 2·[1,0,2] − 1·[0.5,1,0] = [1.5, −1, 4] → ReLU → [1.5, 0, 4]
    expect(Array.from(cam.raw[0]!)).toEqual([1.5, 0, 4]);
    expect(Array.from(cam.normalised[0]!)).toEqual([0.375, 0, 1]);
    // class 1 = 3·[0.5, 1, 0]
    expect(Array.from(cam.raw[1]!)).toEqual([1.5, 3, 0]);
    expect(() => gradCam(new Float32Array(5), head)).toThrow(/expected 2 × 3/);
  });
});

describe('cluster ↔ wave alignment', () => {
  it('counts overlaps, names clusters and reports purity', () => {
    const fs = 10;
    // 1 s of ECG: P 0–0.2 s, QRS 0.2–0.4 s, T 0.4–0.8 s, TP 0.8–1 s
    const waves = Uint8Array.from([1, 1, 2, 2, 3, 3, 3, 3, 4, 4]);
    // grid of 5 steps of 0.2 s: clusters 0,1,2,2,0
    const labels = Uint16Array.from([0, 1, 2, 2, 0]);
    const counts = emptyOverlap(3);
    addOverlap(counts, waves, fs, labels, { stepSeconds: 0.2, offsetSeconds: 0 });
    const names = clusterAlignment(counts);
    expect(names[1]!.name).toBe('QRS-dominant');
    expect(names[2]!.name).toBe('T-dominant');
    expect(names[0]!.name).toBe('P/TP mixed');
    const purity = wavePurity(counts);
    expect(purity.find((p) => p.wave === 'T')).toMatchObject({ bestCluster: 2, purity: 1, samples: 4 });
  });
});

describe('combined-view scores by block', () => {
  it('equal the distances on the repeated, concatenated rows', async () => {
    const { viewScores } = await import('../../../src-main/explain/views.js');
    const { distanceScores, squaredNorms } = await import('../../../src-main/explain/assign.js');
    const fine = { channels: 2, length: 4, data: Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]) };
    const coarse = { channels: 1, length: 2, data: Float32Array.from([5, 7]) };
    const stats = [{ mean: Float32Array.from([1, 2]), std: Float32Array.from([2, 4]) }, { mean: Float32Array.from([6]), std: Float32Array.from([0.5]) }];
    const centroids = Float32Array.from([0.1, -1, 2, 3, 0.5, -2]);
    const norms = squaredNorms(centroids, 2, 3);
    const byBlock = viewScores([0, 1], [fine, coarse], stats, centroids, 2, norms);
    const direct = distanceScores(combinedRows([fine, coarse], stats), centroids, 2, norms);
    expect(Array.from(byBlock).map((v) => v.toFixed(4))).toEqual(Array.from(direct).map((v) => v.toFixed(4)));
  });
});
