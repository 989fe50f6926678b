/**
 * Batch analysis of an archive (`npm run bench -- analysis-job`): altered copies of the CinC fixtures (240; 64
 * with --quick) imported into a temporary archive, analysed by the persistent job queue with the real model and a
 * cluster model (the package's own, or one fitted into a temporary copy with k = 6 on the 20 Georgia fixtures
 * when the package has none; set-up, not timed).
 *
 * Baseline: the Analyzer alone on the same records, already decoded, in batches of 32 (CNN, Monte-Carlo off,
 * clusters, surrogate, Grad-CAM, delineation): what the job costs beyond analysing. Measured: the job end to end
 * (decode each study, analyse, store each analysis with its item in one transaction), with inference in this
 * thread and in a worker thread; during each job a 1 ms timer samples the event-loop delay
 * (perf_hooks.monitorEventLoopDelay): its 99th percentile is what a renderer request waits at worst, most of the
 * time, while a job runs in the app's main process.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Analyzer } from '../src-main/analysis/analyzer.js';
import { openInThread } from '../src-main/analysis/analyzer-thread.js';
import { openInProcess, type AnalysisBackend } from '../src-main/analysis/backend.js';
import { fitReference } from '../src-main/analysis/fit-reference.js';
import { AnalysisJobs } from '../src-main/analysis/job-queue.js';
import { modelIdentity } from '../src-main/analysis/model-identity.js';
import type { EcgRecord } from '../src-main/ecg/record.js';
import { CLUSTERS_FILE } from '../src-main/explain/context.js';
import { readEcgFile } from '../src-main/formats/registry.js';
import { defaultModelDir } from '../src-main/model/default-model.js';
import { openArchive } from '../src-main/store/archive.js';
import { importPaths } from '../src-main/store/importer.js';
import { makeCincCopies } from './lib/cinc-copies.js';
import { Report, isQuick } from './lib/result.js';
import { fixturesDir } from './lib/shared.js';

const report = new Report('analysis-job', 'batch analysis job: ms/ECG and event-loop delay while it runs');
const count = isQuick() ? 64 : 240;
const BATCH = 32;
const work = mkdtempSync(join(tmpdir(), 'ecg-bench-analysis-'));
const input = makeCincCopies(fixturesDir('cinc'), count);

/** The shipped package when it has a cluster model, else a copy with one fitted (k = 6, 20 Georgia records). */
async function modelWithClusters(): Promise<string> {
  const shipped = defaultModelDir();
  if (existsSync(join(shipped, CLUSTERS_FILE))) return shipped;
  const dir = join(work, 'model');
  mkdirSync(dir);
  for (const f of readdirSync(shipped)) if (statSync(join(shipped, f)).isFile()) copyFileSync(join(shipped, f), join(dir, f));
  const cinc = fixturesDir('cinc');
  const reference = readdirSync(cinc).filter((f) => /^E075\d\d\.hea$/.test(f)).map((f) => join(cinc, f));
  await fitReference({ modelDir: dir, records: () => reference.map((f) => readEcgFile(f)), description: 'bench: 20 Georgia CinC fixtures', k: 6, seed: 7, outDir: dir });
  report.note('the shipped package has no clusters.json: a cluster model was fitted into a temporary copy (k = 6)');
  return dir;
}

try {
  const modelDir = await modelWithClusters();
  const model = modelIdentity(modelDir);
  const archive = openArchive(join(work, 'archive.db'));
  const imported = await importPaths(archive.studies, input.folders.map((f) => f.dir), { actor: 'bench' });
  const ids = imported.studyIds;
  report.note(`${ids.length} studies (10-s 12-lead CinC copies), model ${model.id} ${model.version}, cluster model ${model.clusterModel}`);

  // Baseline: the analyzer alone on decoded records.
  const records: EcgRecord[] = ids.map((id) => archive.studies.get(id)!.record);
  const analyzer = await Analyzer.open({ modelDir });
  await analyzer.analyze(records.slice(0, BATCH)); // warm-up
  let t = performance.now();
  for (let s = 0; s < records.length; s += BATCH) await analyzer.analyze(records.slice(s, s + BATCH));
  const baseline = 'analyzer alone (decoded records, batch 32)';
  report.add(baseline, (performance.now() - t) / records.length, 'ms/ECG');
  await analyzer.close();

  const lanes: Array<{ name: string; open: (o: { modelDir: string }) => Promise<AnalysisBackend> }> = [
    { name: 'in this thread', open: openInProcess },
    { name: 'in a worker thread', open: openInThread },
  ];
  const lag: Record<string, number> = {};
  for (const lane of lanes) {
    // the backend opens (and warms) before the clock starts; the queue reuses it
    const backend = await lane.open({ modelDir });
    await backend.analyze(records.slice(0, BATCH));
    const queue = new AnalysisJobs(archive, { openBackend: async () => backend, batchSize: BATCH });
    const job = queue.enqueue({ selection: { ids }, model, force: true, actor: 'bench' });
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    t = performance.now();
    const end = await queue.run(job.id);
    const seconds = (performance.now() - t) / 1000;
    h.disable();
    if (end.state !== 'done' || end.counts.done !== ids.length) throw new Error(`job ${lane.name} ended ${end.state} with ${end.counts.done} done`);
    report.compare(`job, inference ${lane.name}`, (seconds * 1000) / ids.length, 'ms/ECG', baseline);
    lag[lane.name] = h.percentile(99) / 1e6;
    report.note(`${lane.name}: ${(ids.length / seconds).toFixed(1)} ECG/s; event-loop delay p50 ${(h.percentile(50) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`);
  }
  const inThread = 'event-loop delay p99, inference in this thread';
  report.add(inThread, lag['in this thread']!, 'ms');
  const m = report.compare('event-loop delay p99, inference in a worker thread', lag['in a worker thread']!, 'ms', inThread);
  m.goal = '≤ 50 ms';
  m.ok = m.value <= 50;
  const blob = archive.db.prepare('SELECT avg(length(explanation)) FROM analyses WHERE explanation IS NOT NULL').pluck().get() as number;
  report.add('stored explanation (JSON, brotli 1)', blob / 1024, 'KiB/ECG');
  archive.close();
} finally {
  input.cleanup();
  rmSync(work, { recursive: true, force: true });
}
report.finish();
