/**
 * Runs the model and the explanation on ECG records: preparation as training did it, one onnxruntime batch,
 * optional Monte-Carlo dropout passes, the time-localized clusters and surrogate, Grad-CAM, and our own
 * delineation and intervals. One Analyzer holds its sessions open for many batches.
 *
 * Delineation runs in worker threads (delineation-pool.ts) while this thread runs onnxruntime and the explanation,
 * and this thread takes what the workers have not begun once it is through; from a worker thread itself (the
 * analysis job, analyzer-worker.ts) the pool starts the same way.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { EcgRecord } from '../ecg/record.js';
import type { BeatMarks, Intervals } from '../ecg/delineate-types.js';
import { explainEcg, type ExplainContext, type Explanation, type ScoredOutputs } from '../explain/explain-ecg.js';
import { channelWeights } from '../explain/gradcam.js';
import { ClusterScorer } from '../explain/scorer.js';
import { CLUSTERS_FILE, loadExplainContext, modelSha256, thresholdsOf } from '../explain/context.js';
import { loadModelPackage, type ModelPackage } from '../model/manifest.js';
import { prepareRecord, type PreparedInput } from '../model/prepare.js';
import { DEFAULT_PROVIDER, type ProviderRequest } from '../model/providers.js';
import { DEFAULT_BATCH, ModelSession, type ModelResult } from '../model/session.js';
import { missingClusters } from './model-identity.js';
import { delineateOutcome } from './delineation-job.js';
import { DelineationPool } from './delineation-pool.js';

export interface AnalyzerOptions {
  modelDir: string;
  provider?: ProviderRequest;
  /** Monte-Carlo dropout passes for label-entropy uncertainty (0 = off); needs the package's mcGraph */
  mcPasses?: number;
  /** onnxruntime intra-op threads of the model (default: defaultThreads(), half the cores; 0: onnxruntime's choice, about all cores) */
  threads?: number;
  /**
   * worker threads that delineate while this thread runs the model and the explanation: 0 delineates here, after
   * them; default: defaultDelineationWorkers(threads), the other half of the cores
   */
  delineationWorkers?: number;
  batchSize?: number;
  /** skip the cluster explanation even when a cluster model exists */
  explain?: boolean;
  /** the folder of clusters.json + surrogate.json (`ecg-tlc fit --out`); default: the package folder */
  clusterDir?: string;
}

export interface RecordAnalysis {
  modelId: string;
  modelVersion: string;
  modelSha256: string;
  /** creation time of the cluster model used, the version key for staleness */
  clusterModel?: string;
  provider: string;
  classes: string[];
  probabilities: number[];
  predicted: boolean[];
  explanation?: Explanation;
  intervals: Intervals;
  /** global delineation (sample indices at the record's rate) for the viewer's marks */
  beats: BeatMarks[];
  fs: number;
}

export type AnalysisOutcome = { ok: true; analysis: RecordAnalysis } | { ok: false; error: string };

export class Analyzer {
  private constructor(
    readonly pkg: ModelPackage,
    private readonly session: ModelSession,
    private readonly mcSession: ModelSession | undefined,
    readonly context: ExplainContext | undefined,
    /** the cluster assignment on onnxruntime's kernels, when there is a cluster model */
    private readonly scorer: ClusterScorer | undefined,
    /** undefined: records are delineated in this thread */
    private readonly delineator: DelineationPool | undefined,
    private readonly options: AnalyzerOptions,
  ) {}

  static async open(options: AnalyzerOptions): Promise<Analyzer> {
    const pkg = loadModelPackage(options.modelDir);
    if (options.clusterDir !== undefined && !existsSync(join(options.clusterDir, CLUSTERS_FILE))) throw new Error(missingClusters(options.clusterDir));
    const threads = options.threads ?? defaultThreads();
    // the workers start while onnxruntime loads the graphs
    const workers = options.delineationWorkers ?? defaultDelineationWorkers(threads);
    const pool = workers > 0 ? DelineationPool.open(workers).catch(inThread) : undefined;
    const opened: Array<{ close(): Promise<void> }> = [];
    try {
      const sessionOptions = { provider: options.provider ?? DEFAULT_PROVIDER, ...(threads ? { threads } : {}) };
      const session = await ModelSession.open(pkg, sessionOptions);
      opened.push(session);
      const mc = options.mcPasses && pkg.manifest.mcGraph ? await ModelSession.open(pkg, { ...sessionOptions, graph: 'mc' }) : undefined;
      if (mc) opened.push(mc);
      const context = options.explain === false ? undefined : loadExplainContext(pkg, options.clusterDir);
      const scorer = context ? await ClusterScorer.open(context.clusters, pkg.manifest.outputs.blocks, undefined, { alphas: channelWeights(context.head) }) : undefined;
      return new Analyzer(pkg, session, mc, context, scorer, await pool, options);
    } catch (e) {
      await Promise.all([...opened.map((o) => o.close()), pool?.then((p) => p?.close())]);
      throw e;
    }
  }

  get provider(): string {
    return this.session.provider;
  }

  get fallbacks() {
    return this.session.fallbacks;
  }

  /** delineation worker threads running (0: delineation runs in this thread) */
  get delineationWorkers(): number {
    return this.delineator?.workers ?? 0;
  }

  /**
   * Analyses records; a record the model cannot take (missing lead, NaN samples) or the delineator fails on fails
   * alone with its reason. With delineation workers, the records are handed to them before inference starts and
   * collected after the explanation.
   */
  async analyze(records: readonly EcgRecord[]): Promise<AnalysisOutcome[]> {
    const m = this.pkg.manifest;
    const prepared: Array<PreparedInput | Error> = records.map((r) => {
      try {
        return prepareRecord(r, m.input);
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      }
    });
    const ok = prepared.filter((p): p is PreparedInput => !(p instanceof Error));
    const accepted = records.filter((_, i) => !(prepared[i] instanceof Error));
    const delineating = this.delineator?.begin(accepted);
    let inferred: Array<{ result: ModelResult; explanation?: Explanation }>;
    try {
      inferred = await this.inferAndExplain(ok);
    } catch (e) {
      delineating?.cancel();
      throw e;
    }
    const delineations = delineating ? await delineating.finish() : accepted.map((r) => delineateOutcome(r));
    const classes = m.classes.map((c) => c.id);
    const thresholds = thresholdsOf(this.pkg);
    let k = 0;
    return records.map((record, i): AnalysisOutcome => {
      const p = prepared[i]!;
      if (p instanceof Error) return { ok: false, error: p.message };
      const { result, explanation } = inferred[k]!;
      const d = delineations[k++]!;
      if (!d.ok) return { ok: false, error: `delineation failed: ${d.error}` };
      return {
        ok: true,
        analysis: {
          modelId: m.id,
          modelVersion: m.version,
          modelSha256: modelSha256(this.pkg),
          ...(this.context ? { clusterModel: this.context.clusters.fittedOn.createdAt } : {}),
          provider: this.session.provider,
          classes,
          probabilities: Array.from(result.probabilities, (v) => Number(v.toFixed(6))),
          predicted: classes.map((_, c) => result.probabilities[c]! >= thresholds[c]!),
          ...(explanation ? { explanation } : {}),
          intervals: d.intervals,
          beats: d.beats,
          fs: record.fs,
        },
      };
    });
  }

  /** The model (and its Monte-Carlo passes) in batches, then each ECG's explanation. */
  private async inferAndExplain(ok: readonly PreparedInput[]): Promise<Array<{ result: ModelResult; explanation?: Explanation }>> {
    const m = this.pkg.manifest;
    const batch = this.options.batchSize ?? DEFAULT_BATCH;
    const results: ModelResult[] = [];
    const scored: ScoredOutputs[] = [];
    const passes: ModelResult[][] = Array.from({ length: this.mcSession ? this.options.mcPasses! : 0 }, () => []);
    for (let start = 0; start < ok.length; start += batch) {
      const chunk = ok.slice(start, start + batch);
      const run = await this.session.runBatch(chunk);
      results.push(...run.results);
      const views = this.scorer ? await this.scorer.run(run.blocks, chunk.length) : undefined;
      const mcViews: Array<Awaited<ReturnType<ClusterScorer['run']>>> = [];
      for (const pass of passes) {
        const mc = await this.mcSession!.runBatch(chunk);
        pass.push(...mc.results);
        if (this.scorer) mcViews.push(await this.scorer.run(mc.blocks, chunk.length));
      }
      if (views) {
        chunk.forEach((_, i) => {
          const { views: v, gradCam } = views[i]!;
          scored.push({ views: v, ...(gradCam ? { gradCam } : {}), ...(mcViews.length ? { mcPasses: mcViews.map((p) => p[i]!.views) } : {}) });
        });
      }
    }
    return ok.map((p, k) => {
      const result = results[k]!;
      if (!this.context) return { result };
      const explanation = explainEcg(this.context, {
        probabilities: result.probabilities,
        blocks: result.blocks,
        inputMask: p.mask,
        inputFs: m.input.fs,
        inputOffsetSeconds: p.offsetSeconds,
        ...(passes.length ? { mcPasses: passes.map((run) => run[k]!.blocks) } : {}),
      }, scored[k]);
      return { result, explanation };
    });
  }

  async close(): Promise<void> {
    await this.session.close();
    await this.mcSession?.close();
    await this.scorer?.close();
    await this.delineator?.close();
  }
}

/**
 * The cores split between onnxruntime's intra-op threads (the calling thread is one of them) and delineation
 * workers, half each, at least one of each: 2 cores → 1 + 1, 4 → 2 + 2, 16 → 8 + 8. On the 2-core development
 * machine (bench/explain.ts, variants interleaved; other processes' load varied) 1 thread + 1 worker took
 * 2.9 ms/ECG with the machine otherwise quiet, 5.2–7.8 under load, against 5.4–9.0 delineating in the analysis
 * thread and 5.2–17.7 with onnxruntime's own choice (2 intra-op threads, which spin between runs and take the core
 * the JavaScript needs); 1 thread + 2 workers took 3.4 and 2 threads + 1 worker 4.5 in the quiet round. The
 * results do not depend on the split: onnxruntime's CPU kernels give bit-identical outputs for 1, 2 and 4
 * threads on this model.
 */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

export function defaultDelineationWorkers(threads = defaultThreads(), cores = availableParallelism()): number {
  return Math.max(1, Math.min(MAX_DELINEATION_WORKERS, cores - (threads || cores)));
}

/** a bound on memory on large machines: each worker holds its own V8 heap and work buffers (3 MB for a 10-s 12-lead ECG) */
const MAX_DELINEATION_WORKERS = 8;

function inThread(e: unknown): undefined {
  process.emitWarning(`delineation runs in the analysis thread: ${e instanceof Error ? e.message : String(e)}`);
  return undefined;
}
