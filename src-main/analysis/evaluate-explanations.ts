/**
 * The explanation metrics of a model package (issue "Explanations", DESIGN.md §4.5–4.6), as the seed paper reports
 * them: on a held-out split, the surrogate forest's agreement with the CNN (fidelity) and both models' accuracy and
 * macro AUROC against the true labels; on annotated ECGs (LUDB), how each wave's samples fall into clusters.
 *
 * Beside the paper's figures, two that say why the agreement is what it is: agreement by the CNN's distance from
 * its threshold (the surrogate misses mostly where the CNN itself is undecided), and how often the CNN's own labels
 * change when the same ECG starts 0.75 s later (an upper bound on what any imitation of those labels can reach).
 */
import type { EcgRecord } from '../ecg/record.js';
import { addOverlap, clusterAlignment, emptyOverlap, wavePurity, type OverlapCounts } from '../explain/alignment.js';
import { thresholdsOf } from '../explain/context.js';
import { macroAuroc } from './auroc.js';
import { Analyzer } from './analyzer.js';
import { waveCodesFor } from './reference-waves.js';

export interface LabelledRecord {
  record: EcgRecord;
  /** 0/1 per class, in the model's class order */
  labels: number[];
}

export interface SplitMetrics {
  records: number;
  skipped: number;
  /** share of records whose surrogate labels equal the CNN's on every class */
  agreement: number;
  /** share of (record, class) pairs on which they agree */
  labelAgreement: number;
  /** per-label agreement by the CNN's |logit(p) − logit(threshold)| */
  agreementByMargin: MarginBin[];
  /** agreement on the records whose every label is at least minMargin logits from its threshold */
  confident: ConfidentAgreement;
  /** the CNN's labels against its labels for the record with its start cut */
  cnnStability: LabelStability;
  cnn: { exactMatchAccuracy: number; meanClassAccuracy: number; macroAuroc?: number; auroc: Array<number | undefined> };
  surrogate: { exactMatchAccuracy: number; meanClassAccuracy: number; macroAuroc?: number; auroc: Array<number | undefined> };
}

/** Start cut of the shifted windows (training rows with `--windows`, the CNN's stability on the held-out split). */
export const SHIFT_SECONDS = 0.75;
/** a shifted window keeps at least this much ECG */
export const MIN_WINDOW_SECONDS = 6;

/**
 * The record, then its copies with the first j·shift seconds cut (0 < j < windows) while at least 6 s remain.
 * The model pads and masks a copy shorter than its input as it does any short ECG.
 */
export function* shiftedWindows(record: EcgRecord, windows: number, shiftSeconds = SHIFT_SECONDS): Generator<EcgRecord> {
  yield record;
  const n = record.samples[0]?.length ?? 0;
  for (let j = 1; j < windows; j++) {
    const cut = Math.round(j * shiftSeconds * record.fs);
    if (n - cut < MIN_WINDOW_SECONDS * record.fs) break;
    // samples only: the digital copy and annotations describe the whole record
    const { digital: _digital, annotations: _annotations, ...rest } = record;
    yield { ...rest, samples: record.samples.map((s) => s.subarray(cut)), annotations: [] } as EcgRecord;
  }
}

/** the clamp on probabilities before the logit: the model's outputs are rounded to 6 decimals */
const P_CLAMP = 1e-6;
const logit = (p: number) => {
  const q = Math.min(1 - P_CLAMP, Math.max(P_CLAMP, p));
  return Math.log(q / (1 - q));
};

/** |logit(p) − logit(threshold)|: how far, in logits, the CNN is from flipping the label. */
export function logitMargin(p: number, threshold: number): number {
  return Math.abs(logit(p) - logit(threshold));
}

/** lower edges of the margin bins (logits); the last bin is open */
export const MARGIN_EDGES = [0, 0.5, 1, 2] as const;

export interface MarginBin {
  /** the bin holds margins in [from, to), to absent for the last */
  from: number;
  to?: number;
  labels: number;
  agreeing: number;
  /** agreeing / labels; absent for an empty bin */
  agreement?: number;
}

/** Per-label agreement binned by margin: margins[i][c] and agree[i][c] for record i, class c. */
export function agreementByMargin(margins: number[][], agree: boolean[][], edges: readonly number[] = MARGIN_EDGES): MarginBin[] {
  const bins: MarginBin[] = edges.map((from, b) => ({ from, ...(b + 1 < edges.length ? { to: edges[b + 1]! } : {}), labels: 0, agreeing: 0 }));
  margins.forEach((row, i) => row.forEach((m, c) => {
    let b = edges.length - 1;
    while (b > 0 && m < edges[b]!) b--;
    bins[b]!.labels++;
    if (agree[i]![c]) bins[b]!.agreeing++;
  }));
  return bins.map((bin) => (bin.labels ? { ...bin, agreement: bin.agreeing / bin.labels } : bin));
}

export interface ConfidentAgreement {
  minMargin: number;
  /** records whose every label is at least minMargin logits from its threshold */
  records: number;
  /** shares of those records (exact) and of their labels; absent when there are none */
  agreement?: number;
  labelAgreement?: number;
}

export function confidentAgreement(margins: number[][], agree: boolean[][], minMargin = 1): ConfidentAgreement {
  const rows = agree.filter((_, i) => margins[i]!.every((m) => m >= minMargin));
  if (!rows.length) return { minMargin, records: 0 };
  const { exact, mean } = hitShares(rows);
  return { minMargin, records: rows.length, agreement: exact, labelAgreement: mean };
}

export interface LabelStability {
  shiftSeconds: number;
  /** records compared: analysed both whole and with the start cut */
  records: number;
  /** records left out: shorter than shift + 6 s, or the cut copy failed */
  notCompared: number;
  /** records with at least one label changed, and their share */
  changed: number;
  share?: number;
  perClass: Array<{ class: string; changed: number; share?: number }>;
}

/** How many records change any label, and each class's label, between two labelings of the same records. */
export function labelStability(classes: readonly string[], base: boolean[][], other: boolean[][], shiftSeconds = SHIFT_SECONDS, notCompared = 0): LabelStability {
  const n = base.length;
  const share = (k: number) => (n ? { share: k / n } : {});
  const changed = base.filter((b, i) => b.some((v, c) => v !== other[i]![c])).length;
  return {
    shiftSeconds,
    records: n,
    notCompared,
    changed,
    ...share(changed),
    perClass: classes.map((name, c) => {
      const k = base.filter((b, i) => b[c] !== other[i]![c]).length;
      return { class: name, changed: k, ...share(k) };
    }),
  };
}

/** shares of rows right on every column (exact) and of cells right (mean) */
function hitShares(ok: boolean[][]): { exact: number; mean: number } {
  const cells = ok.reduce((n, r) => n + r.length, 0);
  return { exact: ok.filter((r) => r.every(Boolean)).length / ok.length, mean: ok.reduce((n, r) => n + r.filter(Boolean).length, 0) / cells };
}

function accuracy(pred: boolean[][], truth: number[][]): { exact: number; mean: number } {
  return hitShares(pred.map((p, i) => p.map((v, c) => (v ? 1 : 0) === truth[i]![c])));
}

/**
 * The held-out metrics. Each record is analysed twice, whole and with its first 0.75 s cut (shiftedWindows' second
 * window), for the CNN's label stability; the surrogate's figures use the whole record only.
 */
export async function evaluateSplit(analyzer: Analyzer, test: LabelledRecord[], batch = 32): Promise<SplitMetrics> {
  const cnnP: number[][] = [];
  const sP: number[][] = [];
  const cnnPred: boolean[][] = [];
  const sPred: boolean[][] = [];
  const truth: number[][] = [];
  const stableBase: boolean[][] = [];
  const stableCut: boolean[][] = [];
  let notCompared = 0;
  let skipped = 0;
  for (let i = 0; i < test.length; i += batch) {
    const chunk = test.slice(i, i + batch);
    const cuts = chunk.map((c) => [...shiftedWindows(c.record, 2)][1]);
    const outcomes = await analyzer.analyze([...chunk.map((c) => c.record), ...cuts.filter((r): r is EcgRecord => r !== undefined)]);
    let k = chunk.length;
    outcomes.slice(0, chunk.length).forEach((o, j) => {
      const cut = cuts[j] ? outcomes[k++]! : undefined;
      const s = o.ok ? o.analysis.explanation?.surrogate : undefined;
      if (!o.ok || !s) {
        skipped++;
        return;
      }
      cnnP.push(o.analysis.probabilities);
      cnnPred.push(o.analysis.predicted);
      sP.push(s.probabilities);
      sPred.push(s.predicted);
      truth.push(chunk[j]!.labels);
      if (cut?.ok) {
        stableBase.push(o.analysis.predicted);
        stableCut.push(cut.analysis.predicted);
      } else notCompared++;
    });
  }
  const classes = truth[0]?.length ?? 0;
  const thresholds = thresholdsOf(analyzer.pkg);
  const margins = cnnP.map((p) => p.map((v, c) => logitMargin(v, thresholds[c]!)));
  const agree = cnnPred.map((p, i) => p.map((v, c) => v === sPred[i]![c]));
  const fidelity = hitShares(agree);
  const ca = accuracy(cnnPred, truth);
  const sa = accuracy(sPred, truth);
  const cr = macroAuroc(truth, cnnP, classes);
  const sr = macroAuroc(truth, sP, classes);
  return {
    records: truth.length,
    skipped,
    agreement: fidelity.exact,
    labelAgreement: fidelity.mean,
    agreementByMargin: agreementByMargin(margins, agree),
    confident: confidentAgreement(margins, agree),
    cnnStability: labelStability(analyzer.pkg.manifest.classes.map((c) => c.id), stableBase, stableCut, SHIFT_SECONDS, notCompared),
    cnn: { exactMatchAccuracy: ca.exact, meanClassAccuracy: ca.mean, ...(cr.macro !== undefined ? { macroAuroc: cr.macro } : {}), auroc: cr.perClass },
    surrogate: { exactMatchAccuracy: sa.exact, meanClassAccuracy: sa.mean, ...(sr.macro !== undefined ? { macroAuroc: sr.macro } : {}), auroc: sr.perClass },
  };
}

export interface AlignmentMetrics {
  records: number;
  annotated: number;
  views: Array<{
    view: string;
    purity: ReturnType<typeof wavePurity>;
    clusters: Array<{ id: number; name: string; shares: Record<string, number>; samples: number }>;
  }>;
}

/** Cluster ↔ wave alignment on annotated records (cardiologists' marks; records without them are counted, not used). */
export async function evaluateAlignment(analyzer: Analyzer, records: Iterable<EcgRecord>, batch = 32): Promise<AlignmentMetrics> {
  let counts: OverlapCounts[] | undefined;
  let names: string[][] = [];
  let views: string[] = [];
  let n = 0;
  let annotated = 0;
  let chunk: EcgRecord[] = [];
  const flush = async () => {
    const outcomes = await analyzer.analyze(chunk);
    outcomes.forEach((o, j) => {
      const e = o.ok ? o.analysis.explanation : undefined;
      if (!e) return;
      const waves = waveCodesFor(chunk[j]!);
      if (waves.source !== 'annotations') return;
      annotated++;
      counts ??= e.views.map((v) => emptyOverlap(v.k));
      views = e.views.map((v) => v.view);
      names = e.views.map((v) => v.clusters.map((c) => c.name));
      e.views.forEach((v, vi) => {
        const labels = Uint16Array.from(v.labels, (l) => (l < 0 ? 0xffff : l));
        addOverlap(counts![vi]!, waves.codes, waves.fs, labels, { stepSeconds: v.stepSeconds, offsetSeconds: v.offsetSeconds });
      });
    });
    chunk = [];
  };
  for (const r of records) {
    n++;
    chunk.push(r);
    if (chunk.length >= batch) await flush();
  }
  if (chunk.length) await flush();
  return {
    records: n,
    annotated,
    views: (counts ?? []).map((c, vi) => ({
      view: views[vi]!,
      purity: wavePurity(c),
      clusters: clusterAlignment(c).map((a, id) => ({ id, name: names[vi]![id]!, shares: a.shares, samples: c[id]!.reduce((x, y) => x + y, 0) })),
    })),
  };
}
