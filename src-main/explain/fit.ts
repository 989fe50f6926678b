/**
 * Fitting the cluster model and the surrogate on a reference set (DESIGN.md §4.2–4.6), in two passes over the
 * reference ECGs so that memory stays bounded at 20,000 ECGs: pass 1 accumulates per-channel statistics over
 * every valid step and pools a seeded sample of steps per ECG (a reservoir of at most `maxPoolRows` per view);
 * k-means (with an optional K sweep) runs on the pool; pass 2 assigns every step of every ECG, which gives the
 * proportions the surrogate learns from, the reference shares and the cluster ↔ wave overlaps that name the
 * clusters. What grows with the number of ECGs is only the surrogate's table: one row of proportions and one of
 * labels per ECG.
 *
 * | memory held        | size                                                                      |
 * |--------------------|---------------------------------------------------------------------------|
 * | channel statistics | Σ channels × 2 float64                                                    |
 * | step pools         | ≤ maxPoolRows × Σ view dims float32 (65,536 × 384 × 4 B ≈ 100 MB)         |
 * | surrogate table    | ECGs × (Σ K + classes) numbers (20,000 ECGs: ≈ 15 MB with JS overhead)    |
 */
import { assignScores, squaredNorms } from './assign.js';
import { addOverlap, clusterAlignment, emptyOverlap, wavePurity, WAVES, type OverlapCounts, type WavePurity } from './alignment.js';
import type { ClusterModel, ClusterView } from './cluster-model.js';
import { COMBINED, ChannelStatsAccumulator, stepMask, type ChannelStats } from './features.js';
import { assignHard, fitKMeans, sampleRows } from './kmeans.js';
import { nearest, type Rows } from './matrix.js';
import type { Rng } from './rng.js';
import type { EcgModelOutputs } from './model-outputs.js';
import { clusterColour } from './palette.js';
import { adjustedRandIndex, silhouette } from './quality.js';
import { mulberry32, sampleIndices } from './rng.js';
import { proportions } from './segments.js';
import { StepPool } from './step-pool.js';
import { DEFAULT_FOREST, Surrogate, type SurrogateForestOptions } from './surrogate.js';
import type { BlockOutput } from './features.js';
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
  /** most steps kept per view for k-means; beyond it the pool is a uniform reservoir sample of all pooled steps */
  maxPoolRows?: number;
  /** how many ECGs the source will yield, when known: the total of pass 1's progress */
  expectedEcgs?: number;
  description: string;
  alignmentSource: string;
  forest?: SurrogateForestOptions;
  /** one of FIT_STAGES, with counts in that stage's unit (ECGs, K values, views, classes) */
  onProgress?: (stage: string, done: number, total?: number) => void;
}

/** Stages in the order they run, as onProgress names them. */
export const FIT_STAGES = {
  pass1: 'pass 1: statistics and step pool',
  sweep: 'K sweep',
  kmeans: 'k-means',
  pass2: 'pass 2: assignment',
  surrogate: 'surrogate forest',
} as const;

/** Pass progress is reported at the first ECG, every PROGRESS_EVERY ECGs and at the pass's end. */
const PROGRESS_EVERY = 32;
const DEFAULT_POOL_ROWS = 65_536;

/** Wall time per stage (s); a pass's `sourceSeconds` is the part spent waiting for the source (reading, inference). */
export interface FitTiming {
  pass1: { seconds: number; sourceSeconds: number };
  sweep: number;
  kmeans: number;
  pass2: { seconds: number; sourceSeconds: number };
  surrogate: number;
}

export interface FitReport {
  views: Array<{ view: string; k: number; sweep: ClusterView['sweep']; purity: WavePurity[] }>;
  surrogateTrainingAgreement: number;
  ecgs: number;
  seconds: number;
  /** steps offered to each view's pool and steps kept */
  pooled: Array<{ view: string; offered: number; kept: number }>;
  timing: FitTiming;
}

interface ViewPlan {
  view: string;
  blocks: number[];
  gridLength: number;
  strideSamples: number;
  dim: number;
  /** raw rows (before z-scoring) */
  pool: StepPool;
}

const SWEEP_ROWS = 8000;
const SILHOUETTE_ROWS = 1500;

/** Chooses K: the best mean silhouette among the K whose stability (ARI across reseeded subsample fits) is ≥ 0.8. */
export function chooseK(sweep: ClusterView['sweep']): number {
  const stable = sweep.filter((s) => s.stability >= 0.8);
  const pool = stable.length ? stable : sweep;
  return pool.reduce((best, s) => (s.silhouette > best.silhouette ? s : best)).k;
}

function sweepK(x: Rows, range: [number, number], seed: number, onK: () => void): ClusterView['sweep'] {
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
    onK();
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

/** Writes grid step t of a view's raw (un-normalised) feature row: each block's channels at its own step ⌊t / rep⌋. */
function rawRow(blockIdx: number[], blocks: BlockOutput[], gridLength: number, t: number, out: Float32Array): void {
  let offset = 0;
  for (const i of blockIdx) {
    const { channels: C, length: L, data } = blocks[i]!;
    const s = Math.floor((t * L) / gridLength);
    for (let k = 0; k < C; k++) out[offset + k] = data[k * L + s]!;
    offset += C;
  }
}

/** Pass 1 for one ECG and view: a seeded choice of its valid steps, offered to the view's pool. */
function poolSteps(plan: ViewPlan, outputs: EcgModelOutputs, stepsPerEcg: number, rng: Rng): void {
  const mask = viewMask(plan.gridLength, outputs.inputMask);
  const valid: number[] = [];
  mask.forEach((m, t) => m && valid.push(t));
  for (const p of sampleIndices(valid.length, Math.min(stepsPerEcg, valid.length), rng)) {
    const row = plan.pool.offer();
    if (row) rawRow(plan.blocks, outputs.blocks, plan.gridLength, valid[p]!, row);
  }
}

/** The source's items, adding the time spent waiting for each to `clock.seconds`. */
async function* timed<T>(items: AsyncIterable<T>, clock: { seconds: number }): AsyncGenerator<T> {
  const it = items[Symbol.asyncIterator]();
  for (;;) {
    const t = performance.now();
    const r = await it.next();
    clock.seconds += (performance.now() - t) / 1000;
    if (r.done) return;
    yield r.value;
  }
}

const since = (t: number) => (performance.now() - t) / 1000;

/**
 * Fits on the ECGs `source` yields; it is called once per pass (1, then 2) and must yield the same ECGs in the same
 * order both times. Pass 1 reads only the model outputs; `waves` are read in pass 2.
 */
export async function fitClusterModel(
  source: (pass: 1 | 2) => AsyncIterable<ReferenceEcg>,
  options: FitOptions,
): Promise<{ clusters: ClusterModel; surrogate: Surrogate; report: FitReport; surrogateTable: { x: number[][]; y: Uint8Array[] } }> {
  const started = Date.now();
  const seed = options.seed ?? 20250915;
  const stepsPerEcg = options.stepsPerEcg ?? 32;
  const maxPoolRows = options.maxPoolRows ?? DEFAULT_POOL_ROWS;
  const rng = mulberry32(seed);
  // a generator of its own, so that below the ceiling the pool is exactly every pooled step, as without one
  const reservoirRng = mulberry32(seed ^ 0x2545f491);
  const progress = options.onProgress ?? (() => {});
  const expected = options.expectedEcgs;

  // ---- pass 1: statistics and pooled steps
  let t0 = performance.now();
  const wait1 = { seconds: 0 };
  let accs: ChannelStatsAccumulator[] | undefined;
  let plans: ViewPlan[] | undefined;
  let ecgs = 0;
  progress(FIT_STAGES.pass1, 0, expected);
  for await (const ref of timed(source(1), wait1)) {
    const { blocks, inputMask } = ref.outputs;
    if (!accs || !plans) {
      const inputSamples = inputMask.length;
      accs = blocks.map((b) => new ChannelStatsAccumulator(b.channels));
      const finest = Math.max(...blocks.map((b) => b.length));
      const plan = (view: string, idx: number[], gridLength: number): ViewPlan => {
        const dim = idx.reduce((s, i) => s + blocks[i]!.channels, 0);
        return { view, blocks: idx, gridLength, strideSamples: inputSamples / gridLength, dim, pool: new StepPool(dim, maxPoolRows, reservoirRng) };
      };
      plans = [...blocks.map((b, i) => plan(options.blockNames[i] ?? `block${i}`, [i], b.length)), plan(COMBINED, blocks.map((_, i) => i), finest)];
    }
    blocks.forEach((b, i) => accs![i]!.add(b, stepMask(inputMask, b.length)));
    for (const plan of plans) poolSteps(plan, ref.outputs, stepsPerEcg, rng);
    ecgs++;
    if (ecgs === 1 || ecgs % PROGRESS_EVERY === 0) progress(FIT_STAGES.pass1, ecgs, expected);
  }
  if (!accs || !plans || ecgs < 2) throw new Error(`fitting needs at least 2 reference ECGs, got ${ecgs}`);
  if (ecgs % PROGRESS_EVERY !== 0 || expected !== ecgs) progress(FIT_STAGES.pass1, ecgs, ecgs);
  const stats = accs.map((a) => a.result());
  const timing: FitTiming = { pass1: { seconds: since(t0), sourceSeconds: wait1.seconds }, sweep: 0, kmeans: 0, pass2: { seconds: 0, sourceSeconds: 0 }, surrogate: 0 };

  // ---- K sweep and k-means per view
  const pools = plans.map((p) => ({ view: p.view, offered: p.pool.seen, kept: p.pool.rows }));
  const kRange = options.kRange ?? [6, 14];
  const sweepSteps = options.k ? 0 : plans.length * (kRange[1] - kRange[0] + 1);
  let swept = 0;
  if (sweepSteps) progress(FIT_STAGES.sweep, 0, sweepSteps);
  const pooled = plans.map((plan) => {
    const x = plan.pool.toRows();
    zScoreInPlace(x, plan.blocks, stats);
    return x;
  });
  t0 = performance.now();
  const sweeps = pooled.map((x) => (options.k ? [] : sweepK(x, kRange, seed, () => progress(FIT_STAGES.sweep, ++swept, sweepSteps))));
  timing.sweep = since(t0);
  t0 = performance.now();
  const fitted = plans.map((plan, pi) => {
    progress(FIT_STAGES.kmeans, pi, plans!.length);
    const x = pooled[pi]!;
    const sweep = sweeps[pi]!;
    const k = options.k ?? chooseK(sweep);
    const km = fitKMeans(x, { k, seed });
    const temperature = temperatureFor(sampleRows(x, Math.min(20_000, x.rows), mulberry32(seed + 1)), km.centroids, k);
    return { plan, sweep, k, centroids: km.centroids, norms: squaredNorms(km.centroids, k, plan.dim), temperature };
  });
  timing.kmeans = since(t0);
  progress(FIT_STAGES.kmeans, plans.length, plans.length);
  const stepsPooled = plans.at(-1)!.pool.rows;
  // let the pools go before pass 2
  pooled.length = 0;
  for (const p of plans) p.pool = new StepPool(p.dim, 1, reservoirRng);

  // ---- pass 2: assignment of every step of every ECG
  t0 = performance.now();
  const wait2 = { seconds: 0 };
  const overlaps: OverlapCounts[] = fitted.map((f) => emptyOverlap(f.k));
  const shares = fitted.map((f) => new Float64Array(f.k));
  const propSums = fitted.map((f) => new Float64Array(f.k));
  /** per ECG, every view's proportions (original cluster order), concatenated */
  const proportionRows: Float64Array[] = [];
  const surrogateY: Uint8Array[] = [];
  const features = fitted.reduce((s, f) => s + f.k, 0);
  let done = 0;
  let withWaves = 0;
  progress(FIT_STAGES.pass2, 0, ecgs);
  for await (const ref of timed(source(2), wait2)) {
    const out = ref.outputs;
    const row = new Float64Array(features);
    let offset = 0;
    fitted.forEach((f, vi) => {
      // the same scoring the explanation uses at run time (views.ts viewScores)
      const scores = viewScores(f.plan.blocks, out.blocks, f.plan.blocks.map((b) => stats[b]!), f.centroids, f.k, f.norms);
      const a = assignScores(scores, f.plan.gridLength, f.k, f.temperature, viewMask(f.plan.gridLength, out.inputMask));
      const p = proportions(a.labels, f.k);
      for (let c = 0; c < f.k; c++) propSums[vi]![c]! += p[c]!;
      for (const l of a.labels) if (l < f.k) shares[vi]![l]!++;
      if (ref.waves) addOverlap(overlaps[vi]!, ref.waves.codes, ref.waves.fs, a.labels, viewTiming(f.plan.gridLength, out));
      row.set(p, offset);
      offset += f.k;
    });
    proportionRows.push(row);
    surrogateY.push(Uint8Array.from(options.classes, (_, c) => (out.probabilities[c]! >= options.thresholds[c]! ? 1 : 0)));
    if (ref.waves) withWaves++;
    if (++done === 1 || done % PROGRESS_EVERY === 0) progress(FIT_STAGES.pass2, done, ecgs);
  }
  if (done !== ecgs) throw new Error(`the reference source yielded ${ecgs} ECGs in pass 1 and ${done} in pass 2: it must yield the same ECGs each time`);
  if (done % PROGRESS_EVERY !== 0) progress(FIT_STAGES.pass2, done, ecgs);
  timing.pass2 = { seconds: since(t0), sourceSeconds: wait2.seconds };
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
  t0 = performance.now();
  const starts = fitted.map((_, vi) => fitted.slice(0, vi).reduce((s, f) => s + f.k, 0));
  const x = proportionRows.map((row) => orders.flatMap((order, vi) => order.map((c) => row[starts[vi]! + c]!)));
  proportionRows.length = 0;
  progress(FIT_STAGES.surrogate, 0, options.classes.length);
  const surrogate = Surrogate.fit(x, surrogateY, options.classes, options.forest ?? DEFAULT_FOREST);
  progress(FIT_STAGES.surrogate, options.classes.length, options.classes.length);
  const sp = surrogate.predict(x);
  const agreeing = sp.filter((row, i) => row.every((p, c) => (p ? 1 : 0) === surrogateY[i]![c])).length;
  timing.surrogate = since(t0);

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
      stepsPooled,
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
      pooled: pools,
      timing,
    },
    surrogateTable: { x, y: surrogateY },
  };
}
