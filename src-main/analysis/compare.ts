/**
 * Serial comparison: two ECGs (usually of one patient) side by side. Each side carries its summary, its latest
 * analysis in brief (probabilities, called classes, the default view's proportions and segments with their
 * legend) and our intervals; between them the changes, always B − A:
 *
 * | change        | compared when                                                              |
 * |---------------|----------------------------------------------------------------------------|
 * | intervals     | each interval measured on both (from the analyses, else the delineator now) |
 * | probabilities | a class both analyses give                                                 |
 * | called        | classes called on one side only (gained: called in B only; lost: in A only) |
 * | proportions   | both analysed with the same cluster model (otherwise the clusters differ)   |
 *
 * The signals themselves the viewer takes from getStudy (the same scale for both: paper speed and gain are
 * the viewer's, not the study's).
 */
import { delineate } from '../ecg/delineate.js';
import type { Intervals } from '../ecg/delineate-types.js';
import type { Segment } from '../explain/segments.js';
import type { Archive } from '../store/archive.js';
import type { StudySummary } from '../store/study-summary.js';
import { defaultView, fromStored } from './stored-analysis.js';

export const INTERVAL_NAMES = ['hr', 'rr', 'pr', 'qrs', 'qt', 'qtcBazett', 'qtcFridericia', 'axis'] as const;

export interface ComparedSide {
  summary: StudySummary;
  analysis?: {
    id: number;
    modelId: string;
    modelVersion: string;
    modelSha256?: string;
    clusterModel?: string;
    probabilities: Record<string, number>;
    called: string[];
    uncertainty?: number;
    surrogateAgreement?: number;
    view?: string;
    clusters?: Array<{ id: number; name: string; colour: string }>;
    proportions?: number[];
    segments?: Segment[];
  };
  intervals: Intervals;
  intervalSource: 'analysis' | 'delineator' | 'none';
}

export interface Delta {
  name: string;
  a?: number;
  b?: number;
  /** b − a, when both are known */
  delta?: number;
}

export interface Comparison {
  a: ComparedSide;
  b: ComparedSide;
  samePatient: boolean;
  /** days from A's acquisition to B's, when both are dated */
  daysBetween?: number;
  intervals: Delta[];
  probabilities: Delta[];
  called: { gained: string[]; lost: string[] };
  proportions?: { view: string; clusters: Array<Delta & { id: number; colour: string }> };
}

function delta(name: string, a: number | undefined, b: number | undefined): Delta {
  return { name, ...(a !== undefined ? { a } : {}), ...(b !== undefined ? { b } : {}), ...(a !== undefined && b !== undefined ? { delta: b - a } : {}) };
}

function side(archive: Archive, id: number): ComparedSide {
  const stored = archive.studies.get(id);
  if (!stored) throw new Error(`study ${id} is not in the archive`);
  const latest = archive.analyses.latest(id);
  const a = latest && fromStored(latest);
  const out: ComparedSide = { summary: stored.summary, intervals: {}, intervalSource: 'none' };
  if (a) {
    const view = a.explanation && defaultView(a.explanation);
    out.analysis = {
      id: a.id,
      modelId: a.modelId,
      modelVersion: a.modelVersion,
      ...(a.modelSha256 ? { modelSha256: a.modelSha256 } : {}),
      ...(a.clusterModel ? { clusterModel: a.clusterModel } : {}),
      probabilities: Object.fromEntries(a.classes.map((c, i) => [c, a.probabilities[i]!])),
      called: a.classes.filter((_, i) => a.predicted[i]),
      ...(a.uncertainty !== undefined ? { uncertainty: a.uncertainty } : {}),
      ...(a.surrogateAgreement !== undefined ? { surrogateAgreement: a.surrogateAgreement } : {}),
      ...(view
        ? { view: view.view, clusters: view.clusters.map((c) => ({ id: c.id, name: c.name, colour: c.colour })), proportions: view.proportions, segments: view.segments }
        : {}),
    };
    if (a.intervals) {
      out.intervals = a.intervals;
      out.intervalSource = 'analysis';
    }
  }
  if (out.intervalSource === 'none') {
    try {
      out.intervals = delineate(stored.record).intervals;
      out.intervalSource = 'delineator';
    } catch {
      // too short, or no usable lead: no intervals to compare
    }
  }
  return out;
}

export function compareStudies(archive: Archive, idA: number, idB: number): Comparison {
  const a = side(archive, idA);
  const b = side(archive, idB);
  const ta = a.summary.acquiredAt ? Date.parse(a.summary.acquiredAt) : NaN;
  const tb = b.summary.acquiredAt ? Date.parse(b.summary.acquiredAt) : NaN;
  const classes = [...new Set([...Object.keys(a.analysis?.probabilities ?? {}), ...Object.keys(b.analysis?.probabilities ?? {})])];
  const calledA = a.analysis?.called ?? [];
  const calledB = b.analysis?.called ?? [];
  const out: Comparison = {
    a,
    b,
    samePatient: a.summary.patient.archiveId === b.summary.patient.archiveId,
    ...(Number.isFinite(ta) && Number.isFinite(tb) ? { daysBetween: (tb - ta) / 86_400_000 } : {}),
    intervals: INTERVAL_NAMES.map((n) => delta(n, a.intervals[n], b.intervals[n])),
    probabilities: classes.map((c) => delta(c, a.analysis?.probabilities[c], b.analysis?.probabilities[c])),
    called: { gained: calledB.filter((c) => !calledA.includes(c)), lost: calledA.filter((c) => !calledB.includes(c)) },
  };
  const pa = a.analysis;
  const pb = b.analysis;
  if (pa?.proportions && pb?.proportions && pa.clusterModel && pa.clusterModel === pb.clusterModel && pa.view === pb.view) {
    out.proportions = {
      view: pa.view!,
      clusters: pa.clusters!.map((c) => ({ ...delta(c.name, pa.proportions![c.id], pb.proportions![c.id]), id: c.id, colour: c.colour })),
    };
  }
  return out;
}
