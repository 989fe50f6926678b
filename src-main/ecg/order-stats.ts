/**
 * Order statistics on the delineator's hot paths, each giving exactly the number the plain definition gives.
 *
 * medianAbs: the median of |x| (the k = ⌊n/2⌋ smallest, the upper middle), the noise scale of a wavelet level. Quickselect
 * over all n values spends most of its time on mispredicted branches; instead a histogram of the values' IEEE
 * exponents and top mantissa bits (16 buckets per octave) shows which narrow bucket holds the k-th, and
 * quickselect runs only on the few values in it. The result is the same number: for non-negative doubles the
 * order of the bit patterns is the order of the values, so everything in a lower bucket is smaller.
 */
import { newBuffer } from './filters.js';

/** Median of a list (mean of the middle two for an even count), NaN for none. */
export function median(values: number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  const s = sortedCopy(values);
  const m = n >> 1;
  return n % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Ascending copy; a short list of numbers by insertion sort, which is stable like Array.prototype.sort. */
function sortedCopy(values: number[]): number[] {
  const n = values.length;
  if (n > 32 || values.some(Number.isNaN)) return [...values].sort((a, b) => a - b);
  const s = values.slice();
  for (let i = 1; i < n; i++) {
    const v = s[i]!;
    let j = i - 1;
    for (; j >= 0 && s[j]! > v; j--) s[j + 1] = s[j]!;
    s[j + 1] = v;
  }
  return s;
}

/** max(0, |x[t]|) over [from, to), through four independent maxima (one chain of Math.max would wait on each). */
export function maxAbs(x: ArrayLike<number>, from: number, to: number): number {
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let t = from;
  for (; t + 3 < to; t += 4) {
    m0 = Math.max(m0, Math.abs(x[t]!));
    m1 = Math.max(m1, Math.abs(x[t + 1]!));
    m2 = Math.max(m2, Math.abs(x[t + 2]!));
    m3 = Math.max(m3, Math.abs(x[t + 3]!));
  }
  for (; t < to; t++) m0 = Math.max(m0, Math.abs(x[t]!));
  return Math.max(m0, m1, m2, m3);
}

const BUCKETS = 1024;
const counts = new Int32Array(BUCKETS);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function medianAbs(x: Float64Array, alloc = newBuffer): number {
  const n = x.length;
  if (n === 0) return 0;
  const k = n >> 1;
  if (!LITTLE_ENDIAN || n < 1024) return selectAll(x, k, alloc);
  // High 32 bits of each double: sign, 11 exponent bits, 20 mantissa bits; without the sign, |x|'s. (An Int32Array
  // view: V8 keeps its elements in integer registers, where Uint32 ones may become doubles.)
  const words = new Int32Array(x.buffer, x.byteOffset, 2 * n);
  // Buckets span 64 octaves, placed to reach 16 octaves above the largest of a few spaced samples; the values
  // beyond either end share the end buckets, which keeps the order and so the answer.
  let top = 0;
  for (let j = 0; j < 16; j++) top = Math.max(top, (words[2 * Math.floor((j * n) / 16) + 1]! & 0x7fffffff) >> 16);
  const base = top + 256 - BUCKETS;
  counts.fill(0);
  let nonFinite = 0;
  for (let i = 1; i < 2 * n; i += 2) {
    const h = words[i]! & 0x7fffffff;
    nonFinite |= h >= 0x7ff00000 ? 1 : 0;
    counts[Math.min(BUCKETS - 1, Math.max(0, (h >> 16) - base))]!++;
  }
  if (nonFinite) return selectAll(x, k, alloc);
  let bucket = 0;
  let below = 0;
  while (below + counts[bucket]! <= k) below += counts[bucket++]!;
  const inBucket = alloc(counts[bucket]!);
  for (let i = 0, m = 0; i < n; i++) {
    if (Math.min(BUCKETS - 1, Math.max(0, ((words[2 * i + 1]! & 0x7fffffff) >> 16) - base)) === bucket) inBucket[m++] = Math.abs(x[i]!);
  }
  return select(inBucket, k - below);
}

function selectAll(x: Float64Array, k: number, alloc: typeof newBuffer): number {
  const a = alloc(x.length);
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(x[i]!);
  return select(a, k);
}

/** k-th smallest value (Hoare's quickselect, in place). */
export function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
