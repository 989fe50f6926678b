import { describe, expect, it } from 'vitest';
import { waveletLevels } from '../../../src-main/ecg/delineate-wavelet.js';
import { WorkBuffers } from '../../../src-main/ecg/work-buffers.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';

/** The à trous transform as Martínez writes it: every level, each smoothing tap read from memory. */
function referenceTransform(x: Float64Array, levels: number): Float64Array[] {
  const n = x.length;
  const pad = 2 ** (levels + 1) + 4;
  const len = n + 2 * pad;
  let a = Float64Array.from({ length: len }, (_, i) => x[Math.min(n - 1, Math.max(0, i - pad))]!);
  const out: Float64Array[] = [];
  for (let k = 1; k <= levels; k++) {
    const step = 2 ** (k - 1);
    const delay = Math.round(2 ** k - 1.5);
    out.push(Float64Array.from({ length: n }, (_, t) => 2 * (a[t + pad + delay]! - a[t + pad + delay - step]!)));
    const next = a.slice();
    for (let i = 3 * step; i < len; i++) next[i] = (a[i]! + 3 * a[i - step]! + 3 * a[i - 2 * step]! + a[i - 3 * step]!) / 8;
    a = next;
  }
  return out;
}

describe('wavelet levels', () => {
  const rng = mulberry32(11);
  const x = Float64Array.from({ length: 2500 }, (_, t) => Math.sin(t / 9) + (t % 500 < 40 ? 1.5 : 0) + 0.05 * rng());
  const reference = referenceTransform(x, 6);

  it.each([[[3, 5, 6]], [[2, 4, 5]], [[6, 1]], [[4]]])('levels %j are the full transform\'s, to the bit', (wanted) => {
    const got = waveletLevels(x, wanted);
    expect(got).toHaveLength(wanted.length);
    wanted.forEach((level, j) => expect(got[j]).toEqual(reference[level - 1]));
  });

  it('gives the same numbers from reused buffers as from fresh ones', () => {
    const work = new WorkBuffers();
    const first = waveletLevels(x, [3, 5, 6], work.take).map((w) => w.slice());
    work.reset();
    waveletLevels(x.map((v) => -v), [2], work.take);
    work.reset();
    expect(waveletLevels(x, [3, 5, 6], work.take)).toEqual(first);
  });
});
