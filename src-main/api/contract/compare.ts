/**
 * Serial comparison of two ECGs (src-main/analysis/compare.ts is the source of truth): each side's summary,
 * latest analysis in brief (default view's proportions and segments with their legend) and intervals, and the
 * changes B − A. The traces come from getStudy for each, drawn at the same paper speed and gain.
 */
import { z } from 'zod';
import { ExplanationSegment } from './explanation.js';
import { Intervals } from './intervals.js';
import { method } from './method.js';
import { StudyId, StudySummary } from './studies.js';

const Delta = z.object({ name: z.string(), a: z.number().optional(), b: z.number().optional(), delta: z.number().optional() });

const Side = z.object({
  summary: StudySummary,
  analysis: z
    .object({
      id: z.number().int(),
      modelId: z.string(),
      modelVersion: z.string(),
      modelSha256: z.string().optional(),
      clusterModel: z.string().optional(),
      probabilities: z.record(z.string(), z.number()),
      called: z.array(z.string()),
      uncertainty: z.number().optional(),
      surrogateAgreement: z.number().optional(),
      view: z.string().optional(),
      clusters: z.array(z.object({ id: z.number().int(), name: z.string(), colour: z.string() })).optional(),
      proportions: z.array(z.number()).optional(),
      segments: z.array(ExplanationSegment).optional(),
    })
    .optional(),
  intervals: Intervals,
  intervalSource: z.enum(['analysis', 'delineator', 'none']),
});

export const Comparison = z.object({
  a: Side,
  b: Side,
  samePatient: z.boolean(),
  daysBetween: z.number().optional(),
  intervals: z.array(Delta),
  probabilities: z.array(Delta),
  /** gained: called in B only; lost: called in A only */
  called: z.object({ gained: z.array(z.string()), lost: z.array(z.string()) }),
  /** only when both were analysed with the same cluster model */
  proportions: z.object({ view: z.string(), clusters: z.array(Delta.extend({ id: z.number().int(), colour: z.string() })) }).optional(),
});
export type Comparison = z.infer<typeof Comparison>;

export const compareMethods = {
  compareStudies: method(z.strictObject({ a: StudyId, b: StudyId }), Comparison, 'two ECGs side by side: analyses, intervals and the changes B − A'),
};
