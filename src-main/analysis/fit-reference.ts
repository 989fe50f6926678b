/**
 * `ecg-tlc fit`: fits the cluster model and the surrogate for a model package on a reference set of ECGs and
 * writes clusters.json and surrogate.json. The reference ECGs are read and run through the CNN twice (see
 * explain/fit.ts: holding 20,000 ECGs' block outputs between the passes would take 1.4 GB); the waves that name
 * the clusters are needed in pass 2 only, so the delineator runs once per ECG. Records the model cannot take are
 * skipped and counted.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EcgRecord } from '../ecg/record.js';
import { CLUSTERS_FILE, SURROGATE_FILE, modelSha256, thresholdsOf, type SurrogateFile } from '../explain/context.js';
import { fitClusterModel, type FitReport, type ReferenceEcg } from '../explain/fit.js';
import type { ClusterModel } from '../explain/cluster-model.js';
import { loadModelPackage } from '../model/manifest.js';
import { prepareRecord, type PreparedInput } from '../model/prepare.js';
import { ModelSession } from '../model/session.js';
import { DEFAULT_PROVIDER, type ProviderRequest } from '../model/providers.js';
import { waveCodesFor } from './reference-waves.js';

export interface FitReferenceOptions {
  modelDir: string;
  /** yields the reference records; called once per pass */
  records: () => AsyncIterable<EcgRecord> | Iterable<EcgRecord>;
  /** how many records `records` yields, when known: the total of pass 1's progress */
  count?: number;
  description: string;
  k?: number;
  kRange?: [number, number];
  seed?: number;
  stepsPerEcg?: number;
  provider?: ProviderRequest;
  batchSize?: number;
  /** where to write clusters.json and surrogate.json (default: the model folder); undefined = do not write */
  outDir?: string | null;
  /** stage (explain/fit.ts FIT_STAGES), done and total in the stage's unit */
  onProgress?: (stage: string, done: number, total?: number) => void;
}

/** Seconds spent per pass on the model input, the CNN and (pass 2) the delineation; the rest of a pass's source time is reading. */
export interface SourceTiming {
  prepare: number;
  inference: number;
  waves: number;
}

export interface FitReferenceResult {
  clusters: ClusterModel;
  surrogateFile: SurrogateFile;
  report: FitReport;
  skipped: Array<{ record: string; reason: string }>;
  waveSources: { annotations: number; delineator: number };
  /** [pass 1, pass 2] */
  sourceTiming: [SourceTiming, SourceTiming];
  /** the surrogate's training rows (every view's proportions) and the CNN's labels, one per reference ECG */
  surrogateTable: { x: number[][]; y: Uint8Array[] };
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export async function fitReference(options: FitReferenceOptions): Promise<FitReferenceResult> {
  const pkg = loadModelPackage(options.modelDir);
  const m = pkg.manifest;
  const out = options.outDir === undefined ? pkg.dir : options.outDir;
  // before the fit, so that a folder that cannot be made fails in a second rather than after the whole fit
  if (out) mkdirSync(out, { recursive: true });
  const session = await ModelSession.open(pkg, { provider: options.provider ?? DEFAULT_PROVIDER });
  const batchSize = options.batchSize ?? 32;
  const skipped: FitReferenceResult['skipped'] = [];
  const waveSources = { annotations: 0, delineator: 0 };
  const sourceTiming: FitReferenceResult['sourceTiming'] = [{ prepare: 0, inference: 0, waves: 0 }, { prepare: 0, inference: 0, waves: 0 }];
  const clock = <T>(into: SourceTiming, key: keyof SourceTiming, fn: () => T): T => {
    const t = performance.now();
    try {
      return fn();
    } finally {
      into[key] += (performance.now() - t) / 1000;
    }
  };

  async function* source(pass: 1 | 2): AsyncGenerator<ReferenceEcg> {
    const timing = sourceTiming[pass - 1]!;
    let batch: Array<{ record: EcgRecord; input: PreparedInput }> = [];
    const flush = async function* () {
      const t = performance.now();
      const results = await session.run(batch.map((b) => b.input), batchSize);
      timing.inference += (performance.now() - t) / 1000;
      for (const [i, { record, input }] of batch.entries()) {
        const r = results[i]!;
        const waves = pass === 2 ? clock(timing, 'waves', () => waveCodesFor(record)) : undefined;
        if (waves) waveSources[waves.source]++;
        yield {
          outputs: { probabilities: r.probabilities, blocks: r.blocks, inputMask: input.mask, inputFs: m.input.fs, inputOffsetSeconds: input.offsetSeconds },
          ...(waves ? { waves } : {}),
        };
      }
      batch = [];
    };
    for await (const record of options.records()) {
      try {
        batch.push({ record, input: clock(timing, 'prepare', () => prepareRecord(record, m.input)) });
      } catch (e) {
        if (pass === 1) skipped.push({ record: record.source.path, reason: (e as Error).message });
        continue;
      }
      if (batch.length >= batchSize) yield* flush();
    }
    if (batch.length) yield* flush();
  }

  try {
    const { clusters, surrogate, report, surrogateTable } = await fitClusterModel(source, {
      modelId: m.id,
      modelSha256: modelSha256(pkg),
      blockNames: m.outputs.blocks.map((b) => b.output),
      classes: m.classes.map((c) => c.id),
      thresholds: thresholdsOf(pkg),
      ...(options.k ? { k: options.k } : {}),
      ...(options.kRange ? { kRange: options.kRange } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.stepsPerEcg ? { stepsPerEcg: options.stepsPerEcg } : {}),
      ...(options.count !== undefined ? { expectedEcgs: options.count } : {}),
      description: options.description,
      alignmentSource: 'LUDB cardiologists\' annotations where present, else our delineator (lead II / global marks)',
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    clusters.fittedOn.alignmentSource = `annotations on ${waveSources.annotations} ECGs, delineator on ${waveSources.delineator}`;
    const surrogateFile: SurrogateFile = {
      format: 'ecg-tlc-surrogate/1',
      modelSha256: clusters.modelSha256,
      clusterModelCreatedAt: clusters.fittedOn.createdAt,
      view: 'all views: proportions of every view, in the cluster model\'s view order',
      surrogate: surrogate.json as SurrogateFile['surrogate'],
      fittedOn: { description: options.description, ecgs: report.ecgs, trainingAgreement: report.surrogateTrainingAgreement },
    };
    if (out) {
      writeAtomic(join(out, CLUSTERS_FILE), JSON.stringify(clusters));
      writeAtomic(join(out, SURROGATE_FILE), JSON.stringify(surrogateFile));
    }
    return { clusters, surrogateFile, report, skipped, waveSources, sourceTiming, surrogateTable };
  } finally {
    await session.close();
  }
}
