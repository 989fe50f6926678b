/**
 * `ecg-tlc analyze --db` (batch mode), `cohort`, `triage` and `overread` in-process over a fresh archive of the
 * real CinC fixtures with the real model (cluster model fitted into a temporary copy): summaries, JSON, resume,
 * skipping current studies, and usage errors.
 */
import { hostname, userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelIdentity } from '../../../src-main/analysis/model-identity.js';
import type { CohortStats } from '../../../src-main/analysis/cohort-stats.js';
import type { TriageList } from '../../../src-main/analysis/triage.js';
import type { JobReport } from '../../../src-main/cli/commands/analyze-db.js';
import { openArchive } from '../../../src-main/store/archive.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { testArchive, type TestArchive } from '../analysis/analysed-archive.js';
import { runCli } from './capture-cli.js';

const run = runCli;

describe.skipIf(!hasShared('fixtures', 'cinc'))('ecg-tlc analyze --db, cohort, triage, overread', () => {
  let t: TestArchive;
  let n: number;
  beforeAll(async () => {
    t = await testArchive();
    n = t.archive.studies.count();
    t.archive.close(); // the commands open the archive themselves
  });
  afterAll(() => t?.cleanup());

  it('analyses the selected studies as a job, then skips them as current', async () => {
    const first = await run('analyze', '--db', t.dbPath, '--model', t.modelDir, '--search', 'HR0000', '--threads', '1');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^Job 1 done: 9 of 9 studies analysed, 0 failed, 0 skipped .* model tlc-resnet1d-small-v1 1\.0\.0 \(sha256 [0-9a-f]{12}…\), cluster model \d{4}-/m);
    expect(first.out).toMatch(/not a diagnosis/);
    const all = await run('analyze', '--db', t.dbPath, '--model', t.modelDir, '--json', '--batch', '16', '--threads', '1');
    expect(all.code, all.err).toBe(0);
    const report = JSON.parse(all.out) as { jobs: JobReport[] };
    expect(report.jobs[0]!.job).toMatchObject({ id: 2, state: 'done', total: n - 9, skipped: 9, counts: { done: n - 9, failed: 0 } });
    const again = await run('analyze', '--db', t.dbPath, '--model', t.modelDir);
    expect(again.out).toMatch(new RegExp(`^Job 3 done: 0 of 0 studies analysed, 0 failed, ${n} skipped`, 'm'));
  });

  it('--resume runs a job an interruption left behind; usage errors exit 2', async () => {
    const archive = openArchive(t.dbPath);
    const job = archive.jobs.enqueue({ model: modelIdentity(t.modelDir), selection: { ids: [5, 6, 7] }, force: true, actor: 'ctrl-c' });
    archive.jobs.claim(job.id, `${hostname()}:2147483646:dead`, () => true);
    archive.jobs.takeBatch(job.id, 2);
    archive.close();
    const interrupted = await run('analyze', '--db', t.dbPath, '--model', t.modelDir, '--force', '--search', 'E0750');
    expect(interrupted.err).toMatch(new RegExp(`job ${job.id} was interrupted or queued earlier`));
    const resumed = await run('analyze', '--db', t.dbPath, '--resume', '--threads', '1');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(new RegExp(`^Job ${job.id} done: 3 of 3 studies analysed`, 'm'));
    expect((await run('analyze', '--db', t.dbPath, '--resume')).err).toMatch(/no interrupted or queued analysis job/);

    expect((await run('analyze')).code).toBe(2);
    expect((await run('analyze', fixture('cinc', 'HR00001.hea'), '--force')).err).toMatch(/--force apply to the archive batch mode/);
    expect((await run('analyze', fixture('cinc', 'HR00001.hea'), '--min-age', '3')).err).toMatch(/--min-age apply/);
    expect((await run('analyze', '--db', t.dbPath, '--resume', '--force')).code).toBe(2);
    expect((await run('analyze', '--db', t.dbPath, '--analysed', '--not-analysed')).code).toBe(2);
  });

  it('cohort prints the class table, agreement and uncertainty; --json gives the statistics with study ids', async () => {
    const text = await run('cohort', '--db', t.dbPath);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(new RegExp(`^${n} studies selected, ${n} analysed; grouped by called classes`, 'm'));
    for (const c of ['NORM', 'MI', 'STTC', 'CD', 'HYP']) expect(text.out).toMatch(new RegExp(`^${c} +\\d+ `, 'm'));
    expect(text.out).toMatch(/Surrogate agrees with the CNN on every class for \d+ of \d+ studies/);
    expect(text.out).toMatch(/^ {2}c5 /m);
    const json = JSON.parse((await run('cohort', '--db', t.dbPath, '--json', '--group-by', 'label', '--format', 'cinc')).out) as CohortStats;
    expect(json).toMatchObject({ groupBy: 'label', analysed: n, clusterModel: { k: 6 } });
    // 3 fixtures' labels do not map to a superclass (see label-map.test.ts)
    expect(json.unassigned.count).toBe(3);
    expect((await run('cohort', '--db', t.dbPath, '--group-by', 'nope')).code).toBe(2);
  });

  it('triage lists the studies to read first', async () => {
    const unc = await run('triage', '--db', t.dbPath, '--kind', 'uncertainty', '--limit', '3');
    expect(unc.code, unc.err).toBe(0);
    expect(unc.out.split('\n')).toHaveLength(5);
    expect(unc.out).toMatch(/mean cluster uncertainty 0\.\d{3}/);
    const label = JSON.parse((await run('triage', '--db', t.dbPath, '--kind', 'label', '--json')).out) as TriageList;
    expect(label.items.length).toBe(Math.min(50, label.total!));
    expect(label.items.every((i) => i.reason.startsWith('stored label '))).toBe(true);
    expect((await run('triage', '--db', t.dbPath)).code).toBe(2);
  });

  it('overread records the decision as the OS user and shows the trail', async () => {
    const me = userInfo().username;
    const ok = await run('overread', '--db', t.dbPath, '--study', '1', '--status', 'confirmed', '--comment', 'agree');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(new RegExp(`^Study 1 confirmed by ${me} at \\d{4}-.*\\(agree\\)$`));
    expect((await run('overread', '--db', t.dbPath, '--study', '1', '--status', 'edited')).code).toBe(2);
    const trail = await run('overread', '--db', t.dbPath, '--study', '1');
    expect(trail.out).toMatch(new RegExp(`^Study 1: confirmed by ${me}`));
    expect(trail.out).toMatch(/import\b/);
    expect(trail.out).toMatch(/overread:confirmed/);
    expect((await run('overread', '--db', t.dbPath, '--study', '9999', '--status', 'rejected')).code).toBe(1);
  });
});
