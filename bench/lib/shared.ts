/** Benchmarks read ../shared like the tests do ($ECG_TLC_SHARED overrides); a missing folder is a clear error. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.ECG_TLC_SHARED ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');

export function sharedDir(...parts: string[]): string {
  const p = join(root, ...parts);
  if (!existsSync(p)) throw new Error(`${p} is missing: the benchmark needs the shared data (set ECG_TLC_SHARED to its folder)`);
  return p;
}

export const fixturesDir = (...parts: string[]) => sharedDir('fixtures', ...parts);
