import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../../src-main/ecg/record.js';
import { readEcgFile } from '../../../../src-main/formats/registry.js';
import { writeWfdb } from '../../../../src-main/formats/writers/wfdb-writer.js';
import { fixture, hasShared } from '../../../helpers/shared.js';

function digitalRecord(): EcgRecord {
  const ii = Int32Array.from([1024, 1100, 900, -3000]);
  const i = Int32Array.from([10, -20, 32767, -32767]);
  return {
    leads: ['II', 'I'],
    fs: 500,
    samples: [Float32Array.from(ii, (v) => (v - 1024) / 200), Float32Array.from(i, (v) => v / 400.5)],
    digital: [{ values: ii, gain: 200, baseline: 1024 }, { values: i, gain: 400.5, baseline: 0 }],
    startTime: '2021-02-01T10:20:30.250',
    patient: {},
    source: { format: 'test', path: 'memory', sha256: '' },
  };
}

const int16s = (dat: Uint8Array) => Array.from(new Int16Array(dat.buffer, dat.byteOffset, dat.byteLength / 2));

/** 16-bit two's-complement sum, computed apart from the writer. */
function checksum(values: ArrayLike<number>): number {
  const s = Array.from(values).reduce((a, b) => a + b, 0);
  const m = ((s % 65536) + 65536) % 65536;
  return m > 32767 ? m - 65536 : m;
}

const dirs: string[] = [];
function writeToDisk(record: EcgRecord, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-wfdb-'));
  dirs.push(dir);
  const { header, dat } = writeWfdb(record, name);
  writeFileSync(join(dir, `${name}.hea`), header);
  writeFileSync(join(dir, `${name}.dat`), dat);
  return join(dir, `${name}.hea`);
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('WFDB writer', () => {
  it('writes the source integers unchanged with their gain, baseline, initial value and checksum, leads in canonical order', () => {
    const { header, dat, warnings } = writeWfdb(digitalRecord(), 'rec_1');
    expect(header.split('\n')).toEqual([
      'rec_1 2 500 4 10:20:30.250 01/02/2021',
      `rec_1.dat 16 400.5(0)/mV 16 0 10 ${checksum([10, -20, 32767, -32767])} 0 I`,
      `rec_1.dat 16 200(1024)/mV 16 0 1024 ${checksum([1024, 1100, 900, -3000])} 0 II`,
      '',
    ]);
    expect(int16s(dat)).toEqual([10, 1024, -20, 1100, 32767, 900, -32767, -3000]);
    expect(warnings).toEqual([]);
  });

  it('quantises leads without digital values at 1000/mV, clamps beyond int16 and writes NaN as −32768, reporting each', () => {
    const rec: EcgRecord = {
      leads: ['V1'],
      fs: 250,
      samples: [Float32Array.from([0.0014, -1.2345, 40, -40, Number.NaN])],
      patient: {},
      source: { format: 'test', path: 'memory', sha256: '' },
    };
    const { header, dat, warnings } = writeWfdb(rec, 'q');
    expect(int16s(dat)).toEqual([1, -1235, 32767, -32767, -32768]);
    expect(header).toContain(`q.dat 16 1000(0)/mV 16 0 1 ${checksum([1, -1235, 32767, -32767, -32768])} 0 V1`);
    expect(warnings).toEqual(['V1: 2 samples beyond ±32.767 mV clamped', 'V1: 1 NaN samples written as −32768 ("no sample")']);
  });

  it('re-quantises digital values that do not fit format 16, and says so', () => {
    const rec = digitalRecord();
    rec.digital![1] = { values: Int32Array.from([0, 100000, 0, 0]), gain: 1e4, baseline: 0 };
    rec.samples[1] = Float32Array.from([0, 10, 0, 0]);
    const { dat, warnings } = writeWfdb(rec, 'big');
    expect(int16s(dat).filter((_, k) => k % 2 === 0)).toEqual([0, 10000, 0, 0]);
    expect(warnings[0]).toMatch(/I: source digital values span 0…100000, beyond format 16/);
  });

  it("writes a missing sample as −32768 whatever the source's marker was (−2048 in format 212), without a warning", () => {
    const v = Int32Array.from([5, -2048, 7]);
    const rec: EcgRecord = {
      leads: ['V1'],
      fs: 250,
      samples: [Float32Array.from([5 / 200, Number.NaN, 7 / 200])],
      digital: [{ values: v, gain: 200, baseline: 0, invalid: -2048 }],
      patient: {},
      source: { format: 'test', path: 'memory', sha256: '' },
    };
    const { dat, warnings } = writeWfdb(rec, 'gap');
    expect(int16s(dat)).toEqual([5, -32768, 7]);
    expect(warnings).toEqual([]);
    const back = readEcgFile(writeToDisk(rec, 'gap')).samples[0]!;
    expect([back[0], Number.isNaN(back[1]!), back[2]]).toEqual([Math.fround(5 / 200), true, Math.fround(7 / 200)]);
  });

  describe.skipIf(!hasShared('fixtures', 'wfdb'))('from a real format-212 record with missing samples (03700181)', () => {
    it('keeps every missing sample missing and every other integer as it was', () => {
      const src = readEcgFile(fixture('wfdb', '03700181.hea'));
      const back = readEcgFile(writeToDisk(src, 'c03700181'));
      let missing = 0, nowPresent = 0, changed = 0;
      src.leads.forEach((lead, k) => {
        const a = src.samples[k]!, b = back.samples[back.leads.indexOf(lead)]!;
        const x = src.digital![k]!.values, y = back.digital![back.leads.indexOf(lead)]!.values;
        for (let t = 0; t < a.length; t++) {
          if (Number.isNaN(a[t]!)) {
            missing++;
            if (!Number.isNaN(b[t]!)) nowPresent++;
          } else if (y[t] !== x[t]) changed++;
        }
      });
      expect({ missing, nowPresent, changed }).toEqual({ missing: 16, nowPresent: 0, changed: 0 }); // the 212 file's −2048 markers
    });
  });

  it('refuses record names WFDB cannot hold', () => {
    expect(() => writeWfdb(digitalRecord(), '../evil')).toThrow(RangeError);
    expect(() => writeWfdb(digitalRecord(), 'a b')).toThrow(/may hold only letters, digits/);
  });

  describe.skipIf(!hasShared('fixtures', 'edf'))('from a real EDF (0000050.ECG.edf: fractional baseline −0.5)', () => {
    const src = readEcgFile(fixture('edf', '0000050.ECG.edf'));
    const out = writeWfdb(src, 'c0000050');

    it('keeps the EDF integers, rounds the baseline and reports the shift', () => {
      expect(out.header.split('\n')[0]).toBe('c0000050 12 800 37855 21:44:39 16/11/2020');
      expect(out.header.split('\n')[1]).toMatch(/^c0000050\.dat 16 32\.7675\(0\)\/mV 16 0 -20 -?\d+ 0 I$/);
      const frames = int16s(out.dat);
      src.digital!.forEach((d, k) => {
        for (const t of [0, 1, 5000, 37854]) expect(frames[t * 12 + k]).toBe(d!.values[t]);
      });
      expect(out.warnings).toHaveLength(12);
      // half of this file's 30.5 µV step: WFDB has no fractional baseline, and the integers must stay as they are
      expect(out.warnings[0]).toBe('I: baseline -0.5 rounded to 0 (WFDB baselines are integers); values shift by -15.3 µV');
    });

    it('reads back through the WFDB reader with the source digital values exactly', () => {
      const back = readEcgFile(writeToDisk(src, 'c0000050'));
      expect(back.fs).toBe(800);
      expect(back.leads).toEqual(src.leads);
      back.leads.forEach((lead, k) => {
        const d = back.digital?.[k];
        expect(d, lead).toBeDefined();
        expect(Array.from(d!.values)).toEqual(Array.from(src.digital![k]!.values));
        expect(d!.gain).toBeCloseTo(src.digital![k]!.gain, 9);
      });
    });
  });

  describe.skipIf(!hasShared('fixtures', 'edf') || !hasShared('fixtures', 'wfdb'))('against the reference WFDB twin of test_generator_2.edf', () => {
    it('writes the same initial value, checksum, gain and baseline as the reference header (written by wfdb edf2mit)', () => {
      const ours = writeWfdb(readEcgFile(fixture('edf', 'test_generator_2.edf')), 'tg2').header.trim().split('\n').slice(1);
      const ref = readFileSync(fixture('wfdb', 'test_generator_2.hea'), 'latin1').trim().split(/\r?\n/).slice(1);
      const fields = (line: string) => {
        const f = line.trim().split(' ');
        return { name: f.slice(8).join(' '), init: f[5], checksum: f[6] };
      };
      const reference = new Map(ref.map((l) => [fields(l).name, fields(l)]));
      expect(ours).toHaveLength(9);
      for (const line of ours) {
        const f = fields(line);
        expect(f).toEqual(reference.get(f.name));
        // 32.7675/uV there is 32767.5/mV here, baseline 0 in both
        expect(line.split(' ')[2]).toBe('32767.5(0)/mV');
      }
    });
  });

  it('reads back a synthetic record through the WFDB reader exactly', () => {
    const src = digitalRecord();
    const back = readEcgFile(writeToDisk(src, 'rec_1'));
    expect(back.leads.slice(0, 2)).toEqual(['I', 'II']);
    expect(back.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']); // completed by the reader from I and II
    expect(Array.from(back.digital![0]!.values)).toEqual(Array.from(src.digital![1]!.values));
    expect(Array.from(back.digital![1]!.values)).toEqual(Array.from(src.digital![0]!.values));
    expect(back.digital![1]!.baseline).toBe(1024);
  });

  const wfdbPython = spawnSync('python3', ['-c', 'import wfdb'], { encoding: 'utf8' });
  const hasWfdbPython = wfdbPython.status === 0;
  if (!hasWfdbPython) console.warn('[skip] wfdb-python cross-check: `python3 -c "import wfdb"` failed (wfdb-python is not installed)');
  it.skipIf(!hasWfdbPython)('is read by wfdb-python with the same integers, gains and baselines', () => {
    const hea = writeToDisk(digitalRecord(), 'rec_1');
    const script = [
      'import sys, json, wfdb',
      'r = wfdb.rdrecord(sys.argv[1][:-4], physical=False)',
      'print(json.dumps({"fs": r.fs, "names": r.sig_name, "gain": r.adc_gain, "baseline": r.baseline,',
      '  "d": r.d_signal.T.tolist(), "checksum": r.checksum, "init": r.init_value}))',
    ].join('\n');
    const py = spawnSync('python3', ['-c', script, hea], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const got = JSON.parse(py.stdout) as { fs: number; names: string[]; gain: number[]; baseline: number[]; d: number[][] };
    expect(got).toMatchObject({ fs: 500, names: ['I', 'II'], gain: [400.5, 200], baseline: [0, 1024] });
    expect(got.d).toEqual([[10, -20, 32767, -32767], [1024, 1100, 900, -3000]]);
  });
});
