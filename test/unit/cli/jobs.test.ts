/**
 * A batch job keeps its options, and `ecg-tlc jobs` lists and cancels jobs: on a fresh archive of the 60 real CinC
 * fixtures with the real model. `analyze --db --clusters k4 --mc-passes 2` runs in a child process, SIGKILLed
 * midway; `--resume` without flags finishes it with the same cluster model and passes for every study (the
 * analyses' settings and cluster_model_version columns say so); contradicting flags are refused naming the job and
 * the option. `jobs --cancel` stops a job running in another process after its batch in flight. `list` marks the
 * analyses of the other cluster model stale.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelIdentity } from '../../../src-main/analysis/model-identity.js';
import type { Job } from '../../../src-main/store/job-repository.js';
import type { StudyPage } from '../../../src-main/store/study-query.js';
import { hasShared } from '../../helpers/shared.js';
import { runTsxChild, type ChildEnd, type ChildTrigger } from '../../helpers/tsx-child.js';
import { CINC, type TestArchive } from '../analysis/analysed-archive.js';
import { k4Archive, madeWith, type K4Archive } from '../analysis/other-clusters.js';
import { runCli } from './capture-cli.js';

const CHILD = fileURLToPath(new URL('./cli-child.ts', import.meta.url));

/**
 * Runs `ecg-tlc ARGS` in a child process and, once the archive holds `after` analysed studies of job `jobId`,
 * calls `then` with the child (to kill it, or cancel its job from here).
 */
function runChild(dbPath: string, jobId: number, after: number, args: string[], then: ChildTrigger['then']): Promise<ChildEnd> {
  const reader = new Database(dbPath, { readonly: true, fileMustExist: true });
  const done = reader.prepare(`SELECT count(*) FROM job_items WHERE job_id = ? AND state = 'done'`).pluck();
  return runTsxChild(CHILD, args, { reached: () => (done.get(jobId) as number) >= after, then, pollMs: 20 }).finally(() => reader.close());
}

describe.skipIf(!hasShared('fixtures', 'cinc'))('a job keeps its options; ecg-tlc jobs lists and cancels', () => {
  let t: TestArchive;
  let n: number;
  let k4: K4Archive['k4'];
  const analysesOf = (jobId: number) => madeWith(t.archive, jobId);

  beforeAll(async () => {
    ({ t, n, k4 } = await k4Archive(CINC(), 'ecg-tlc-job-options-'));
  });
  afterAll(() => t?.cleanup());

  it('a job with --clusters and --mc-passes 2, killed midway, resumes without flags with the same options for every study', async () => {
    expect(k4.key).not.toBe(modelIdentity(t.modelDir).clusterModel);
    const killed = await runChild(t.dbPath, 1, 4, ['analyze', '--db', t.dbPath, '--model', t.modelDir, '--clusters', k4.clusterDir, '--mc-passes', '2', '--batch', '4', '--threads', '1'], (c) => {
      c.kill('SIGKILL');
    });
    expect(killed.signal, killed.err).toBe('SIGKILL');
    const crashed = t.archive.jobs.get(1)!;
    expect(crashed).toMatchObject({ state: 'running', options: { clusterDir: k4.clusterDir, provider: 'cpu', mcPasses: 2 }, model: { clusterModel: k4.key } });
    expect(crashed.counts.done).toBeGreaterThanOrEqual(4);
    expect(crashed.counts.done).toBeLessThan(n);

    // flags that contradict the job's options are refused, naming the job and the option; filters too
    const more = await runCli('analyze', '--db', t.dbPath, '--resume', '--mc-passes', '5');
    expect(more.code).toBe(2);
    expect(more.err).toContain('job 1 keeps 2 Monte-Carlo passes; --mc-passes 5 says otherwise');
    expect(more.err).toContain(`cancel the job (ecg-tlc jobs --db ${t.dbPath} --cancel 1)`);
    const own = await runCli('analyze', '--db', t.dbPath, '--resume', '--clusters', t.modelDir, '--provider', 'auto');
    expect(own.code).toBe(2);
    expect(own.err).toContain(`job 1 keeps its clusters ${k4.clusterDir}; --clusters ${t.modelDir} says otherwise`);
    expect(own.err).toContain('job 1 keeps provider cpu; --provider auto says otherwise');
    expect((await runCli('analyze', '--db', t.dbPath, '--resume', '--search', 'HR')).err).toMatch(/filters select the studies of a new job/);
    expect(t.archive.jobs.get(1)!.counts.done).toBe(crashed.counts.done); // nothing ran

    const resumed = await runCli('analyze', '--db', t.dbPath, '--resume', '--threads', '1');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(new RegExp(`^Job 1 done: ${n} of ${n} studies analysed, 0 failed.*cluster model ${k4.key}$`, 'm'));
    expect(resumed.out).toContain(`  options: clusters ${k4.clusterDir}, provider cpu, 2 Monte-Carlo passes`);
    const stored = analysesOf(1);
    expect(stored.map((a) => a.study)).toEqual(t.archive.db.prepare('SELECT id FROM studies ORDER BY id').pluck().all());
    expect(stored.filter((a) => a.mcPasses === 2 && a.provider === 'cpu' && a.clusterModel === k4.key && a.k === 4 && a.mcEntropy)).toHaveLength(n);

    // the same flags as the first command line are accepted (nothing left to resume then)
    const same = await runCli('analyze', '--db', t.dbPath, '--resume', '--model', t.modelDir, '--clusters', k4.clusterDir, '--mc-passes', '2', '--provider', 'cpu');
    expect(same.code, same.err).toBe(0);
    expect(same.err).toMatch(/no interrupted or queued analysis job/);
  });

  it('jobs lists each job with its options and counts; --json gives them whole', async () => {
    const text = await runCli('jobs', '--db', t.dbPath);
    expect(text.code, text.err).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[0]).toMatch(/^ID +State +Created +Done\/total +Failed +Model +Options$/);
    expect(lines[1]).toMatch(new RegExp(`^1 +done +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +${n}/${n} +0 +tlc-resnet1d-small-v1 1\\.0\\.0 +clusters ${k4.clusterDir}, provider cpu, 2 Monte-Carlo passes \\(cluster model ${k4.key}\\)$`));
    const json = JSON.parse((await runCli('jobs', '--db', t.dbPath, '--json')).out) as { jobs: Job[] };
    expect(json.jobs).toHaveLength(1);
    expect(json.jobs[0]).toMatchObject({ id: 1, state: 'done', total: n, counts: { done: n, failed: 0 }, options: { clusterDir: k4.clusterDir, provider: 'cpu', mcPasses: 2 } });
    expect((await runCli('jobs', '--db', join(t.dir, 'none.db'))).code).toBe(1);
  });

  it('jobs --cancel stops a job another process is running after its batch in flight; it is not resumed', async () => {
    let cancel: Awaited<ReturnType<typeof runCli>> | undefined;
    const child = await runChild(t.dbPath, 2, 4, ['analyze', '--db', t.dbPath, '--model', t.modelDir, '--force', '--mc-passes', '2', '--batch', '4', '--threads', '1'], async () => {
      cancel = await runCli('jobs', '--db', t.dbPath, '--cancel', '2');
    });
    expect(cancel!.code, cancel!.err).toBe(0);
    expect(cancel!.out).toMatch(/^Job 2 cancelled: \d+ of \d+ studies analysed keep their analyses, \d+ left unanalysed/);
    // the runner saw the cancel before its next batch: it ended the command with the job cancelled, exit 1
    expect(child.code, child.err).toBe(1);
    expect(child.out).toMatch(/^Job 2 cancelled: \d+ of \d+ studies analysed/m);
    const job = t.archive.jobs.get(2)!;
    expect(job.state).toBe('cancelled');
    expect(job.counts.done).toBeGreaterThanOrEqual(4);
    expect(job.counts.done).toBeLessThan(n);
    expect(job.counts.done % 4 === 0 || job.counts.done === n).toBe(true); // whole batches only
    expect(job.options).toEqual({ provider: 'cpu', mcPasses: 2 });
    expect(analysesOf(2)).toHaveLength(job.counts.done);
    expect(t.archive.audit.latest(20).find((a) => a.entity === 'job' && a.entityId === 2 && a.action === 'analysis-cancelled')).toBeDefined();
    expect((await runCli('analyze', '--db', t.dbPath, '--resume')).err).toMatch(/no interrupted or queued analysis job/);

    const again = await runCli('jobs', '--db', t.dbPath, '--cancel', '2');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/job 2 is cancelled; only queued, running or paused jobs can be cancelled/);
    const none = await runCli('jobs', '--db', t.dbPath, '--cancel', '99');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no analysis job 99 in this archive/);
    expect((await runCli('jobs', '--db', t.dbPath, '--cancel', 'two')).code).toBe(2);
    expect((await runCli('jobs', '--db', t.dbPath, '--limit', '0')).code).toBe(2);
  });
});

// its own archive, so that it stands whatever the jobs above did: two whole (unkilled) jobs of a few seconds each
describe.skipIf(!hasShared('fixtures', 'cinc'))('ecg-tlc list marks analyses of another cluster model stale', () => {
  let t: TestArchive;
  let n: number;
  let k4: K4Archive['k4'];

  beforeAll(async () => {
    ({ t, n, k4 } = await k4Archive(CINC(), 'ecg-tlc-job-stale-'));
  });
  afterAll(() => t?.cleanup());

  it('list marks the analyses made with another cluster model than the one named as stale', async () => {
    // job 1: every study with the k4 clusters; job 2: the 20 JS studies again with the package's own clusters
    const all = await runCli('analyze', '--db', t.dbPath, '--model', t.modelDir, '--clusters', k4.clusterDir, '--threads', '1');
    expect(all.code, all.err).toBe(0);
    const js = await runCli('analyze', '--db', t.dbPath, '--model', t.modelDir, '--search', 'JS', '--threads', '1');
    expect(js.code, js.err).toBe(0);
    const jsNames = CINC().filter((f) => f.startsWith('JS'));
    expect(jsNames).toHaveLength(20);
    const fileOf = new Map((t.archive.db.prepare('SELECT id, file_name FROM studies').all() as Array<{ id: number; file_name: string }>).map((r) => [r.id, r.file_name]));
    expect(madeWith(t.archive, 1).filter((a) => a.clusterModel === k4.key)).toHaveLength(n);
    const own = madeWith(t.archive, 2);
    expect(own.map((a) => fileOf.get(a.study)).sort()).toEqual(jsNames);
    expect(own.every((a) => a.clusterModel === modelIdentity(t.modelDir).clusterModel)).toBe(true);

    const withK4 = JSON.parse((await runCli('list', '--db', t.dbPath, '--model', t.modelDir, '--clusters', k4.clusterDir, '--json', '--sort', 'imported:asc', '--limit', '100')).out) as StudyPage;
    expect(withK4.items).toHaveLength(n);
    expect(withK4.items.map((s) => [s.fileName, s.analysis?.stale?.reason ?? 'current'])).toEqual(
      withK4.items.map((s) => [s.fileName, s.fileName.startsWith('JS') ? 'cluster-model' : 'current']),
    );
    const staleJs = withK4.items.find((s) => s.fileName.startsWith('JS'))!;
    expect(staleJs.analysis!.stale).toEqual({ reason: 'cluster-model', modelId: 'tlc-resnet1d-small-v1', modelVersion: '1.0.0', clusterModel: modelIdentity(t.modelDir).clusterModel });
    const text = await runCli('list', '--db', t.dbPath, '--model', t.modelDir, '--limit', '100', '--sort', 'imported:asc');
    expect(text.code, text.err).toBe(0);
    const rows = text.out.split('\n');
    expect(rows.filter((r) => /^\d+ .* (NORM|MI|STTC|CD|HYP) \d\.\d\d stale /.test(r))).toHaveLength(n - 20);
    expect(text.out).toContain(`stale: analysed with another cluster model (${n - 20}) than tlc-resnet1d-small-v1 1.0.0, cluster model ${modelIdentity(t.modelDir).clusterModel}`);
  });
});
