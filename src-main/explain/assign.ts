/**
 * Soft assignment of time steps to clusters (DESIGN.md §4.4): p_k(t) = softmax(−‖f(t) − c_k‖² / τ),
 * hard label = argmax, uncertainty H(t) = −Σ p log p / log K in [0, 1]. Masked (zero-padded) steps get label
 * NO_CLUSTER and NaN uncertainty so no later sum can count them by accident.
 */
import type { Rows } from './matrix.js';

export const NO_CLUSTER = 0xffff;

export interface Assignment {
  /** per step: cluster id, or NO_CLUSTER where masked */
  labels: Uint16Array;
  /** per step: normalised assignment entropy in [0, 1], NaN where masked */
  entropy: Float32Array;
  /** steps × K probabilities (row-major), 0 rows where masked */
  probabilities: Float32Array;
}

/** ‖c_k‖² per centroid, for the distance expansion ‖f − c‖² = ‖f‖² − 2 f·c + ‖c‖². */
export function squaredNorms(centroids: Float32Array, k: number, dim: number): Float64Array {
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += centroids[c * dim + d]! * centroids[c * dim + d]!;
    out[c] = s;
  }
  return out;
}

/**
 * Per step and centroid, ‖c‖² − 2 f·c: the squared distance less ‖f‖², which is the same for every centroid of a
 * step and so cancels in the softmax and the argmin.
 */
export function distanceScores(x: Rows, centroids: Float32Array, k: number, norms = squaredNorms(centroids, k, x.dim)): Float64Array {
  const { data, rows: n, dim } = x;
  const scores = new Float64Array(n * k);
  for (let t = 0; t < n; t++) {
    const o = t * dim;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      const co = c * dim;
      for (let j = 0; j < dim; j++) dot += data[o + j]! * centroids[co + j]!;
      scores[t * k + c] = norms[c]! - 2 * dot;
    }
  }
  return scores;
}

export function softAssign(x: Rows, centroids: Float32Array, k: number, temperature: number, mask?: Uint8Array, norms?: Float64Array): Assignment {
  return assignScores(distanceScores(x, centroids, k, norms), x.rows, k, temperature, mask);
}

/** Soft assignment from distance scores (steps × k, squared distances up to a per-step constant). */
export function assignScores(scores: Float64Array, n: number, k: number, temperature: number, mask?: Uint8Array): Assignment {
  const labels = new Uint16Array(n);
  const entropy = new Float32Array(n);
  const probabilities = new Float32Array(n * k);
  const d = new Float64Array(k);
  const logK = Math.log(k);
  for (let t = 0; t < n; t++) {
    if (mask && !mask[t]) {
      labels[t] = NO_CLUSTER;
      entropy[t] = NaN;
      continue;
    }
    let min = Infinity;
    let best = 0;
    for (let c = 0; c < k; c++) {
      d[c] = scores[t * k + c]!;
      if (d[c]! < min) {
        min = d[c]!;
        best = c;
      }
    }
    // subtract the minimum before exponentiating: distances in ~100 dimensions overflow exp otherwise
    let z = 0;
    for (let c = 0; c < k; c++) z += d[c] = Math.exp(-(d[c]! - min) / temperature);
    let h = 0;
    for (let c = 0; c < k; c++) {
      const p = d[c]! / z;
      probabilities[t * k + c] = p;
      if (p > 0) h -= p * Math.log(p);
    }
    labels[t] = best;
    entropy[t] = k > 1 ? h / logK : 0;
  }
  return { labels, entropy, probabilities };
}

/**
 * Monte-Carlo dropout uncertainty: entropy of the hard labels a step received across passes, normalised by
 * log K (0 = every pass agreed, 1 = labels spread evenly over all K clusters).
 */
export function labelEntropy(passes: Uint16Array[], k: number): Float32Array {
  const n = passes[0]?.length ?? 0;
  const out = new Float32Array(n);
  const counts = new Uint32Array(k);
  const logK = Math.log(k);
  for (let t = 0; t < n; t++) {
    counts.fill(0);
    let valid = 0;
    for (const p of passes) {
      const l = p[t]!;
      if (l === NO_CLUSTER) continue;
      counts[l]!++;
      valid++;
    }
    if (!valid) {
      out[t] = NaN;
      continue;
    }
    let h = 0;
    for (let c = 0; c < k; c++) if (counts[c]) {
      const p = counts[c]! / valid;
      h -= p * Math.log(p);
    }
    out[t] = k > 1 ? h / logK : 0;
  }
  return out;
}
