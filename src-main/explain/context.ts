/**
 * Loads what explaining needs beside a model package: clusters.json and surrogate.json (written by `ecg-tlc fit`
 * next to the model, or in another folder) and the linear head for Grad-CAM. A cluster model fitted for other
 * weights is refused: its centroids live in another network's activation space.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadHead } from '../model/head.js';
import type { ModelPackage } from '../model/manifest.js';
import { loadClusterModel } from './cluster-model.js';
import type { ExplainContext } from './explain-ecg.js';
import { Surrogate, type SurrogateJson } from './surrogate.js';

export const CLUSTERS_FILE = 'clusters.json';
export const SURROGATE_FILE = 'surrogate.json';

const SurrogateFileSchema = z.object({
  format: z.literal('ecg-tlc-surrogate/1'),
  modelSha256: z.string(),
  clusterModelCreatedAt: z.string(),
  view: z.string(),
  surrogate: z.object({
    classes: z.array(z.string()),
    features: z.number().int().positive(),
    forests: z.array(z.any()),
    options: z.object({ nEstimators: z.number(), seed: z.number() }).loose(),
  }),
  fittedOn: z.record(z.string(), z.unknown()),
});
export type SurrogateFile = z.infer<typeof SurrogateFileSchema>;

export function modelSha256(pkg: ModelPackage): string {
  return pkg.manifest.files[pkg.manifest.model.file]!.sha256;
}

export function thresholdsOf(pkg: ModelPackage): number[] {
  return pkg.manifest.classes.map((c) => pkg.manifest.thresholds[c.id]!);
}

/** The explanation context, or undefined when the package has no cluster model yet (fit one with `ecg-tlc fit`). */
export function loadExplainContext(pkg: ModelPackage, dir = pkg.dir): ExplainContext | undefined {
  const clustersPath = join(dir, CLUSTERS_FILE);
  if (!existsSync(clustersPath)) return undefined;
  const clusters = loadClusterModel(clustersPath);
  const sha = modelSha256(pkg);
  if (clusters.modelSha256 !== sha) {
    throw new Error(`${clustersPath}: fitted for model sha256 ${clusters.modelSha256.slice(0, 12)}…, but ${pkg.manifest.id} is ${sha.slice(0, 12)}…; fit it again with \`ecg-tlc fit\``);
  }
  let surrogate: Surrogate | undefined;
  const surrogatePath = join(dir, SURROGATE_FILE);
  if (existsSync(surrogatePath)) {
    const r = SurrogateFileSchema.safeParse(JSON.parse(readFileSync(surrogatePath, 'utf8')));
    if (!r.success) throw new Error(`${surrogatePath}: not a surrogate file (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`);
    if (r.data.clusterModelCreatedAt !== clusters.fittedOn.createdAt) {
      throw new Error(`${surrogatePath}: fitted on another cluster model than ${clustersPath}; fit both again with \`ecg-tlc fit\``);
    }
    surrogate = new Surrogate(r.data.surrogate as SurrogateJson);
  }
  const head = loadHead(pkg);
  return {
    modelId: pkg.manifest.id,
    classes: pkg.manifest.classes.map((c) => c.id),
    thresholds: thresholdsOf(pkg),
    head: { classes: head.classes, channels: head.channels, steps: head.steps, weights: head.weights },
    clusters,
    ...(surrogate ? { surrogate } : {}),
  };
}
