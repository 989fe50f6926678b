/**
 * The analysis API end to end over one archive of the real CinC fixtures, analysed once by a job through the
 * API (inference in a worker thread, as in the app): job progress and status, getAnalysis and getStudy, the
 * overread workflow and its append-only audit trail, cohort statistics and triage lists checked against the
 * stored analyses, serial comparison, PDF export, staleness, cancel, and resume at launch.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelIdentity } from '../../../src-main/analysis/model-identity.js';
import { fromStored, type StoredAnalysis as Stored } from '../../../src-main/analysis/stored-analysis.js';
import type { AnalysisJob, AnalysisProgress, AnalysisStatus } from '../../../src-main/api/contract/analysis.js';
import type { CohortStats, TriageList } from '../../../src-main/api/contract/cohort.js';
import type { Comparison } from '../../../src-main/api/contract/compare.js';
import type { AuditTrail } from '../../../src-main/api/contract/overread.js';
import type { OverreadState } from '../../../src-main/api/contract/overread-state.js';
import type { StoredAnalysis } from '../../../src-main/api/contract/stored-analysis.js';
import type { StudyDetail } from '../../../src-main/api/contract/studies.js';
import type { AppInfo } from '../../../src-main/api/contract/app.js';
import { createApi, type Api } from '../../../src-main/api/create-api.js';
import { launchApi } from '../../../src-main/api/launch.js';
import { SettingsFile } from '../../../src-main/api/services/settings-file.js';
import { hasShared } from '../../helpers/shared.js';
import { testArchive, type TestArchive } from '../analysis/analysed-archive.js';
import { hasPoppler, pdftotext } from '../report/pdf-content.js';

const READER = 'Dr. Test Reader';

describe.skipIf(!hasShared('fixtures', 'cinc'))('analysis API', () => {
  let t: TestArchive;
  let api: Api;
  let n: number;
  const progress: AnalysisProgress[] = [];
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  /** every study's latest analysis, read straight from the store */
  let stored: Stored[];
  const call = <T>(method: string, args: unknown = {}) => api.dispatch(method, args) as Promise<T>;

  beforeAll(async () => {
    process.on('warning', onWarning);
    t = await testArchive();
    n = t.archive.studies.count();
    const info: AppInfo = { name: 'ECG TLC Workstation', version: '0.0.0-test', dataDir: t.dir, dbPath: t.dbPath, platform: process.platform, versions: { node: process.versions.node } };
    api = createApi({ info, archive: t.archive, settings: new SettingsFile(t.dir), checkResults: true, analysis: { modelDir: t.modelDir, backend: { threads: 1 }, actor: () => READER } });
    api.events.on('analysis:progress', (p) => progress.push(p));
    const { job } = await call<{ job: AnalysisJob }>('analyzeStudies', {});
    expect(job).toMatchObject({ state: 'queued', total: n, done: 0, remaining: n, actor: READER, selection: { by: 'query' } });
    await api.analysis.queue.idle();
    stored = Array.from({ length: n }, (_, i) => fromStored(t.archive.analyses.latest(i + 1)!));
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await api?.analysis.queue.stop();
    t?.cleanup();
  });

  it('runs the job in a worker thread with progress events, and reports it done', async () => {
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ state: 'done', done: n, total: n, remaining: 0, failed: 0 });
    expect(progress.some((p) => p.state === 'running' && p.etaSeconds !== undefined && p.rate > 0)).toBe(true);
    // inference ran in the worker thread: no fallback to the main thread was announced
    expect(warnings.filter((w) => /main thread/.test(w))).toEqual([]);
    const job = await call<AnalysisJob>('getJob', { id: last.jobId });
    expect(job).toMatchObject({ state: 'done', done: n, remaining: 0, model: { id: 'tlc-resnet1d-small-v1' } });
    expect(job.rate).toBeUndefined();
    const { jobs } = await call<{ jobs: AnalysisJob[] }>('listJobs', { states: ['done'] });
    expect(jobs.map((j) => j.id)).toEqual([job.id]);
    await expect(call('getJob', { id: 999 })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call('analyzeStudies', { ids: [1], query: {} })).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(call('analyzeStudies', { model: '../x' })).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(call('analyzeStudies', { model: 'no-such-model' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a second request skips the current studies; analysisStatus counts them current', async () => {
    const { job } = await call<{ job: AnalysisJob }>('analyzeStudies', { query: { formats: ['cinc'] } });
    expect(job).toMatchObject({ state: 'done', total: 0, skipped: n });
    const status = await call<AnalysisStatus>('analysisStatus', { staleIds: 10 });
    expect(status).toMatchObject({ total: n, current: n, stale: 0, unanalysed: 0, staleIds: [] });
    expect(status.versions).toEqual([expect.objectContaining({ studies: n, current: true, clusterModel: modelIdentity(t.modelDir).clusterModel })]);
  });

  it('getAnalysis and getStudy give the stored analysis, its explanation with legend, and our intervals', async () => {
    const a = (await call<StoredAnalysis>('getAnalysis', { studyId: 1 }))!;
    expect(a).toMatchObject({ studyId: 1, stale: false, probabilities: stored[0]!.probabilities, predicted: stored[0]!.predicted });
    expect(a.legend!.map((l) => l.view)).toEqual(a.explanation!.views.map((v) => v.view));
    const d = await call<StudyDetail>('getStudy', { id: 1 });
    expect(d.analysis).toMatchObject({ id: a.id, uncertainty: a.uncertainty, intervals: a.intervals });
    expect(d.analysis).not.toHaveProperty('explanation');
    expect(d.explanation!.explanation).toEqual(a.explanation);
    // the per-ECG drivers are not stored; the API computes them from the stored proportions with the surrogate
    const main = a.explanation!.views.find((v) => v.view === a.explanation!.defaultView)!;
    expect(stored[0]!.explanation!.surrogate!.drivers.every((dr) => dr.local === undefined)).toBe(true);
    expect(a.explanation!.surrogate!.drivers.map((dr) => dr.local?.length)).toEqual(a.explanation!.classes.map(() => main.k));
    expect(a.explanation!.surrogate!.probabilities).toEqual(stored[0]!.explanation!.surrogate!.probabilities);
    expect(d.measured).toEqual({ source: 'analysis', intervals: a.intervals });
    expect(d.overread).toEqual({ status: 'unconfirmed' });
    await expect(call('getAnalysis', { studyId: 9999 })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('overreads: confirm, edit, reject; the reader and time go to the append-only audit trail and the worklist', async () => {
    const called = stored[1]!.classes.filter((_, i) => stored[1]!.predicted[i]);
    const confirmed = await call<{ overread: OverreadState }>('setOverread', { studyId: 2, status: 'confirmed', comment: 'agree' });
    expect(confirmed.overread).toMatchObject({ status: 'confirmed', by: READER, statements: called, comment: 'agree', analysisId: stored[1]!.id });
    expect(Date.parse(confirmed.overread.at!)).toBeGreaterThan(Date.now() - 60_000);
    expect((await call<StudyDetail>('getStudy', { id: 2 })).summary.confirmed).toBe(true);
    await expect(call('setOverread', { studyId: 2, status: 'edited' })).rejects.toMatchObject({ code: 'invalid-arguments' });
    await call('setOverread', { studyId: 2, status: 'edited', statement: 'Sinus rhythm, left axis deviation' });
    await call('setOverread', { studyId: 2, status: 'rejected', comment: 'noise in V1–V3' });
    expect((await call<StudyDetail>('getStudy', { id: 2 })).summary.confirmed).toBe(false);
    expect((await call<StudyDetail>('getStudy', { id: 2 })).overread).toMatchObject({ status: 'rejected', comment: 'noise in V1–V3' });

    const trail = await call<AuditTrail>('getAuditTrail', { studyId: 2 });
    expect(trail.overreads.map((o) => o.status)).toEqual(['confirmed', 'edited', 'rejected']);
    expect(trail.overread.status).toBe('rejected');
    expect(trail.entries.map((e) => [e.action, e.actor])).toEqual([
      ['import', 'test'], ['overread:confirmed', READER], ['overread:edited', READER], ['overread:rejected', READER],
    ]);
    expect(trail.entries[2]!.details).toMatchObject({ statements: ['Sinus rhythm, left axis deviation'] });
    expect(() => t.archive.db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE entity_id = 2").run()).toThrow(/append-only/);
    expect(() => t.archive.db.prepare('DELETE FROM audit_log WHERE entity_id = 2').run()).toThrow(/append-only/);
    const page = (await call<{ items: Array<{ id: number }> }>('listStudies', { confirmed: true, limit: 100 })).items;
    expect(page.map((s) => s.id)).not.toContain(2);
  });

  it('cohortStats matches the stored analyses: class counts, proportion medians, agreement, uncertainty', async () => {
    const c = await call<CohortStats>('cohortStats', { bins: 5 });
    expect(c).toMatchObject({ selected: n, analysed: n, groupBy: 'predicted' });
    const classes = stored[0]!.classes;
    expect(c.classes.map((k) => k.class)).toEqual(classes);
    for (const [i, k] of c.classes.entries()) {
      const ids = stored.filter((s) => s.predicted[i]).map((s) => s.studyId);
      expect(k.studyIds).toEqual(ids);
      expect(k.count).toBe(ids.length);
      if (ids.length >= 1) {
        // median of cluster 0's proportion over the class, by hand: sorted middle (mean of the two middles)
        const v = stored.filter((s) => s.predicted[i]).map((s) => s.proportions![0]!).sort((x, y) => x - y);
        const mid = v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
        expect(k.proportions[0]!.median).toBeCloseTo(mid, 12);
        expect(k.proportions[0]).toMatchObject({ n: ids.length, min: v[0], max: v.at(-1) });
      }
    }
    const unassigned = stored.filter((s) => !s.predicted.some(Boolean)).map((s) => s.studyId);
    expect(c.unassigned).toEqual({ count: unassigned.length, studyIds: unassigned, idsTruncated: false });
    const agreeing = stored.filter((s) => s.surrogateAgreement === 1).length;
    expect(c.surrogate).toMatchObject({ n, agreeing });
    expect(c.surrogate.rate).toBeCloseTo(agreeing / n, 12);
    expect(c.uncertainty.histogram.map((b) => b.from)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(c.uncertainty.histogram.reduce((s, b) => s + b.count, 0)).toBe(n);
    expect(c.uncertainty.box!.max).toBe(Math.max(...stored.map((s) => s.uncertainty!)));
    expect(c.clusterModel).toMatchObject({ k: 6, studies: n, excluded: 0, view: stored[0]!.explanation!.defaultView });
    expect(c.clusterModel!.clusters.map((k) => k.id)).toEqual([0, 1, 2, 3, 4, 5]);

    const limited = await call<CohortStats>('cohortStats', { query: { text: 'HR0000' }, groupBy: 'topClass', maxIds: 2 });
    expect(limited).toMatchObject({ selected: 9, analysed: 9 });
    expect(limited.classes.reduce((s, k) => s + k.count, 0)).toBe(9);
    expect(limited.classes.every((k) => k.studyIds.length === Math.min(2, k.count) && k.idsTruncated === k.count > 2)).toBe(true);
  });

  it('triage lists: surrogate disagreement, highest uncertainty, stored label against prediction', async () => {
    const unc = await call<TriageList>('triage', { kind: 'uncertainty', limit: 5 });
    const byUnc = [...stored].sort((a, b) => b.uncertainty! - a.uncertainty! || a.studyId - b.studyId).slice(0, 5);
    expect(unc.items.map((i) => i.summary.id)).toEqual(byUnc.map((s) => s.studyId));
    expect(unc.items[0]!.score).toBe(byUnc[0]!.uncertainty);

    const dis = await call<TriageList>('triage', { kind: 'disagreement', limit: 1000 });
    const disagreeing = stored.filter((s) => s.surrogateAgreement! < 1);
    expect(dis.items.map((i) => i.summary.id).sort((a, b) => a - b)).toEqual(disagreeing.map((s) => s.studyId));
    const scores = dis.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const label = await call<TriageList>('triage', { kind: 'label', limit: 1000 });
    expect(label.total).toBe(label.items.length);
    expect(label.items.length).toBeGreaterThan(0);
    for (const item of label.items) {
      const s = stored[item.summary.id - 1]!;
      expect(item.predicted).toEqual(s.classes.filter((_, i) => s.predicted[i]));
      expect(item.labelClasses).not.toEqual(item.predicted);
    }
    // E07500: # Dx 67741000119109 (LAE → HYP), 426177001 (SB → NORM marker): the stored label is HYP alone
    const e07500 = t.archive.queries.list({ text: 'E07500' }).items[0]!;
    const calledE = stored[e07500.id - 1]!.classes.filter((_, i) => stored[e07500.id - 1]!.predicted[i]);
    const listed = label.items.find((i) => i.summary.id === e07500.id);
    if (calledE.length === 1 && calledE[0] === 'HYP') expect(listed).toBeUndefined();
    else expect(listed).toMatchObject({ labelClasses: ['HYP'], predicted: calledE });
  });

  it('compareStudies gives both sides and the changes B − A', async () => {
    const c = await call<Comparison>('compareStudies', { a: 3, b: 4 });
    const [a, b] = [stored[2]!, stored[3]!];
    expect(c.a.summary.id).toBe(3);
    expect(c.a.intervalSource).toBe('analysis');
    const hr = c.intervals.find((d) => d.name === 'hr')!;
    expect(hr).toEqual({ name: 'hr', a: a.intervals!.hr, b: b.intervals!.hr, delta: b.intervals!.hr! - a.intervals!.hr! });
    for (const [i, cls] of a.classes.entries()) {
      expect(c.probabilities.find((d) => d.name === cls)!.delta).toBeCloseTo(b.probabilities[i]! - a.probabilities[i]!, 12);
    }
    const calledA = a.classes.filter((_, i) => a.predicted[i]);
    const calledB = b.classes.filter((_, i) => b.predicted[i]);
    expect(c.called).toEqual({ gained: calledB.filter((x) => !calledA.includes(x)), lost: calledA.filter((x) => !calledB.includes(x)) });
    expect(c.proportions!.clusters.map((k) => k.delta)).toEqual(a.proportions!.map((p, k) => b.proportions![k]! - p));
    expect(c.a.analysis!.segments!.length).toBeGreaterThan(0);
    expect(c.samePatient).toBe(false);
  });

  it('exportPdf writes the study report with its overread; refuses relative and non-PDF paths', async () => {
    const out = join(t.dir, 'out');
    mkdirSync(out);
    const path = join(out, 'study-2.pdf');
    const r = await call<{ path: string; pages: number; bytes: number }>('exportPdf', { studyId: 2, path, options: { details: true, paper: 'Letter' } });
    expect(r).toMatchObject({ path, pages: 2 });
    const pdf = readFileSync(path);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.bytes).toBe(pdf.length);
    if (hasPoppler) {
      const text = pdftotext(path);
      expect(text).toMatch(/rejected/i);
      // page 2's drivers: the per-ECG ones, filled in from the surrogate when exporting
      expect(text).toMatch(/this ECG moves p:/);
      expect(text).not.toMatch(/not known \(its surrogate is not installed\)/);
    }
    await expect(call('exportPdf', { studyId: 2, path: 'rel/x.pdf' })).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(call('exportPdf', { studyId: 2, path: join(out, 'x.sh') })).rejects.toMatchObject({ code: 'invalid-arguments' });
    expect(existsSync(join(out, 'x.sh'))).toBe(false);
  });

  it('cancelJob stops a running job; a job interrupted by a dead runner resumes at launch', async () => {
    const { job } = await call<{ job: AnalysisJob }>('analyzeStudies', { ids: [1, 2, 3, 4, 5, 6, 7, 8], force: true });
    const cancelled = await call<AnalysisJob>('cancelJob', { id: job.id });
    expect(cancelled.state).toBe('cancelled');
    await api.analysis.queue.idle();
    expect((await call<AnalysisJob>('getJob', { id: job.id })).state).toBe('cancelled');

    const model = modelIdentity(t.modelDir);
    const orphan = t.archive.jobs.enqueue({ model, selection: { ids: [10, 11, 12] }, force: true, actor: 'crashed app' });
    t.archive.jobs.claim(orphan.id, 'a-host-that-died:4242:gone', () => true);
    t.archive.jobs.takeBatch(orphan.id, 2);
    expect(t.archive.jobs.get(orphan.id)!.counts).toMatchObject({ running: 2, queued: 1 });
    // the runner's heartbeat is old: another host that stopped beating
    t.archive.db.prepare("UPDATE jobs SET heartbeat_at = '2000-01-01T00:00:00Z' WHERE id = ?").run(orphan.id);
    const launched = launchApi({ dataDir: t.dir, dbPath: t.dbPath });
    try {
      await launched.api.analysis.queue.idle();
      expect(launched.archive.jobs.get(orphan.id)).toMatchObject({ state: 'done', counts: { done: 3, running: 0, queued: 0 } });
    } finally {
      launched.close();
    }
  });
});
