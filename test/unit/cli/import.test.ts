/** `ecg-tlc import` on real CinC files: summary, failures with reasons, exit codes, database location. */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../../src-main/store/archive.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { runImportList } from './import-list-cli.js';

describe.skipIf(!hasShared('fixtures', 'cinc'))('ecg-tlc import', () => {
  let tmp: string;
  let db: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-import-'));
    db = join(tmp, 'a.db');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const studies = (path: string) => {
    const a = openArchive(path);
    try {
      return a.studies.count();
    } finally {
      a.close();
    }
  };

  /** Two real records and a broken header in one folder. */
  function mixedFolder(): string {
    const dir = join(tmp, 'mixed');
    mkdirSync(dir);
    for (const f of ['HR00001.hea', 'HR00001.mat', 'JS20001.hea', 'JS20001.mat']) copyFileSync(fixture('cinc', f), join(dir, f));
    writeFileSync(join(dir, 'BROKEN.hea'), 'BROKEN 12 500 5000\nBROKEN.mat 16x1+24 1000/mV 16 0 0 0 0 I\n# Dx: 426783006\n');
    return dir;
  }

  it('imports a folder and prints imported / duplicates / failed; a second run finds only duplicates', async () => {
    const r = await runImportList(['import', fixture('cinc'), '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^imported 59, duplicates 1, failed 0 \(of 60 files; 61 companion or hidden skipped\) in [\d.]+ s, [\d.]+ files\/s$/m);
    expect(r.out).toContain(`Archive: ${db}`);
    expect(studies(db)).toBe(59);
    const again = await runImportList(['import', fixture('cinc'), '--db', db, '--verbose']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^imported 0, duplicates 60, failed 0/m);
    expect(again.out).toMatch(/E07510\.hea: same signal as study \d+/);
  });

  it('lists each failing file with its reason, imports the rest and exits 0', async () => {
    const dir = mixedFolder();
    const r = await runImportList(['import', dir, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^imported 2, duplicates 0, failed 1/m);
    expect(r.out).toMatch(new RegExp(`Failed:\\n  ${join(dir, 'BROKEN.hea').replace(/[.]/g, '\\.')}: .+`));
    expect(studies(db)).toBe(2);
  });

  it('exits 1 when nothing could be imported, naming each file and reason', async () => {
    const bad = join(tmp, 'bad.hea');
    writeFileSync(bad, 'not a header at all');
    const r = await runImportList(['import', bad, join(tmp, 'nowhere'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${join(tmp, 'nowhere')}: no such file or folder`);
    expect(r.out).toContain(`${bad}: `);
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const none = await runImportList(['import', empty, '--db', db]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('No ECG files found');
  });

  it('exits 2 on usage errors', async () => {
    expect((await runImportList(['import', '--db', db])).code).toBe(2);
    expect((await runImportList(['import', fixture('cinc'), '--no-such-option'])).code).toBe(2);
    expect(existsSync(db)).toBe(false);
  });

  it('--json prints the summary as JSON', async () => {
    const r = await runImportList(['import', mixedFolder(), '--db', db, '--json']);
    const s = JSON.parse(r.out) as { dbPath: string; imported: number; failures: Array<{ path: string; reason: string }>; studyIds: number[] };
    expect(s).toMatchObject({ dbPath: db, imported: 2, studyIds: [1, 2] });
    expect(s.failures).toHaveLength(1);
  });

  it('uses $ECG_TLC_DB, else archive.db in $XDG_DATA_HOME/ecg-tlc-workstation', async () => {
    const fromEnv = join(tmp, 'env.db');
    const one = join(tmp, 'one');
    mkdirSync(one);
    for (const f of ['HR00001.hea', 'HR00001.mat']) copyFileSync(fixture('cinc', f), join(one, f));
    expect((await runImportList(['import', one], { ECG_TLC_DB: fromEnv })).code).toBe(0);
    expect(studies(fromEnv)).toBe(1);
    const xdg = join(tmp, 'xdg');
    if (process.platform === 'linux') {
      expect((await runImportList(['import', one], { XDG_DATA_HOME: xdg })).code).toBe(0);
      expect(studies(join(xdg, 'ecg-tlc-workstation', 'archive.db'))).toBe(1);
    }
  });
});
