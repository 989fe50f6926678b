/**
 * A job runs with the options it was queued with, whoever resumes it (the app's path: options from the settings at
 * enqueue, the cluster model found again through clusterDirFor): on a fresh archive of 8 real CinC fixtures with
 * the real model and a k = 4 cluster model in its own folder. A job stopped midway and resumed by a queue whose
 * settings say otherwise finishes with k4 and 2 Monte-Carlo passes for every study; a job from before jobs kept
 * their options (options NULL, as schema v2 left it) runs with the resuming queue's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInProcess } from '../../../src-main/analysis/backend.js';
import { AnalysisJobs, type JobQueueOptions } from '../../../src-main/analysis/job-queue.js';
import { modelIdentity } from '../../../src-main/analysis/model-identity.js';
import type { JobOptions } from '../../../src-main/store/job-repository.js';
import { hasShared } from '../../helpers/shared.js';
import { CINC, type TestArchive } from './analysed-archive.js';
import { k4Archive, madeWith, type K4Archive } from './other-clusters.js';

describe.skipIf(!hasShared('fixtures', 'cinc'))('a job keeps its options', () => {
  let t: TestArchive;
  let k4: K4Archive['k4'];
  let n: number;
  const made = (jobId: number) => madeWith(t.archive, jobId);

  /** a queue as the app builds one: a job's options come from the settings of the moment it is queued */
  const appQueue = (settings: () => JobOptions, extra: JobQueueOptions = {}) =>
    new AnalysisJobs(t.archive, { openBackend: openInProcess, backend: { threads: 1 }, jobOptions: settings, batchSize: 4, ...extra });

  beforeAll(async () => {
    ({ t, n, k4 } = await k4Archive(CINC().slice(0, 8), 'ecg-tlc-job-keeps-'));
  });
  afterAll(() => t?.cleanup());

  it('stopped midway, resumed under other settings: every study analysed with k4 and 2 passes', async () => {
    let settings: JobOptions = { clusterDir: k4.clusterDir, mcPasses: 2 };
    let stopping: Promise<void> | undefined;
    const first: AnalysisJobs = appQueue(() => settings, { onProgress: (p) => void (p.done >= 4 && (stopping ??= first.stop())) });
    const queued = first.enqueue({ selection: { query: {} }, model: modelIdentity(t.modelDir, k4.clusterDir), actor: 'tester' });
    expect(queued.options).toEqual({ clusterDir: k4.clusterDir, mcPasses: 2 });
    const stopped = await first.run(queued.id);
    await stopping;
    expect(stopped).toMatchObject({ state: 'running', counts: { done: 4, queued: n - 4 } });

    settings = {}; // the user goes back to the package's own cluster model and no passes
    const asked: Array<string | undefined> = [];
    const second = appQueue(() => settings, { clusterDirFor: (_m, queuedWith) => (asked.push(queuedWith), queuedWith) });
    expect(second.pending().map((j) => j.id)).toEqual([queued.id]);
    second.start();
    await second.idle();
    await second.stop();
    expect(t.archive.jobs.get(queued.id)).toMatchObject({ state: 'done', counts: { done: n, failed: 0 } });
    expect(asked).toEqual([k4.clusterDir]);
    const rows = made(queued.id);
    expect(rows).toHaveLength(n);
    expect(rows.filter((r) => r.mcPasses === 2 && r.clusterModel === k4.key && r.k === 4 && r.mcEntropy && r.provider === 'cpu')).toHaveLength(n);
  });

  it('a job that kept no options (an archive from schema version 2) runs with the resuming queue\'s', async () => {
    const model = modelIdentity(t.modelDir);
    const old = appQueue(() => ({})).enqueue({ selection: { ids: [1, 2] }, model, force: true, actor: 'tester' });
    t.archive.db.prepare('UPDATE jobs SET options = NULL WHERE id = ?').run(old.id);
    expect(t.archive.jobs.get(old.id)!.options).toBeUndefined();
    const q = appQueue(() => ({ mcPasses: 2 }));
    expect((await q.run(old.id)).state).toBe('done');
    expect(made(old.id)).toEqual([1, 2].map((study) => ({ study, mcPasses: 2, provider: 'cpu', clusterModel: model.clusterModel, k: 6, mcEntropy: true })));
  });
});
