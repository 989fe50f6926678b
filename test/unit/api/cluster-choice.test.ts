/**
 * The settings' cluster model and provider reach the analyses: a package with its own cluster model (k = 6) and a
 * second one fitted by `fit --out` into <data folder>/cluster-models/k4 (k = 4). Choosing k4 marks the stored
 * analyses stale at once (analysisStatus, and each worklist row with the reason), the next job opens its backend
 * with k4 and the chosen provider, and its analyses carry k4's creation time and four clusters per view; a job
 * queued with k4 still runs with k4 after the user goes back to the package's own. The CLI takes the same folder
 * with --clusters.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitReference } from '../../../src-main/analysis/fit-reference.js';
import { modelIdentity } from '../../../src-main/analysis/model-identity.js';
import { fromStored } from '../../../src-main/analysis/stored-analysis.js';
import { openInProcess, type BackendOptions } from '../../../src-main/analysis/backend.js';
import type { AnalysisJob, AnalysisStatus } from '../../../src-main/api/contract/analysis.js';
import type { AppInfo } from '../../../src-main/api/contract/app.js';
import type { SettingsView } from '../../../src-main/api/contract/settings.js';
import type { StudyDetail, StudyPage } from '../../../src-main/api/contract/studies.js';
import { createApi, type Api } from '../../../src-main/api/create-api.js';
import { SettingsFile } from '../../../src-main/api/services/settings-file.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { CINC, REFERENCE, testArchive, type TestArchive } from '../analysis/analysed-archive.js';
import { runCli } from '../cli/capture-cli.js';

describe.skipIf(!hasShared('fixtures', 'cinc'))('choosing the cluster model and provider in settings', () => {
  let t: TestArchive;
  let api: Api;
  let k4: string;
  let k4CreatedAt: string;
  const opened: BackendOptions[] = [];
  const call = <T>(method: string, args: unknown = {}) => api.dispatch(method, args) as Promise<T>;
  /** clusterModel and K of each view of every study's latest analysis */
  const latest = () =>
    Array.from({ length: t.archive.studies.count() }, (_, i) => {
      const a = fromStored(t.archive.analyses.latest(i + 1)!);
      return { clusterModel: a.clusterModel, ks: [...new Set(a.explanation!.views.map((v) => v.k))], explainedWith: a.explanation!.clusterModelCreatedAt };
    });
  /** the length of each class's per-ECG drivers as getStudy gives them (one per cluster of the default view) */
  const drivers = async (id: number) => (await call<StudyDetail>('getStudy', { id })).explanation!.explanation.surrogate!.drivers.map((d) => d.local?.length);
  /** the worklist's stale mark of each study, in id order */
  const staleMarks = async () => (await call<StudyPage>('listStudies', { sort: 'imported', direction: 'asc' })).items.map((s) => s.analysis?.stale);
  const analyse = async (args: unknown = {}) => {
    const { job } = await call<{ job: AnalysisJob }>('analyzeStudies', args);
    await api.analysis.queue.idle();
    return call<AnalysisJob>('getJob', { id: job.id });
  };

  beforeAll(async () => {
    t = await testArchive(CINC().slice(0, 4), 'ecg-tlc-cluster-choice-');
    k4 = join(t.dir, 'cluster-models', 'k4');
    mkdirSync(k4, { recursive: true });
    const files = REFERENCE().slice(0, 10).map((f) => fixture('cinc', f));
    const fitted = await fitReference({ modelDir: t.modelDir, records: () => files.map((f) => readEcgFile(f)), description: 'test: 10 Georgia CinC fixtures', k: 4, seed: 11, outDir: k4 });
    k4CreatedAt = fitted.clusters.fittedOn.createdAt;
    const info: AppInfo = { name: 'ECG TLC Workstation', version: '0.0.0-test', dataDir: t.dir, dbPath: t.dbPath, platform: process.platform, versions: { node: process.versions.node } };
    api = createApi({
      info,
      archive: t.archive,
      settings: new SettingsFile(t.dir),
      checkResults: true,
      analysis: {
        modelDir: t.modelDir,
        backend: { threads: 1 },
        openBackend: (o) => {
          opened.push(o);
          return openInProcess(o);
        },
      },
    });
  });
  afterAll(async () => {
    await api?.analysis.queue.stop();
    t?.cleanup();
  });

  it('analyses with the package\'s own cluster model until another is chosen', async () => {
    const own = modelIdentity(t.modelDir).clusterModel!;
    expect(own).not.toBe(k4CreatedAt);
    expect((await analyse()).state).toBe('done');
    expect(latest()).toEqual(Array(4).fill({ clusterModel: own, ks: [6], explainedWith: own }));
    expect(opened.at(-1)).toEqual({ threads: 1, modelDir: t.modelDir });
    expect(await drivers(1)).toEqual(Array(5).fill(6));

    const view = await call<SettingsView>('getSettings');
    expect(view.models.clusterModels).toEqual([
      expect.objectContaining({ ok: true, name: 'k4', dir: k4, surrogate: true, views: expect.arrayContaining([{ view: 'combined', k: 4 }]), fittedOn: expect.objectContaining({ createdAt: k4CreatedAt, ecgs: 10 }) }),
    ]);
    expect(view.models.lastRun).toMatchObject({ provider: 'cpu', modelId: 'tlc-resnet1d-small-v1' });
  });

  it('choosing k4 and a provider: stale at once, then the next job uses both', async () => {
    const chosen = await call<SettingsView>('setSettings', { clusterDir: k4, provider: 'auto' });
    expect(chosen.models.current).toMatchObject({ ok: true, clusterModel: k4CreatedAt });
    expect(await call<AnalysisStatus>('analysisStatus')).toMatchObject({ total: 4, current: 0, stale: 4 });
    // the worklist rows say so too, and why: same weights, the package's own cluster model
    const own = modelIdentity(t.modelDir);
    expect(await staleMarks()).toEqual(Array(4).fill({ reason: 'cluster-model', modelId: own.id, modelVersion: own.version, clusterModel: own.clusterModel }));

    const job = await analyse();
    expect(job).toMatchObject({ state: 'done', done: 4, model: { clusterModel: k4CreatedAt } });
    expect(opened.at(-1)).toEqual({ threads: 1, provider: 'auto', clusterDir: k4, modelDir: t.modelDir });
    expect(latest()).toEqual(Array(4).fill({ clusterModel: k4CreatedAt, ks: [4], explainedWith: k4CreatedAt }));
    expect(await call<AnalysisStatus>('analysisStatus')).toMatchObject({ current: 4, stale: 0 });
    expect(await staleMarks()).toEqual(Array(4).fill(undefined));
    // what actually ran: auto tries the platform's accelerator first and records the provider that opened
    const { lastRun } = (await call<SettingsView>('getSettings')).models;
    expect(fromStored(t.archive.analyses.latest(1)!).provider).toBe(lastRun!.provider);
  });

  it('a job queued with k4 and auto runs with both after the choice goes back to the package\'s own and cpu', async () => {
    const queued = api.analysis.queue.enqueue({ selection: { ids: [1, 2] }, model: api.analysis.identity(t.modelDir, true), force: true, actor: 'test' });
    const back = await call<SettingsView>('setSettings', { clusterDir: null, provider: 'cpu' });
    expect(back.models.current).toMatchObject({ clusterModel: modelIdentity(t.modelDir).clusterModel });
    api.analysis.queue.start();
    await api.analysis.queue.idle();
    expect(await call<AnalysisJob>('getJob', { id: queued.id })).toMatchObject({ state: 'done', done: 2 });
    // the job keeps the provider it was queued with too (auto), not the choice of the moment (cpu)
    expect(opened.at(-1)).toEqual({ threads: 1, provider: 'auto', clusterDir: k4, modelDir: t.modelDir });
    expect(latest().slice(0, 2)).toEqual(Array(2).fill({ clusterModel: k4CreatedAt, ks: [4], explainedWith: k4CreatedAt }));
    expect(await call<AnalysisStatus>('analysisStatus')).toMatchObject({ current: 0, stale: 4 });
    expect((await staleMarks()).map((m) => m?.clusterModel)).toEqual(Array(4).fill(k4CreatedAt));
    // per-ECG drivers come from the surrogate that made the analysis: k4's, found in cluster-models/k4 though the
    // choice is the package's own again
    expect(await drivers(1)).toEqual(Array(5).fill(4));
  });

  it('ecg-tlc explain and analyze --db take the folder with --clusters', async () => {
    const explained = await runCli('explain', '--db', t.dbPath, '--study', '3', '--model', t.modelDir, '--clusters', k4, '--json');
    expect(explained.code, explained.err).toBe(0);
    const a = JSON.parse(explained.out) as { clusterModel: string; explanation: { views: Array<{ k: number }> } };
    expect(a.clusterModel).toBe(k4CreatedAt);
    expect(a.explanation.views.map((v) => v.k)).toEqual([4, 4, 4, 4]);
    // every study holds a k4 analysis now: the package's own cluster model makes them stale, k4 current again
    const own = await runCli('analyze', '--db', t.dbPath, '--model', t.modelDir, '--threads', '1');
    expect(own.out).toMatch(new RegExp(`^Job \\d+ done: 4 of 4 studies analysed, 0 failed, 0 skipped .*cluster model ${modelIdentity(t.modelDir).clusterModel}`, 'm'));
    const analysed = await runCli('analyze', '--db', t.dbPath, '--model', t.modelDir, '--clusters', k4, '--threads', '1');
    expect(analysed.code, analysed.err).toBe(0);
    expect(analysed.out).toMatch(new RegExp(`^Job \\d+ done: 4 of 4 studies analysed, 0 failed, 0 skipped .*cluster model ${k4CreatedAt}`, 'm'));
    expect(latest()).toEqual(Array(4).fill({ clusterModel: k4CreatedAt, ks: [4], explainedWith: k4CreatedAt }));
    const empty = join(t.dir, 'cluster-models', 'empty');
    mkdirSync(empty);
    const refused = await runCli('explain', '--db', t.dbPath, '--study', '3', '--model', t.modelDir, '--clusters', empty);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`${empty}: no clusters.json in this folder`);
    expect((await runCli('analyze', fixture('cinc', CINC()[0]!), '--clusters', k4)).err).toMatch(/--clusters apply to the archive batch mode/);
  });
});
