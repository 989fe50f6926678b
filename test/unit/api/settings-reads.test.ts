/**
 * The worklist asks for the current model's identity on every page, and the identity depends on the settings'
 * choice of model and cluster model: settings.json is read (and validated) once per change of the file, not on
 * every page. Counted by wrapping node:fs's readFileSync for the settings file's path.
 */
import * as fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudyPage } from '../../../src-main/api/contract/studies.js';
import { SettingsFile } from '../../../src-main/api/services/settings-file.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { seedStudies } from '../store/synthetic.js';
import { tempApi, type TempApi } from './temp-api.js';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readFileSync = vi.fn(real.readFileSync);
  return { ...real, default: { ...real, readFileSync }, readFileSync };
});

const read = vi.mocked(fs.readFileSync);

let t: TempApi;
beforeEach(() => {
  t = tempApi();
  seedStudies(t.archive, 30, 5);
});
afterEach(() => t.dispose());

/** readFileSync calls on the settings file while `run` runs */
async function settingsReads(run: () => Promise<unknown>): Promise<number> {
  read.mockClear();
  await run();
  return read.mock.calls.filter(([file]) => file === t.settings.file).length;
}

const page = (offset: number) => t.api.dispatch('listStudies', { sort: 'imported', offset, limit: 10 }) as Promise<StudyPage>;

describe('settings reads per worklist page', () => {
  it('reads the file once for the first page and not again for the next pages while it is unchanged', async () => {
    t.settings.write({ modelDir: defaultModelDir(), provider: 'cpu' });
    expect(await settingsReads(() => page(0))).toBe(1);
    expect(await settingsReads(async () => {
      for (let offset = 10; offset < 30; offset += 10) await page(offset);
    })).toBe(0);
    // the stale mark needs the identity: it was there on every page
    const analysed = (await page(0)).items.filter((s) => s.analysis);
    expect(analysed.length).toBeGreaterThan(0);
    expect(analysed.every((s) => s.analysis!.stale?.reason === 'model')).toBe(true);
  });

  it('a change of the file, by another writer or by hand, is read by the next page', async () => {
    t.settings.write({ provider: 'cpu' });
    const marked = async () => (await page(0)).items.filter((s) => s.analysis?.stale).length;
    expect(await marked()).toBeGreaterThan(0);
    // another process (the CLI) saves a package that cannot be loaded: staleness becomes unknown at once
    new SettingsFile(t.dir).write({ modelDir: '/nowhere/model' });
    expect(await settingsReads(async () => expect(await marked()).toBe(0))).toBe(1);
    expect(t.api.analysis.defaultDir).toBe('/nowhere/model');
    // edited in place by hand, back to the shipped package
    fs.writeFileSync(t.settings.file, JSON.stringify({ modelDir: defaultModelDir() }));
    expect(await settingsReads(async () => expect(await marked()).toBeGreaterThan(0))).toBe(1);
    // a broken file is reported on every call, never kept
    fs.writeFileSync(t.settings.file, '{ "modelDir": ');
    expect(() => t.settings.saved()).toThrow(/not valid JSON/);
    expect(() => t.settings.saved()).toThrow(/not valid JSON/);
  });
});
