/**
 * Which model and cluster model an analysis comes from, known before any session opens: the package's id,
 * version and model.onnx sha256 (verified by loadModelPackage) and the creation time of its clusters.json, the
 * version key of the cluster model. These two keys decide whether a stored analysis is current or stale.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadClusterModel } from '../explain/cluster-model.js';
import { CLUSTERS_FILE, modelSha256 } from '../explain/context.js';
import { defaultModelDir } from '../model/default-model.js';
import { loadModelPackage } from '../model/manifest.js';
import type { JobModel } from '../store/job-repository.js';

export type ModelIdentity = JobModel;

/** `clusterDir`: a folder of clusters.json (+ surrogate.json) written by `ecg-tlc fit --out`, instead of the package's own. */
export function modelIdentity(dir: string, clusterDir?: string): ModelIdentity {
  const pkg = loadModelPackage(dir);
  const sha256 = modelSha256(pkg);
  const clustersPath = join(clusterDir ?? pkg.dir, CLUSTERS_FILE);
  if (clusterDir !== undefined && !existsSync(clustersPath)) throw new Error(missingClusters(clusterDir));
  let clusterModel: string | undefined;
  if (existsSync(clustersPath)) {
    const clusters = loadClusterModel(clustersPath);
    if (clusters.modelSha256 !== sha256) {
      throw new Error(`${clustersPath}: fitted for model sha256 ${clusters.modelSha256.slice(0, 12)}…, but ${pkg.manifest.id} is ${sha256.slice(0, 12)}…; fit it again with \`ecg-tlc fit\``);
    }
    clusterModel = clusters.fittedOn.createdAt;
  }
  return { id: pkg.manifest.id, version: pkg.manifest.version, sha256, dir: pkg.dir, ...(clusterModel ? { clusterModel } : {}) };
}

export const missingClusters = (dir: string) => `${dir}: no ${CLUSTERS_FILE} in this folder; fit one into it with \`ecg-tlc fit --out ${dir}\``;

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The folder of an installed model package by id (a sibling of the default package), or the default package.
 * Ids are plain names: a caller can never name a folder outside the models folder this way.
 */
export function modelDirById(id: string | undefined, defaultDir: string = defaultModelDir()): string {
  if (id === undefined) return defaultDir;
  if (!MODEL_ID.test(id)) throw new Error(`model id "${id}" is not a package name (letters, digits, ".", "_" and "-")`);
  const dir = join(dirname(defaultDir), id);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`no model package "${id}" in ${dirname(defaultDir)}`);
  return dir;
}
