/**
 * The cohort view and triage lists over the latest analyses of the studies a worklist filter selects
 * (src-main/analysis/cohort-stats.ts and triage.ts are the source of truth). Box statistics are min, quartiles
 * (linear interpolation, numpy's default), median, max, mean and n; every class lists its study ids (up to
 * maxIds) so a bar or box can open the studies behind it.
 */
import { z } from 'zod';
import { StudyFilter } from './analysis.js';
import { method } from './method.js';
import { StudySummary } from './studies.js';

export const BoxStats = z.object({
  n: z.number().int(),
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  max: z.number(),
  mean: z.number(),
});
export type BoxStats = z.infer<typeof BoxStats>;

export const HistogramBin = z.object({ from: z.number(), to: z.number(), count: z.number().int() });

const IdList = {
  count: z.number().int(),
  studyIds: z.array(z.number().int()),
  /** more studies than maxIds: studyIds holds the first ones */
  idsTruncated: z.boolean(),
};

export const SurrogateSummary = z.object({
  /** studies whose analysis has a surrogate */
  n: z.number().int(),
  /** studies where the surrogate calls every class as the CNN */
  agreeing: z.number().int(),
  rate: z.number().optional(),
  meanLabelAgreement: z.number().optional(),
});

export const CohortGrouping = z.enum(['predicted', 'topClass', 'label']);

export const CohortStats = z.object({
  selected: z.number().int(),
  analysed: z.number().int(),
  /** predicted: every called class; topClass: the most probable; label: the stored label's classes */
  groupBy: CohortGrouping,
  classes: z.array(
    z.object({
      class: z.string(),
      ...IdList,
      /** per cluster id; null where no study of the class has that cluster model */
      proportions: z.array(BoxStats.nullable()),
      surrogate: SurrogateSummary,
      uncertainty: BoxStats.optional(),
    }),
  ),
  unassigned: z.object(IdList),
  clusterModel: z
    .object({
      key: z.string(),
      view: z.string(),
      k: z.number().int(),
      clusters: z.array(z.object({ id: z.number().int(), name: z.string(), colour: z.string() })),
      studies: z.number().int(),
      /** analysed studies left out of the proportions: made with another cluster model, or none */
      excluded: z.number().int(),
    })
    .optional(),
  surrogate: SurrogateSummary,
  uncertainty: z.object({ n: z.number().int(), box: BoxStats.optional(), histogram: z.array(HistogramBin) }),
});
export type CohortStats = z.infer<typeof CohortStats>;

export const TriageKind = z.enum(['disagreement', 'uncertainty', 'label']);

export const TriageList = z.object({
  kind: TriageKind,
  items: z.array(
    z.object({
      summary: StudySummary,
      score: z.number(),
      reason: z.string(),
      labelClasses: z.array(z.string()).optional(),
      predicted: z.array(z.string()).optional(),
    }),
  ),
  /** label audit: disagreeing studies in all */
  total: z.number().int().optional(),
});
export type TriageList = z.infer<typeof TriageList>;

export const cohortMethods = {
  cohortStats: method(
    z.strictObject({
      query: StudyFilter.optional(),
      groupBy: CohortGrouping.optional(),
      /** cluster model key whose proportions to summarise (default: the one most selected studies used) */
      clusterModel: z.string().max(64).optional(),
      maxIds: z.number().int().min(0).max(100_000).optional(),
      bins: z.number().int().min(2).max(100).optional(),
    }),
    CohortStats,
    'per class: counts, cluster proportion boxes, surrogate agreement, uncertainty; with the study ids behind each',
  ),
  triage: method(
    z.strictObject({ kind: TriageKind, limit: z.number().int().min(1).max(1000).optional(), query: StudyFilter.optional() }),
    TriageList,
    'studies to read first: surrogate disagreement, highest uncertainty, or stored label ≠ prediction',
  ),
};
