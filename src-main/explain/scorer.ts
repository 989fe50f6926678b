/**
 * Runs scorer-graph.ts on onnxruntime's CPU kernels for a batch of block activations (the model's output tensors
 * as they come, or one ECG's blocks) and hands back, per ECG and cluster view, the hard labels and normalised
 * entropy of every step, before masking. The graph is built once per cluster model; it is small (the centroids)
 * and is never written to disk, so a refitted clusters.json can never meet a stale scorer.
 */
import ort from 'onnxruntime-node';
import type { ClusterModel } from './cluster-model.js';
import type { BlockOutput } from './features.js';
import { buildScorerGraph, entropyOutput, labelsOutput, type ScoredBlock } from './scorer-graph.js';

/** One view's unmasked assignment of one ECG. */
export interface ScoredView {
  labels: Int32Array;
  entropy: Float32Array;
}

export class ClusterScorer {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly clusters: ClusterModel,
    private readonly blocks: ScoredBlock[],
    private readonly inputs: number[],
  ) {}

  static async open(clusters: ClusterModel, blocks: ScoredBlock[], threads?: number): Promise<ClusterScorer> {
    const bytes = buildScorerGraph(clusters, blocks);
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], ...(threads ? { intraOpNumThreads: threads } : {}) });
    const used = new Set(clusters.views.flatMap((v) => v.blocks));
    return new ClusterScorer(session, clusters, blocks, blocks.map((_, i) => i).filter((i) => used.has(i)));
  }

  /** Scores a batch: `data[i]` is block i's activations for all `batch` ECGs ([batch, C, L], row-major). */
  async run(data: readonly Float32Array[], batch: number): Promise<ScoredView[][]> {
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
    return Array.from({ length: batch }, (_, n) =>
      views.map((v) => ({ labels: v.labels.subarray(n * v.L, (n + 1) * v.L), entropy: v.entropy.subarray(n * v.L, (n + 1) * v.L) })),
    );
  }

  /** Scores one ECG's blocks (the Monte-Carlo passes, a stored run). */
  async runOne(blocks: readonly BlockOutput[]): Promise<ScoredView[]> {
    return (await this.run(blocks.map((b) => b.data), 1))[0]!;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
