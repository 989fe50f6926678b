/**
 * The fixed input set of the model benchmarks: 32 real ECGs (LUDB 1–16 and the first 16 CinC records of
 * ../shared/data/cinc/tuijalei; 500 Hz, 10–15 s), read into memory before anything is timed, and the async
 * per-ECG median those scenarios report.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EcgRecord } from '../../src-main/ecg/record.js';
import { readEcgFile } from '../../src-main/formats/registry.js';
import { sharedDir } from './shared.js';

export function fixedEcgs(): EcgRecord[] {
  const ludb = Array.from({ length: 16 }, (_, i) => join(sharedDir('data', 'ludb', 'data'), `${i + 1}.hea`));
  const cincDir = sharedDir('data', 'cinc', 'tuijalei');
  const cinc = readdirSync(cincDir).filter((f) => f.endsWith('.hea')).sort().slice(0, 16).map((f) => join(cincDir, f));
  return [...ludb, ...cinc].map((f) => readEcgFile(f));
}

/**
 * Median wall time of `repeats` awaited calls after `warmups` unmeasured ones (onnxruntime allocates its arenas in
 * the first; V8 needs a few hundred ECGs to optimise the JavaScript paths), divided by `perCall`.
 */
export async function medianMsPer(perCall: number, repeats: number, fn: () => Promise<unknown>, warmups = 1): Promise<number> {
  for (let w = 0; w < warmups; w++) await fn();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]! / perCall;
}
