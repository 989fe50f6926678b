/**
 * The soft assignment of assign.ts, as an ONNX graph over a whole batch of block activations, so onnxruntime's
 * matrix kernels do the one heavy step of an explanation (every step against every centroid) instead of a
 * JavaScript loop. Same arithmetic, folded for speed:
 *
 *   ‖z − c‖² − ‖z‖² = ‖c‖² − 2 Σ_j c_j (x_j − m_j) / s_j = b + Σ_j w_j x_j,  w_j = −2 c_j / s_j,  b = ‖c‖² + 2 Σ_j c_j m_j / s_j
 *
 * so each view is one MatMul per block it uses ([K, C] × [N, C, L] → [N, K, L]; no z-scored copy of the
 * activations), the coarser blocks of the combined view repeated onto the finest grid (Unsqueeze → Expand →
 * Reshape, the "repeat" upsampling of features.ts), then the softmax of −score/τ over K:
 *
 * | output           | shape  | value                                              |
 * |------------------|--------|----------------------------------------------------|
 * | `<view>/labels`  | [N, L] | int32 argmax p (first on ties, as assign.ts)       |
 * | `<view>/entropy` | [N, L] | −Σ p log p / log K, p from LogSoftmax (no log 0)   |
 *
 * Masking stays in JavaScript: the graph scores every step, padding included.
 */
import type { ClusterModel, ClusterView } from './cluster-model.js';
import { encodeModel, ONNX_FLOAT, ONNX_INT32, ONNX_INT64, type NodeSpec, type TensorSpec, type ValueSpec } from './onnx-writer.js';

export interface ScoredBlock {
  /** ONNX output name of the block in the model (the scorer's input of the same name) */
  output: string;
  channels: number;
  length: number;
}

export const labelsOutput = (view: string) => `${view}/labels`;
export const GRADCAM_OUTPUT = 'gradcam';

/** Grad-CAM's channel weights (gradcam.ts channelWeights: classes × channels of the last block). */
export interface CamWeights {
  alphas: Float32Array[];
}
export const entropyOutput = (view: string) => `${view}/entropy`;

/** Weights and bias of one view's scores for one block it uses, with the z-score folded in. */
export function foldedWeights(view: ClusterView, blockPos: number, channelOffset: number): { w: Float32Array; bias: Float64Array } {
  const { mean, std } = view.normalisation[blockPos]!;
  const C = mean.length;
  const w = new Float32Array(view.k * C);
  const bias = new Float64Array(view.k);
  for (let c = 0; c < view.k; c++) {
    const centroid = view.centroids[c]!;
    for (let j = 0; j < C; j++) {
      const cj = centroid[channelOffset + j]!;
      w[c * C + j] = (-2 * cj) / std[j]!;
      bias[c]! += (2 * cj * mean[j]!) / std[j]!;
    }
  }
  return { w, bias };
}

/**
 * With `cam`, also Grad-CAM before normalisation, ReLU(Σ_k α_k^c A_k(t)) for every class on the last block:
 * output `gradcam` [N, classes, L] (one more MatMul on a block the graph already reads).
 */
export function buildScorerGraph(clusters: ClusterModel, blocks: ScoredBlock[], cam?: CamWeights): Uint8Array {
  const nodes: NodeSpec[] = [];
  const initializers: TensorSpec[] = [];
  const outputs: ValueSpec[] = [];
  const constant = (name: string, dims: number[], values: ArrayLike<number>, type: typeof ONNX_FLOAT | typeof ONNX_INT64 = ONNX_FLOAT) => {
    initializers.push({ name, dims, type, values });
    return name;
  };
  const axis1 = constant('axes_1', [1], [1], ONNX_INT64);
  const axis3 = constant('axes_3', [1], [3], ONNX_INT64);
  const flatten = constant('shape_n_k_l', [3], [0, 0, -1], ONNX_INT64);

  for (const view of clusters.views) {
    const v = view.view;
    const L = view.gridLength;
    const parts: string[] = [];
    const bias = new Float64Array(view.k);
    for (let c = 0; c < view.k; c++) for (const x of view.centroids[c]!) bias[c]! += x * x;
    let offset = 0;
    view.blocks.forEach((bi, pos) => {
      const block = blocks[bi];
      if (!block) throw new Error(`cluster view ${v} needs explained block ${bi}; the model has ${blocks.length}`);
      const folded = foldedWeights(view, pos, offset);
      folded.bias.forEach((b, c) => (bias[c]! += b));
      const w = constant(`${v}/w${pos}`, [view.k, block.channels], folded.w);
      let part = `${v}/part${pos}`;
      nodes.push({ op: 'MatMul', inputs: [w, block.output], outputs: [part] });
      if (block.length !== L) {
        if (L % block.length !== 0) throw new Error(`block length ${block.length} does not divide the grid ${L} of view ${v}`);
        const rep = constant(`${v}/rep${pos}`, [4], [1, 1, 1, L / block.length], ONNX_INT64);
        nodes.push({ op: 'Unsqueeze', inputs: [part, axis3], outputs: [`${part}/u`] });
        nodes.push({ op: 'Expand', inputs: [`${part}/u`, rep], outputs: [`${part}/e`] });
        nodes.push({ op: 'Reshape', inputs: [`${part}/e`, flatten], outputs: [`${part}/r`] });
        part = `${part}/r`;
      }
      parts.push(part);
      offset += block.channels;
    });
    let score = parts[0]!;
    for (let p = 1; p < parts.length; p++) {
      nodes.push({ op: 'Add', inputs: [score, parts[p]!], outputs: [`${v}/sum${p}`] });
      score = `${v}/sum${p}`;
    }
    const b = constant(`${v}/bias`, [view.k, 1], bias);
    const negTau = constant(`${v}/neg_inv_tau`, [], [-1 / view.temperature]);
    const negInvLogK = constant(`${v}/neg_inv_log_k`, [], [-1 / Math.log(view.k)]);
    nodes.push(
      { op: 'Add', inputs: [score, b], outputs: [`${v}/score`] },
      { op: 'Mul', inputs: [`${v}/score`, negTau], outputs: [`${v}/logits`] },
      { op: 'LogSoftmax', inputs: [`${v}/logits`], outputs: [`${v}/logp`], attributes: [{ name: 'axis', i: 1 }] },
      { op: 'Exp', inputs: [`${v}/logp`], outputs: [`${v}/p`] },
      { op: 'Mul', inputs: [`${v}/p`, `${v}/logp`], outputs: [`${v}/plogp`] },
      { op: 'ReduceSum', inputs: [`${v}/plogp`, axis1], outputs: [`${v}/sum_plogp`], attributes: [{ name: 'keepdims', i: 0 }] },
      { op: 'Mul', inputs: [`${v}/sum_plogp`, negInvLogK], outputs: [entropyOutput(v)] },
      { op: 'ArgMax', inputs: [`${v}/logits`], outputs: [`${v}/argmax`], attributes: [{ name: 'axis', i: 1 }, { name: 'keepdims', i: 0 }] },
      { op: 'Cast', inputs: [`${v}/argmax`], outputs: [labelsOutput(v)], attributes: [{ name: 'to', i: ONNX_INT32 }] },
    );
    outputs.push({ name: labelsOutput(v), type: ONNX_INT32, shape: ['N', L] }, { name: entropyOutput(v), type: ONNX_FLOAT, shape: ['N', L] });
  }
  const used = new Set(clusters.views.flatMap((v) => v.blocks));
  if (cam) {
    const last = blocks[blocks.length - 1]!;
    used.add(blocks.length - 1);
    const classes = cam.alphas.length;
    const alpha = constant('gradcam/alpha', [classes, last.channels], cam.alphas.flatMap((a) => Array.from(a)));
    nodes.push({ op: 'MatMul', inputs: [alpha, last.output], outputs: ['gradcam/sum'] }, { op: 'Relu', inputs: ['gradcam/sum'], outputs: [GRADCAM_OUTPUT] });
    outputs.push({ name: GRADCAM_OUTPUT, type: ONNX_FLOAT, shape: ['N', classes, last.length] });
  }
  return encodeModel({
    name: 'ecg-tlc-cluster-scorer',
    nodes,
    initializers,
    inputs: blocks.filter((_, i) => used.has(i)).map((b) => ({ name: b.output, type: ONNX_FLOAT, shape: ['N', b.channels, b.length] })),
    outputs,
    opset: 17,
  });
}
