/**
 * Where a job's inference runs: the same Analyzer either in this thread (the CLI, where nothing else needs the
 * event loop) or in a worker thread (the app: the main process keeps answering the renderer while onnxruntime,
 * the explanation and the delineator run; see analyzer-thread.ts). Both give the same outcomes.
 */
import type { EcgRecord } from '../ecg/record.js';
import { modelSha256 } from '../explain/context.js';
import { Analyzer, type AnalysisOutcome, type AnalyzerOptions } from './analyzer.js';
import type { ModelIdentity } from './model-identity.js';

export interface AnalysisBackend {
  readonly identity: ModelIdentity;
  /** the execution provider that runs the model */
  readonly provider: string;
  /** 'thread' when inference runs in a worker thread */
  readonly where: 'in-process' | 'thread';
  analyze(records: readonly EcgRecord[]): Promise<AnalysisOutcome[]>;
  close(): Promise<void>;
  /** stops at once, a batch in flight included (the app quitting); the batch's studies are queued again on resume */
  kill?(): void;
}

export type BackendOptions = Pick<AnalyzerOptions, 'modelDir' | 'clusterDir' | 'provider' | 'mcPasses' | 'threads' | 'batchSize'>;

export function identityOf(analyzer: Analyzer): ModelIdentity {
  const m = analyzer.pkg.manifest;
  const clusterModel = analyzer.context?.clusters.fittedOn.createdAt;
  return { id: m.id, version: m.version, sha256: modelSha256(analyzer.pkg), dir: analyzer.pkg.dir, ...(clusterModel ? { clusterModel } : {}) };
}

export async function openInProcess(options: BackendOptions): Promise<AnalysisBackend> {
  const analyzer = await Analyzer.open(options);
  return {
    identity: identityOf(analyzer),
    provider: analyzer.provider,
    where: 'in-process',
    analyze: (records) => analyzer.analyze(records),
    close: () => analyzer.close(),
  };
}
