/**
 * The one way tests reach ../shared (fixtures and data sets that live beside the repository, never copied in).
 * When ../shared is absent the calling suite is skipped with a printed reason instead of failing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');
export const SHARED_ROOT = process.env.ECG_TLC_SHARED ?? resolve(REPO_ROOT, '..', 'shared');

/** Absolute path of a file under ../shared (e.g. sharedPath('fixtures/wfdb/100.hea')). */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_ROOT, ...parts);
}

/** True when the shared path exists; prints once why the dependent tests will be skipped otherwise. */
const warned = new Set<string>();
export function hasShared(...parts: string[]): boolean {
  const p = sharedPath(...parts);
  const ok = existsSync(p);
  if (!ok && !warned.has(p)) {
    warned.add(p);
    console.warn(`[skip] ${p} is absent: tests that need it are skipped (set ECG_TLC_SHARED to the shared folder)`);
  }
  return ok;
}

export function fixture(...parts: string[]): string {
  return sharedPath('fixtures', ...parts);
}
