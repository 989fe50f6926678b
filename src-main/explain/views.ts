/** Feature rows, step mask and timing of one cluster view for one ECG's model outputs. */
import type { ClusterView } from './cluster-model.js';
import { distanceScores } from './assign.js';
import { blockRows, combinedRows, stepMask, type BlockOutput, type ChannelStats } from './features.js';
import type { Rows } from './matrix.js';
import type { EcgModelOutputs } from './model-outputs.js';
import type { GridTiming } from './segments.js';

export function viewStats(view: ClusterView): ChannelStats[] {
  return view.normalisation.map((n) => ({ mean: Float32Array.from(n.mean), std: Float32Array.from(n.std) }));
}

export function viewRows(blockIdx: number[], blocks: BlockOutput[], stats: ChannelStats[]): Rows {
  const used = blockIdx.map((i) => {
    const b = blocks[i];
    if (!b) throw new Error(`the model produced ${blocks.length} explained blocks; the cluster model needs block ${i}`);
    return b;
  });
  return used.length === 1 ? blockRows(used[0]!, stats[0]) : combinedRows(used, stats);
}

export function viewTiming(gridLength: number, outputs: Pick<EcgModelOutputs, 'inputMask' | 'inputFs' | 'inputOffsetSeconds'>): GridTiming {
  const stride = outputs.inputMask.length / gridLength;
  return { stepSeconds: stride / outputs.inputFs, offsetSeconds: outputs.inputOffsetSeconds };
}

export function viewMask(gridLength: number, inputMask: Uint8Array): Uint8Array {
  return stepMask(inputMask, gridLength);
}

/**
 * Distance scores of a view's steps to its centroids (see assign.ts distanceScores). For the combined view the
 * dot product splits by block, f(t)·c = Σ_b z_b(⌊t / rep_b⌋)·c_b, so each block's part is computed once per step of
 * its own grid and repeated: ~3× fewer multiplications than on the repeated, concatenated rows.
 */
export function viewScores(blockIdx: number[], blocks: BlockOutput[], stats: ChannelStats[], centroids: Float32Array, k: number, norms: Float64Array): Float64Array {
  if (blockIdx.length === 1) return distanceScores(viewRows(blockIdx, blocks, stats), centroids, k, norms);
  const used = blockIdx.map((i) => {
    const b = blocks[i];
    if (!b) throw new Error(`the model produced ${blocks.length} explained blocks; the cluster model needs block ${i}`);
    return b;
  });
  const L = Math.max(...used.map((b) => b.length));
  const dim = used.reduce((s, b) => s + b.channels, 0);
  const scores = new Float64Array(L * k);
  for (let t = 0; t < L; t++) scores.set(norms, t * k);
  let offset = 0;
  used.forEach((block, bi) => {
    if (L % block.length !== 0) throw new Error(`block length ${block.length} does not divide the finest grid ${L}`);
    const rows = blockRows(block, stats[bi]);
    const C = block.channels;
    const rep = L / block.length;
    for (let s = 0; s < block.length; s++) {
      for (let c = 0; c < k; c++) {
        let dot = 0;
        const co = c * dim + offset;
        for (let j = 0; j < C; j++) dot += rows.data[s * C + j]! * centroids[co + j]!;
        for (let t = s * rep; t < (s + 1) * rep; t++) scores[t * k + c]! -= 2 * dot;
      }
    }
    offset += C;
  });
  return scores;
}
