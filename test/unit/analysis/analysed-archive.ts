/**
 * What the analysis tests share: a temporary copy of the shipped model package with a cluster model and surrogate
 * fitted into it (k = 6 on the 20 Georgia CinC fixtures, about a second; the shipped package may have none yet),
 * and a fresh archive of real CinC fixtures imported with the real importer.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitReference } from '../../../src-main/analysis/fit-reference.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { openArchive, type Archive } from '../../../src-main/store/archive.js';
import { importPaths } from '../../../src-main/store/importer.js';
import { fixture } from '../../helpers/shared.js';

export const CINC = () => readdirSync(fixture('cinc')).filter((f) => f.endsWith('.hea')).sort();
/** The reference set the test cluster model is fitted on. */
export const REFERENCE = () => CINC().filter((f) => f.startsWith('E075'));

const PACKAGE_FILES = ['manifest.json', 'model.onnx', 'model_mc.onnx', 'head.json', 'metrics.json'];

/** A copy of the shipped package in `dir` with clusters.json and surrogate.json fitted there. */
export async function fittedModel(dir: string): Promise<string> {
  const out = join(dir, 'model');
  mkdirSync(out, { recursive: true });
  const src = defaultModelDir();
  for (const f of PACKAGE_FILES) if (existsSync(join(src, f))) copyFileSync(join(src, f), join(out, f));
  const files = REFERENCE().map((f) => fixture('cinc', f));
  await fitReference({ modelDir: out, records: () => files.map((f) => readEcgFile(f)), description: 'test: 20 Georgia CinC fixtures', k: 6, seed: 7, outDir: out });
  return out;
}

export interface TestArchive {
  dir: string;
  dbPath: string;
  modelDir: string;
  archive: Archive;
  cleanup(): void;
}

/** A temporary folder with a fitted model and an archive of the named CinC fixtures (all of them by default). */
export async function testArchive(names: string[] = CINC(), prefix = 'ecg-tlc-analysis-'): Promise<TestArchive> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const modelDir = await fittedModel(dir);
  const dbPath = join(dir, 'archive.db');
  const archive = openArchive(dbPath);
  const r = await importPaths(archive.studies, names.map((f) => fixture('cinc', f)), { actor: 'test', workers: 0 });
  if (r.failures.length) throw new Error(`fixtures failed to import: ${JSON.stringify(r.failures)}`);
  return {
    dir,
    dbPath,
    modelDir,
    archive,
    cleanup() {
      archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
