/**
 * Linear-interpolation resampling, the rule the model was trained with (models/training/prepare.py holds the twin;
 * the model's test vectors prove both give the same numbers).
 *
 * | quantity        | rule                                                         |
 * |-----------------|--------------------------------------------------------------|
 * | output length   | m = floor((n − 1) · fsOut / fsIn) + 1  (0 when n = 0)        |
 * | output sample k | input position t = k · fsIn / fsOut (float64)                 |
 * | value           | x[i] + (x[i+1] − x[i]) · (t − i), i = floor(t), in float64    |
 *
 * Linear interpolation is a weak anti-alias filter; for ECG content (mostly below 100 Hz) sampled at 250–1000 Hz
 * and brought to 400 Hz it is adequate, and it is simple enough to reproduce bit for bit in two languages.
 */

export function resampledLength(n: number, fsIn: number, fsOut: number): number {
  if (n === 0) return 0;
  return Math.floor(((n - 1) * fsOut) / fsIn) + 1;
}

/**
 * Output samples [start, start + count) of the resampled signal (all of it by default). Computing only a range
 * gives the same numbers as slicing the whole output, without allocating it (a centre crop of a long record).
 */
export function resampleLinear(x: Float32Array, fsIn: number, fsOut: number, start = 0, count?: number): Float32Array {
  if (!(fsIn > 0) || !(fsOut > 0)) throw new RangeError(`sampling rates must be positive (got ${fsIn} → ${fsOut} Hz)`);
  const n = x.length;
  const m = resampledLength(n, fsIn, fsOut);
  const len = count ?? m - start;
  if (start < 0 || len < 0 || start + len > m) throw new RangeError(`samples [${start}, ${start + len}) are outside the ${m} resampled ones`);
  if (fsIn === fsOut) return x.slice(start, start + len);
  const out = new Float32Array(len);
  for (let j = 0; j < len; j++) {
    const k = start + j;
    const t = (k * fsIn) / fsOut;
    const i = Math.floor(t);
    const a = x[i]!;
    const b = i + 1 < n ? x[i + 1]! : a;
    out[j] = a + (b - a) * (t - i);
  }
  return out;
}
