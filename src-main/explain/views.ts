/** Feature rows, step mask and timing of one cluster view for one ECG's model outputs. */
import type { ClusterView } from './cluster-model.js';
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
