/**
 * clusters.json (DESIGN.md §3 "Cluster model"): for each view (one per explained block, and their combination on
 * the common grid) the normalisation, K, centroids, soft-assignment temperature, names and colours, with what the
 * model was fitted on. Validated on load: a hand-edited or truncated file fails with the field that is wrong.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const numbers = z.array(z.number());

export const ClusterInfoSchema = z.object({
  id: z.number().int().nonnegative(),
  name: z.string(),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** share of the cluster's annotated time in P, QRS, T, TP on the reference set */
  alignment: z.object({ P: z.number(), QRS: z.number(), T: z.number(), TP: z.number() }).optional(),
  /** share of all reference steps in this cluster */
  share: z.number(),
});

export const SweepEntrySchema = z.object({
  k: z.number().int(),
  inertia: z.number(),
  silhouette: z.number(),
  stability: z.number(),
});

export const ViewSchema = z.object({
  /** 'combined' or the block's output name */
  view: z.string(),
  /** indices into the model manifest's explained blocks that feed this view */
  blocks: z.array(z.number().int().nonnegative()),
  /** per block fed, z-score statistics of its channels on the reference set */
  normalisation: z.array(z.object({ mean: numbers, std: numbers })),
  upsampling: z.literal('repeat'),
  /** grid of this view: number of steps over the model input and input samples per step */
  gridLength: z.number().int().positive(),
  strideSamples: z.number().positive(),
  k: z.number().int().min(2),
  dim: z.number().int().positive(),
  /** k rows of dim values */
  centroids: z.array(numbers),
  temperature: z.number().positive(),
  clusters: z.array(ClusterInfoSchema),
  sweep: z.array(SweepEntrySchema),
  /** mean cluster proportions over the reference ECGs (the surrogate's counterfactual baseline) */
  referenceProportions: numbers,
});

export const ClusterModelSchema = z.object({
  format: z.literal('ecg-tlc-clusters/1'),
  modelId: z.string(),
  modelSha256: z.string(),
  seed: z.number().int(),
  views: z.array(ViewSchema).min(1),
  /** the view whose proportions feed the surrogate and whose segmentation the UI shows first */
  defaultView: z.string(),
  fittedOn: z.object({
    description: z.string(),
    ecgs: z.number().int(),
    stepsPooled: z.number().int(),
    alignmentSource: z.string(),
    createdAt: z.string(),
    seconds: z.number(),
  }),
});

export type ClusterInfo = z.infer<typeof ClusterInfoSchema>;
export type ClusterView = z.infer<typeof ViewSchema>;
export type ClusterModel = z.infer<typeof ClusterModelSchema>;

export function parseClusterModel(json: unknown, file = 'clusters.json'): ClusterModel {
  const r = ClusterModelSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${file}: invalid cluster model at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  for (const v of r.data.views) {
    if (v.centroids.length !== v.k || v.centroids.some((c) => c.length !== v.dim)) {
      throw new Error(`${file}: view ${v.view} must hold ${v.k} centroids of ${v.dim} values`);
    }
  }
  if (!r.data.views.some((v) => v.view === r.data.defaultView)) throw new Error(`${file}: default view ${r.data.defaultView} is not among the views`);
  return r.data;
}

export function loadClusterModel(path: string): ClusterModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read the cluster model: ${(e as Error).message}`);
  }
  return parseClusterModel(json, path);
}

/** Centroids of a view as one row-major Float32Array (the layout the assignment loops use). */
export function centroidArray(view: ClusterView): Float32Array {
  const out = new Float32Array(view.k * view.dim);
  view.centroids.forEach((row, c) => out.set(row, c * view.dim));
  return out;
}
