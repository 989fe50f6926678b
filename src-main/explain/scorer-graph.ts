/**
 * The soft assignment of assign.ts, as an ONNX graph over a whole batch of block activations, so onnxruntime's
 * matrix kernels do the one heavy step of an explanation (every step against every centroid) instead of a
 * JavaScript loop. Same arithmetic, folded for speed:
 *
 *   ‖z − c‖² − ‖z‖² = ‖c‖² − 2 Σ_j c_j (x_j − m_j) / s_j = b + Σ_j w_j x_j,  w_j = −2 c_j / s_j,  b = ‖c‖² + 2 Σ_j c_j m_j / s_j
 *
 * so each view is one MatMul per block it uses ([K, C] × [N, C, L] → [N, K, L]; no z-scored copy of the
 * activations; −1/τ folded into w and b, so the sums are the softmax's logits), the coarser blocks of the combined
 * view added to every step they cover (the "repeat" upsampling of features.ts, as a broadcast over [N, K, l, L/l]),
 * then the softmax over K, with reductions over axis 1 only (onnxruntime's LogSoftmax on a middle axis transposes;
 * with it and Expand the graph took 1.7× as long):
 *
 * | output           | shape  | value                                                          |
 * |------------------|--------|----------------------------------------------------------------|
 * | `<view>/labels`  | [N, L] | int32 argmax p (first on ties, as assign.ts)                   |
 * | `<view>/entropy` | [N, L] | −Σ p log p / log K = (log S − Σ e·z / S) / log K, z = logits − max, e = exp z, S = Σ e |
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
    const negInvTau = -1 / view.temperature;
    let offset = 0;
    // blocks on the view's grid are summed as they are; a coarser block's scores are added to every step it
    // covers by viewing the sum as [N, K, l, L / l] and broadcasting [N, K, l, 1] over the last axis (an Expand to
    // the full grid first was a quarter of the graph's time)
    let score: string | undefined;
    const coarse: Array<{ part: string; length: number; pos: number }> = [];
    view.blocks.forEach((bi, pos) => {
      const block = blocks[bi];
      if (!block) throw new Error(`cluster view ${v} needs explained block ${bi}; the model has ${blocks.length}`);
      const folded = foldedWeights(view, pos, offset);
      folded.bias.forEach((b, c) => (bias[c]! += b));
      // −1/τ folded in too: the MatMuls give the softmax's logits directly
      const w = constant(`${v}/w${pos}`, [view.k, block.channels], folded.w.map((x) => x * negInvTau));
      const part = `${v}/part${pos}`;
      nodes.push({ op: 'MatMul', inputs: [w, block.output], outputs: [part] });
      offset += block.channels;
      if (block.length !== L) {
        if (L % block.length !== 0) throw new Error(`block length ${block.length} does not divide the grid ${L} of view ${v}`);
        coarse.push({ part, length: block.length, pos });
      } else if (score === undefined) {
        score = part;
      } else {
        nodes.push({ op: 'Add', inputs: [score, part], outputs: [`${part}/sum`] });
        score = `${part}/sum`;
      }
    });
    if (score === undefined) throw new Error(`cluster view ${v}: no block on its grid of ${L} steps`);
    // the bias goes onto the coarsest part (the smallest tensor) when there is one
    const b = constant(`${v}/bias`, [view.k, 1], bias.map((x) => x * negInvTau));
    const biased = coarse.length ? coarse.reduce((a, c) => (c.length < a.length ? c : a)) : undefined;
    if (biased) {
      nodes.push({ op: 'Add', inputs: [biased.part, b], outputs: [`${biased.part}/biased`] });
      biased.part = `${biased.part}/biased`;
    } else {
      nodes.push({ op: 'Add', inputs: [score, b], outputs: [`${v}/biased`] });
      score = `${v}/biased`;
    }
    for (const { part, length, pos } of coarse) {
      const grouped = constant(`${v}/groups${pos}`, [4], [0, 0, length, L / length], ONNX_INT64);
      nodes.push(
        { op: 'Reshape', inputs: [score, grouped], outputs: [`${part}/grouped_sum`] },
        { op: 'Unsqueeze', inputs: [part, axis3], outputs: [`${part}/u`] },
        { op: 'Add', inputs: [`${part}/grouped_sum`, `${part}/u`], outputs: [`${part}/added`] },
        { op: 'Reshape', inputs: [`${part}/added`, flatten], outputs: [`${part}/sum`] },
      );
      score = `${part}/sum`;
    }
    const logits = score;
    const invLogK = constant(`${v}/inv_log_k`, [], [1 / Math.log(view.k)]);
    // Entropy from z = logits − max_k logits, e = exp z, S = Σ_k e: −Σ p log p = log S − Σ_k e z / S. Reductions over
    // axis 1 only: LogSoftmax and ReduceLogSumExp on a middle axis transpose the tensor and were most of the graph.
    nodes.push(
      { op: 'ReduceMax', inputs: [logits], outputs: [`${v}/max`], attributes: [{ name: 'axes', ints: [1] }, { name: 'keepdims', i: 1 }] },
      { op: 'Sub', inputs: [logits, `${v}/max`], outputs: [`${v}/z`] },
      { op: 'Exp', inputs: [`${v}/z`], outputs: [`${v}/e`] },
      { op: 'Mul', inputs: [`${v}/e`, `${v}/z`], outputs: [`${v}/ez`] },
      { op: 'ReduceSum', inputs: [`${v}/e`, axis1], outputs: [`${v}/S`], attributes: [{ name: 'keepdims', i: 0 }] },
      { op: 'ReduceSum', inputs: [`${v}/ez`, axis1], outputs: [`${v}/sum_ez`], attributes: [{ name: 'keepdims', i: 0 }] },
      { op: 'Log', inputs: [`${v}/S`], outputs: [`${v}/logS`] },
      { op: 'Div', inputs: [`${v}/sum_ez`, `${v}/S`], outputs: [`${v}/mean_z`] },
      { op: 'Sub', inputs: [`${v}/logS`, `${v}/mean_z`], outputs: [`${v}/h`] },
      { op: 'Mul', inputs: [`${v}/h`, invLogK], outputs: [entropyOutput(v)] },
      { op: 'ArgMax', inputs: [logits], outputs: [`${v}/argmax`], attributes: [{ name: 'axis', i: 1 }, { name: 'keepdims', i: 0 }] },
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
