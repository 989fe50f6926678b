/**
 * exportPdf as the app's exports call it, over a fresh archive of two real files (SCP-ECG Example.scp: patient
 * SBJ-123 "Clark", born 1953-05-08; MUSE example1.xml): the settings' report paper (A4 by default, Letter once
 * saved, kept in the settings file), a folder export named by the same function as the CLI's --pdf-dir
 * (report/file-name.ts: study-<id>.pdf, de-identified <pseudonym>-<n>.pdf), and the viewer's speed, gain and
 * filters printed on the page. Checked with poppler's pdfinfo and pdftotext.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../../src-main/api/contract/import.js';
import type { SettingsView } from '../../../src-main/api/contract/settings.js';
import { SALT_FILE_NAME } from '../../../src-main/api/services/pseudonym-salt.js';
import { SettingsFile } from '../../../src-main/api/services/settings-file.js';
import { refusedPathArgument } from '../../../src-main/api/transport/user-path.js';
import { PAPERS } from '../../../src-main/report/paper.js';
import { ReportPaper } from '../../../src-main/api/contract/settings.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { runCli } from '../cli/capture-cli.js';
import { hasPoppler, pdfinfo, pdftotext } from '../report/pdf-content.js';
import { tempApi, type TempApi } from './temp-api.js';

type Exported = { path: string; pages: number; bytes: number; pseudonym?: string };
const LETTER = '792 x 612 pts (letter)';
const A4 = '841.89 x 595.276 pts (A4)';

describe.skipIf(!hasShared('fixtures', 'scp') || !hasPoppler)('exportPdf with the report paper setting and a folder', () => {
  let t: TempApi;
  let scp: number;
  let muse: number;
  let out: string;
  const call = <T>(method: string, args: unknown) => t.api.dispatch(method, args) as Promise<T>;
  const refusal = (args: unknown) => call('exportPdf', args).then(() => undefined, (e: { code: string; message: string }) => e);

  beforeAll(async () => {
    t = tempApi();
    const r = await call<ImportSummary>('importPaths', { paths: [fixture('scp', 'Example.scp'), fixture('muse', 'example1.xml')] });
    [scp, muse] = r.studyIds as [number, number];
    out = join(t.dir, 'out');
    mkdirSync(out);
  });
  afterAll(() => t.dispose());

  it('the contract lists the report\'s papers', () => {
    expect(ReportPaper.options).toEqual([...PAPERS]);
  });

  it('prints on A4 until Letter is saved in the settings, which a fresh read of the file still says', async () => {
    expect((await call<SettingsView>('getSettings', {})).settings.reportPaper).toBe('A4');
    const a4 = await call<Exported>('exportPdf', { studyId: scp, path: join(out, 'a4.pdf') });
    expect(pdfinfo(a4.path)['Page size']).toBe(A4);

    const saved = await call<SettingsView>('setSettings', { reportPaper: 'Letter' });
    expect(saved.settings.reportPaper).toBe('Letter');
    expect(saved.defaults.reportPaper).toBe('A4');
    expect(new SettingsFile(t.dir).read().reportPaper).toBe('Letter');
    const letter = await call<Exported>('exportPdf', { studyId: scp, path: join(out, 'letter.pdf') });
    expect(pdfinfo(letter.path)['Page size']).toBe(LETTER);
    // an explicit paper still wins over the setting
    const chosen = await call<Exported>('exportPdf', { studyId: scp, path: join(out, 'chosen.pdf'), options: { paper: 'A4' } });
    expect(pdfinfo(chosen.path)['Page size']).toBe(A4);

    await expect(call('setSettings', { reportPaper: 'Legal' })).rejects.toMatchObject({ code: 'invalid-arguments' });
  });

  it('de-identified into a folder: named by pseudonym, never overwriting, nothing identifying printed', async () => {
    await call('setSettings', { reportPaper: 'Letter' });
    const dir = join(out, 'deid');
    mkdirSync(dir);
    const options = { deidentify: true, speed: 50, gain: 20, filters: { highpassHz: 0.5, lowpassHz: 40, notchHz: 60 } };
    const first = await call<Exported>('exportPdf', { studyId: scp, folder: dir, options });
    expect(first.pseudonym).toMatch(/^PSN-[0-9A-F]{6}-[0-9A-F]{6}$/);
    expect(first.path).toBe(join(dir, `${first.pseudonym}-1.pdf`));
    // the same study again (or another of the same patient) gets the next free number
    const second = await call<Exported>('exportPdf', { studyId: scp, folder: dir, options });
    expect(second.path).toBe(join(dir, `${first.pseudonym}-2.pdf`));
    // a batch names its files by position and replaces its own earlier ones
    const batch = await call<Exported>('exportPdf', { studyId: scp, folder: dir, sequence: 1, options });
    expect(batch.path).toBe(first.path);
    expect(readdirSync(dir).sort()).toEqual([`${first.pseudonym}-1.pdf`, `${first.pseudonym}-2.pdf`]);

    expect(pdfinfo(first.path)['Page size']).toBe(LETTER);
    const text = pdftotext(first.path);
    for (const s of ['De-identified export', first.pseudonym!, '50 mm/s', '20 mm/mV', 'Filters: 0.5–40 Hz, notch 60 Hz']) expect(text).toContain(s);
    for (const s of ['SBJ-123', 'Clark', '1953']) expect(text).not.toContain(s);
  });

  it('identified into a folder: study-<id>.pdf, replaced by the next export of that study', async () => {
    const dir = join(out, 'plain');
    mkdirSync(dir);
    for (let k = 0; k < 2; k++) {
      const r = await call<Exported>('exportPdf', { studyId: scp, folder: dir });
      expect(r.path).toBe(join(dir, `study-${scp}.pdf`));
      expect(r.pseudonym).toBeUndefined();
    }
    expect(readdirSync(dir)).toEqual([`study-${scp}.pdf`]);
    expect(pdftotext(join(dir, `study-${scp}.pdf`))).toContain('SBJ-123');
  });

  it('names a de-identified batch file as ecg-tlc export --pdf-dir does, with the same install salt', async () => {
    const cliDir = join(out, 'cli');
    const r = await runCli('export', '--pdf-dir', cliDir, '--db', t.info.dbPath, '--deidentify', '--salt-file', join(t.dir, SALT_FILE_NAME));
    expect(r.code, r.err).toBe(0);
    const apiDir = join(out, 'api');
    mkdirSync(apiDir);
    // the CLI goes in id order, numbering from 1
    for (const [n, studyId] of [scp, muse].entries()) await call('exportPdf', { studyId, folder: apiDir, sequence: n + 1, options: { deidentify: true } });
    const names = readdirSync(apiDir).sort();
    expect(names).toEqual(readdirSync(cliDir).sort());
    expect(names).toHaveLength(2);
    for (const n of names) expect(n).toMatch(/^(PSN-[0-9A-F]{6}-[0-9A-F]{6}|study)-[12]\.pdf$/);
  });

  it('refuses a target that is neither one file nor one folder, and a relative folder', async () => {
    const file = join(out, 'x.pdf');
    expect(await refusal({ studyId: scp })).toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining('either path') });
    expect(await refusal({ studyId: scp, path: file, folder: out })).toMatchObject({ code: 'invalid-arguments' });
    expect(await refusal({ studyId: scp, path: file, sequence: 2 })).toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining('sequence') });
    expect(await refusal({ studyId: scp, folder: 'reports' })).toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining('absolute') });
    expect(await refusal({ studyId: scp, folder: join(out, 'missing') })).toMatchObject({ code: 'storage' });
    // the transports' path policy covers the folder as it covers the path
    expect(refusedPathArgument('exportPdf', { studyId: scp, folder: '/data/../etc' }, 'linux')).toContain('folder');
  });
});
