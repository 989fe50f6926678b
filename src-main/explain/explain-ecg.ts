/**
 * One ECG's explanation (DESIGN.md §3, per study): for every view the hard cluster per step, its normalised
 * entropy (and Monte-Carlo label entropy when dropout passes were run), segments in seconds and proportions with
 * padding excluded; the surrogate's prediction from the default view's proportions, its agreement with the CNN
 * and the clusters that drive each class; Grad-CAM per class on the last block. Plain JSON, ready to store or send.
 */
import { NO_CLUSTER, assignScores, labelEntropy, squaredNorms } from './assign.js';
import { centroidArray, type ClusterInfo, type ClusterModel, type ClusterView } from './cluster-model.js';
import type { ChannelStats } from './features.js';
import { gradCam, normaliseCam, type LinearHead } from './gradcam.js';
import type { EcgModelOutputs } from './model-outputs.js';
import type { ScoredView } from './scorer.js';
import { summariseSteps, type Segment } from './segments.js';
import type { Surrogate } from './surrogate.js';
import { viewMask, viewScores, viewStats, viewTiming } from './views.js';

export interface ViewExplanation {
  view: string;
  k: number;
  /** the legend: name, colour, reference share and wave alignment of each cluster (kept with the result so a
   *  stored explanation still reads right after the cluster model is refitted) */
  clusters: ClusterInfo[];
  stepSeconds: number;
  offsetSeconds: number;
  /** cluster per step; -1 where the step is padding */
  labels: number[];
  /** normalised assignment entropy per step; null where padding */
  entropy: Array<number | null>;
  /** entropy of hard labels across Monte-Carlo dropout passes; null where padding */
  mcEntropy?: Array<number | null>;
  segments: Segment[];
  proportions: number[];
  meanUncertainty: number;
}

export interface ClassDrivers {
  class: string;
  /** per cluster: importance in the surrogate forest for this class (sums to 1 over clusters) */
  global: number[];
  /**
   * per cluster: how much this ECG's share of the cluster moves the surrogate's probability (vs the reference
   * mean). Display-only, so not computed in the batch (it was half of the explanation's time): local-drivers.ts
   * adds it when the explanation is shown, from the stored proportions and the surrogate that made it.
   */
  local?: number[];
}

export interface Explanation {
  modelId: string;
  clusterModelCreatedAt: string;
  classes: string[];
  cnn: { probabilities: number[]; predicted: boolean[] };
  defaultView: string;
  views: ViewExplanation[];
  surrogate?: {
    probabilities: number[];
    predicted: boolean[];
    /** every class's label equals the CNN's */
    agrees: boolean;
    /** share of classes on which it agrees */
    labelAgreement: number;
    drivers: ClassDrivers[];
  };
  gradCam: { stepSeconds: number; offsetSeconds: number; classes: Array<{ class: string; values: number[] }> };
}

export interface ExplainContext {
  modelId: string;
  classes: string[];
  thresholds: number[];
  head: LinearHead;
  clusters: ClusterModel;
  surrogate?: Surrogate;
}

const SCALE = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
/** Rounds for storage and display (Math.round, not toFixed: this runs ~2,000 times per ECG). */
export const round = (v: number, digits = 4) => Math.round(v * SCALE[digits]!) / SCALE[digits]!;

/** Rounded values as a plain array, NaN (masked) as null; a loop, not Array.from with a callback (hot path). */
function roundedOrNull(values: Float32Array, digits = 4): Array<number | null> {
  const out = new Array<number | null>(values.length);
  const scale = SCALE[digits]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v === v ? Math.round(v * scale) / scale : null;
  }
  return out;
}

/** A view's centroids, their squared norms and its normalisation as typed arrays, built once per cluster model. */
const cache = new WeakMap<ClusterView, { stats: ChannelStats[]; centroids: Float32Array; norms: Float64Array }>();
function prepared(view: ClusterView) {
  let p = cache.get(view);
  if (!p) {
    const centroids = centroidArray(view);
    cache.set(view, (p = { stats: viewStats(view), centroids, norms: squaredNorms(centroids, view.k, view.dim) }));
  }
  return p;
}

/** Precomputed, unmasked assignments per view (scorer.ts: onnxruntime), for the run and each Monte-Carlo pass. */
export interface ScoredOutputs {
  views: ScoredView[];
  mcPasses?: ScoredView[][];
  /** Grad-CAM per class on the last block, ReLU'd, not yet normalised */
  gradCam?: Float32Array[];
}

/** A scorer's view assignment with the padding masked, in the form assign.ts gives. */
function masked(s: ScoredView, mask: Uint8Array): { labels: Uint16Array; entropy: Float32Array } {
  const labels = new Uint16Array(s.labels.length);
  const entropy = new Float32Array(s.entropy.length);
  for (let t = 0; t < labels.length; t++) {
    if (mask[t]) {
      labels[t] = s.labels[t]!;
      entropy[t] = s.entropy[t]!;
    } else {
      labels[t] = NO_CLUSTER;
      entropy[t] = NaN;
    }
  }
  return { labels, entropy };
}

/** Every view's mean reference proportions, in feature order, once per cluster model. */
const references = new WeakMap<ClusterModel, number[]>();
export function referenceOf(clusters: ClusterModel): number[] {
  let r = references.get(clusters);
  if (!r) references.set(clusters, (r = clusters.views.flatMap((v) => v.referenceProportions)));
  return r;
}

/** The surrogate's input: every view's proportions in the cluster model's view order. */
export function surrogateFeatures(views: readonly ViewExplanation[]): number[] {
  const x: number[] = [];
  for (const v of views) for (const p of v.proportions) x.push(p);
  return x;
}

/** Where the default view's proportions start among the surrogate's features. */
export function defaultViewStart(views: readonly ViewExplanation[], main: ViewExplanation): number {
  return views.slice(0, views.indexOf(main)).reduce((n, v) => n + v.k, 0);
}

/** Per class, the forest's importances of one view's clusters, normalised: fixed per surrogate, so computed once. */
const globals = new WeakMap<Surrogate, Map<string, number[][]>>();
function globalDrivers(surrogate: Surrogate, start: number, k: number): number[][] {
  let byView = globals.get(surrogate);
  if (!byView) globals.set(surrogate, (byView = new Map()));
  let g = byView.get(`${start}:${k}`);
  if (!g) {
    g = surrogate.json.forests.map((f) => {
      const imp = f.importances.slice(start, start + k);
      const sum = imp.reduce((a, b) => a + b, 0);
      return imp.map((v) => round(sum > 0 ? v / sum : 0));
    });
    byView.set(`${start}:${k}`, g);
  }
  return g;
}

/**
 * Explains one ECG from its model outputs. With `scored` (the assignments scorer.ts computed for the batch) the
 * per-step work is only masking and summarising; without it the assignment runs here in JavaScript (fitting,
 * tests, callers without a scorer): both give the same labels, and entropies within float32 rounding. The
 * per-ECG drivers (`local`) are left to withLocalDrivers (local-drivers.ts).
 */
export function explainEcg(ctx: ExplainContext, out: EcgModelOutputs, scored?: ScoredOutputs): Explanation {
  const predicted = ctx.classes.map((_, c) => out.probabilities[c]! >= ctx.thresholds[c]!);
  // views on the same grid (a block and the combined view) share the step mask
  const masks = new Map<number, Uint8Array>();
  const views = ctx.clusters.views.map((view, vi): ViewExplanation => {
    const { stats, centroids, norms } = prepared(view);
    const used = view.blocks.map((b) => out.blocks[b]);
    const steps = Math.max(...used.map((b) => b?.length ?? 0));
    const dim = used.reduce((n, b) => n + (b?.channels ?? 0), 0);
    if (steps !== view.gridLength || dim !== view.dim) {
      throw new Error(`view ${view.view}: the model gives ${steps} steps × ${dim} features; the cluster model expects ${view.gridLength} × ${view.dim}`);
    }
    const scoresOf = (blocks: EcgModelOutputs['blocks']) => viewScores(view.blocks, blocks, stats, centroids, view.k, norms);
    let mask = masks.get(view.gridLength);
    if (!mask) masks.set(view.gridLength, (mask = viewMask(view.gridLength, out.inputMask)));
    // the scorer's labels cover padding too; summariseSteps masks them as it goes
    const a = scored ? scored.views[vi]! : assignScores(scoresOf(out.blocks), view.gridLength, view.k, view.temperature, mask);
    const timing = viewTiming(view.gridLength, out);
    let mcEntropy: Array<number | null> | undefined;
    if (scored?.mcPasses?.length) {
      const passes = scored.mcPasses.map((p) => masked(p[vi]!, mask).labels);
      mcEntropy = roundedOrNull(labelEntropy(passes, view.k));
    } else if (out.mcPasses?.length) {
      const passes = out.mcPasses.map((blocks) => assignScores(scoresOf(blocks), view.gridLength, view.k, view.temperature, mask).labels);
      mcEntropy = roundedOrNull(labelEntropy(passes, view.k));
    }
    const summary = summariseSteps(a.labels, a.entropy, mask, view.k, timing);
    return {
      view: view.view,
      k: view.k,
      clusters: view.clusters,
      stepSeconds: timing.stepSeconds,
      offsetSeconds: timing.offsetSeconds,
      labels: summary.labels,
      entropy: summary.entropy,
      ...(mcEntropy ? { mcEntropy } : {}),
      segments: summary.segments,
      proportions: summary.proportions,
      meanUncertainty: summary.meanUncertainty,
    };
  });

  const main = views.find((v) => v.view === ctx.clusters.defaultView)!;
  let surrogate: Explanation['surrogate'];
  if (ctx.surrogate) {
    // Features: every view's proportions in the cluster model's view order; drivers are shown for the default view.
    const x = surrogateFeatures(views);
    const start = defaultViewStart(views, main);
    const { probabilities: probs } = ctx.surrogate.explainRow(x, referenceOf(ctx.clusters), start, start);
    const global = globalDrivers(ctx.surrogate, start, main.k);
    const thresholds = ctx.surrogate.thresholds;
    const sPred = probs.map((p, c) => p >= thresholds[c]!);
    const same = sPred.filter((p, c) => p === predicted[c]).length;
    surrogate = {
      probabilities: probs.map((p) => round(p)),
      predicted: sPred,
      agrees: same === ctx.classes.length,
      labelAgreement: same / ctx.classes.length,
      drivers: ctx.classes.map((name, c) => ({ class: name, global: global[c]!.slice() })),
    };
  }

  const last = out.blocks[out.blocks.length - 1]!;
  const cam = scored?.gradCam ? normaliseCam(scored.gradCam) : gradCam(last.data, ctx.head);
  const camTiming = viewTiming(last.length, out);
  return {
    modelId: ctx.modelId,
    clusterModelCreatedAt: ctx.clusters.fittedOn.createdAt,
    classes: ctx.classes,
    cnn: { probabilities: Array.from(out.probabilities, (p) => round(p, 6)), predicted },
    defaultView: ctx.clusters.defaultView,
    views,
    ...(surrogate ? { surrogate } : {}),
    gradCam: {
      stepSeconds: camTiming.stepSeconds,
      offsetSeconds: camTiming.offsetSeconds,
      classes: ctx.classes.map((name, c) => ({ class: name, values: roundedOrNull(cam.normalised[c]!) as number[] })),
    },
  };
}
