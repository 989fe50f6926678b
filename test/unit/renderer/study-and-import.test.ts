/**
 * The study viewer's and the import screen's state over the real API (fresh archive, real importer): signals
 * as Float32Array per lead, the explanation found or not, filters computed once per setting; an import with a
 * corrupt file reporting progress and the failure's reason.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyDetail } from '../../../src-main/api/contract/studies.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { tempApi, type TempApi } from '../api/temp-api.js';
import { bridgeOver } from './bridge-over.js';
import { handExplanation } from './explanation-fixture.js';

type StudyModule = typeof import('../../../src-renderer/state/study.svelte.js');
type ImportModule = typeof import('../../../src-renderer/state/import-job.svelte.js');


describe.skipIf(!hasShared('fixtures', 'cinc'))('study and import state', () => {
  let t: TempApi;
  let study: StudyModule;
  let imp: ImportModule;
  let folder: string;

  beforeAll(async () => {
    study = (await import('../../../src-renderer/state/study.svelte.js')) as unknown as StudyModule;
    imp = (await import('../../../src-renderer/state/import-job.svelte.js')) as unknown as ImportModule;
    t = tempApi();
    folder = mkdtempSync(join(tmpdir(), 'ecg-tlc-import-'));
    for (const f of ['E07501.hea', 'E07501.mat', 'E07502.hea']) copyFileSync(fixture('cinc', f), join(folder, f));
    // E07502.mat cut to its first 100 bytes: a truncated recording
    writeFileSync(join(folder, 'E07502.mat'), readFileSync(fixture('cinc', 'E07502.mat')).subarray(0, 100));
  });
  afterAll(() => {
    t.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('imports a folder with a corrupt record: progress events, one study, the failure and its reason', async () => {
    const job = new imp.ImportJob(bridgeOver(t));
    const seen: number[] = [];
    t.api.events.on('import:progress', (p) => seen.push(p.done));
    job.pathsText = `${folder}\n\n  ${folder}  \n`;
    expect(job.paths).toEqual([folder]);
    await job.start();
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ total: 2, imported: 1, cancelled: false });
    expect(job.summary!.failures).toEqual([{ path: join(folder, 'E07502.hea'), reason: expect.stringMatching(/\S{10,}/) }]);
    expect(job.progress).toMatchObject({ done: 2, total: 2, imported: 1, failed: 1 });
    expect(seen.at(-1)).toBe(2);
  });

  it('turns file:// URIs from a drop into paths and ignores blank and # lines', () => {
    expect(imp.parsePaths('file:///data/ecg%20set/a.hea\n# comment\n\n/data/b.hea\r\n/data/b.hea')).toEqual(['/data/ecg set/a.hea', '/data/b.hea']);
  });

  it('loads a study as Float32Array leads, without an explanation until one is attached', async () => {
    const id = (await t.api.dispatch('listStudies', { limit: 1 }) as { items: Array<{ id: number }> }).items[0]!.id;
    const s = new study.StudyState((n) => t.api.dispatch('getStudy', { id: n }) as Promise<StudyDetail>);
    await s.load(id);
    expect(s.status).toBe('ready');
    expect(s.leadNames).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(s.signals.every((x) => x instanceof Float32Array && x.length === 5000)).toBe(true);
    expect(s.durationS).toBe(10);
    expect(s.explanation).toEqual({ state: 'absent' });

    const off = { baseline: false, notch: 0, lowPass: false } as const;
    expect(s.displaySignals(off)).toBe(s.signals);
    const on = { baseline: true, notch: 50, lowPass: false } as const;
    const filtered = s.displaySignals(on);
    expect(filtered).not.toBe(s.signals);
    expect(s.displaySignals({ ...on })).toBe(filtered); // computed once per setting

    const withExplanation = new study.StudyState(async (n) => ({ ...(await t.api.dispatch('getStudy', { id: n }) as StudyDetail), explanation: handExplanation() }));
    await withExplanation.load(id);
    expect(withExplanation.explanation.state).toBe('present');
    expect(withExplanation.view).toBe('combined');
    expect(withExplanation.gradCamClass).toBe('CD'); // the class the CNN gives the highest probability
  });

  it('reports a missing study as an error, not a crash', async () => {
    const s = new study.StudyState((n) => t.api.dispatch('getStudy', { id: n }) as Promise<StudyDetail>);
    await s.load(987654);
    expect(s.status).toBe('error');
    expect(s.error).toMatch(/987654/);
  });
});
