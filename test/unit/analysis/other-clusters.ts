/**
 * A second cluster model for a test package, fitted by `fit --out`'s code into its own folder (k = 4 on 10 Georgia
 * CinC fixtures, about half a second): a job queued with it must keep it, and its version key differs from the
 * package's own (k = 6, analysed-archive.ts). And what each analysis of a job was made with, read from the archive.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fitReference } from '../../../src-main/analysis/fit-reference.js';
import { decodeExplanation } from '../../../src-main/analysis/stored-analysis.js';
import type { Explanation } from '../../../src-main/explain/explain-ecg.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import type { Archive } from '../../../src-main/store/archive.js';
import { fixture } from '../../helpers/shared.js';
import { REFERENCE, testArchive, type TestArchive } from './analysed-archive.js';

export interface K4Archive {
  t: TestArchive;
  /** studies in the archive */
  n: number;
  k4: { clusterDir: string; key: string };
}

/** testArchive of the named CinC fixtures with a k = 4 cluster model fitted into `<dir>/cluster-models/k4`. */
export async function k4Archive(names: string[], prefix: string): Promise<K4Archive> {
  const t = await testArchive(names, prefix);
  const clusterDir = join(t.dir, 'cluster-models', 'k4');
  mkdirSync(clusterDir, { recursive: true });
  const files = REFERENCE().slice(0, 10).map((f) => fixture('cinc', f));
  const fitted = await fitReference({ modelDir: t.modelDir, records: () => files.map((f) => readEcgFile(f)), description: 'test: 10 Georgia CinC fixtures', k: 4, seed: 11, outDir: clusterDir });
  return { t, n: t.archive.studies.count(), k4: { clusterDir, key: fitted.clusters.fittedOn.createdAt } };
}

export interface MadeWith {
  study: number;
  /** settings.mcPasses (undefined: none) */
  mcPasses: number | undefined;
  /** settings.provider: the provider that ran */
  provider: string;
  /** analyses.cluster_model_version */
  clusterModel: string | null;
  /** K of the explanation's default view */
  k: number;
  /** every view of the explanation carries Monte-Carlo label entropy */
  mcEntropy: boolean;
}

/** What each analysis a job stored was made with, by study. */
export function madeWith(archive: Archive, jobId: number): MadeWith[] {
  const rows = archive.db
    .prepare(`SELECT study_id, settings, cluster_model_version, explanation FROM analyses WHERE json_extract(settings, '$.jobId') = ? ORDER BY study_id`)
    .all(jobId) as Array<{ study_id: number; settings: string; cluster_model_version: string | null; explanation: Buffer }>;
  return rows.map((r) => {
    const e = decodeExplanation(r.explanation) as Explanation;
    const settings = JSON.parse(r.settings) as { mcPasses?: number; provider: string };
    const view = e.views.find((v) => v.view === e.defaultView)!;
    return { study: r.study_id, mcPasses: settings.mcPasses, provider: settings.provider, clusterModel: r.cluster_model_version, k: view.k, mcEntropy: e.views.every((v) => v.mcEntropy !== undefined) };
  });
}
