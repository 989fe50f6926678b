/**
 * The archive through the API: importPaths with progress events and cancel, listStudies, getStudy (signals in
 * mV equal to what the reader produced, derived flags, annotations) and inspectFile, on real fixtures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportSummary } from '../../../src-main/api/contract/import.js';
import type { FileSummary } from '../../../src-main/api/contract/files.js';
import type { StudyDetail, StudyPage } from '../../../src-main/api/contract/studies.js';
import { studyDetail } from '../../../src-main/api/handlers/studies.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { tempApi, type TempApi } from './temp-api.js';

const SCP = fixture('scp', 'Example.scp');
const MUSE = fixture('muse', 'example1.xml');
const AECG = fixture('hl7-aecg', 'HL7_2003-12_Example_aECG.xml');
const PHILIPS = fixture('philips', '129DYPRG.XML');
const NOT_ECG = fixture('scp', 'LICENSE.scp-tools.MIT.txt');

let t: TempApi;
beforeEach(() => {
  t = tempApi();
});
afterEach(() => t.dispose());

describe.skipIf(!hasShared('fixtures', 'scp'))('import, list and get through the API', () => {
  it('imports files with progress events under one job id, then lists and returns them', async () => {
    const events: ImportProgress[] = [];
    t.api.events.on('import:progress', (p) => events.push(p));
    const summary = (await t.api.dispatch('importPaths', { paths: [SCP, MUSE, PHILIPS, NOT_ECG], jobId: 'job-1' })) as ImportSummary;
    expect(summary).toMatchObject({ jobId: 'job-1', total: 4, imported: 3, cancelled: false });
    expect(summary.failures).toEqual([{ path: NOT_ECG, reason: expect.stringContaining('not a supported ECG format') }]);
    expect(events.every((e) => e.jobId === 'job-1')).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: 4, total: 4, imported: 3, failed: 1 });

    const again = (await t.api.dispatch('importPaths', { paths: [SCP] })) as ImportSummary;
    expect(again.duplicates).toEqual([{ path: SCP, studyId: summary.studyIds[0], match: 'file' }]);
    expect(again.jobId).toMatch(/^[0-9a-f-]{36}$/);

    const page = (await t.api.dispatch('listStudies', { sort: 'imported', direction: 'asc', limit: 2 })) as StudyPage;
    expect(page.total).toBe(3);
    expect(page.items.map((s) => s.id)).toEqual(summary.studyIds.slice(0, 2));
    expect(page.nextCursor).toBeTypeOf('string');
    const rest = (await t.api.dispatch('listStudies', { sort: 'imported', direction: 'asc', limit: 2, cursor: page.nextCursor })) as StudyPage;
    expect(rest.items.map((s) => s.id)).toEqual(summary.studyIds.slice(2));
    const museOnly = (await t.api.dispatch('listStudies', { formats: ['muse'] })) as StudyPage;
    expect(museOnly.items.map((s) => s.sourcePath)).toEqual([MUSE]);
  });

  it('getStudy returns the reader\'s signals in mV, derived flags and annotations', async () => {
    const { studyIds } = (await t.api.dispatch('importPaths', { paths: [MUSE, AECG] })) as ImportSummary;
    const muse = (await t.api.dispatch('getStudy', { id: studyIds[0] })) as StudyDetail;
    const fromReader = readEcgFile(MUSE);
    expect(muse.leads.map((l) => l.name)).toEqual(fromReader.leads);
    expect(muse.leads.filter((l) => l.derived).map((l) => l.name)).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(muse.fs).toBe(fromReader.fs);
    muse.signals.forEach((s, k) => {
      expect(s.length).toBe(fromReader.samples[k]!.length);
      // the store is lossless: the same float32 values come back
      expect(Float32Array.from(s)).toEqual(fromReader.samples[k]);
    });
    expect(muse.summary).toMatchObject({ id: studyIds[0], format: 'muse', sourcePath: MUSE });
    expect(muse.extraWaveforms.length).toBe(fromReader.extraWaveforms?.length ?? 0);

    const aecg = (await t.api.dispatch('getStudy', { id: studyIds[1] })) as StudyDetail;
    const aecgRecord = readEcgFile(AECG);
    expect(aecg.annotations.length).toBe(aecgRecord.annotations?.length ?? 0);
    expect(aecg.annotations.length).toBeGreaterThan(0);
    expect(aecg.leads.every((l) => !l.derived)).toBe(true);
  });

  it('cancelImport stops a running import after the file in hand', async () => {
    let cancelled: unknown;
    const off = t.api.events.on('import:progress', (p) => {
      if (p.done === 1 && cancelled === undefined) cancelled = t.api.dispatch('cancelImport', { jobId: p.jobId });
    });
    const summary = (await t.api.dispatch('importPaths', { paths: [fixture('cinc')], jobId: 'many' })) as ImportSummary;
    off();
    await expect(cancelled).resolves.toEqual({ cancelled: true });
    expect(summary.cancelled).toBe(true);
    expect(summary.total).toBeGreaterThan(10);
    expect(summary.imported + summary.duplicates.length + summary.failures.length).toBe(1);
    await expect(t.api.dispatch('cancelImport', { jobId: 'many' })).resolves.toEqual({ cancelled: false });
  });

  it('inspectFile summarises a file, and reports an unreadable one as a format error naming it', async () => {
    const s = (await t.api.dispatch('inspectFile', { path: SCP })) as FileSummary;
    expect(s).toMatchObject({ path: SCP, format: 'scp', fs: 500, samples: 5000, durationS: 10, checksum: 'ok' });
    // SCP-ECG's CRC-CCITT over the record and each section all verify
    expect(s.checks.filter((c) => c.name.startsWith('crc:')).every((c) => c.status === 'ok')).toBe(true);
    expect(s.leads).toHaveLength(12);
    expect(s.einthovenResidualUv).toBeLessThan(5);
    await expect(t.api.dispatch('inspectFile', { path: NOT_ECG })).rejects.toMatchObject({
      code: 'format',
      details: { file: NOT_ECG, reason: expect.stringContaining('not a supported ECG format') },
    });
  });
});

describe.skipIf(!hasShared('fixtures', 'muse'))('getStudy size limit', () => {
  it('refuses a study with more sample values than one answer may carry', async () => {
    const { studyIds } = (await t.api.dispatch('importPaths', { paths: [MUSE] })) as ImportSummary;
    const stored = t.archive.studies.get(studyIds[0]!)!;
    expect(() => studyDetail(stored, 12 * 5000 - 1)).toThrow(`study ${studyIds[0]} holds 60000 sample values, more than the 59999 one answer may carry`);
    expect(studyDetail(stored, 12 * 5000).signals).toHaveLength(12);
  });
});
