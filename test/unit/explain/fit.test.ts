/**
 * Fitting and explaining on synthetic model outputs whose block activations encode which wave each step covers:
 * a correct pipeline must find clusters that line up with the waves, name them, mask padding, and be deterministic.
 */
import { describe, expect, it } from 'vitest';
import { fitClusterModel, type ReferenceEcg } from '../../../src-main/explain/fit.js';
import { explainEcg } from '../../../src-main/explain/explain-ecg.js';
import { parseClusterModel } from '../../../src-main/explain/cluster-model.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';
import type { BlockOutput } from '../../../src-main/explain/features.js';

const FS = 400;
const N = 4096;

/** Per-sample wave codes (1 P, 2 QRS, 3 T, 4 TP) for beats every `rr` seconds. */
function waves(rr: number, phase: number): Uint8Array {
  const codes = new Uint8Array(N);
  for (let n = 0; n < N; n++) {
    const t = ((n / FS + phase) % rr) / rr;
    codes[n] = t < 0.1 ? 1 : t < 0.15 ? 4 : t < 0.25 ? 2 : t < 0.55 ? 3 : 4;
  }
  return codes;
}

function block(codes: Uint8Array, mask: Uint8Array, length: number, channels: number, rng: () => number): BlockOutput {
  const data = new Float32Array(channels * length);
  const stride = N / length;
  for (let t = 0; t < length; t++) {
    const counts = [0, 0, 0, 0, 0];
    for (let s = t * stride; s < (t + 1) * stride; s++) if (mask[s]) counts[codes[s]!]!++;
    for (let k = 0; k < channels; k++) {
      const wave = (k % 4) + 1;
      data[k * length + t] = (counts[wave]! / stride) * 3 + (rng() - 0.5) * 0.3;
    }
  }
  return { channels, length, data };
}

function reference(i: number, padded = false): ReferenceEcg {
  const rng = mulberry32(100 + i);
  const codes = waves(0.7 + (i % 5) * 0.1, rng());
  const mask = new Uint8Array(N).fill(1);
  if (padded) mask.fill(0, 0, 1048).fill(0, N - 1048);
  const blocks = [block(codes, mask, 256, 8, rng), block(codes, mask, 64, 8, rng), block(codes, mask, 16, 4, rng)];
  const qrsShare = codes.reduce((s, c) => s + (c === 2 ? 1 : 0), 0) / N;
  return {
    outputs: { probabilities: Float32Array.from([qrsShare > 0.1 ? 0.9 : 0.1, 0.2]), blocks, inputMask: mask, inputFs: FS, inputOffsetSeconds: padded ? -1048 / FS : 0 },
    waves: { codes: codes.map((c, n) => (mask[n] ? c : 0)), fs: FS },
  };
}

const OPTIONS = {
  modelId: 'synthetic', modelSha256: '0'.repeat(64), blockNames: ['b2', 'b3', 'b4'], classes: ['A', 'B'], thresholds: [0.5, 0.5],
  k: 4, seed: 3, description: 'synthetic test set', alignmentSource: 'synthetic waves', forest: { nEstimators: 20, seed: 1, maxDepth: 6 },
};
const source = (count: number) => async function* () {
  for (let i = 0; i < count; i++) yield reference(i);
};

describe('fitting the cluster model', () => {
  it('finds clusters aligned with the waves and names them', async () => {
    const { clusters, report } = await fitClusterModel(source(30), OPTIONS);
    expect(() => parseClusterModel(JSON.parse(JSON.stringify(clusters)))).not.toThrow();
    const fine = report.views.find((v) => v.view === 'b2')!;
    for (const p of fine.purity) expect(p.purity).toBeGreaterThan(0.8);
    const names = clusters.views.find((v) => v.view === 'combined')!.clusters.map((c) => c.name);
    expect(names.some((n) => n.startsWith('QRS'))).toBe(true);
    expect(names.some((n) => n.startsWith('T'))).toBe(true);
  });

  it('is deterministic for a seed', async () => {
    const a = await fitClusterModel(source(12), OPTIONS);
    const b = await fitClusterModel(source(12), OPTIONS);
    expect(b.clusters.views.map((v) => v.centroids)).toEqual(a.clusters.views.map((v) => v.centroids));
  });

  it('caps the step pools at maxPoolRows per view, still deterministically', async () => {
    const a = await fitClusterModel(source(12), { ...OPTIONS, maxPoolRows: 100 });
    // 32 steps per ECG where a view has them (block b4 has 16 steps per ECG)
    expect(a.report.pooled).toEqual([
      { view: 'b2', offered: 12 * 32, kept: 100 },
      { view: 'b3', offered: 12 * 32, kept: 100 },
      { view: 'b4', offered: 12 * 16, kept: 100 },
      { view: 'combined', offered: 12 * 32, kept: 100 },
    ]);
    expect(a.clusters.fittedOn.stepsPooled).toBe(100);
    const b = await fitClusterModel(source(12), { ...OPTIONS, maxPoolRows: 100 });
    expect(b.clusters.views.map((v) => v.centroids)).toEqual(a.clusters.views.map((v) => v.centroids));
    const uncapped = await fitClusterModel(source(12), OPTIONS);
    expect(uncapped.report.pooled.every((p) => p.kept === p.offered)).toBe(true);
  });

  it('sweeps K when none is given and reports silhouette and stability', async () => {
    const { clusters } = await fitClusterModel(source(12), { ...OPTIONS, k: undefined, kRange: [3, 5] });
    const v = clusters.views[0]!;
    expect(v.sweep.map((s) => s.k)).toEqual([3, 4, 5]);
    expect(v.sweep.every((s) => s.silhouette > -1 && s.silhouette <= 1 && s.stability <= 1)).toBe(true);
  });
});

describe('explaining one ECG', () => {
  it('segments, masks padding, predicts with the surrogate and maps Grad-CAM to seconds', async () => {
    const { clusters, surrogate } = await fitClusterModel(source(30), OPTIONS);
    const head = { classes: 2, channels: 4, steps: 16, weights: Float32Array.from({ length: 2 * 64 }, (_, i) => ((i % 7) - 3) / 10) };
    const ref = reference(99, true);
    const e = explainEcg({ modelId: 'synthetic', classes: OPTIONS.classes, thresholds: OPTIONS.thresholds, head, clusters, surrogate }, ref.outputs);
    const combined = e.views.find((v) => v.view === 'combined')!;
    // 1048 padded samples on each side of 4096 → the first and last 65 or so steps of 256 are masked
    expect(combined.labels.slice(0, 60).every((l) => l === -1)).toBe(true);
    expect(combined.entropy.slice(0, 60).every((h) => h === null)).toBe(true);
    expect(combined.segments[0]!.start).toBeGreaterThanOrEqual(-0.05);
    expect(combined.segments.at(-1)!.end).toBeLessThanOrEqual(2000 / FS + 0.05);
    expect(combined.proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(e.surrogate!.drivers).toHaveLength(2);
    expect(e.surrogate!.labelAgreement).toBeGreaterThanOrEqual(0);
    expect(e.gradCam.classes[0]!.values).toHaveLength(16);
    expect(e.gradCam.offsetSeconds).toBeCloseTo(-1048 / FS, 9);
  });
});
