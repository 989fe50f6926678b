import { describe, expect, it } from 'vitest';
import { maxAbs, median, medianAbs, select } from '../../../src-main/ecg/order-stats.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';

/** The plain definitions the fast paths must reproduce number for number. */
const sortedAbs = (x: Float64Array) => Float64Array.from(x, Math.abs).sort();
const plainMedian = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function signal(n: number, seed: number, value: (u: number, t: number) => number): Float64Array {
  const rng = mulberry32(seed);
  return Float64Array.from({ length: n }, (_, t) => value(rng(), t));
}

describe('medianAbs', () => {
  const cases: Array<[string, Float64Array]> = [
    ['a noisy wavelet-like level', signal(5000, 1, (u, t) => Math.sin(t / 7) * Math.exp(-((t % 400) / 40)) + 0.01 * (u - 0.5))],
    ['half of it exactly zero', signal(5001, 2, (u, t) => (t % 2 ? 0 : u - 0.5))],
    ['coarsely quantised values, many ties', signal(4096, 3, (u) => Math.round((u - 0.5) * 20) / 8)],
    ['a dynamic range of 10^±130', signal(3000, 4, (u, t) => (t % 3 ? -1 : 1) * Math.exp((u - 0.5) * 600))],
    ['fewer values than the histogram pays for', signal(999, 5, (u) => u - 0.3)],
  ];
  it.each(cases)('is the ⌊n/2⌋-th smallest |x| for %s', (_, x) => {
    expect(medianAbs(x)).toBe(sortedAbs(x)[x.length >> 1]);
  });

  it('reads a view into a larger buffer, and falls back to quickselect over non-finite values', () => {
    const big = signal(9000, 6, (u) => u - 0.5);
    const view = big.subarray(1000, 7001);
    expect(medianAbs(view)).toBe(sortedAbs(view)[3000]);
    const x = signal(4000, 7, (u) => u - 0.5);
    x[10] = Infinity;
    x[20] = NaN;
    expect(medianAbs(x)).toBe(select(Float64Array.from(x, Math.abs), 2000));
    expect(medianAbs(new Float64Array(0))).toBe(0);
  });
});

describe('median and maxAbs', () => {
  it('median equals the sort-based median for short and long lists, with ties and both zeros', () => {
    const rng = mulberry32(8);
    for (const n of [1, 2, 3, 7, 12, 32, 33, 100]) {
      const v = Array.from({ length: n }, () => Math.round(rng() * 10) - 5);
      expect(Object.is(median(v), plainMedian(v))).toBe(true);
    }
    expect(Object.is(median([0, -0]), plainMedian([0, -0]))).toBe(true);
    expect(Object.is(median([-0, 0, -0]), plainMedian([-0, 0, -0]))).toBe(true);
    expect(median([])).toBeNaN();
  });

  it('maxAbs is max(0, |x|) over the range, whatever its length, and NaN where a NaN is', () => {
    const x = signal(103, 9, (u) => u - 0.6);
    for (const [from, to] of [[0, 103], [5, 6], [7, 7], [1, 102], [50, 53]] as const) {
      let m = 0;
      for (let t = from; t < to; t++) m = Math.max(m, Math.abs(x[t]!));
      expect(maxAbs(x, from, to)).toBe(m);
    }
    x[41] = NaN;
    expect(maxAbs(x, 0, 103)).toBeNaN();
  });
});
