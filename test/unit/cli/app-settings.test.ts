/**
 * The app's settings file as the command line reads it (cli/data-dir.ts appSettings), in a temporary data folder
 * ($ECG_TLC_DATA_DIR): the archive, model, cluster model and report paper saved there are the CLI's defaults; a
 * file that cannot be read stops a command that needs it (exit 1, the file and its fault named), and no other.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appSettings, databasePath, UnreadableSettings } from '../../../src-main/cli/data-dir.js';
import { reportOptionsFrom, type ExportOptions } from '../../../src-main/cli/commands/export-options.js';
import { chosenModel } from '../../../src-main/cli/model-arg.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { openArchive } from '../../../src-main/store/archive.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { runCli } from './capture-cli.js';

let tmp: string;
let settings: string;
const saved = { dataDir: process.env.ECG_TLC_DATA_DIR, db: process.env.ECG_TLC_DB };
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-app-settings-'));
  settings = join(tmp, 'settings.json');
  process.env.ECG_TLC_DATA_DIR = tmp;
  delete process.env.ECG_TLC_DB;
});
afterEach(() => rmSync(settings, { force: true }));
afterAll(() => {
  for (const [key, value] of [['ECG_TLC_DATA_DIR', saved.dataDir], ['ECG_TLC_DB', saved.db]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(tmp, { recursive: true, force: true });
});

const exportOptions = (o: Partial<ExportOptions> = {}): ExportOptions => ({ speed: 25, gain: 10, rhythmLead: 'II', ...o });

describe('the app settings the command line uses', () => {
  it('takes the archive, the model and clusters, and the report paper saved in the app', () => {
    writeFileSync(settings, JSON.stringify({ dbPath: '/srv/ecg/archive.db', modelDir: '/srv/models/m', clusterDir: '/srv/clusters/k4', reportPaper: 'Letter' }));
    expect(databasePath(undefined)).toBe('/srv/ecg/archive.db');
    expect(chosenModel({})).toEqual({ modelDir: '/srv/models/m', clusterDir: '/srv/clusters/k4' });
    expect(reportOptionsFrom(exportOptions()).paper).toBe('Letter');
    expect(reportOptionsFrom(exportOptions({ paper: 'A4' })).paper).toBe('A4');
  });

  it('uses the defaults without a settings file', () => {
    expect(appSettings()).toEqual({ dbPath: join(tmp, 'archive.db'), provider: 'cpu', reportPaper: 'A4' });
    expect(databasePath(undefined)).toBe(join(tmp, 'archive.db'));
    expect(chosenModel({})).toEqual({ modelDir: defaultModelDir() });
    expect(reportOptionsFrom(exportOptions()).paper).toBe('A4');
  });

  it.each([
    ['not JSON', '{"reportPaper": "Letter"', 'not valid JSON; fix or delete the file to go back to the defaults'],
    ['a paper the schema refuses', '{"reportPaper": "A3"}', 'reportPaper'],
  ])('refuses a settings file that is %s wherever a setting is needed, naming the file', (_, text, fault) => {
    writeFileSync(settings, text);
    for (const read of [() => appSettings(), () => databasePath(undefined), () => chosenModel({}), () => reportOptionsFrom(exportOptions())]) {
      expect(read).toThrow(UnreadableSettings);
      expect(read).toThrow(`the app's settings cannot be read: ${settings}: `);
      expect(read).toThrow(fault);
    }
    // what the command line names instead is not looked up in the file
    expect(databasePath('/opt/a.db')).toBe('/opt/a.db');
    expect(chosenModel({ model: defaultModelDir() })).toEqual({ modelDir: defaultModelDir() });
    expect(reportOptionsFrom(exportOptions({ paper: 'Letter' })).paper).toBe('Letter');
  });

  it('a command that needs a setting from a broken file exits 1 and says which file to fix', async () => {
    writeFileSync(settings, '{');
    const list = await runCli('list');
    expect(list.code).toBe(1);
    expect(list.err).toBe(`ecg-tlc: the app's settings cannot be read: ${settings}: not valid JSON; fix or delete the file to go back to the defaults`);
    const triage = await runCli('triage', '--kind', 'label', '--db', join(tmp, 'none.db'));
    expect([triage.code, triage.err]).toEqual([1, list.err]);
  });

  it('analyze --resume reads no settings: each job keeps its own options', async () => {
    const db = join(tmp, 'resume.db');
    openArchive(db).close();
    writeFileSync(settings, '{');
    const resume = await runCli('analyze', '--db', db, '--resume');
    expect(resume.err).not.toContain('settings cannot be read');
    expect(resume.err).toContain('no interrupted or queued analysis job');
    // a new job does take the model from the settings, so it stops on the broken file
    const fresh = await runCli('analyze', '--db', db);
    expect([fresh.code, fresh.err]).toEqual([1, `ecg-tlc: the app's settings cannot be read: ${settings}: not valid JSON; fix or delete the file to go back to the defaults`]);
  });

  it.skipIf(!hasShared('fixtures', 'cinc'))('export refuses a broken file only when it needs the paper from it', async () => {
    writeFileSync(settings, '{');
    const out = join(tmp, 'HR00002.pdf');
    const paperFromSettings = await runCli('export', '--pdf', out, fixture('cinc', 'HR00002.hea'));
    expect(paperFromSettings.code).toBe(1);
    expect(paperFromSettings.err).toContain(`the app's settings cannot be read: ${settings}: not valid JSON`);
    const typed = await runCli('export', '--pdf', out, fixture('cinc', 'HR00002.hea'), '--paper', 'a4');
    expect(typed.code, typed.err).toBe(0);
  });
});
