/**
 * One study's explanation as it crosses the API: src-main/explain/explain-ecg.ts `Explanation` (the source of
 * truth) field for field, plus the legend facts of src-main/explain/cluster-model.ts (name, colour, wave
 * alignment, reference share per cluster and view) that the viewer needs beside it. The renderer validates what
 * it receives with these schemas and imports nothing from src-main/explain.
 */
import { z } from 'zod';

const NullableNumbers = z.array(z.number().nullable());

export const ExplanationSegment = z.object({
  cluster: z.number().int().nonnegative(),
  /** seconds from the start of the ECG */
  start: z.number(),
  end: z.number(),
  /** mean normalised entropy over the segment's steps, 0–1 */
  uncertainty: z.number(),
});
export type ExplanationSegment = z.infer<typeof ExplanationSegment>;

/** Share of a cluster's annotated time in each wave, on the reference set. */
export const WaveAlignment = z.object({ P: z.number(), QRS: z.number(), T: z.number(), TP: z.number() });
export type WaveAlignment = z.infer<typeof WaveAlignment>;

export const ClusterLegendEntry = z.object({
  id: z.number().int().nonnegative(),
  name: z.string(),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  alignment: WaveAlignment.optional(),
  /** share of all reference steps in this cluster */
  share: z.number(),
});
export type ClusterLegendEntry = z.infer<typeof ClusterLegendEntry>;

export const ViewExplanation = z.object({
  /** 'combined' or an explained block's output name */
  view: z.string(),
  k: z.number().int().min(1),
  /** the legend of this view, kept with the result (src-main/explain/explain-ecg.ts ViewExplanation.clusters) */
  clusters: z.array(ClusterLegendEntry),
  stepSeconds: z.number().positive(),
  offsetSeconds: z.number(),
  /** hard cluster per step; -1 where the step is padding */
  labels: z.array(z.number().int().min(-1)),
  /** normalised assignment entropy per step; null where padding */
  entropy: NullableNumbers,
  /** entropy of hard labels across Monte-Carlo dropout passes */
  mcEntropy: NullableNumbers.optional(),
  segments: z.array(ExplanationSegment),
  proportions: z.array(z.number()),
  meanUncertainty: z.number(),
});
export type ViewExplanation = z.infer<typeof ViewExplanation>;

export const ClassDrivers = z.object({
  class: z.string(),
  /** per cluster: importance in the surrogate forest for this class */
  global: z.array(z.number()),
  /** per cluster: how this ECG's share of the cluster moves the surrogate's probability; absent when the surrogate
   *  that made the explanation is no longer installed (they are computed on showing, not stored) */
  local: z.array(z.number()).optional(),
});
export type ClassDrivers = z.infer<typeof ClassDrivers>;

export const Explanation = z.object({
  modelId: z.string(),
  clusterModelCreatedAt: z.string(),
  classes: z.array(z.string()),
  cnn: z.object({ probabilities: z.array(z.number()), predicted: z.array(z.boolean()) }),
  defaultView: z.string(),
  views: z.array(ViewExplanation).min(1),
  surrogate: z
    .object({
      probabilities: z.array(z.number()),
      predicted: z.array(z.boolean()),
      agrees: z.boolean(),
      labelAgreement: z.number(),
      drivers: z.array(ClassDrivers),
    })
    .optional(),
  gradCam: z.object({
    stepSeconds: z.number().positive(),
    offsetSeconds: z.number(),
    classes: z.array(z.object({ class: z.string(), values: z.array(z.number()) })),
  }),
});
export type Explanation = z.infer<typeof Explanation>;

/** The clusters of one view of the cluster model, in cluster-id order. */
export const ViewLegend = z.object({ view: z.string(), clusters: z.array(ClusterLegendEntry) });
export type ViewLegend = z.infer<typeof ViewLegend>;

/** What the study viewer draws: the explanation and the legend of the cluster model that produced it. */
export const StudyExplanation = z.object({
  explanation: Explanation,
  legend: z.array(ViewLegend).min(1),
});
export type StudyExplanation = z.infer<typeof StudyExplanation>;
