import { describe, expect, it } from 'vitest';
import { fitKMeans, assignHard } from '../../../src-main/explain/kmeans.js';
import { adjustedRandIndex, silhouette } from '../../../src-main/explain/quality.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';
import type { Rows } from '../../../src-main/explain/matrix.js';

/** Gaussian blobs around well-separated centres (Box–Muller on the seeded generator). */
function blobs(perCluster: number, centres: number[][], sd: number, seed: number): { x: Rows; truth: Uint16Array } {
  const rng = mulberry32(seed);
  const dim = centres[0]!.length;
  const n = perCluster * centres.length;
  const data = new Float32Array(n * dim);
  const truth = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % centres.length;
    truth[i] = c;
    for (let d = 0; d < dim; d++) {
      const g = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      data[i * dim + d] = centres[c]![d]! + sd * g;
    }
  }
  return { x: { data, rows: n, dim }, truth };
}

const CENTRES = [[0, 0, 0], [6, 0, 0], [0, 6, 0], [0, 0, 6], [6, 6, 6]];

describe('k-means', () => {
  it('recovers well-separated blobs (Lloyd)', () => {
    const { x, truth } = blobs(400, CENTRES, 0.7, 1);
    const fit = fitKMeans(x, { k: 5, seed: 7 });
    expect(fit.method).toBe('lloyd');
    const { labels } = assignHard(x, fit.centroids, 5);
    expect(adjustedRandIndex(labels, truth)).toBeGreaterThan(0.99);
  });

  it('recovers them with mini-batch updates too', () => {
    const { x, truth } = blobs(400, CENTRES, 0.7, 2);
    const fit = fitKMeans(x, { k: 5, seed: 7, miniBatchAbove: 100, maxIterations: 200, batchSize: 256 });
    expect(fit.method).toBe('mini-batch');
    const { labels } = assignHard(x, fit.centroids, 5);
    expect(adjustedRandIndex(labels, truth)).toBeGreaterThan(0.98);
  });

  it('is deterministic for a seed and differs across seeds only in labelling', () => {
    const { x } = blobs(200, CENTRES, 1.5, 3);
    const a = fitKMeans(x, { k: 5, seed: 11 });
    const b = fitKMeans(x, { k: 5, seed: 11 });
    expect(Array.from(b.centroids)).toEqual(Array.from(a.centroids));
    const c = fitKMeans(x, { k: 5, seed: 12 });
    expect(adjustedRandIndex(assignHard(x, a.centroids, 5).labels, assignHard(x, c.centroids, 5).labels)).toBeGreaterThan(0.9);
  });

  it('refuses fewer points than clusters', () => {
    const { x } = blobs(1, CENTRES, 0.1, 4);
    expect(() => fitKMeans(x, { k: 8, seed: 1 })).toThrow(/at least k=8/);
  });
});

describe('cluster quality', () => {
  it('adjusted Rand index matches scikit-learn', () => {
    // python3 -c "from sklearn.metrics import adjusted_rand_score as a; print(a([0,0,1,1,2,2],[0,0,1,2,2,2]))"
    expect(adjustedRandIndex(Uint16Array.from([0, 0, 1, 1, 2, 2]), Uint16Array.from([0, 0, 1, 2, 2, 2]))).toBeCloseTo(0.4444444444444444, 12);
    expect(adjustedRandIndex(Uint16Array.from([0, 0, 1, 1]), Uint16Array.from([1, 1, 0, 0]))).toBe(1);
  });

  it('silhouette matches scikit-learn', () => {
    // X=[[0,0],[0,1],[1,0],[5,5],[5,6],[6,5],[10,0],[10,1]], labels [0,0,0,1,1,1,2,2]; sklearn silhouette_score
    const data = Float32Array.from([0, 0, 0, 1, 1, 0, 5, 5, 5, 6, 6, 5, 10, 0, 10, 1]);
    const labels = Uint16Array.from([0, 0, 0, 1, 1, 1, 2, 2]);
    expect(silhouette({ data, rows: 8, dim: 2 }, labels, 3)).toBeCloseTo(0.8381087202020668, 6);
  });
});
