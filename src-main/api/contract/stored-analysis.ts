/**
 * A study's stored analysis as it crosses the API (src-main/analysis/stored-analysis.ts StoredAnalysis is the
 * source of truth): the model and cluster model that made it, probabilities and called classes in the model's
 * class order, the worklist figures, our intervals and beat marks, and the explanation with its legend.
 * `stale` says whether it was made with another model or cluster model than the one analyses use now.
 */
import { z } from 'zod';
import { Explanation, ViewLegend } from './explanation.js';
import { BeatMarks, Intervals } from './intervals.js';

export const ModelRef = z.object({
  id: z.string(),
  version: z.string(),
  sha256: z.string(),
  /** creation time of the cluster model (its version key); absent when the package has none */
  clusterModel: z.string().optional(),
});
export type ModelRef = z.infer<typeof ModelRef>;

export const AnalysisBrief = z.object({
  id: z.number().int(),
  studyId: z.number().int(),
  createdAt: z.string(),
  modelId: z.string(),
  modelVersion: z.string(),
  modelSha256: z.string().optional(),
  clusterModel: z.string().optional(),
  provider: z.string().optional(),
  classes: z.array(z.string()),
  probabilities: z.array(z.number()),
  /** at or above the class threshold */
  predicted: z.array(z.boolean()),
  /** mean normalised entropy of the default view, 0–1 */
  uncertainty: z.number().optional(),
  /** share of classes on which the surrogate calls as the CNN (1 = agrees) */
  surrogateAgreement: z.number().optional(),
  /** cluster proportions of the default view */
  proportions: z.array(z.number()).optional(),
  fs: z.number().optional(),
  intervals: Intervals.optional(),
  beats: z.array(BeatMarks).optional(),
  /** the batch job that made it */
  jobId: z.number().int().optional(),
  /** made with another model or cluster model than the current one; absent when the current model cannot be loaded */
  stale: z.boolean().optional(),
});
export type AnalysisBrief = z.infer<typeof AnalysisBrief>;

export const StoredAnalysis = AnalysisBrief.extend({
  explanation: Explanation.optional(),
  /** the clusters of each view, as the viewer's legend wants them (from the explanation's own views) */
  legend: z.array(ViewLegend).optional(),
});
export type StoredAnalysis = z.infer<typeof StoredAnalysis>;
