/**
 * Fitting the cluster model and the surrogate on a reference set (DESIGN.md §4.2–4.6), in two passes over the
 * reference ECGs so that memory stays bounded at 20,000 ECGs: pass 1 accumulates per-channel statistics over
 * every valid step and pools a seeded sample of steps per ECG; k-means (with an optional K sweep) runs on the
 * pool; pass 2 assigns every step of every ECG, which gives the proportions the surrogate learns from, the
 * reference shares and the cluster ↔ wave overlaps that name the clusters.
 */
import { assignScores, squaredNorms } from './assign.js';
import { addOverlap, clusterAlignment, emptyOverlap, wavePurity, WAVES, type OverlapCounts, type WavePurity } from './alignment.js';
import type { ClusterModel, ClusterView } from './cluster-model.js';
import { COMBINED, ChannelStatsAccumulator, stepMask, type ChannelStats } from './features.js';
import { assignHard, fitKMeans, sampleRows } from './kmeans.js';
import { nearest, type Rows } from './matrix.js';
import type { EcgModelOutputs } from './model-outputs.js';
import { clusterColour } from './palette.js';
import { adjustedRandIndex, silhouette } from './quality.js';
import { mulberry32, sampleIndices } from './rng.js';
import { proportions } from './segments.js';
import { DEFAULT_FOREST, Surrogate, type SurrogateForestOptions } from './surrogate.js';
import { viewMask, viewRows, viewScores, viewTiming } from './views.js';

export interface ReferenceEcg {
  outputs: EcgModelOutputs;
  /** per-sample wave codes (ecg/delineate-labels.ts WAVE_LABEL) from annotations or our delineator, at `fs` */
  waves?: { codes: Uint8Array; fs: number };
}

export interface FitOptions {
  modelId: string;
  modelSha256: string;
  /** names of the explained blocks, in the manifest's order */
  blockNames: string[];
  classes: string[];
  thresholds: number[];
  /** fixed K for every view; otherwise swept over kRange */
  k?: number;
  kRange?: [number, number];
  seed?: number;
  /** steps pooled per ECG and view for k-means */
  stepsPerEcg?: number;
  description: string;
  alignmentSource: string;
  forest?: SurrogateForestOptions;
  onProgress?: (stage: string, done: number, total?: number) => void;
}

export interface FitReport {
  views: Array<{ view: string; k: number; sweep: ClusterView['sweep']; purity: WavePurity[] }>;
  surrogateTrainingAgreement: number;
  ecgs: number;
  seconds: number;
}

interface ViewPlan {
  view: string;
  blocks: number[];
  gridLength: number;
  strideSamples: number;
  dim: number;
  pool: number[][]; // raw rows (before z-scoring), as chunks of Float32Array values
  poolRows: number;
}

const SWEEP_ROWS = 8000;
const SILHOUETTE_ROWS = 1500;

/** Chooses K: the best mean silhouette among the K whose stability (ARI across reseeded subsample fits) is ≥ 0.8. */
export function chooseK(sweep: ClusterView['sweep']): number {
  const stable = sweep.filter((s) => s.stability >= 0.8);
  const pool = stable.length ? stable : sweep;
  return pool.reduce((best, s) => (s.silhouette > best.silhouette ? s : best)).k;
}

function sweepK(x: Rows, range: [number, number], seed: number): ClusterView['sweep'] {
  const rng = mulberry32(seed ^ 0x5eed);
  const a = sampleRows(x, Math.min(SWEEP_ROWS, x.rows), rng);
  const b = sampleRows(x, Math.min(SWEEP_ROWS, x.rows), rng);
  const evalRows = sampleRows(x, Math.min(SILHOUETTE_ROWS, x.rows), rng);
  const out: ClusterView['sweep'] = [];
  for (let k = range[0]; k <= range[1]; k++) {
    const fa = fitKMeans(a, { k, seed, maxIterations: 60 });
    const fb = fitKMeans(b, { k, seed: seed + 1000, maxIterations: 60 });
    const la = assignHard(evalRows, fa.centroids, k).labels;
    const lb = assignHard(evalRows, fb.centroids, k).labels;
    out.push({ k, inertia: fa.inertia / a.rows, silhouette: silhouette(evalRows, la, k), stability: adjustedRandIndex(la, lb) });
  }
  return out;
}

/** τ such that at the median margin between the nearest and second-nearest centroid, p1/p2 = e² (≈ 0.88 : 0.12). */
function temperatureFor(x: Rows, centroids: Float32Array, k: number): number {
  const gaps: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    const { d1, d2 } = nearest(x.data, i, centroids, k, x.dim);
    gaps.push(d2 - d1);
  }
  gaps.sort((p, q) => p - q);
  const median = gaps[Math.floor(gaps.length / 2)] ?? 1;
  return Math.max(median / 2, 1e-6);
}

function zScoreInPlace(x: Rows, blocks: number[], stats: ChannelStats[]): void {
  let offset = 0;
  const spans = blocks.map((b) => {
    const s = { offset, stats: stats[b]! };
    offset += stats[b]!.mean.length;
    return s;
  });
  for (let i = 0; i < x.rows; i++) {
    for (const { offset: o, stats: st } of spans) {
      for (let c = 0; c < st.mean.length; c++) {
        const j = i * x.dim + o + c;
        x.data[j] = (x.data[j]! - st.mean[c]!) / st.std[c]!;
      }
    }
  }
}

export async function fitClusterModel(
  source: () => AsyncIterable<ReferenceEcg>,
  options: FitOptions,
): Promise<{ clusters: ClusterModel; surrogate: Surrogate; report: FitReport }> {
  const started = Date.now();
  const seed = options.seed ?? 20250915;
  const stepsPerEcg = options.stepsPerEcg ?? 32;
  const rng = mulberry32(seed);
  const progress = options.onProgress ?? (() => {});

  // ---- pass 1: statistics and pooled steps
  let accs: ChannelStatsAccumulator[] | undefined;
  let plans: ViewPlan[] | undefined;
  let ecgs = 0;
  let inputSamples = 0;
  const identity = (c: number): ChannelStats => ({ mean: new Float32Array(c), std: new Float32Array(c).fill(1) });
  for await (const ref of source()) {
    const { blocks, inputMask } = ref.outputs;
    if (!accs || !plans) {
      inputSamples = inputMask.length;
      accs = blocks.map((b) => new ChannelStatsAccumulator(b.channels));
      const finest = Math.max(...blocks.map((b) => b.length));
      plans = [
        ...blocks.map((b, i) => ({ view: options.blockNames[i] ?? `block${i}`, blocks: [i], gridLength: b.length, strideSamples: inputSamples / b.length, dim: b.channels, pool: [], poolRows: 0 })),
        { view: COMBINED, blocks: blocks.map((_, i) => i), gridLength: finest, strideSamples: inputSamples / finest, dim: blocks.reduce((s, b) => s + b.channels, 0), pool: [], poolRows: 0 },
      ];
    }
    blocks.forEach((b, i) => accs![i]!.add(b, stepMask(inputMask, b.length)));
    for (const plan of plans) {
      const rows = viewRows(plan.blocks, blocks, plan.blocks.map((i) => identity(blocks[i]!.channels)));
      const mask = viewMask(plan.gridLength, inputMask);
      const valid: number[] = [];
      mask.forEach((m, t) => m && valid.push(t));
      const pick = sampleIndices(valid.length, Math.min(stepsPerEcg, valid.length), rng);
      const chunk: number[] = [];
      for (const p of pick) for (let d = 0; d < plan.dim; d++) chunk.push(rows.data[valid[p]! * plan.dim + d]!);
      plan.pool.push(chunk);
      plan.poolRows += pick.length;
    }
    ecgs++;
    if (ecgs % 50 === 0) progress('pooling steps', ecgs);
  }
  if (!accs || !plans || ecgs < 2) throw new Error(`fitting needs at least 2 reference ECGs, got ${ecgs}`);
  const stats = accs.map((a) => a.result());

  // ---- k-means per view
  const fitted = plans.map((plan, pi) => {
    const data = new Float32Array(plan.poolRows * plan.dim);
    let o = 0;
    for (const chunk of plan.pool) {
      data.set(chunk, o);
      o += chunk.length;
    }
    plan.pool = [];
    const x: Rows = { data, rows: plan.poolRows, dim: plan.dim };
    zScoreInPlace(x, plan.blocks, stats);
    progress(`k-means ${plan.view}`, pi, plans!.length);
    const sweep = options.k ? [] : sweepK(x, options.kRange ?? [6, 14], seed);
    const k = options.k ?? chooseK(sweep);
    const km = fitKMeans(x, { k, seed });
    const temperature = temperatureFor(sampleRows(x, Math.min(20_000, x.rows), mulberry32(seed + 1)), km.centroids, k);
    return { plan, sweep, k, centroids: km.centroids, norms: squaredNorms(km.centroids, k, plan.dim), temperature };
  });

  // ---- pass 2: assignment of every step of every ECG
  const overlaps: OverlapCounts[] = fitted.map((f) => emptyOverlap(f.k));
  const shares = fitted.map((f) => new Float64Array(f.k));
  const propSums = fitted.map((f) => new Float64Array(f.k));
  const defaultIdx = fitted.length - 1; // combined
  /** per ECG, each view's proportions (original cluster order) */
  const surrogateX: number[][][] = [];
  const surrogateY: Uint8Array[] = [];
  let done = 0;
  let withWaves = 0;
  for await (const ref of source()) {
    const out = ref.outputs;
    const perView: number[][] = [];
    fitted.forEach((f, vi) => {
      // the same scoring the explanation uses at run time (views.ts viewScores)
      const scores = viewScores(f.plan.blocks, out.blocks, f.plan.blocks.map((b) => stats[b]!), f.centroids, f.k, f.norms);
      const a = assignScores(scores, f.plan.gridLength, f.k, f.temperature, viewMask(f.plan.gridLength, out.inputMask));
      const p = proportions(a.labels, f.k);
      for (let c = 0; c < f.k; c++) propSums[vi]![c]! += p[c]!;
      for (const l of a.labels) if (l < f.k) shares[vi]![l]!++;
      if (ref.waves) addOverlap(overlaps[vi]!, ref.waves.codes, ref.waves.fs, a.labels, viewTiming(f.plan.gridLength, out));
      perView.push(Array.from(p));
    });
    surrogateX.push(perView);
    surrogateY.push(Uint8Array.from(options.classes, (_, c) => (out.probabilities[c]! >= options.thresholds[c]! ? 1 : 0)));
    if (ref.waves) withWaves++;
    if (++done % 50 === 0) progress('assigning', done, ecgs);
  }

  // ---- order clusters by the wave they align with (P, QRS, T, TP), then by share, and name them
  const orders: number[][] = [];
  const views: ClusterView[] = fitted.map((f, vi) => {
    const align = clusterAlignment(overlaps[vi]!);
    const total = shares[vi]!.reduce((a, b) => a + b, 0) || 1;
    const waveRank = (c: number) => (align[c]!.dominant ? WAVES.indexOf(align[c]!.dominant!) : WAVES.length);
    const order = Array.from({ length: f.k }, (_, c) => c).sort((a, b) => waveRank(a) - waveRank(b) || shares[vi]![b]! - shares[vi]![a]!);
    orders.push(order);
    overlaps[vi] = order.map((c) => overlaps[vi]![c]!);
    return {
      view: f.plan.view,
      blocks: f.plan.blocks,
      normalisation: f.plan.blocks.map((b) => ({ mean: Array.from(stats[b]!.mean), std: Array.from(stats[b]!.std) })),
      upsampling: 'repeat',
      gridLength: f.plan.gridLength,
      strideSamples: f.plan.strideSamples,
      k: f.k,
      dim: f.plan.dim,
      centroids: order.map((c) => Array.from(f.centroids.subarray(c * f.plan.dim, (c + 1) * f.plan.dim))),
      temperature: f.temperature,
      clusters: order.map((c, id) => ({
        id,
        name: withWaves ? align[c]!.name : `cluster ${id + 1}`,
        colour: clusterColour(id),
        ...(withWaves ? { alignment: align[c]!.shares } : {}),
        share: shares[vi]![c]! / total,
      })),
      sweep: f.sweep,
      referenceProportions: order.map((c) => propSums[vi]![c]! / ecgs),
    };
  });
  // Disambiguate repeated names ("QRS-dominant" twice → "QRS-dominant 1", "QRS-dominant 2").
  for (const v of views) {
    const seen = new Map<string, number>();
    for (const c of v.clusters) seen.set(c.name, (seen.get(c.name) ?? 0) + 1);
    const counter = new Map<string, number>();
    for (const c of v.clusters) if (seen.get(c.name)! > 1) {
      const n = (counter.get(c.name) ?? 0) + 1;
      counter.set(c.name, n);
      c.name = `${c.name} ${n}`;
    }
  }

  // The surrogate reads every view's proportions (block views and combined, in the cluster model's order): the
  // coarse blocks carry what the head sees, the fine ones the waveform detail.
  const x = surrogateX.map((views) => views.flatMap((p, vi) => orders[vi]!.map((c) => p[c]!)));
  progress('surrogate forest', 0, options.classes.length);
  const surrogate = Surrogate.fit(x, surrogateY, options.classes, options.forest ?? DEFAULT_FOREST);
  const sp = surrogate.predict(x);
  const agreeing = sp.filter((row, i) => row.every((p, c) => (p ? 1 : 0) === surrogateY[i]![c])).length;

  const seconds = (Date.now() - started) / 1000;
  const clusters: ClusterModel = {
    format: 'ecg-tlc-clusters/1',
    modelId: options.modelId,
    modelSha256: options.modelSha256,
    seed,
    views,
    defaultView: COMBINED,
    fittedOn: {
      description: options.description,
      ecgs,
      stepsPooled: fitted[defaultIdx]!.plan.poolRows,
      alignmentSource: withWaves ? `${options.alignmentSource} (${withWaves} ECGs)` : 'none',
      createdAt: new Date().toISOString(),
      seconds,
    },
  };
  return {
    clusters,
    surrogate,
    report: {
      views: views.map((v, vi) => ({ view: v.view, k: v.k, sweep: v.sweep, purity: wavePurity(overlaps[vi]!) })),
      surrogateTrainingAgreement: agreeing / ecgs,
      ecgs,
      seconds,
    },
  };
}
