/** Where `ecg-tlc import` (and list) put the archive when no --db is given, per platform. */
import { describe, expect, it } from 'vitest';
import { dataDirectory, databasePath } from '../../../src-main/cli/data-dir.js';

describe('default archive location', () => {
  const home = '/home/ana';
  it.each([
    ['linux', {}, '/home/ana/.local/share/ecg-tlc-workstation/archive.db'],
    ['linux', { XDG_DATA_HOME: '/data/xdg' }, '/data/xdg/ecg-tlc-workstation/archive.db'],
    ['linux', { XDG_DATA_HOME: 'relative/ignored' }, '/home/ana/.local/share/ecg-tlc-workstation/archive.db'],
    ['freebsd', {}, '/home/ana/.local/share/ecg-tlc-workstation/archive.db'],
    ['darwin', { XDG_DATA_HOME: '/ignored' }, '/home/ana/Library/Application Support/ECG TLC Workstation/archive.db'],
    ['win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana\\AppData\\Roaming\\ECG TLC Workstation\\archive.db'],
  ] as const)('%s %j → %s', (platform, env, want) => {
    expect(databasePath(undefined, { env, platform, home })).toBe(want);
  });

  it('falls back to the roaming profile folder on Windows without %APPDATA%', () => {
    expect(dataDirectory({ env: {}, platform: 'win32', home: 'C:\\Users\\ana' })).toBe('C:\\Users\\ana\\AppData\\Roaming\\ECG TLC Workstation');
  });

  it('--db wins over $ECG_TLC_DB, which wins over the data folder', () => {
    const env = { ECG_TLC_DB: '/env/a.db', XDG_DATA_HOME: '/x' };
    expect(databasePath('/opt/b.db', { env, platform: 'linux', home })).toBe('/opt/b.db');
    expect(databasePath(undefined, { env, platform: 'linux', home })).toBe('/env/a.db');
  });
});

describe('archive chosen in the app settings', () => {
  it('is the one the command line uses when neither --db nor $ECG_TLC_DB is given', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-settings-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ dbPath: '/srv/ecg/archive.db' }));
    expect(databasePath(undefined, { env: { ECG_TLC_DATA_DIR: dir } })).toBe('/srv/ecg/archive.db');
    expect(databasePath(undefined, { env: { ECG_TLC_DATA_DIR: dir, ECG_TLC_DB: '/env.db' } })).toBe('/env.db');
  });
});
