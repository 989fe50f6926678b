/** The app's data folder per platform (the CLI's data-dir.ts delegates here, so all entry points share one archive). */
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME, defaultDataDir } from '../../../../src-main/api/services/data-paths.js';
import { ARCHIVE_FILE_NAME, dataDirectory } from '../../../../src-main/cli/data-dir.js';

describe('defaultDataDir', () => {
  it.each([
    ['linux', {}, '/home/u/.local/share/ecg-tlc-workstation'],
    ['linux', { XDG_DATA_HOME: '/data' }, '/data/ecg-tlc-workstation'],
    ['linux', { XDG_DATA_HOME: 'relative' }, '/home/u/.local/share/ecg-tlc-workstation'],
    ['darwin', {}, '/home/u/Library/Application Support/ECG TLC Workstation'],
    ['win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u\\AppData\\Roaming\\ECG TLC Workstation'],
  ] as const)('on %s with %j is %s, as the CLI has it', (platform, env, expected) => {
    expect(defaultDataDir(env, platform, '/home/u')).toBe(expected);
    expect(dataDirectory({ env, platform, home: '/home/u' })).toBe(expected);
  });

  it('names the same archive file as the CLI, and yields to ECG_TLC_DATA_DIR', () => {
    expect(DB_FILE_NAME).toBe(ARCHIVE_FILE_NAME);
    expect(defaultDataDir({ ECG_TLC_DATA_DIR: '/tmp/x' }, 'linux', '/home/u')).toBe('/tmp/x');
  });
});
