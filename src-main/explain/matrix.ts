/**
 * Row-major float matrices as plain typed arrays: the k-means and assignment loops run over millions of time
 * steps, where arrays of arrays (ml-matrix style) cost several times more in allocation and cache misses.
 */
export interface Rows {
  /** row-major, rows × dim */
  data: Float32Array;
  rows: number;
  dim: number;
}

export function rows(data: Float32Array, dim: number): Rows {
  if (dim <= 0 || data.length % dim !== 0) throw new Error(`matrix of ${data.length} values is not a multiple of dimension ${dim}`);
  return { data, rows: data.length / dim, dim };
}

/** Squared Euclidean distance between row i of a and row j of b. */
export function sqDist(a: Float32Array, ai: number, b: Float32Array, bj: number, dim: number): number {
  let s = 0;
  const ao = ai * dim;
  const bo = bj * dim;
  for (let d = 0; d < dim; d++) {
    const x = a[ao + d]! - b[bo + d]!;
    s += x * x;
  }
  return s;
}

/** Index of the nearest centroid and the squared distances to the nearest and second nearest. */
export function nearest(x: Float32Array, i: number, centroids: Float32Array, k: number, dim: number): { best: number; d1: number; d2: number } {
  let best = 0;
  let d1 = Infinity;
  let d2 = Infinity;
  for (let c = 0; c < k; c++) {
    const d = sqDist(x, i, centroids, c, dim);
    if (d < d1) {
      d2 = d1;
      d1 = d;
      best = c;
    } else if (d < d2) d2 = d;
  }
  return { best, d1, d2 };
}
