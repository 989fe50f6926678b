/**
 * dispatch: every argument is validated against the contract before a handler runs, and every result is checked
 * against it here (checkResults). Runs over a real temporary archive.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTRACT, METHOD_NAMES } from '../../../src-main/api/contract/index.js';
import { StudySortKey } from '../../../src-main/api/contract/studies.js';
import { STUDY_SORT_KEYS } from '../../../src-main/store/study-query.js';
import { tempApi, type TempApi } from './temp-api.js';

let t: TempApi;
beforeEach(() => {
  t = tempApi();
});
afterEach(() => t.dispose());

describe('dispatch validates arguments', () => {
  it('refuses an unknown method and names the known ones', async () => {
    await expect(t.api.dispatch('dropTables', {})).rejects.toMatchObject({ code: 'unknown-method', message: expect.stringContaining('listStudies') });
    // inherited object keys are not methods
    await expect(t.api.dispatch('constructor', {})).rejects.toMatchObject({ code: 'unknown-method' });
    await expect(t.api.dispatch('__proto__', {})).rejects.toMatchObject({ code: 'unknown-method' });
  });

  it.each([
    ['listStudies', { limit: 0 }, 'limit'],
    ['listStudies', { limit: 1001 }, 'limit'],
    ['listStudies', { offset: -1 }, 'offset'],
    ['listStudies', { sort: 'DROP TABLE studies' }, 'sort'],
    ['listStudies', { sex: ['X'] }, 'sex'],
    ['listStudies', { acquiredFrom: "2020'; --" }, 'ISO date'],
    ['listStudies', { limt: 10 }, 'Unrecognized key: "limt"'],
    ['listStudies', 'all', 'expected object'],
    ['getStudy', { id: '1' }, 'expected number'],
    ['getStudy', { id: 1.5 }, 'expected int'],
    ['getStudy', {}, 'id'],
    ['inspectFile', {}, 'path'],
    ['inspectFile', { path: '' }, 'path must name a file'],
    ['importPaths', { paths: [] }, 'give at least one file or folder'],
    ['importPaths', { paths: ['/x'], jobId: '../../etc' }, 'jobId'],
    ['cancelImport', {}, 'jobId'],
    ['setSettings', { dbPath: 'relative/archive.sqlite' }, 'dbPath must be an absolute path'],
    ['getAppInfo', { verbose: true }, 'Unrecognized key: "verbose"'],
  ])('%s(%j) is refused, naming %s', async (method, args, words) => {
    const err = await t.api.dispatch(method, args).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('invalid-arguments');
    expect(err?.message).toContain(`invalid arguments for ${method}`);
    expect(err?.message).toContain(words);
  });

  it('calls a method without arguments when none are given', async () => {
    const info = await t.api.dispatch('getAppInfo', undefined);
    expect(info).toMatchObject({ name: 'ECG TLC Workstation', dbPath: t.info.dbPath });
  });

  it('turns a stale paging cursor into an argument error in the store\'s words', async () => {
    await expect(t.api.dispatch('listStudies', { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'invalid-arguments',
      message: expect.stringContaining('cursor is not valid'),
    });
  });

  it('says not-found for a study that is not there', async () => {
    await expect(t.api.dispatch('getStudy', { id: 424242 })).rejects.toMatchObject({ code: 'not-found', message: 'study 424242 is not in the archive' });
  });
});

describe('contract', () => {
  it('every method has a one-line description and schemas', () => {
    for (const name of METHOD_NAMES) {
      expect(CONTRACT[name].doc.length, name).toBeGreaterThan(10);
      expect(typeof CONTRACT[name].args.safeParse).toBe('function');
    }
  });

  it('lists the same sort keys as the store', () => {
    expect(StudySortKey.options).toEqual([...STUDY_SORT_KEYS]);
  });
});

describe('settings', () => {
  it('shows defaults, saves a new database path and says a restart is needed', async () => {
    const before = await t.api.dispatch('getSettings', {});
    expect(before).toMatchObject({ settings: t.settings.defaults, restartRequired: true });
    const target = `${t.dir}/other.sqlite`;
    const after = await t.api.dispatch('setSettings', { dbPath: target });
    expect(after).toMatchObject({ settings: { dbPath: target }, file: t.settings.file, restartRequired: true });
    expect(t.settings.read().dbPath).toBe(target);
    const back = await t.api.dispatch('setSettings', { dbPath: t.info.dbPath });
    expect(back).toMatchObject({ restartRequired: false });
  });
});
