/**
 * An explanation of a real ECG for the viewer's e2e test, while no model package is installed here: the CNN's
 * block activations are constructed from the ECG's own delineation (each channel responds to one wave, plus
 * seeded noise), as test/unit/explain/fit.test.ts does with synthetic waves. Everything after that is the real
 * pipeline: fitClusterModel (k-means per view, naming clusters by wave alignment, the surrogate forest) and
 * explainEcg (soft assignment, entropy, segments, proportions, surrogate agreement, Grad-CAM). The class
 * probabilities are constructed too (from wave shares), so the test never claims a diagnosis.
 */
import type { StudyExplanation } from '../../src-main/api/contract/explanation.js';
import { delineate } from '../../src-main/ecg/delineate.js';
import { waveLabels } from '../../src-main/ecg/delineate-labels.js';
import type { EcgRecord } from '../../src-main/ecg/record.js';
import { explainEcg } from '../../src-main/explain/explain-ecg.js';
import type { BlockOutput } from '../../src-main/explain/features.js';
import { fitClusterModel, type ReferenceEcg } from '../../src-main/explain/fit.js';
import { mulberry32 } from '../../src-main/explain/rng.js';

export const CLASSES = ['NORM', 'MI', 'STTC', 'CD', 'HYP'];
const THRESHOLDS = CLASSES.map(() => 0.5);
/** grid lengths of the three "blocks" over a 5000-sample (10 s at 500 Hz) input: strides of 20, 40 and 200 samples */
const GRIDS: Array<{ length: number; channels: number }> = [
  { length: 250, channels: 8 },
  { length: 125, channels: 8 },
  { length: 25, channels: 4 },
];

function block(codes: Uint8Array, length: number, channels: number, rng: () => number): BlockOutput {
  const data = new Float32Array(channels * length);
  const stride = codes.length / length;
  for (let t = 0; t < length; t++) {
    const counts = [0, 0, 0, 0, 0];
    for (let s = Math.floor(t * stride); s < Math.floor((t + 1) * stride); s++) counts[codes[s]!]!++;
    for (let k = 0; k < channels; k++) data[k * length + t] = (counts[(k % 4) + 1]! / stride) * 3 + (rng() - 0.5) * 0.3;
  }
  return { channels, length, data };
}

function share(codes: Uint8Array, code: number): number {
  let n = 0;
  for (const c of codes) if (c === code) n++;
  return n / codes.length;
}

function reference(record: EcgRecord, seed: number): ReferenceEcg {
  const codes = waveLabels(delineate(record).beats, record.samples[0]!.length);
  const rng = mulberry32(seed);
  const qrs = share(codes, 2);
  const t = share(codes, 3);
  const probabilities = Float32Array.from([qrs < 0.12 ? 0.8 : 0.3, 0.08, t > 0.3 ? 0.62 : 0.2, qrs >= 0.12 ? 0.71 : 0.12, 0.15]);
  return {
    outputs: {
      probabilities,
      blocks: GRIDS.map((g) => block(codes, g.length, g.channels, rng)),
      inputMask: new Uint8Array(codes.length).fill(1),
      inputFs: record.fs,
      inputOffsetSeconds: 0,
    },
    waves: { codes, fs: record.fs },
  };
}

/** `records`: 10 s, 500 Hz ECGs to fit on; `target` one of the same shape to explain. */
export async function constructedExplanation(records: EcgRecord[], target: EcgRecord): Promise<StudyExplanation> {
  const refs = records.map((r, i) => reference(r, 1000 + i));
  const { clusters, surrogate } = await fitClusterModel(
    async function* () {
      yield* refs;
    },
    {
      modelId: 'constructed-for-e2e',
      modelSha256: '0'.repeat(64),
      blockNames: ['block2', 'block3', 'block4'],
      classes: CLASSES,
      thresholds: THRESHOLDS,
      k: 6,
      seed: 7,
      description: 'e2e: activations constructed from our delineation of CinC fixtures',
      alignmentSource: 'ecg-tlc delineator',
      forest: { nEstimators: 20, seed: 1, maxDepth: 6 },
    },
  );
  const last = GRIDS.at(-1)!;
  const rng = mulberry32(99);
  const head = { classes: CLASSES.length, channels: last.channels, steps: last.length, weights: Float32Array.from({ length: CLASSES.length * last.channels * last.length }, () => rng() - 0.3) };
  const explanation = explainEcg({ modelId: 'constructed-for-e2e', classes: CLASSES, thresholds: THRESHOLDS, head, clusters, surrogate }, reference(target, 1).outputs);
  return {
    explanation,
    legend: clusters.views.map((v) => ({ view: v.view, clusters: v.clusters.map((c) => ({ ...c })) })),
  };
}
