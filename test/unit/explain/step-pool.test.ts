import { describe, expect, it } from 'vitest';
import { StepPool } from '../../../src-main/explain/step-pool.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';

/** Offers rows [i, −i] for i < n; returns what the pool holds. */
function fill(n: number, capacity: number, seed = 1) {
  const pool = new StepPool(2, capacity, mulberry32(seed));
  for (let i = 0; i < n; i++) {
    const row = pool.offer();
    if (row) row.set([i, -i]);
  }
  return { pool, x: pool.toRows() };
}

describe('step pool', () => {
  it('holds every offered step, in order, below its capacity', () => {
    const { pool, x } = fill(3000, 5000);
    expect([pool.seen, pool.rows, x.rows]).toEqual([3000, 3000, 3000]);
    expect(Array.from(x.data.subarray(0, 6))).toEqual([0, -0, 1, -1, 2, -2]);
    expect(x.data[2 * 2999]).toBe(2999);
  });

  it('keeps a uniform sample of the capacity beyond it: every part of the stream equally represented', () => {
    const { pool, x } = fill(20_000, 2000);
    expect([pool.seen, x.rows]).toEqual([20_000, 2000]);
    const kept = Array.from({ length: x.rows }, (_, i) => x.data[2 * i]!);
    for (let i = 0; i < x.rows; i++) expect(x.data[2 * i + 1]).toBe(-kept[i]!); // rows stay whole
    expect(new Set(kept).size).toBe(2000);
    const tenths = new Array<number>(10).fill(0);
    for (const v of kept) tenths[Math.floor(v / 2000)]!++;
    // binomial(2000, 0.1): sd ≈ 13; ±60 is > 4 sd
    for (const c of tenths) expect(Math.abs(c - 200)).toBeLessThan(60);
    const again = fill(20_000, 2000).x;
    expect(Array.from(again.data)).toEqual(Array.from(x.data));
  });
});
