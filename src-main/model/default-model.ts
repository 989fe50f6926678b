/**
 * The model package shipped with the app: models/<DEFAULT_MODEL_ID>/ at the repository (or installed app) root,
 * found by walking up from this file so it works from src-main/ (tsx, tests) and from dist/src-main/ (built).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_MODEL_ID = 'tlc-resnet1d-small-v1';

export function defaultModelDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'models', DEFAULT_MODEL_ID);
    if (existsSync(join(candidate, 'manifest.json'))) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(`the default model package models/${DEFAULT_MODEL_ID}/ was not found above ${start}; pass --model DIR`);
    }
  }
}
