/**
 * The onnxruntime scorer (scorer-graph.ts + onnx-writer.ts) against the JavaScript assignment it replaces in the
 * analysis path: same hard labels and entropies on the shipped model's real activations, and the same explanation.
 */
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignScores, squaredNorms } from '../../../src-main/explain/assign.js';
import { centroidArray, type ClusterModel } from '../../../src-main/explain/cluster-model.js';
import { loadExplainContext } from '../../../src-main/explain/context.js';
import { explainEcg, type ExplainContext } from '../../../src-main/explain/explain-ecg.js';
import { channelWeights } from '../../../src-main/explain/gradcam.js';
import { encodeModel, ONNX_FLOAT, ONNX_INT64 } from '../../../src-main/explain/onnx-writer.js';
import { ClusterScorer } from '../../../src-main/explain/scorer.js';
import { viewScores, viewStats } from '../../../src-main/explain/views.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { loadModelPackage } from '../../../src-main/model/manifest.js';
import { prepareRecord, type PreparedInput } from '../../../src-main/model/prepare.js';
import { ModelSession, type ModelResult } from '../../../src-main/model/session.js';
import { hasShared, sharedPath } from '../../helpers/shared.js';

describe('onnx-writer', () => {
  it('writes a graph onnxruntime loads and runs: MatMul, broadcast Add, Reshape with a negative int64 shape', async () => {
    const bytes = encodeModel({
      name: 't',
      opset: 17,
      inputs: [{ name: 'x', type: ONNX_FLOAT, shape: ['N', 3, 2] }],
      outputs: [{ name: 'y', type: ONNX_FLOAT, shape: ['N', 4] }],
      initializers: [
        { name: 'w', dims: [2, 3], type: ONNX_FLOAT, values: [1, 0, -1, 0.5, 2, 0] },
        { name: 'b', dims: [2, 1], type: ONNX_FLOAT, values: [10, -10] },
        { name: 's', dims: [2], type: ONNX_INT64, values: [0, -1] },
      ],
      nodes: [
        { op: 'MatMul', inputs: ['w', 'x'], outputs: ['m'] },
        { op: 'Add', inputs: ['m', 'b'], outputs: ['a'] },
        { op: 'Reshape', inputs: ['a', 's'], outputs: ['y'] },
      ],
    });
    const session = await ort.InferenceSession.create(bytes);
    // x[0] = [[1, 2], [3, 4], [5, 6]] (channels × steps)
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6]), [1, 3, 2]) });
    expect(out.y!.dims).toEqual([1, 4]);
    // row 0: 1·[1,2] − 1·[5,6] + 10; row 1: 0.5·[1,2] + 2·[3,4] − 10
    expect(Array.from(out.y!.data as Float32Array)).toEqual([6, 6, -3.5, -1]);
    await session.release();
  });
});

describe.skipIf(!hasShared('data', 'ludb'))('cluster scorer on the shipped model', () => {
  const files = ['1', '7', '23'].map((n) => sharedPath('data', 'ludb', 'data', `${n}.hea`));
  const pkg = loadModelPackage(defaultModelDir());
  let session: ModelSession;
  let scorer: ClusterScorer;
  let ctx: ExplainContext;
  let prepared: PreparedInput[];
  let run: { results: ModelResult[]; blocks: Float32Array[] };

  beforeAll(async () => {
    ctx = loadExplainContext(pkg)!;
    session = await ModelSession.open(pkg, { threads: 1 });
    scorer = await ClusterScorer.open(ctx.clusters, pkg.manifest.outputs.blocks, 1, { alphas: channelWeights(ctx.head) });
    // one record shortened to 6 s, so the padding mask is exercised
    prepared = files.map((f, i) => {
      const r = readEcgFile(f);
      const record = i === 2 ? { ...r, samples: r.samples.map((s) => s.subarray(0, 6 * r.fs)) } : r;
      return prepareRecord(record, pkg.manifest.input);
    });
    run = await session.runBatch(prepared);
  });
  afterAll(async () => {
    await session?.close();
    await scorer?.close();
  });

  const jsAssignment = (clusters: ClusterModel, n: number, v: number) => {
    const view = clusters.views[v]!;
    const c = centroidArray(view);
    const scores = viewScores(view.blocks, run.results[n]!.blocks, viewStats(view), c, view.k, squaredNorms(c, view.k, view.dim));
    return assignScores(scores, view.gridLength, view.k, view.temperature);
  };

  it('gives the labels and entropies of the JavaScript assignment for every view and step', async () => {
    const scored = await scorer.run(run.blocks, prepared.length);
    let steps = 0;
    let differ = 0;
    let worstEntropy = 0;
    scored.forEach(({ views }, n) =>
      views.forEach((s, v) => {
        const js = jsAssignment(ctx.clusters, n, v);
        expect(s.labels.length).toBe(ctx.clusters.views[v]!.gridLength);
        for (let t = 0; t < s.labels.length; t++) {
          steps++;
          if (s.labels[t] !== js.labels[t]) differ++;
          worstEntropy = Math.max(worstEntropy, Math.abs(s.entropy[t]! - js.entropy[t]!));
        }
      }),
    );
    expect(steps).toBe(3 * ctx.clusters.views.reduce((a, v) => a + v.gridLength, 0));
    // float32 in onnxruntime vs float64 here: a label may flip only on a near tie, which these ECGs do not hold
    expect(differ).toBe(0);
    expect(worstEntropy).toBeLessThan(1e-4);
  });

  it('gives the same explanation as the JavaScript path, padding masked', async () => {
    const scored = await scorer.run(run.blocks, prepared.length);
    prepared.forEach((p, n) => {
      const out = { probabilities: run.results[n]!.probabilities, blocks: run.results[n]!.blocks, inputMask: p.mask, inputFs: pkg.manifest.input.fs, inputOffsetSeconds: p.offsetSeconds };
      const fast = explainEcg(ctx, out, scored[n]!);
      const slow = explainEcg(ctx, out);
      fast.views.forEach((v, i) => {
        expect(v.labels).toEqual(slow.views[i]!.labels);
        expect(v.proportions).toEqual(slow.views[i]!.proportions);
        expect(v.segments.map((s) => [s.cluster, s.start, s.end])).toEqual(slow.views[i]!.segments.map((s) => [s.cluster, s.start, s.end]));
        v.entropy.forEach((h, t) => (h === null ? expect(slow.views[i]!.entropy[t]).toBeNull() : expect(Math.abs(h - slow.views[i]!.entropy[t]!)).toBeLessThanOrEqual(2e-4)));
      });
      expect(fast.surrogate?.predicted).toEqual(slow.surrogate?.predicted);
      // Grad-CAM from the graph against gradcam.ts on the same activations
      fast.gradCam.classes.forEach((c, i) => c.values.forEach((v, t) => expect(Math.abs(v - slow.gradCam.classes[i]!.values[t]!)).toBeLessThanOrEqual(2e-4)));
      expect(scored[n]!.gradCam).toHaveLength(ctx.classes.length);
      if (n === 2) expect(fast.views[0]!.labels.filter((l) => l === -1).length).toBeGreaterThan(0);
    });
  });

  it('refuses a batch whose block sizes do not match the model', async () => {
    await expect(scorer.run(run.blocks.map((b) => b.subarray(1)), prepared.length)).rejects.toThrow(/values for 3 ECGs/);
  });
});
