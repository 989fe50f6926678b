/**
 * Runs the model and the explanation on ECG records: preparation as training did it, one onnxruntime batch,
 * optional Monte-Carlo dropout passes, the time-localized clusters and surrogate, Grad-CAM, and our own
 * delineation and intervals. One Analyzer holds its sessions open for many batches.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EcgRecord } from '../ecg/record.js';
import { delineate } from '../ecg/delineate.js';
import type { BeatMarks, Intervals } from '../ecg/delineate-types.js';
import { explainEcg, type ExplainContext, type Explanation, type ScoredOutputs } from '../explain/explain-ecg.js';
import { ClusterScorer } from '../explain/scorer.js';
import { CLUSTERS_FILE, loadExplainContext, modelSha256, thresholdsOf } from '../explain/context.js';
import { loadModelPackage, type ModelPackage } from '../model/manifest.js';
import { prepareRecord, type PreparedInput } from '../model/prepare.js';
import type { ProviderRequest } from '../model/providers.js';
import { DEFAULT_BATCH, ModelSession, type ModelResult } from '../model/session.js';
import { missingClusters } from './model-identity.js';

export interface AnalyzerOptions {
  modelDir: string;
  provider?: ProviderRequest;
  /** Monte-Carlo dropout passes for label-entropy uncertainty (0 = off); needs the package's mcGraph */
  mcPasses?: number;
  threads?: number;
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
    private readonly options: AnalyzerOptions,
  ) {}

  static async open(options: AnalyzerOptions): Promise<Analyzer> {
    const pkg = loadModelPackage(options.modelDir);
    if (options.clusterDir !== undefined && !existsSync(join(options.clusterDir, CLUSTERS_FILE))) throw new Error(missingClusters(options.clusterDir));
    const sessionOptions = { provider: options.provider ?? 'cpu', ...(options.threads ? { threads: options.threads } : {}) };
    const session = await ModelSession.open(pkg, sessionOptions);
    const mc = options.mcPasses && pkg.manifest.mcGraph ? await ModelSession.open(pkg, { ...sessionOptions, graph: 'mc' }) : undefined;
    const context = options.explain === false ? undefined : loadExplainContext(pkg, options.clusterDir);
    const scorer = context ? await ClusterScorer.open(context.clusters, pkg.manifest.outputs.blocks, options.threads) : undefined;
    return new Analyzer(pkg, session, mc, context, scorer, options);
  }

  get provider(): string {
    return this.session.provider;
  }

  get fallbacks() {
    return this.session.fallbacks;
  }

  /** Analyses records; a record the model cannot take (missing lead, NaN samples) fails alone with its reason. */
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
      if (views) chunk.forEach((_, i) => scored.push({ views: views[i]!, ...(mcViews.length ? { mcPasses: mcViews.map((p) => p[i]!) } : {}) }));
    }
    const classes = m.classes.map((c) => c.id);
    const thresholds = thresholdsOf(this.pkg);
    let j = 0;
    return records.map((record, i): AnalysisOutcome => {
      const p = prepared[i]!;
      if (p instanceof Error) return { ok: false, error: p.message };
      const k = j++;
      const result = results[k]!;
      const explanation = this.context
        ? explainEcg(this.context, {
            probabilities: result.probabilities,
            blocks: result.blocks,
            inputMask: p.mask,
            inputFs: m.input.fs,
            inputOffsetSeconds: p.offsetSeconds,
            ...(passes.length ? { mcPasses: passes.map((run) => run[k]!.blocks) } : {}),
          }, scored[k])
        : undefined;
      const d = delineate(record);
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

  async close(): Promise<void> {
    await this.session.close();
    await this.mcSession?.close();
    await this.scorer?.close();
  }
}
