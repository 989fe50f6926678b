/** `--model ID|DIR`: a model package folder, or the id of one under the app's models/ folder. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultModelDir } from '../model/default-model.js';

export function resolveModelDir(idOrDir: string | undefined): string {
  if (!idOrDir) return defaultModelDir();
  if (existsSync(join(idOrDir, 'manifest.json'))) return resolve(idOrDir);
  const models = dirname(defaultModelDir());
  const byId = join(models, idOrDir);
  if (existsSync(join(byId, 'manifest.json'))) return byId;
  throw new Error(`--model ${idOrDir}: neither a model package folder (with manifest.json) nor a package id under ${models}`);
}
