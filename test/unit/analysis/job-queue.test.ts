/**
 * The batch analysis queue on a fresh archive of the 60 real CinC fixtures with the real model (cluster model
 * fitted into a temporary copy): a whole job stores one complete analysis per study and fills the worklist
 * columns; a second job skips what is current; cancel, pause and resume; a SIGKILLed runner resumes without
 * analysing any study twice; the worker thread gives the same results; staleness after a model change; stop
 * (Ctrl-C) lets the batch in flight finish and reports the counts the archive holds.
 */
import { copyFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInThread } from '../../../src-main/analysis/analyzer-thread.js';
import { openInProcess } from '../../../src-main/analysis/backend.js';
import { AnalysisJobs, type OpenBackend } from '../../../src-main/analysis/job-queue.js';
import type { JobProgress } from '../../../src-main/analysis/job-runner.js';
import { modelIdentity, type ModelIdentity } from '../../../src-main/analysis/model-identity.js';
import { fromStored } from '../../../src-main/analysis/stored-analysis.js';
import { sha256File } from '../../../src-main/model/manifest.js';
import { staleness, staleStudyIds } from '../../../src-main/store/analysis-versions.js';
import { hasShared } from '../../helpers/shared.js';
import { runTsxChild } from '../../helpers/tsx-child.js';
import { CINC, testArchive, type TestArchive } from './analysed-archive.js';

const CHILD = fileURLToPath(new URL('./job-child.ts', import.meta.url));

function newQueue(t: TestArchive, onProgress?: (p: JobProgress) => void, batchSize = 8) {
  return new AnalysisJobs(t.archive, { openBackend: openInProcess, backend: { threads: 1 }, batchSize, ...(onProgress ? { onProgress } : {}) });
}

/** Analyses per study made by one job. */
function perStudy(t: TestArchive, jobId: number): number[] {
  return t.archive.db
    .prepare(`SELECT count(a.id) FROM studies s LEFT JOIN analyses a ON a.study_id = s.id AND json_extract(a.settings, '$.jobId') = ? GROUP BY s.id ORDER BY s.id`)
    .pluck()
    .all(jobId) as number[];
}

describe.skipIf(!hasShared('fixtures', 'cinc'))('analysis job queue', () => {
  let t: TestArchive;
  let model: ModelIdentity;
  /** studies in the archive: the 60 fixtures less the recordings the importer found twice */
  let N: number;

  beforeAll(async () => {
    t = await testArchive();
    model = modelIdentity(t.modelDir);
    N = t.archive.studies.count();
  });
  afterAll(() => t?.cleanup());

  it('analyses every selected study once and fills the worklist columns from the explanation', async () => {
    expect(CINC()).toHaveLength(60);
    expect(N).toBeGreaterThanOrEqual(58);
    expect(model.clusterModel).toMatch(/^\d{4}-/);
    const progress: JobProgress[] = [];
    const q = newQueue(t, (p) => progress.push(p));
    const queued = q.enqueue({ selection: { query: {} }, model, actor: 'tester' });
    expect(queued).toMatchObject({ state: 'queued', total: N, skipped: 0, counts: { queued: N, done: 0 } });
    const job = await q.run(queued.id);
    expect(job).toMatchObject({ state: 'done', total: N, counts: { queued: 0, running: 0, done: N, failed: 0 } });
    expect(job.finishedAt).toBeDefined();
    expect(perStudy(t, job.id)).toEqual(new Array(N).fill(1));

    const last = progress[progress.length - 1]!;
    expect(last).toMatchObject({ jobId: job.id, state: 'done', done: N, remaining: 0, failed: 0 });
    expect(last.rate).toBeGreaterThan(0);
    const mid = progress.find((p) => p.remaining > 0 && p.etaSeconds !== undefined)!;
    expect(mid.etaSeconds).toBeCloseTo(mid.remaining / mid.rate, 6);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));

    const s = t.archive.studies.summary(1)!;
    const stored = fromStored(t.archive.analyses.latest(1)!);
    const e = stored.explanation!;
    const view = e.views.find((v) => v.view === e.defaultView)!;
    expect(stored).toMatchObject({ modelId: model.id, modelSha256: model.sha256, clusterModel: model.clusterModel, jobId: job.id });
    expect(s.analysis).toMatchObject({ id: stored.id, uncertainty: view.meanUncertainty, surrogateAgreement: e.surrogate!.labelAgreement });
    expect(s.analysis!.topClass).toBe(stored.classes[stored.probabilities.indexOf(Math.max(...stored.probabilities))]);
    expect(stored.proportions).toEqual(view.proportions);
    expect(stored.proportions).toHaveLength(6);
    expect(stored.predicted).toEqual(e.cnn.predicted);
    expect(stored.intervals!.hr).toBeGreaterThan(30);
    expect(stored.beats!.length).toBeGreaterThan(3);
    // the blob is compressed JSON
    const blob = t.archive.analyses.latest(1)!.explanation!;
    expect([blob[0], blob[1]]).toEqual([0x42, 0x31]); // the brotli tag (stored-analysis.ts)
    expect(blob.length).toBeLessThan(JSON.stringify(e).length / 2);
    expect(t.archive.audit.latest(50).filter((a) => a.entity === 'job' && a.entityId === job.id).map((a) => a.action)).toEqual(['analysis-queued']);
  });

  it('skips studies already analysed with this model and cluster model, unless forced', async () => {
    const q = newQueue(t);
    const again = q.enqueue({ selection: { query: {} }, model, actor: 'tester' });
    expect(again).toMatchObject({ state: 'done', total: 0, skipped: N });
    const some = q.enqueue({ selection: { ids: [3, 1, 2, 2] }, model, force: true, actor: 'tester' });
    expect(some).toMatchObject({ state: 'queued', total: 3, skipped: 0 });
    // the same studies are not queued twice while a job holds them
    const twice = q.enqueue({ selection: { ids: [1, 2, 3, 4] }, model, force: true, actor: 'tester' });
    expect(twice).toMatchObject({ total: 1, skipped: 3 });
    expect(t.archive.jobs.items(twice.id).map((i) => i.studyId)).toEqual([4]);
    q.start();
    await q.idle();
    expect(t.archive.jobs.get(some.id)!.state).toBe('done');
    expect(t.archive.jobs.get(twice.id)!.state).toBe('done');
    const filtered = q.enqueue({ selection: { query: { text: 'HR0000' } }, model, force: true, actor: 'tester' });
    expect(filtered.total).toBe(9); // HR00001–HR00009
    expect(q.cancel(filtered.id, 'tester')!.state).toBe('cancelled');
  });

  it('cancel stops after the batch in flight; pause keeps the job to resume; the audit log says who', async () => {
    let q!: AnalysisJobs;
    let cancelled = false;
    q = newQueue(t, (p) => {
      if (!cancelled && p.done >= 4) {
        cancelled = true;
        q.cancel(p.jobId, 'ana');
      }
    }, 4);
    const job = q.enqueue({ selection: { query: {} }, model, force: true, actor: 'ana' });
    const end = await q.run(job.id);
    expect(end.state).toBe('cancelled');
    expect(end.counts.done).toBeGreaterThanOrEqual(4);
    expect(end.counts.done).toBeLessThanOrEqual(8);
    expect(end.counts.queued).toBe(N - end.counts.done);
    expect(q.resume(job.id, 'ana')).toBeUndefined(); // a cancelled job stays cancelled

    let paused = false;
    const p2 = newQueue(t, (p) => {
      if (!paused && p.done >= 4) {
        paused = true;
        p2.pause(p.jobId, 'ana');
      }
    }, 4);
    const job2 = p2.enqueue({ selection: { ids: Array.from({ length: 12 }, (_, i) => i + 1) }, model, force: true, actor: 'ana' });
    expect((await p2.run(job2.id)).state).toBe('paused');
    expect(p2.resume(job2.id, 'ana')!.state).toBe('queued');
    await p2.idle();
    const done2 = t.archive.jobs.get(job2.id)!;
    expect(done2).toMatchObject({ state: 'done', counts: { done: 12, queued: 0 } });
    expect(perStudy(t, job2.id).slice(0, 12)).toEqual(new Array(12).fill(1));
    const actions = t.archive.audit.latest(200).filter((a) => a.entity === 'job' && (a.entityId === job.id || a.entityId === job2.id));
    expect(actions.map((a) => `${a.entityId}:${a.action}:${a.actor}`).reverse()).toEqual([
      `${job.id}:analysis-queued:ana`, `${job.id}:analysis-cancelled:ana`,
      `${job2.id}:analysis-queued:ana`, `${job2.id}:analysis-paused:ana`, `${job2.id}:analysis-queued:ana`,
    ]);
  });

  it('a SIGKILLed runner resumes: every study analysed exactly once, integrity ok', async () => {
    const q = newQueue(t);
    const job = q.enqueue({ selection: { query: {} }, model, force: true, actor: 'tester' });
    const doneSoFar = (out: string) => Math.max(0, ...[...out.matchAll(/done (\d+)/g)].map((m) => Number(m[1])));
    const { out, signal, err: stderr } = await runTsxChild(CHILD, [t.dbPath, String(job.id)], { reached: (o) => doneSoFar(o) >= 10, then: (c) => void c.kill('SIGKILL') });
    const seen = doneSoFar(out);
    expect(signal, stderr).toBe('SIGKILL');
    const crashed = t.archive.jobs.get(job.id)!;
    expect(crashed.state).toBe('running');
    expect(crashed.counts.done).toBeGreaterThanOrEqual(seen);
    expect(crashed.counts.done).toBeLessThan(N);
    expect(t.archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // no study half stored: every done item points at its analysis, and no analysis of this job lacks its item
    expect(t.archive.db.prepare(`SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'done' AND analysis_id IS NULL`).pluck().get(job.id)).toBe(0);
    expect(t.archive.db.prepare(`SELECT count(*) FROM analyses WHERE json_extract(settings, '$.jobId') = ?`).pluck().get(job.id)).toBe(crashed.counts.done);

    const resumed = newQueue(t);
    expect(resumed.pending().map((j) => j.id)).toEqual([job.id]);
    resumed.start();
    await resumed.idle();
    const end = t.archive.jobs.get(job.id)!;
    expect(end).toMatchObject({ state: 'done', counts: { done: N, queued: 0, running: 0, failed: 0 } });
    expect(perStudy(t, job.id)).toEqual(new Array(N).fill(1));
    expect(t.archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('the worker thread gives the results the main thread gives', async () => {
    const records = [1, 2, 3].map((id) => t.archive.studies.get(id)!.record);
    const thread = await openInThread({ modelDir: t.modelDir, threads: 1 });
    const local = await openInProcess({ modelDir: t.modelDir, threads: 1 });
    try {
      expect(thread.where).toBe('thread');
      expect(thread.identity).toEqual(model);
      const [a, b] = [await thread.analyze(records), await local.analyze(records)];
      expect(a).toEqual(b);
    } finally {
      await thread.close();
      await local.close();
    }
  });

  it('a new model version makes the analysed studies stale and a new job queues them', () => {
    const v2 = join(t.dir, 'model-v2');
    cpSync(t.modelDir, v2, { recursive: true });
    // "retrained weights": the Monte-Carlo graph's bytes as model.onnx, the manifest updated; the old cluster model
    // no longer fits, so v2 ships without one
    copyFileSync(join(v2, 'model_mc.onnx'), join(v2, 'model.onnx'));
    const manifest = JSON.parse(readFileSync(join(v2, 'manifest.json'), 'utf8'));
    manifest.version = '2.0.0';
    manifest.files['model.onnx'] = { ...manifest.files['model.onnx'], sha256: sha256File(join(v2, 'model.onnx')), bytes: manifest.files['model_mc.onnx'].bytes };
    writeFileSync(join(v2, 'manifest.json'), JSON.stringify(manifest));
    expect(() => modelIdentity(v2)).toThrow(/fitted for model sha256/);
    for (const f of ['clusters.json', 'surrogate.json']) rmSync(join(v2, f));
    const next = modelIdentity(v2);
    expect(next.sha256).not.toBe(model.sha256);
    expect(next.clusterModel).toBeUndefined();

    expect(staleness(t.archive.db, model)).toMatchObject({ total: N, current: N, stale: 0, unanalysed: 0 });
    const s = staleness(t.archive.db, next);
    expect(s).toMatchObject({ total: N, current: 0, stale: N, unanalysed: 0 });
    expect(s.versions).toEqual([{ modelId: model.id, modelVersion: model.version, modelSha256: model.sha256, clusterModel: model.clusterModel, studies: N }]);
    expect(staleStudyIds(t.archive.db, next, {}, 5)).toEqual([1, 2, 3, 4, 5]);
    const job = newQueue(t).enqueue({ selection: { query: {} }, model: next, actor: 'tester' });
    expect(job).toMatchObject({ total: N, skipped: 0, model: { version: '2.0.0', sha256: next.sha256 } });
  });

  it('stop (Ctrl-C) lets the batch in flight finish before closing the model; run returns the counts the archive holds', async () => {
    const events: string[] = [];
    let q!: AnalysisJobs;
    let stopping: Promise<void> | undefined;
    let calls = 0;
    const openBackend: OpenBackend = async (o) => {
      const real = await openInProcess(o);
      return {
        ...real,
        analyze: async (records) => {
          const call = ++calls;
          if (call === 2) stopping = q.stop(); // the interrupt arrives while the second batch is being analysed
          const out = await real.analyze(records);
          events.push(`analysed batch ${call}`);
          return out;
        },
        close: async () => {
          events.push('closed');
          await real.close();
        },
      };
    };
    q = new AnalysisJobs(t.archive, { openBackend, backend: { threads: 1 }, batchSize: 4 });
    const job = q.enqueue({ selection: { ids: Array.from({ length: 12 }, (_, i) => i + 1) }, model, force: true, actor: 'tester' });
    const end = await q.run(job.id);
    await stopping;
    expect(events).toEqual(['analysed batch 1', 'analysed batch 2', 'closed']);
    expect(end).toMatchObject({ state: 'running', counts: { done: 8, running: 0, queued: 4, failed: 0 } });
    expect(end).toEqual(t.archive.jobs.get(job.id));
    expect(newQueue(t).cancel(job.id, 'tester')!.state).toBe('cancelled');
  });
});
