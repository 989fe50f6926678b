/**
 * The Import screen's dialog buttons over the real API: shown only when getAppInfo says nativeDialogs; chosen
 * paths join the import list and import a real record; a cancelled dialog changes nothing; the browser host's
 * 'unavailable' becomes a message.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src-main/api/create-api.js';
import type { PickPaths } from '../../../src-main/api/handlers/files.js';
import { offersNativeDialogs, pickInto } from '../../../src-renderer/views/import/native-pick.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { tempApi, type TempApi } from '../api/temp-api.js';
import { bridgeOver } from './bridge-over.js';

type ImportModule = typeof import('../../../src-renderer/state/import-job.svelte.js');

let imp: ImportModule;
let t: TempApi;
beforeAll(async () => {
  imp = (await import('../../../src-renderer/state/import-job.svelte.js')) as unknown as ImportModule;
});
beforeEach(() => {
  t = tempApi();
});
afterEach(() => t.dispose());

const bridgeWith = (pickPaths: PickPaths) => bridgeOver({ api: createApi({ info: t.info, archive: t.archive, settings: t.settings, checkResults: true, pickPaths }) });

describe('offersNativeDialogs', () => {
  it('is true only when the API says so, not while the app info is unknown', async () => {
    expect(offersNativeDialogs(undefined)).toBe(false);
    expect(offersNativeDialogs({})).toBe(false);
    expect(offersNativeDialogs(await bridgeOver(t).invoke('getAppInfo', {}))).toBe(false);
    expect(offersNativeDialogs(await bridgeWith(async () => []).invoke('getAppInfo', {}))).toBe(true);
  });
});

describe('pickInto', () => {
  it.skipIf(!hasShared('fixtures', 'scp') || !hasShared('fixtures', 'wfdb'))('adds the chosen files to the list beside typed ones, once; the import then reads them', async () => {
    const typed = fixture('wfdb', '100.hea');
    const chosen = fixture('scp', 'Example.scp');
    const bridge = bridgeWith(async ({ kind }) => (kind === 'files' ? [chosen, typed] : []));
    const job = new imp.ImportJob(bridge);
    job.pathsText = typed;
    await expect(pickInto(bridge, 'files', job)).resolves.toEqual({ kind: 'picked', paths: [chosen, typed] });
    expect(job.paths).toEqual([typed, chosen]);
    await job.start();
    expect(job.summary).toMatchObject({ total: 2, imported: 2, failures: [] });
  });

  it('keeps the list as it was when the dialog is cancelled', async () => {
    const job = new imp.ImportJob(bridgeWith(async () => []));
    job.pathsText = '/data/typed.hea';
    await expect(pickInto(bridgeWith(async () => []), 'folder', job)).resolves.toEqual({ kind: 'cancelled' });
    expect(job.paths).toEqual(['/data/typed.hea']);
  });

  it('turns the browser host\'s unavailable, or a refused path, into a message without touching the list', async () => {
    const job = new imp.ImportJob(bridgeOver(t));
    const r = await pickInto(bridgeOver(t), 'files', job);
    expect(r).toMatchObject({ kind: 'failed', message: expect.stringContaining('unsupported') });
    const refused = await pickInto(bridgeWith(async () => ['relative/x.hea']), 'files', job);
    expect(refused).toMatchObject({ kind: 'failed', message: expect.stringContaining('must be absolute') });
    expect(job.paths).toEqual([]);
  });
});
