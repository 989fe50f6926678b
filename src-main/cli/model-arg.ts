/** `--model ID|DIR`: a model package folder, or the id of one under the app's models/ folder. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultModelDir } from '../model/default-model.js';
import { appSettings } from './data-dir.js';

export function resolveModelDir(idOrDir: string | undefined): string {
  if (!idOrDir) return defaultModelDir();
  if (existsSync(join(idOrDir, 'manifest.json'))) return resolve(idOrDir);
  const models = dirname(defaultModelDir());
  const byId = join(models, idOrDir);
  if (existsSync(join(byId, 'manifest.json'))) return byId;
  throw new Error(`--model ${idOrDir}: neither a model package folder (with manifest.json) nor a package id under ${models}`);
}

/** The model package and cluster model a command works with. */
export interface ModelChoice {
  modelDir: string;
  /** clusters.json + surrogate.json in place of the package's own */
  clusterDir?: string;
}

/**
 * `--model` / `--clusters` when typed; with neither, the app's choice in its settings file (so the CLI analyses
 * and marks staleness as the app does), else the shipped package with its own clusters. A settings file that
 * cannot be read is refused (appSettings).
 */
export function chosenModel(o: { model?: string; clusters?: string }): ModelChoice {
  if (o.model !== undefined || o.clusters !== undefined) {
    return { modelDir: resolveModelDir(o.model), ...(o.clusters !== undefined ? { clusterDir: resolve(o.clusters) } : {}) };
  }
  const app = appSettings();
  return { modelDir: app.modelDir ?? resolveModelDir(undefined), ...(app.clusterDir ? { clusterDir: app.clusterDir } : {}) };
}
