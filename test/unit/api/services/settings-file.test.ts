/** The settings file: defaults when absent, merged saves, and a hand-broken file reported rather than replaced. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsFile } from '../../../../src-main/api/services/settings-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsFile', () => {
  it('gives the defaults when there is no file, and saves only what was set', () => {
    const f = new SettingsFile(join(dir, 'nested'));
    expect(f.read()).toEqual({ dbPath: join(dir, 'nested', 'archive.db'), provider: 'cpu', reportPaper: 'A4' });
    expect(f.saved()).toEqual({});
    f.write({ dbPath: '/data/ecg.db' });
    expect(JSON.parse(readFileSync(f.file, 'utf8'))).toEqual({ dbPath: '/data/ecg.db' });
    expect(new SettingsFile(join(dir, 'nested')).read()).toEqual({ dbPath: '/data/ecg.db', provider: 'cpu', reportPaper: 'A4' });
  });

  it('merges a patch into what is saved; null takes a key back to its default', () => {
    const f = new SettingsFile(dir);
    f.write({ provider: 'auto', modelDir: '/models/a', clusterDir: '/clusters/k4' });
    f.write({ dbPath: '/data/ecg.db', clusterDir: null });
    expect(JSON.parse(readFileSync(f.file, 'utf8'))).toEqual({ provider: 'auto', modelDir: '/models/a', dbPath: '/data/ecg.db' });
    expect(f.read()).toEqual({ dbPath: '/data/ecg.db', provider: 'auto', modelDir: '/models/a', reportPaper: 'A4' });
    f.write({ reportPaper: 'Letter' });
    expect(new SettingsFile(dir).read()).toMatchObject({ dbPath: '/data/ecg.db', reportPaper: 'Letter' });
  });

  it('reports a broken file with its path and what to do', () => {
    const f = new SettingsFile(dir);
    writeFileSync(f.file, '{ "dbPath": ');
    expect(() => f.read()).toThrow(`${f.file}: not valid JSON; fix or delete the file`);
    writeFileSync(f.file, '{ "dbPath": 42 }');
    expect(() => f.read()).toThrow(/expected string.*dbPath/s);
    expect(readFileSync(f.file, 'utf8')).toBe('{ "dbPath": 42 }');
    writeFileSync(f.file, '{ "reportPaper": "Legal" }');
    expect(() => f.read()).toThrow(/reportPaper/);
  });
});
