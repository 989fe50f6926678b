/**
 * The explanation metrics of a model package (issue "Explanations", DESIGN.md §4.5–4.6), as the seed paper reports
 * them: on a held-out split, the surrogate forest's agreement with the CNN (fidelity) and both models' accuracy and
 * macro AUROC against the true labels; on annotated ECGs (LUDB), how each wave's samples fall into clusters.
 */
import type { EcgRecord } from '../ecg/record.js';
import { addOverlap, clusterAlignment, emptyOverlap, wavePurity, type OverlapCounts } from '../explain/alignment.js';
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
  cnn: { exactMatchAccuracy: number; meanClassAccuracy: number; macroAuroc?: number; auroc: Array<number | undefined> };
  surrogate: { exactMatchAccuracy: number; meanClassAccuracy: number; macroAuroc?: number; auroc: Array<number | undefined> };
}

function accuracy(pred: boolean[][], truth: number[][]): { exact: number; mean: number } {
  let exact = 0;
  let hits = 0;
  let total = 0;
  pred.forEach((p, i) => {
    const ok = p.map((v, c) => (v ? 1 : 0) === truth[i]![c]);
    if (ok.every(Boolean)) exact++;
    hits += ok.filter(Boolean).length;
    total += ok.length;
  });
  return { exact: exact / pred.length, mean: hits / total };
}

export async function evaluateSplit(analyzer: Analyzer, test: LabelledRecord[], batch = 32): Promise<SplitMetrics> {
  const cnnP: number[][] = [];
  const sP: number[][] = [];
  const cnnPred: boolean[][] = [];
  const sPred: boolean[][] = [];
  const truth: number[][] = [];
  let skipped = 0;
  for (let i = 0; i < test.length; i += batch) {
    const chunk = test.slice(i, i + batch);
    const outcomes = await analyzer.analyze(chunk.map((c) => c.record));
    outcomes.forEach((o, j) => {
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
    });
  }
  const classes = truth[0]?.length ?? 0;
  let same = 0;
  let sameLabels = 0;
  cnnPred.forEach((p, i) => {
    const eq = p.filter((v, c) => v === sPred[i]![c]).length;
    sameLabels += eq;
    if (eq === classes) same++;
  });
  const ca = accuracy(cnnPred, truth);
  const sa = accuracy(sPred, truth);
  const cr = macroAuroc(truth, cnnP, classes);
  const sr = macroAuroc(truth, sP, classes);
  return {
    records: truth.length,
    skipped,
    agreement: same / truth.length,
    labelAgreement: sameLabels / (truth.length * classes),
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
