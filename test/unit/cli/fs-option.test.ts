/**
 * `--fs HZ` on inspect, convert and import: the sampling rate of a CSV that states none, as the CSV reader's own
 * error message tells the user to give it. A rate the file does state must agree with it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileSummary } from '../../../src-main/api/contract/files.js';
import { openArchive } from '../../../src-main/store/archive.js';
import { runCli } from './capture-cli.js';
import { runImportList } from './import-list-cli.js';

let tmp: string;
let bare: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-fs-'));
  bare = join(tmp, 'bare.csv');
  const rows = Array.from({ length: 50 }, (_, t) => `${(Math.sin(t / 5) * 0.8).toFixed(4)},${(Math.cos(t / 7) * 0.5).toFixed(4)},0.1`);
  writeFileSync(bare, ['I,II,V1', ...rows].join('\n') + '\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('--fs for files that store no sampling rate', () => {
  it('inspect: refused without it (exit 1, the reason names --fs); read at that rate with it', async () => {
    const without = await runCli('inspect', bare);
    expect(without.code).toBe(1);
    expect(without.err).toMatch(/the sampling rate is not stated: .*--fs 500/);
    const r = await runCli('inspect', '--json', '--fs', '250', bare);
    expect(r.code).toBe(0);
    const [s] = JSON.parse(r.out) as FileSummary[];
    expect(s).toMatchObject({ format: 'csv', fs: 250, samples: 50, durationS: 0.2 });
  });

  it('convert: writes the record at the rate given', async () => {
    const out = join(tmp, 'bare_out');
    const r = await runCli('convert', bare, '--to', 'wfdb', '-o', out, '--fs', '250');
    expect(r.code).toBe(0);
    expect(readFileSync(`${out}.hea`, 'utf8').split('\n')[0]).toBe('bare_out 7 250 50');
  });

  it('import: stores the study at the rate given', async () => {
    const db = join(tmp, 'a.db');
    expect((await runImportList(['import', bare, '--db', db])).code).toBe(1);
    const r = await runImportList(['import', bare, '--db', db, '--fs', '250']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^imported 1, duplicates 0, failed 0/m);
    const archive = openArchive(db);
    try {
      expect(archive.studies.count()).toBe(1);
      expect(archive.studies.summary(1)).toMatchObject({ format: 'csv', fs: 250, samples: 50 });
    } finally {
      archive.close();
    }
  });

  it('a rate that contradicts the one the file states is an error, not a silent choice', async () => {
    const stated = join(tmp, 'stated.csv');
    writeFileSync(stated, '# fs=500\nI,II\n0.1,0.2\n0.2,0.3\n');
    const r = await runCli('inspect', '--fs', '250', stated);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the fs option gives 250 Hz but the "# fs" comment gives 500 Hz/);
  });

  it.each(['0', '-5', 'abc', ''])('--fs %j is a usage error (exit 2)', async (v) => {
    expect((await runCli('inspect', '--fs', v, bare)).code).toBe(2);
  });
});
