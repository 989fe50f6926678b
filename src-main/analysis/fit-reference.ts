/**
 * `ecg-tlc fit`: fits the cluster model and the surrogate for a model package on a reference set of ECGs and
 * writes clusters.json and surrogate.json. The reference ECGs are read and run through the CNN twice (see
 * explain/fit.ts); records the model cannot take are skipped and counted.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { EcgRecord } from '../ecg/record.js';
import { CLUSTERS_FILE, SURROGATE_FILE, modelSha256, thresholdsOf, type SurrogateFile } from '../explain/context.js';
import { fitClusterModel, type FitReport, type ReferenceEcg } from '../explain/fit.js';
import type { ClusterModel } from '../explain/cluster-model.js';
import { loadModelPackage } from '../model/manifest.js';
import { prepareRecord, type PreparedInput } from '../model/prepare.js';
import { ModelSession } from '../model/session.js';
import type { ProviderRequest } from '../model/providers.js';
import { waveCodesFor } from './reference-waves.js';

export interface FitReferenceOptions {
  modelDir: string;
  /** yields the reference records; called once per pass */
  records: () => AsyncIterable<EcgRecord> | Iterable<EcgRecord>;
  description: string;
  k?: number;
  kRange?: [number, number];
  seed?: number;
  stepsPerEcg?: number;
  provider?: ProviderRequest;
  batchSize?: number;
  /** where to write clusters.json and surrogate.json (default: the model folder); undefined = do not write */
  outDir?: string | null;
  onProgress?: (stage: string, done: number, total?: number) => void;
}

export interface FitReferenceResult {
  clusters: ClusterModel;
  surrogateFile: SurrogateFile;
  report: FitReport;
  skipped: Array<{ record: string; reason: string }>;
  waveSources: { annotations: number; delineator: number };
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export async function fitReference(options: FitReferenceOptions): Promise<FitReferenceResult> {
  const pkg = loadModelPackage(options.modelDir);
  const m = pkg.manifest;
  const session = await ModelSession.open(pkg, { provider: options.provider ?? 'cpu' });
  const batchSize = options.batchSize ?? 32;
  const skipped: FitReferenceResult['skipped'] = [];
  const waveSources = { annotations: 0, delineator: 0 };
  let pass = 0;

  async function* source(): AsyncGenerator<ReferenceEcg> {
    pass++;
    let batch: Array<{ record: EcgRecord; input: PreparedInput }> = [];
    const flush = async function* () {
      const results = await session.run(batch.map((b) => b.input), batchSize);
      for (const [i, { record, input }] of batch.entries()) {
        const r = results[i]!;
        const waves = waveCodesFor(record);
        if (pass === 1) waveSources[waves.source]++;
        yield {
          outputs: { probabilities: r.probabilities, blocks: r.blocks, inputMask: input.mask, inputFs: m.input.fs, inputOffsetSeconds: input.offsetSeconds },
          waves,
        };
      }
      batch = [];
    };
    for await (const record of options.records()) {
      try {
        batch.push({ record, input: prepareRecord(record, m.input) });
      } catch (e) {
        if (pass === 1) skipped.push({ record: record.source.path, reason: (e as Error).message });
        continue;
      }
      if (batch.length >= batchSize) yield* flush();
    }
    if (batch.length) yield* flush();
  }

  try {
    const { clusters, surrogate, report } = await fitClusterModel(source, {
      modelId: m.id,
      modelSha256: modelSha256(pkg),
      blockNames: m.outputs.blocks.map((b) => b.output),
      classes: m.classes.map((c) => c.id),
      thresholds: thresholdsOf(pkg),
      ...(options.k ? { k: options.k } : {}),
      ...(options.kRange ? { kRange: options.kRange } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.stepsPerEcg ? { stepsPerEcg: options.stepsPerEcg } : {}),
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
    const out = options.outDir === undefined ? pkg.dir : options.outDir;
    if (out) {
      writeAtomic(join(out, CLUSTERS_FILE), JSON.stringify(clusters));
      writeAtomic(join(out, SURROGATE_FILE), JSON.stringify(surrogateFile));
    }
    return { clusters, surrogateFile, report, skipped, waveSources };
  } finally {
    await session.close();
  }
}
