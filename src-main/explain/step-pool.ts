/**
 * The time steps k-means is fitted on, pooled over the reference ECGs with a fixed ceiling: once `capacity` rows
 * are held, each further step replaces a random held one with probability capacity / steps seen (reservoir
 * sampling, Vitter's algorithm R), so the pool stays a uniform sample of every offered step and its memory stays
 * capacity × dim floats however many ECGs pass. Below the ceiling it holds every offered step, in order.
 */
import type { Rows } from './matrix.js';
import type { Rng } from './rng.js';

export class StepPool {
  private data: Float32Array;
  /** rows held */
  rows = 0;
  /** rows offered */
  seen = 0;

  constructor(
    readonly dim: number,
    readonly capacity: number,
    private readonly rng: Rng,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`step pool capacity must be at least 1, got ${capacity}`);
    this.data = new Float32Array(Math.min(capacity, 1024) * dim);
  }

  /** Offers one step; returns the row to write it into, or undefined when the sample leaves it out. */
  offer(): Float32Array | undefined {
    const i = this.seen++;
    let slot: number;
    if (i < this.capacity) {
      slot = i;
      this.rows = i + 1;
      if (this.rows * this.dim > this.data.length) {
        const grown = new Float32Array(Math.min(this.capacity, 2 * (this.data.length / this.dim)) * this.dim);
        grown.set(this.data);
        this.data = grown;
      }
    } else {
      slot = Math.floor(this.rng() * (i + 1));
      if (slot >= this.capacity) return undefined;
    }
    return this.data.subarray(slot * this.dim, (slot + 1) * this.dim);
  }

  /** The held rows (a view of the pool's storage). */
  toRows(): Rows {
    return { data: this.data.subarray(0, this.rows * this.dim), rows: this.rows, dim: this.dim };
  }
}
