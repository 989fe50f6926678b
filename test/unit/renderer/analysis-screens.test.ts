/**
 * The state behind the batch analysis bar, the overread panel, the cohort screen and the serial comparison,
 * over the real API (fresh archive of four CinC fixtures, the shipped model in its worker thread): progress
 * events drive the job to done and refresh the worklist, a confirmation lands in the audit trail, the cohort
 * and the comparison load what the API computes.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcgBridge } from '../../../src-main/api/contract/bridge.js';
import type { CohortStats } from '../../../src-main/api/contract/cohort.js';
import type { ImportSummary } from '../../../src-main/api/contract/import.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { tempApi, type TempApi } from '../api/temp-api.js';
import { bridgeOver } from './bridge-over.js';

type JobModule = typeof import('../../../src-renderer/state/analysis-job.svelte.js');
type OverreadModule = typeof import('../../../src-renderer/state/overread.svelte.js');
type CohortModule = typeof import('../../../src-renderer/state/cohort.svelte.js');
type CompareModule = typeof import('../../../src-renderer/state/compare.svelte.js');


describe.skipIf(!hasShared('fixtures', 'cinc'))('analysis, overread, cohort and compare state', () => {
  let t: TempApi;
  let bridge: EcgBridge;
  let folder: string;
  let imported: ImportSummary;

  beforeAll(async () => {
    t = tempApi();
    bridge = bridgeOver(t);
    folder = mkdtempSync(join(tmpdir(), 'ecg-tlc-analysis-screens-'));
    for (const r of ['E07500', 'E07501', 'E07502', 'E07503']) for (const ext of ['hea', 'mat']) copyFileSync(fixture('cinc', `${r}.${ext}`), join(folder, `${r}.${ext}`));
    imported = (await t.api.dispatch('importPaths', { paths: [folder] })) as ImportSummary;
  });
  afterAll(async () => {
    await t?.api.analysis.queue.stop();
    t?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('runs a batch job to done from its progress events and refreshes the worklist on results', async () => {
    const { AnalysisJobState } = (await import('../../../src-renderer/state/analysis-job.svelte.js')) as unknown as JobModule;
    let refreshes = 0;
    const job = new AnalysisJobState(bridge, () => refreshes++, 0);
    expect(job.running).toBe(false);
    await job.start(undefined);
    expect(job.error).toBeUndefined();
    await t.api.analysis.queue.idle();
    await expect.poll(() => job.job?.state).toBe('done');
    expect(job.job).toMatchObject({ total: 4, done: 4, failed: 0 });
    expect(job.fraction).toBe(1);
    expect(job.running).toBe(false);
    expect(refreshes).toBeGreaterThanOrEqual(2); // during the run and once at the end

    // all current now: a second run has nothing to do and says so
    await job.start({ text: 'E0750' });
    await expect.poll(() => job.job?.state).toBe('done');
    expect(job.job).toMatchObject({ total: 0, skipped: 4 });
  });

  it('confirms and edits an interpretation, refusing an edit without a statement', async () => {
    const { OverreadPanelState } = (await import('../../../src-renderer/state/overread.svelte.js')) as unknown as OverreadModule;
    let saved = 0;
    const o = new OverreadPanelState(bridge, () => void saved++);
    const id = imported.studyIds[0]!;
    await o.load(id);
    expect(o.trail?.overread.status).toBe('unconfirmed');
    expect(await o.decide('edited', '   ', '')).toBe(false);
    expect(o.error).toMatch(/needs its statement/);
    expect(await o.decide('confirmed', '', ' looks right ')).toBe(true);
    expect(o.trail?.overread).toMatchObject({ status: 'confirmed', comment: 'looks right' });
    expect(await o.decide('edited', 'Sinus bradycardia', '')).toBe(true);
    expect(o.trail?.overread).toMatchObject({ status: 'edited', statements: ['Sinus bradycardia'] });
    expect(o.trail?.overreads.map((x) => x.status)).toEqual(['confirmed', 'edited']);
    expect(saved).toBe(2);
    const summary = (await t.api.dispatch('listStudies', { confirmed: true })) as { items: Array<{ id: number }> };
    expect(summary.items.map((s) => s.id)).toEqual([id]);
  });

  it('loads the cohort with the studies behind each class and each triage list once', async () => {
    const { CohortState, TRIAGE_TABS } = (await import('../../../src-renderer/state/cohort.svelte.js')) as unknown as CohortModule;
    const c = new CohortState(bridge);
    await c.load(undefined);
    const direct = (await t.api.dispatch('cohortStats', { maxIds: 1000, bins: 20 })) as CohortStats;
    expect(c.stats).toEqual(direct);
    expect(c.stats!.analysed).toBe(4);
    const withStudies = c.stats!.classes.find((k) => k.count > 0)!;
    c.selectedClass = withStudies.class;
    expect(c.selected?.studyIds.length).toBe(withStudies.count);
    expect(Object.keys(c.triage)).toEqual(['disagreement']);
    for (const tab of TRIAGE_TABS) await c.showTab(tab.kind);
    expect(Object.keys(c.triage).sort()).toEqual(['disagreement', 'label', 'uncertainty']);
    expect(c.triage.uncertainty!.items.length).toBe(4);
    const scores = c.triage.uncertainty!.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('loads both sides of a comparison with their traces', async () => {
    const { CompareState } = (await import('../../../src-renderer/state/compare.svelte.js')) as unknown as CompareModule;
    const c = new CompareState(bridge);
    const [a, b] = imported.studyIds as [number, number];
    await c.load(a, b);
    expect(c.error).toBeUndefined();
    expect(c.comparison?.a.summary.id).toBe(a);
    expect(c.comparison?.b.summary.id).toBe(b);
    expect(c.a.id).toBe(a);
    expect(c.b.id).toBe(b);
    expect(c.a.signals.length).toBe(12);
    expect(c.comparison?.proportions?.clusters.length).toBeGreaterThan(1);
    await c.load(a, 999_999);
    expect(c.error).toMatch(/999999|not found/i);
  });
});

describe.skipIf(!hasShared('fixtures', 'philips'))('serial comparison order', () => {
  let t: TempApi;
  let newer: number;
  let older: number;

  beforeAll(async () => {
    t = tempApi();
    // acquired 2011-12-01 and 2010-01-19
    const r = (await t.api.dispatch('importPaths', { paths: [fixture('philips', '129DYPRG.XML'), fixture('philips', '3191723_ZZDEMOPTONLY_1-04_orig.xml')] })) as ImportSummary;
    [newer, older] = r.studyIds as [number, number];
  });
  afterAll(() => t?.dispose());

  it('asked newer first, shows the older as A and asks for the comparison once, in that order', async () => {
    const { CompareState } = (await import('../../../src-renderer/state/compare.svelte.js')) as unknown as CompareModule;
    const bridge = bridgeOver(t);
    const calls: string[] = [];
    const c = new CompareState({
      invoke: (method, args) => {
        calls.push(`${method} ${JSON.stringify(args)}`);
        return bridge.invoke(method, args);
      },
    });
    await c.load(newer, older);
    expect(c.error).toBeUndefined();
    expect(c.comparison?.a.summary.acquiredAt?.slice(0, 10)).toBe('2010-01-19');
    expect(c.comparison?.b.summary.acquiredAt?.slice(0, 10)).toBe('2011-12-01');
    expect([c.a.id, c.b.id]).toEqual([older, newer]);
    expect(calls.filter((m) => m.startsWith('compareStudies'))).toEqual([`compareStudies {"a":${older},"b":${newer}}`]);
    expect(calls.filter((m) => m.startsWith('getStudy'))).toHaveLength(2);
    expect(c.key).toBe(`${newer}:${older}`);

    // already older first: kept as asked
    await c.load(older, newer);
    expect([c.comparison?.a.summary.id, c.comparison?.b.summary.id]).toEqual([older, newer]);
  });
});
