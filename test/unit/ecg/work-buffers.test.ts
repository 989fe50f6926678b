import { describe, expect, it } from 'vitest';
import { WorkBuffers, withWorkBuffers } from '../../../src-main/ecg/work-buffers.js';

describe('work buffers', () => {
  it('hand out buffers of the asked length, distinct within a call and the same memory in the next call', () => {
    const [a, b] = withWorkBuffers(({ take }) => [take(100), take(50)]);
    expect(a).toHaveLength(100);
    expect(b).toHaveLength(50);
    expect(a!.buffer).not.toBe(b!.buffer);
    const again = withWorkBuffers(({ take }) => take(80));
    expect(again.buffer).toBe(a!.buffer);
  });

  it('give a nested call its own pool, so the outer buffers stay intact', () => {
    withWorkBuffers(({ take }) => {
      const outer = take(10).fill(7);
      const inner = withWorkBuffers((w) => w.take(10).fill(-1));
      expect(inner.buffer).not.toBe(outer.buffer);
      expect(Array.from(outer)).toEqual(new Array(10).fill(7));
    });
  });

  it('drop a pool too large to keep', () => {
    const work = new WorkBuffers();
    const big = work.take(5 << 20);
    work.reset();
    expect(work.take(10).buffer).not.toBe(big.buffer);
  });
});
