/**
 * pickPaths: 'unavailable' without a native dialog (the browser host), the injected picker's paths with one,
 * and paths the renderer path policy refuses stopped before they reach the import list. getAppInfo says which.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PickPathsArgs } from '../../../src-main/api/contract/files.js';
import { createApi, type Api } from '../../../src-main/api/create-api.js';
import type { PickPaths } from '../../../src-main/api/handlers/files.js';
import { ipcOutcome } from '../../../src-main/api/transport/route.js';
import { tempApi, type TempApi } from './temp-api.js';

let t: TempApi;
beforeEach(() => {
  t = tempApi();
});
afterEach(() => t.dispose());

/** The temp archive's API again, with a picker as the Electron shell hands one in. */
const withPicker = (pickPaths: PickPaths): Api => createApi({ info: t.info, archive: t.archive, settings: t.settings, checkResults: true, pickPaths });

describe('pickPaths without a native dialog (browser host)', () => {
  it('answers unavailable, saying it is unsupported here and what to do instead', async () => {
    await expect(t.api.dispatch('pickPaths', { kind: 'files' })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/unsupported.*type, paste or drop/) });
    await expect(ipcOutcome(t.api.dispatch, 'pickPaths', { kind: 'folder' })).resolves.toMatchObject({ error: { code: 'unavailable' } });
  });

  it('getAppInfo says nativeDialogs: false', async () => {
    await expect(t.api.dispatch('getAppInfo', {})).resolves.toMatchObject({ nativeDialogs: false });
  });
});

describe('pickPaths with an injected picker', () => {
  it('passes kind and title on and returns the chosen paths in order; getAppInfo says nativeDialogs: true', async () => {
    const asked: PickPathsArgs[] = [];
    const api = withPicker(async (request) => {
      asked.push(request);
      return request.kind === 'files' ? ['/data/ecg/b.hea', '/data/ecg/a.xml'] : ['/data/ludb'];
    });
    await expect(api.dispatch('pickPaths', { kind: 'files', title: 'Pick' })).resolves.toEqual({ paths: ['/data/ecg/b.hea', '/data/ecg/a.xml'] });
    await expect(api.dispatch('pickPaths', { kind: 'folder' })).resolves.toEqual({ paths: ['/data/ludb'] });
    expect(asked).toEqual([{ kind: 'files', title: 'Pick' }, { kind: 'folder' }]);
    await expect(api.dispatch('getAppInfo', {})).resolves.toMatchObject({ nativeDialogs: true });
  });

  it('returns no paths when the user cancels', async () => {
    await expect(withPicker(async () => []).dispatch('pickPaths', { kind: 'folder' })).resolves.toEqual({ paths: [] });
  });

  it.each([
    ['relative', 'data/x.hea', 'must be absolute'],
    ['climbing', '/data/../etc/passwd', '".." segments'],
    ['with a NUL', '/data/x.hea\0.png', 'NUL'],
  ])('refuses a %s path the policy refuses, naming it', async (_what, bad, why) => {
    const api = withPicker(async () => ['/data/ok.hea', bad]);
    await expect(api.dispatch('pickPaths', { kind: 'files' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining(why) });
  });

  it('validates its arguments: an unknown kind, an empty title or an extra key is refused before the picker runs', async () => {
    let calls = 0;
    const api = withPicker(async () => {
      calls++;
      return [];
    });
    for (const args of [{ kind: 'everything' }, { kind: 'files', title: '' }, { kind: 'files', defaultPath: '/etc' }, {}]) {
      await expect(api.dispatch('pickPaths', args)).rejects.toMatchObject({ code: 'invalid-arguments' });
    }
    expect(calls).toBe(0);
  });
});
