/**
 * Seeded randomness for the fuzzer: every case is a pure function of (format, seed, index), so a finding is
 * reproduced by running that one case again (`npx tsx bench/fuzz/run.ts --format F --seed S --case I`).
 */
import { mulberry32 } from '../../src-main/explain/rng.js';

/** FNV-1a over the UTF-16 code units of `text`: a 32-bit seed from a case's coordinates. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Seeded choices over mulberry32 (the generator the explainer uses): offsets, kinds, weighted picks. */
export class Rng {
  private readonly uniform: () => number;

  constructor(seed: number) {
    this.uniform = mulberry32(seed);
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.uniform();
  }

  /** integer in [0, n) (0 when n ≤ 0) */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** an item chosen with probability proportional to its weight */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((a, [, w]) => a + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}
