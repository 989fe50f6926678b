/**
 * `ecg-tlc convert` on real fixtures: the CSV holds time_s and one mV column per lead equal to what the reader
 * produced; the WFDB record reads back through our own reader with equal signals; usage errors exit 2.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { runCli } from './capture-cli.js';

const CINC = fixture('cinc', 'HR00001.hea');
const MUSE = fixture('muse', 'example1.xml');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-convert-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function maxAbsDiff(a: Float32Array, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.skipIf(!hasShared('fixtures', 'cinc'))('ecg-tlc convert', () => {
  it('writes CSV: a time_s,I,II,… header and values in mV equal to the reader\'s', async () => {
    const out = join(tmp, 'hr1.csv');
    const r = await runCli('convert', CINC, '--to', 'csv', '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${CINC} → ${out}: 12 leads × 5000 samples at 500 Hz`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').filter((l) => !l.startsWith('#'));
    expect(lines[0]).toBe('time_s,I,II,III,aVR,aVL,aVF,V1,V2,V3,V4,V5,V6');
    expect(lines).toHaveLength(1 + 5000);
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    expect(rows[0]![0]).toBe(0);
    expect(rows[4999]![0]).toBeCloseTo(4999 / 500, 9);
    const record = readEcgFile(CINC);
    record.samples.forEach((s, k) => {
      const column = rows.map((row) => row[k + 1]!);
      // PTB-XL stores 1000 units/mV: the CSV's decimals reproduce each value to float32 precision
      expect(maxAbsDiff(s, column), record.leads[k]).toBeLessThan(1e-6);
    });
    // and it reads back through our CSV reader
    const back = readEcgFile(out);
    expect(back.leads).toEqual(record.leads);
    expect(back.fs).toBe(500);
  });

  it('writes a WFDB format-16 record that reads back equal through our reader', async () => {
    const r = await runCli('convert', MUSE, '--to', 'wfdb', '-o', join(tmp, 'muse1'));
    expect(r.code).toBe(0);
    const hea = readFileSync(join(tmp, 'muse1.hea'), 'utf8');
    expect(hea.split('\n')[0]).toBe('muse1 12 500 5000');
    expect(hea).toMatch(/^muse1\.dat 16 /m);
    expect(existsSync(join(tmp, 'muse1.dat'))).toBe(true);
    const original = readEcgFile(MUSE);
    const back = readEcgFile(join(tmp, 'muse1.hea'));
    expect(back.source.format).toBe('wfdb');
    expect(back.leads).toEqual(original.leads);
    expect(back.fs).toBe(original.fs);
    expect(back.checks?.filter((c) => c.name.startsWith('checksum')).every((c) => c.status === 'ok')).toBe(true);
    original.samples.forEach((s, k) => {
      const stored = original.digital?.[k];
      // stored leads keep their integers (exact); derived ones are quantised at 1 µV (±0.5 µV)
      expect(maxAbsDiff(s, back.samples[k]!), original.leads[k]).toBeLessThanOrEqual(stored ? 1e-6 : 0.0005 + 1e-6);
    });
  });

  it('accepts the record path with .hea', async () => {
    const r = await runCli('convert', CINC, '--to', 'wfdb', '-o', join(tmp, 'hr1.hea'));
    expect(r.code).toBe(0);
    const back = readEcgFile(join(tmp, 'hr1.hea'));
    const original = readEcgFile(CINC);
    expect(back.samples.map((s, k) => maxAbsDiff(s, original.samples[k]!))).toEqual(original.samples.map(() => 0));
  });

  it('exits 1 with the reader\'s reason when the input cannot be read', async () => {
    const bad = join(tmp, 'bad.hea');
    writeFileSync(bad, 'not a header\n');
    const r = await runCli('convert', bad, '--to', 'csv', '-o', join(tmp, 'bad.csv'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}: cannot read:`);
    expect(existsSync(join(tmp, 'bad.csv'))).toBe(false);
  });

  it.each([
    [['--to', 'csv'], "required option '-o, --output <path>' not specified"],
    [['-o', 'x.csv'], "required option '--to <format>' not specified"],
    [['--to', 'edf', '-o', 'x.edf'], "argument 'edf' is invalid. Allowed choices are csv, wfdb"],
    [['--to', 'wfdb', '-o', 'rec.dat'], 'not a .dat file'],
    [['--to', 'wfdb', '-o', 'my record'], 'WFDB record name "my record" may hold only'],
    [['--to', 'csv', '-o', '/no/such/folder/x.csv'], 'the output folder /no/such/folder does not exist'],
  ])('exits 2 on %j', async (args, message) => {
    const r = await runCli('convert', CINC, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('does not overwrite without --force', async () => {
    const dir = join(tmp, 'exists');
    mkdirSync(dir);
    writeFileSync(join(dir, 'x.csv'), 'keep');
    const r = await runCli('convert', CINC, '--to', 'csv', '-o', join(dir, 'x.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('already exists; add --force to overwrite');
    expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toBe('keep');
    expect((await runCli('convert', CINC, '--to', 'csv', '-o', join(dir, 'x.csv'), '--force')).code).toBe(0);
    expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toContain('time_s,I,II');
  });
});

describe.skipIf(!hasShared('fixtures', 'wfdb'))('ecg-tlc convert: only voltages become mV columns', () => {
  it('writes 03700181 as MCL1 and RESP; ABP, stored in mmHg, is not written as a lead', async () => {
    const out = join(tmp, 'mimic.csv');
    const r = await runCli('convert', fixture('wfdb', '03700181.hea'), '--to', 'csv', '-o', out);
    expect(r.code).toBe(0);
    const header = readFileSync(out, 'utf8').split('\n').find((l) => !l.startsWith('#'));
    expect(header).toBe('time_s,MCL1,RESP');
  });
});
