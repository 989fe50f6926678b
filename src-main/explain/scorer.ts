/**
 * Runs scorer-graph.ts on onnxruntime's CPU kernels for a batch of block activations (the model's output tensors
 * as they come, or one ECG's blocks) and hands back, per ECG and cluster view, the hard labels and normalised
 * entropy of every step, before masking. The graph is built once per cluster model; it is small (the centroids)
 * and is never written to disk, so a refitted clusters.json can never meet a stale scorer.
 */
import ort from 'onnxruntime-node';
import type { ClusterModel } from './cluster-model.js';
import { buildScorerGraph, entropyOutput, GRADCAM_OUTPUT, labelsOutput, type CamWeights, type ScoredBlock } from './scorer-graph.js';

/** One view's unmasked assignment of one ECG. */
export interface ScoredView {
  labels: Int32Array;
  entropy: Float32Array;
}

/** One ECG's scores: the views in the cluster model's order and, when asked for, raw Grad-CAM per class. */
export interface ScoredEcg {
  views: ScoredView[];
  gradCam?: Float32Array[];
}

export class ClusterScorer {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly clusters: ClusterModel,
    private readonly blocks: ScoredBlock[],
    private readonly inputs: number[],
    private readonly camClasses: number,
  ) {}

  static async open(clusters: ClusterModel, blocks: ScoredBlock[], threads?: number, cam?: CamWeights): Promise<ClusterScorer> {
    const bytes = buildScorerGraph(clusters, blocks, cam);
    // One thread unless told otherwise (the graph is ~20 µs of work per ECG). Its pool threads must not spin after
    // a run: they would hold the core the explanation's JavaScript needs next.
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads ?? 1,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    const used = new Set(clusters.views.flatMap((v) => v.blocks));
    if (cam) used.add(blocks.length - 1);
    return new ClusterScorer(session, clusters, blocks, blocks.map((_, i) => i).filter((i) => used.has(i)), cam?.alphas.length ?? 0);
  }

  /** Scores a batch: `data[i]` is block i's activations for all `batch` ECGs ([batch, C, L], row-major). */
  async run(data: readonly Float32Array[], batch: number): Promise<ScoredEcg[]> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const i of this.inputs) {
      const b = this.blocks[i]!;
      const d = data[i]!;
      if (d.length !== batch * b.channels * b.length) throw new Error(`block ${b.output}: ${d.length} values for ${batch} ECGs of ${b.channels} × ${b.length}`);
      feeds[b.output] = new ort.Tensor('float32', d, [batch, b.channels, b.length]);
    }
    const out = await this.session.run(feeds);
    const views = this.clusters.views.map((v) => ({
      L: v.gridLength,
      labels: out[labelsOutput(v.view)]!.data as Int32Array,
      entropy: out[entropyOutput(v.view)]!.data as Float32Array,
    }));
    const cam = this.camClasses ? (out[GRADCAM_OUTPUT]!.data as Float32Array) : undefined;
    const camLength = this.blocks[this.blocks.length - 1]!.length;
    const camSize = this.camClasses * camLength;
    return Array.from({ length: batch }, (_, n): ScoredEcg => ({
      views: views.map((v) => ({ labels: v.labels.subarray(n * v.L, (n + 1) * v.L), entropy: v.entropy.subarray(n * v.L, (n + 1) * v.L) })),
      ...(cam ? { gradCam: Array.from({ length: this.camClasses }, (_, c) => cam.subarray(n * camSize + c * camLength, n * camSize + (c + 1) * camLength)) } : {}),
    }));
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
