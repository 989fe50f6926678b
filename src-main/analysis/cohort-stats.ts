/**
 * Cohort statistics over the latest analyses of the studies a worklist filter selects: per class the studies
 * (counted, and their ids for click-through), the distribution of each cluster's proportion (box statistics),
 * the surrogate's agreement and the uncertainty; over all, the agreement rate and an uncertainty histogram.
 *
 * | groupBy   | a study belongs to                                                   |
 * |-----------|----------------------------------------------------------------------|
 * | predicted | every class the model called (probability ≥ threshold), multi-label   |
 * | topClass  | its most probable class                                              |
 * | label     | the classes of its stored label (label-map.ts); undetermined → none   |
 *
 * Proportions are comparable only within one cluster model: the boxes use the analyses made with the chosen one
 * (by default the one most of the selected studies were analysed with) and say how many were left out.
 */
import type { Archive } from '../store/archive.js';
import { cohortRows, countSelected, explanationWithClusterModel, type CohortRow } from '../store/cohort-rows.js';
import type { StudyQuery } from '../store/study-query.js';
import { boxStats, histogram, type BoxStats, type HistogramBin } from './box-stats.js';
import type { LabelMap } from './label-map.js';
import { decodeExplanation, defaultView } from './stored-analysis.js';
import type { Explanation } from '../explain/explain-ecg.js';

export type CohortGrouping = 'predicted' | 'topClass' | 'label';

export interface CohortOptions {
  groupBy?: CohortGrouping;
  /** cluster model key (creation time) whose proportions to summarise; default: the most used one */
  clusterModel?: string;
  /** most study ids listed per class (default 10 000) */
  maxIds?: number;
  /** uncertainty histogram bins over [0, 1] (default 10) */
  bins?: number;
  /** required for groupBy 'label' */
  labels?: LabelMap;
}

export interface IdList {
  count: number;
  studyIds: number[];
  idsTruncated: boolean;
}

export interface SurrogateSummary {
  /** studies whose analysis has a surrogate */
  n: number;
  /** of those, studies where the surrogate calls every class as the CNN does */
  agreeing: number;
  rate?: number;
  /** mean share of classes on which it agrees */
  meanLabelAgreement?: number;
}

export interface ClassCohort extends IdList {
  class: string;
  /** per cluster id: its proportion over this class's studies analysed with the chosen cluster model */
  proportions: Array<BoxStats | null>;
  surrogate: SurrogateSummary;
  uncertainty?: BoxStats;
}

export interface ClusterLegend {
  key: string;
  view: string;
  k: number;
  clusters: Array<{ id: number; name: string; colour: string }>;
  /** analysed studies whose proportions come from this cluster model */
  studies: number;
  /** analysed studies left out of the proportions (another cluster model, or none) */
  excluded: number;
}

export interface CohortStats {
  /** studies the filters select */
  selected: number;
  /** of those, studies with an analysis */
  analysed: number;
  groupBy: CohortGrouping;
  classes: ClassCohort[];
  /** analysed studies in no class (nothing called, or no label) */
  unassigned: IdList;
  clusterModel?: ClusterLegend;
  surrogate: SurrogateSummary;
  uncertainty: { n: number; box?: BoxStats; histogram: HistogramBin[] };
}

function idList(ids: number[], max: number): IdList {
  return { count: ids.length, studyIds: ids.slice(0, max), idsTruncated: ids.length > max };
}

function surrogateOf(rows: CohortRow[]): SurrogateSummary {
  const values = rows.flatMap((r) => (r.surrogateAgreement !== undefined ? [r.surrogateAgreement] : []));
  const agreeing = values.filter((v) => v >= 1).length;
  return {
    n: values.length,
    agreeing,
    ...(values.length ? { rate: agreeing / values.length, meanLabelAgreement: values.reduce((a, b) => a + b, 0) / values.length } : {}),
  };
}

function classesOfRow(r: CohortRow, groupBy: CohortGrouping, labels: LabelMap | undefined): string[] {
  if (groupBy === 'topClass') return r.topClass ? [r.topClass] : [];
  if (groupBy === 'label') return labels!.labelOf(r.statements).classes ?? [];
  return r.called ?? (r.topClass ? [r.topClass] : []);
}

/** The cluster model most analyses with proportions used (ties: the newest key). */
function mostUsedClusterModel(rows: CohortRow[]): string | undefined {
  const n = new Map<string, number>();
  for (const r of rows) if (r.clusterModel && r.proportions) n.set(r.clusterModel, (n.get(r.clusterModel) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0]?.[0];
}

/** The statistics of the given rows; `legend` gives the clusters of a cluster model (names, colours). */
export function computeCohort(
  rows: CohortRow[],
  selected: number,
  options: CohortOptions = {},
  legend?: (key: string) => Pick<ClusterLegend, 'view' | 'clusters'> | undefined,
): CohortStats {
  const groupBy = options.groupBy ?? 'predicted';
  if (groupBy === 'label' && !options.labels) throw new Error('grouping by stored label needs the label tables');
  const maxIds = options.maxIds ?? 10_000;
  const key = options.clusterModel ?? mostUsedClusterModel(rows);
  const withClusters = rows.filter((r) => key !== undefined && r.clusterModel === key && r.proportions);
  const k = Math.max(0, ...withClusters.map((r) => r.proportions!.length));
  const classOrder: string[] = [...(options.labels?.classes ?? [])];
  for (const r of rows) for (const c of Object.keys(r.probabilities)) if (!classOrder.includes(c)) classOrder.push(c);

  const members = new Map<string, CohortRow[]>(classOrder.map((c) => [c, []]));
  const unassigned: number[] = [];
  for (const r of rows) {
    const cs = classesOfRow(r, groupBy, options.labels);
    if (!cs.length) unassigned.push(r.studyId);
    for (const c of cs) (members.get(c) ?? members.set(c, []).get(c)!).push(r);
  }
  const classes = [...members.entries()].map(([name, rs]): ClassCohort => {
    const clustered = rs.filter((r) => key !== undefined && r.clusterModel === key && r.proportions);
    const unc = boxStats(rs.flatMap((r) => (r.uncertainty !== undefined ? [r.uncertainty] : [])));
    return {
      class: name,
      ...idList(rs.map((r) => r.studyId), maxIds),
      proportions: Array.from({ length: k }, (_, c) => boxStats(clustered.map((r) => r.proportions![c] ?? NaN)) ?? null),
      surrogate: surrogateOf(rs),
      ...(unc ? { uncertainty: unc } : {}),
    };
  });
  const uncertainties = rows.flatMap((r) => (r.uncertainty !== undefined ? [r.uncertainty] : []));
  const box = boxStats(uncertainties);
  const l = key !== undefined ? legend?.(key) : undefined;
  return {
    selected,
    analysed: rows.length,
    groupBy,
    classes,
    unassigned: idList(unassigned, maxIds),
    ...(key !== undefined
      ? { clusterModel: { key, view: l?.view ?? 'unknown', k, clusters: l?.clusters ?? [], studies: withClusters.length, excluded: rows.length - withClusters.length } }
      : {}),
    surrogate: surrogateOf(rows),
    uncertainty: { n: uncertainties.length, ...(box ? { box } : {}), histogram: histogram(uncertainties, options.bins ?? 10) },
  };
}

/** The legend of the default view of the newest explanation made with a cluster model. */
export function legendOf(archive: Archive, key: string): Pick<ClusterLegend, 'view' | 'clusters'> | undefined {
  const blob = explanationWithClusterModel(archive.db, key);
  if (!blob) return undefined;
  const view = defaultView(decodeExplanation(blob) as Explanation);
  return { view: view.view, clusters: view.clusters.map((c) => ({ id: c.id, name: c.name, colour: c.colour })) };
}

export function cohortStats(archive: Archive, filters: StudyQuery = {}, options: CohortOptions = {}): CohortStats {
  return computeCohort(cohortRows(archive.db, filters), countSelected(archive.db, filters), options, (key) => legendOf(archive, key));
}
