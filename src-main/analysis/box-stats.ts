/**
 * Five-number summaries for box plots and fixed-width histograms. Quantiles interpolate linearly between order
 * statistics (Hyndman & Fan type 7: numpy's and R's default), so q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) with
 * h = (n − 1)p on the sorted values.
 */
export interface BoxStats {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
}

export interface HistogramBin {
  /** inclusive lower edge */
  from: number;
  /** exclusive upper edge (the last bin includes it) */
  to: number;
  count: number;
}

export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Box statistics of the finite values; undefined when there are none. */
export function boxStats(values: readonly number[]): BoxStats | undefined {
  const v = Float64Array.from(values.filter(Number.isFinite)).sort();
  if (!v.length) return undefined;
  let sum = 0;
  for (const x of v) sum += x;
  return { n: v.length, min: v[0]!, q1: quantileSorted(v, 0.25), median: quantileSorted(v, 0.5), q3: quantileSorted(v, 0.75), max: v[v.length - 1]!, mean: sum / v.length };
}

/** `bins` equal bins over [lo, hi]; values outside are clamped into the end bins. */
export function histogram(values: readonly number[], bins: number, lo = 0, hi = 1): HistogramBin[] {
  const width = (hi - lo) / bins;
  const edge = (i: number) => Number((lo + i * width).toFixed(12));
  const out = Array.from({ length: bins }, (_, i) => ({ from: edge(i), to: edge(i + 1), count: 0 }));
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    // the tolerance puts a value on an edge (0.3 with width 0.1) in the bin it starts, despite binary rounding
    const i = Math.min(bins - 1, Math.max(0, Math.floor((x - lo) / width + 1e-9)));
    out[i]!.count++;
  }
  return out;
}
