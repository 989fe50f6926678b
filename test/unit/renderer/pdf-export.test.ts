/**
 * The app's PDF exports over the real API (fresh archive of SCP-ECG Example.scp, patient SBJ-123 "Clark", and
 * MUSE example1.xml): the options built from the paper on screen and the settings' report paper, the Settings
 * screen's report paper surviving a reload, the worklist batch named by pseudonym when de-identified, the study
 * viewer's single export into a folder when de-identified; and the worklist's stale mark wording.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../../src-main/api/contract/import.js';
import { trimFolder } from '../../../src-renderer/lib/report/folder.js';
import { pdfChoice, pdfChoiceText, pdfOptions, type PdfChoice } from '../../../src-renderer/lib/report/pdf-options.js';
import { staleLabel, staleTooltip } from '../../../src-renderer/lib/worklist/stale.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { tempApi, type TempApi } from '../api/temp-api.js';
import { hasPoppler, pdfinfo, pdftotext } from '../report/pdf-content.js';
import { bridgeOver } from './bridge-over.js';

type ExportModule = typeof import('../../../src-renderer/state/pdf-export.svelte.js');
type StudyExportModule = typeof import('../../../src-renderer/state/study-pdf-export.svelte.js');
type SettingsModule = typeof import('../../../src-renderer/state/app-settings.svelte.js');

const LETTER = '792 x 612 pts (letter)';
const SCREEN: PdfChoice = { paper: 'Letter', speed: 50, gain: 20, filters: { baseline: true, lowPass: true, notch: 60 }, deidentify: true };

describe('PDF options from the screen and the settings', () => {
  it('maps the display filters to the report\'s cut-offs and leaves out what is off', () => {
    expect(pdfOptions(SCREEN)).toEqual({ paper: 'Letter', speed: 50, gain: 20, filters: { highpassHz: 0.5, lowpassHz: 40, notchHz: 60 }, deidentify: true });
    expect(pdfOptions({ paper: undefined, speed: 25, gain: 10, filters: { baseline: false, lowPass: true, notch: 0 }, deidentify: false })).toEqual({ speed: 25, gain: 10, filters: { lowpassHz: 40 } });
    expect(pdfOptions({ ...SCREEN, filters: { baseline: false, lowPass: false, notch: 0 } }).filters).toBeUndefined();
    // the second page only when asked for
    expect(pdfOptions(SCREEN).details).toBeUndefined();
    expect(pdfOptions({ ...SCREEN, details: true }).details).toBe(true);
    expect(pdfChoiceText({ ...SCREEN, details: true })).toBe('Letter · 50 mm/s · 20 mm/mV · 0.5–40 Hz, notch 60 Hz · de-identified · with page 2');
  });

  it('builds the choice from the settings\' paper, the gauges on screen and what the reader ticked', () => {
    const screen = { speed: 50, gain: 20, filters: SCREEN.filters, layout: '3x4', pxPerMm: 3.78 } as const;
    expect(pdfChoice('Letter', screen, { deidentify: true, details: false })).toEqual({ ...SCREEN, details: false });
    expect(pdfChoice(undefined, screen, { deidentify: false, details: true })).toMatchObject({ paper: undefined, deidentify: false, details: true });
  });

  it('gives the main process the folder without its trailing separators, a root folder whole', () => {
    expect(trimFolder(' /data/ecg// ')).toBe('/data/ecg');
    expect(trimFolder('C:\\reports\\')).toBe('C:\\reports');
    expect(trimFolder('/')).toBe('/');
  });

  it('says in one line what the report will print with', () => {
    expect(pdfChoiceText(SCREEN)).toBe('Letter · 50 mm/s · 20 mm/mV · 0.5–40 Hz, notch 60 Hz · de-identified');
    expect(pdfChoiceText({ ...SCREEN, paper: undefined, speed: 25, gain: 10, filters: { baseline: false, lowPass: false, notch: 0 }, deidentify: false })).toBe(
      'paper from Settings · 25 mm/s · 10 mm/mV · unfiltered · identified',
    );
  });
});

describe('the worklist\'s stale mark', () => {
  it('names the reason and what the analysis was made with', () => {
    const model = { reason: 'model', modelId: 'tlc-resnet1d-small-v1', modelVersion: '1.0.0', clusterModel: '2025-01-02T03:04:05Z' } as const;
    expect(staleLabel(model)).toBe('stale');
    expect(staleTooltip(model)).toMatch(/^Stale analysis: made with another model \(tlc-resnet1d-small-v1 1\.0\.0, other weights\)/);
    const clusters = { ...model, reason: 'cluster-model' } as const;
    expect(staleLabel(clusters)).toBe('stale clusters');
    expect(staleTooltip(clusters)).toMatch(/another cluster model \(fitted 2025-01-02T03:04:05Z\).*same model tlc-resnet1d-small-v1 1\.0\.0/);
    expect(staleTooltip({ reason: 'cluster-model', modelId: 'm', modelVersion: '1' })).toContain('another cluster model (none)');
  });
});

describe.skipIf(!hasShared('fixtures', 'scp') || !hasPoppler)('PDF exports from the renderer over the real API', () => {
  let t: TempApi;
  let scp: number;
  let muse: number;
  let exports: ExportModule;
  let single: StudyExportModule;
  let settings: SettingsModule;

  beforeAll(async () => {
    exports = (await import('../../../src-renderer/state/pdf-export.svelte.js')) as unknown as ExportModule;
    single = (await import('../../../src-renderer/state/study-pdf-export.svelte.js')) as unknown as StudyExportModule;
    settings = (await import('../../../src-renderer/state/app-settings.svelte.js')) as unknown as SettingsModule;
    t = tempApi();
    const r = (await t.api.dispatch('importPaths', { paths: [fixture('scp', 'Example.scp'), fixture('muse', 'example1.xml')] })) as ImportSummary;
    [scp, muse] = r.studyIds as [number, number];
  });
  afterAll(() => t.dispose());

  it('Settings saves the report paper through the API; a reloaded app reads it back', async () => {
    const s = new settings.AppSettings(bridgeOver(t));
    await s.load();
    expect(s.view!.settings.reportPaper).toBe('A4');
    await s.saveReportPaper('Letter');
    expect(s).toMatchObject({ paperSaved: true, paperError: undefined });
    expect(s.view!.settings.reportPaper).toBe('Letter');
    const reloaded = new settings.AppSettings(bridgeOver(t));
    await reloaded.load();
    expect(reloaded.view!.settings.reportPaper).toBe('Letter');
  });

  it('the worklist batch, de-identified: files named by pseudonym, on Letter, at the screen\'s scale, no identifiers', async () => {
    const folder = join(t.dir, 'batch');
    mkdirSync(folder);
    const run = new exports.PdfExportState(bridgeOver(t));
    // paper left to the saved setting (Letter, saved by the test above)
    await run.start({}, `${folder}/`, pdfOptions({ ...SCREEN, paper: undefined }));
    expect(run).toMatchObject({ finished: 'done', total: 2, done: 2, failures: [] });
    const names = readdirSync(folder).sort();
    expect(names).toHaveLength(2);
    for (const n of names) {
      expect(n).toMatch(/^(PSN-[0-9A-F]{6}-[0-9A-F]{6}|study)-[12]\.pdf$/);
      expect(n).not.toMatch(new RegExp(`study-(${scp}|${muse})\\.pdf`));
      const file = join(folder, n);
      expect(pdfinfo(file)['Page size']).toBe(LETTER);
      const text = pdftotext(file);
      for (const s of ['De-identified export', '50 mm/s', '20 mm/mV', 'Filters: 0.5–40 Hz, notch 60 Hz']) expect(text).toContain(s);
      for (const s of ['SBJ-123', 'Clark', 'example1', 'Example']) expect(text).not.toContain(s);
    }
    expect(names.some((n) => n.startsWith('PSN-'))).toBe(true);
  });

  it('the worklist batch, identified: study-<id>.pdf', async () => {
    const folder = join(t.dir, 'identified');
    mkdirSync(folder);
    const run = new exports.PdfExportState(bridgeOver(t));
    await run.start({ formats: ['scp'] }, folder, pdfOptions({ ...SCREEN, deidentify: false }));
    expect(run).toMatchObject({ finished: 'done', total: 1, done: 1 });
    expect(readdirSync(folder)).toEqual([`study-${scp}.pdf`]);
    expect(pdftotext(join(folder, `study-${scp}.pdf`))).toContain('SBJ-123');
  });

  it('the study viewer: a named file when identified, a folder and the pseudonym when de-identified', async () => {
    const x = new single.StudyPdfExport(bridgeOver(t));
    const identified = pdfOptions({ ...SCREEN, deidentify: false });
    const deidentified = pdfOptions(SCREEN);
    x.prefill(`${t.dir}/`, 'SBJ 123/x');
    expect(x.path).toBe(`${t.dir}/SBJ_123_x.pdf`);
    expect(x.folder).toBe(t.dir);
    x.prefill('/elsewhere', 'other');
    expect(x.path).toBe(`${t.dir}/SBJ_123_x.pdf`); // what is filled in stays
    expect(x.readyFor(identified)).toBe(true);

    await x.run(scp, identified);
    expect(x.error).toBeUndefined();
    expect(x.result).toMatch(/^1 page, \d+ KiB written to /);
    expect(x.result!.endsWith(`written to ${x.path}`)).toBe(true);
    expect(pdftotext(x.path)).toContain('SBJ-123');

    x.folder = join(t.dir, 'viewer');
    mkdirSync(x.folder);
    // the options decide: de-identified goes into the folder, the path filled in is left alone
    await x.run(scp, deidentified);
    expect(x.error).toBeUndefined();
    const [written] = readdirSync(x.folder);
    expect(written).toMatch(/^PSN-[0-9A-F]{6}-[0-9A-F]{6}-1\.pdf$/);
    expect(x.result).toContain(`written to ${join(x.folder, written!)} (pseudonym ${written!.slice(0, -6)})`);
    const text = pdftotext(join(x.folder, written!));
    expect(text).toContain('De-identified export');
    expect(text).not.toContain('SBJ-123');
    expect(pdfinfo(join(x.folder, written!))['Page size']).toBe(LETTER);

    x.folder = '  ';
    expect(x.readyFor(deidentified)).toBe(false);
    expect(x.readyFor(identified)).toBe(true);
    x.path = `${t.dir}/report.txt`;
    expect(x.readyFor(identified)).toBe(false);
  });
});
