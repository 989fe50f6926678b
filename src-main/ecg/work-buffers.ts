/**
 * Reused Float64Array buffers for the intermediate signals of one delineation (filtered leads, band-passed leads,
 * wavelet levels): a 12-lead 10 s record needs about 3 MB of them, and allocating that afresh for every ECG costs
 * more in allocation, zero-filling and the garbage collections it triggers than the arithmetic on it.
 *
 * A buffer handed out is valid while the function given to `withWorkBuffers` runs: nothing it returns may hold
 * one. Buffers are not zeroed: whoever takes one writes all of it.
 */

/** The pool is kept between calls only up to this many doubles (32 MB); a longer record's buffers are dropped. */
const KEEP_DOUBLES = 4 << 20;

export class WorkBuffers {
  private pool: Float64Array[] = [];
  private used = 0;

  /** A buffer of `length` doubles with arbitrary contents (an arrow, to be passed on as an allocator). */
  take = (length: number): Float64Array => {
    let b = this.pool[this.used];
    if (!b || b.length < length) {
      b = new Float64Array(length);
      this.pool[this.used] = b;
    }
    this.used++;
    return b.length === length ? b : b.subarray(0, length);
  };

  /** Hands every buffer back; keeps them for the next call unless they are many. */
  reset(): void {
    this.used = 0;
    let total = 0;
    for (const b of this.pool) total += b.length;
    if (total > KEEP_DOUBLES) this.pool = [];
  }
}

let shared: WorkBuffers | undefined = new WorkBuffers();

/** Runs fn with the shared pool (a private one when the shared one is in use further up the stack). */
export function withWorkBuffers<T>(fn: (work: WorkBuffers) => T): T {
  const work = shared ?? new WorkBuffers();
  shared = undefined;
  try {
    return fn(work);
  } finally {
    work.reset();
    shared = work;
  }
}
