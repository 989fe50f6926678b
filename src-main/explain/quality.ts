/**
 * Cluster quality for the K sweep: mean silhouette (Rousseeuw 1987) on a sample of time steps, and stability as
 * the adjusted Rand index (Hubert & Arabie 1985) between fits with different seeds on different subsamples,
 * compared on a common evaluation sample.
 */
import { sqDist, type Rows } from './matrix.js';

/** Mean silhouette of `labels` over the rows (O(n²): pass a sample of a few thousand rows). */
export function silhouette(x: Rows, labels: Uint16Array, k: number): number {
  const n = x.rows;
  const counts = new Uint32Array(k);
  for (let i = 0; i < n; i++) counts[labels[i]!]!++;
  const sumTo = new Float64Array(k);
  let total = 0;
  let used = 0;
  for (let i = 0; i < n; i++) {
    sumTo.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sumTo[labels[j]!]! += Math.sqrt(sqDist(x.data, i, x.data, j, x.dim));
    const own = labels[i]!;
    if (counts[own]! <= 1) continue; // silhouette of a singleton is 0 by convention: leave it out of the mean
    const a = sumTo[own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sumTo[c]! / counts[c]!);
    if (!Number.isFinite(b)) continue;
    total += (b - a) / Math.max(a, b);
    used++;
  }
  return used ? total / used : 0;
}

/** Adjusted Rand index between two labelings of the same rows. */
export function adjustedRandIndex(a: Uint16Array, b: Uint16Array): number {
  if (a.length !== b.length) throw new Error('labelings differ in length');
  const n = a.length;
  const table = new Map<number, number>();
  const rowsA = new Map<number, number>();
  const colsB = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = a[i]! * 65536 + b[i]!;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowsA.set(a[i]!, (rowsA.get(a[i]!) ?? 0) + 1);
    colsB.set(b[i]!, (colsB.get(b[i]!) ?? 0) + 1);
  }
  const c2 = (m: number) => (m * (m - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += c2(v);
  let sa = 0;
  for (const v of rowsA.values()) sa += c2(v);
  let sb = 0;
  for (const v of colsB.values()) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
