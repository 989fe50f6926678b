/**
 * WFDB reader against the wfdb-python sample records in ../shared/fixtures/wfdb. Oracles that need no
 * reference reader: each header's checksums and initial values, MIT-BIH 100's published first samples and beat
 * counts, the frame/skew copies of test01_00s, formats 310 and 311 holding the same signal, and the segments of
 * 041s read on their own.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { einthovenResidualMicrovolts } from '../../../src-main/ecg/derived.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { detectReader, readEcgFile } from '../../../src-main/formats/registry.js';
import { wfdbReader } from '../../../src-main/formats/wfdb.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { setAside } from './record-helpers.js';

const wf = (name: string) => fixture('wfdb', name);
const cache = new Map<string, EcgRecord>();
const read = (name: string) => {
  let r = cache.get(name);
  if (!r) cache.set(name, (r = readEcgFile(wf(name))));
  return r;
};
const lead = (r: EcgRecord, name: string) => r.samples[r.leads.indexOf(name)]!;
const dig = (r: EcgRecord, name: string) => r.digital![r.leads.indexOf(name)]!.values;
const check = (r: EcgRecord, name: string) => r.checks!.find((c) => c.name === name)?.status;
/** Index of the first difference between two integer arrays, −1 when equal (fast on 650000 samples). */
function firstDifference(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function headersUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? headersUnder(p) : n.endsWith('.hea') ? [p] : [];
  });
}

describe.skipIf(!hasShared('fixtures', 'wfdb'))('WFDB fixtures', () => {
  it('verifies every checksum and initial value the fixture headers carry (two known header defects)', () => {
    const notOk: string[] = [];
    let checked = 0;
    const headers = headersUnder(wf(''));
    expect(headers.length).toBe(16);
    for (const h of headers) {
      const r = readEcgFile(h);
      const text = readFileSync(h, 'latin1');
      const signalLines = text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#')).length - 1;
      const multi = /^\S+\/\d+/m.test(text.replace(/^#.*$/gm, '').trim());
      if (!multi) expect(r.checks!.filter((c) => c.name.startsWith('checksum:')).length).toBe(signalLines);
      for (const c of r.checks!) {
        if (c.name.startsWith('checksum:') || c.name.startsWith('initial-value:')) checked++;
        if (c.status !== 'ok') notOk.push(`${h.slice(wf('').length).replace(/^\//, '')} ${c.name}: ${c.detail}`);
      }
    }
    expect(checked).toBe(2 * 88); // 88 signals over the 16 headers (041s counted as a record and as two segments)
    expect(notOk.sort()).toEqual([
      // mixedsignals starts with missing samples (−32768) where the header writes initial value 0
      'mixedsignals.hea initial-value:ABP: header 0, first sample -32768 (the missing-value marker)',
      'mixedsignals.hea initial-value:II: header 0, first sample -32768 (the missing-value marker)',
      'mixedsignals.hea initial-value:III: header 0, first sample -32768 (the missing-value marker)',
      'mixedsignals.hea initial-value:V: header 0, first sample -32768 (the missing-value marker)',
      // the frame copy kept signal 3's initial value (−57) on the line that now holds signal 4 (checksum 65135 ≡ −401 is signal 4's)
      'test01_00s_frame.hea initial-value:ECG_3: header -57, first sample -66',
    ]);
  });

  it('sniffs every fixture header from its first 64 KiB, and signal files by name', () => {
    for (const h of headersUnder(wf(''))) {
      const head = new Uint8Array(readFileSync(h)).subarray(0, 65536);
      expect(detectReader(head, h)?.id, h).toBe('wfdb');
    }
    expect(wfdbReader.sniff(new Uint8Array(readFileSync(wf('100.dat'))).subarray(0, 65536), '100.dat')).toBe(true);
    expect(wfdbReader.sniff(new Uint8Array(readFileSync(wf('a103l.mat'))).subarray(0, 65536), 'a103l.mat')).toBe(true);
  });

  describe('MIT-BIH 100 (format 212, 360 Hz)', () => {
    it('reads 650000 samples of MLII and V5 with the published first values', () => {
      const r = read('100.hea');
      expect(r.fs).toBe(360);
      expect(r.leads).toEqual(['V5', 'MLII']);
      expect(r.samples.every((s) => s.length === 650000)).toBe(true);
      // (995 − 1024)/200 and (1011 − 1024)/200: the baseline defaults to the ADC zero, 1024
      expect(lead(r, 'MLII')[0]).toBeCloseTo(-0.145, 6);
      expect(lead(r, 'V5')[0]).toBeCloseTo(-0.065, 6);
      expect(r.digital![r.leads.indexOf('MLII')]).toMatchObject({ gain: 200, baseline: 1024 });
      expect(r.patient).toEqual({ age: 69, sex: 'M' });
      expect(r.startTime).toBeUndefined();
    });

    it('attaches 100.atr: 2273 beats (2239 N, 33 A, 1 V) and the opening rhythm "(N"', () => {
      const anns = read('100.hea').annotations!;
      const beats = anns.filter((a) => a.type === 'beat');
      const count = (l: string) => beats.filter((b) => b.label === l).length;
      expect([beats.length, count('N'), count('A'), count('V')]).toEqual([2273, 2239, 33, 1]);
      expect(anns[0]).toEqual({ sample: 18, type: 'rhythm', label: '(N' });
      expect(anns.every((a) => a.sample >= 0 && a.sample < 650000)).toBe(true);
    });

    it('infers the length from the file when the header omits it (100-no-len.hea)', () => {
      const a = read('100.hea'), b = read('100-no-len.hea');
      expect(b.samples[0]!.length).toBe(650000);
      expect(firstDifference(b.digital![1]!.values, a.digital![1]!.values)).toBe(-1);
    });

    it('reads a .dat opened directly through its header, and says so', () => {
      const r = readEcgFile(wf('100.dat'));
      expect(r.source.path).toBe(wf('100.hea'));
      expect(r.source.details).toMatchObject({ openedAs: wf('100.dat') });
      expect(firstDifference(r.digital![0]!.values, read('100.hea').digital![0]!.values)).toBe(-1);
    });
  });

  describe('test01_00s and its frame and skew copies (format 16, same .dat)', () => {
    it('frame: 16x2 doubles the rate; the 2-sample signal interleaves stored signals 2 and 3', () => {
      const base = read('test01_00s.hea'), f = read('test01_00s_frame.hea');
      expect([base.fs, f.fs]).toEqual([500, 1000]);
      expect(f.samples[0]!.length).toBe(8000);
      const [e1, e2, e3, e4] = ['ECG 1', 'ECG 2', 'ECG 3', 'ECG 4'].map((n) => dig(base, n));
      const [f1, f2, f3] = ['ECG_1', 'ECG_2', 'ECG_3'].map((n) => dig(f, n));
      for (let i = 0; i < 4000; i++) {
        expect([f1![2 * i], f1![2 * i + 1], f2![2 * i], f2![2 * i + 1], f3![2 * i], f3![2 * i + 1]]).toEqual([e1![i], e1![i], e2![i], e3![i], e4![i], e4![i]]);
      }
    });

    it('skew: signal 2 is advanced 3 samples, its last 3 are missing (NaN, digital −32768)', () => {
      const base = read('test01_00s.hea'), s = read('test01_00s_skew.hea');
      const b2 = dig(base, 'ECG 2'), s2 = dig(s, 'ECG_2');
      for (let i = 0; i < 3997; i++) expect(s2[i]).toBe(b2[i + 3]);
      expect(Array.from(s2.slice(3997))).toEqual([-32768, -32768, -32768]);
      expect(Array.from(lead(s, 'ECG_2').slice(3997))).toEqual([NaN, NaN, NaN]);
      expect(firstDifference(dig(s, 'ECG_1'), dig(base, 'ECG 1'))).toBe(-1);
      expect(lead(base, 'ECG 2')[3]).toBeCloseTo(lead(s, 'ECG_2')[0]!, 7);
    });
  });

  describe('03700181 (212x4 and skew 4: mixed rates)', () => {
    it('reads the voltages at 500 Hz (MCL1 at its own rate, unitless RESP = mV repeated 4×) and sets ABP in mmHg aside', () => {
      const r = read('03700181.hea');
      expect(r.fs).toBe(500);
      expect(r.leads).toEqual(['MCL1', 'RESP']);
      expect(r.samples.every((s) => s.length === 300000)).toBe(true);
      const resp = dig(r, 'RESP');
      for (let k = 0; k < resp.length; k++) if (resp[k] !== resp[k - (k % 4)]) throw new Error(`RESP not held at ${k}`);
      expect(r.startTime).toBe('1994-08-15T17:27:45');
      expect(r.source.details).toMatchObject({ frameRate: 125 });
      const signals = (r.source.details as { signals: Array<Record<string, unknown>> }).signals;
      expect(signals.map((s) => [s.lead, s.units, s.unitsAssumed])).toEqual([['MCL1', 'mV', undefined], ['RESP', 'mV', true]]);
      expect(setAside(r)).toEqual([{ label: 'ABP', unit: 'mmHg', fs: 125, reason: 'not a voltage (unit "mmHg")', file: '03700181.dat', format: 212 }]);
      // the file's integrity covers every stored signal, ABP's checksum (−23651) and first value (−943) included
      expect([check(r, 'checksum:ABP'), check(r, 'initial-value:ABP')]).toEqual(['ok', 'ok']);
    });

    it('applies RESP’s skew of 4 frames: equal to the unskewed reading shifted by 16 output samples', () => {
      const text = readFileSync(wf('03700181.hea'), 'latin1').replace('212:4', '212');
      const unskewed = wfdbReader.parse(memoryFileSource('03700181.hea', new TextEncoder().encode(text), { '03700181.dat': new Uint8Array(readFileSync(wf('03700181.dat'))) }));
      const a = dig(read('03700181.hea'), 'RESP'), b = dig(unskewed, 'RESP');
      for (let k = 0; k < a.length - 16; k++) if (a[k] !== b[k + 16]) throw new Error(`RESP skew differs at ${k}`);
      expect(Array.from(a.slice(-16)).every((v) => v === -2048)).toBe(true);
    });
  });

  describe('binformats (one signal in each of the 10 binary formats)', () => {
    const res = [12, 16, 16, 8, 16, 12, 10, 10, 24, 32];

    it('decodes each format to a ramp of constant step that wraps once per full scale (2^b − 1)', () => {
      const r = read('binformats.hea');
      expect(r.leads.length).toBe(10);
      r.leads.forEach((name, j) => {
        const d = r.digital![j]!.values;
        const b = res[j]!;
        const full = 2 ** b - 1;
        const steps = new Set<number>();
        for (let k = 1; k < d.length; k++) steps.add(d[k]! - d[k - 1]!);
        if (j === 0) {
          // format 8 stores first differences of at most ±127/−128: the writer followed the ramp as far as it could
          for (const s of steps) expect(s >= -128 && s <= 127, name).toBe(true);
          return;
        }
        const up = Math.max(...steps);
        expect([...steps].sort((x, y) => x - y), name).toEqual([up - full, up]);
        for (const v of d) expect(Math.abs(v) <= 2 ** (b - 1) - 1, name).toBe(true);
      });
    });

    it('formats 16, 61 and 160 hold the same ramp within 3 LSB; 310 and 311 within 1 LSB', () => {
      const r = read('binformats.hea');
      const d = (j: number) => r.digital![j]!.values;
      const mod = (v: number, m: number) => ((v % m) + m) % m;
      for (let k = 0; k < 499; k++) {
        expect(mod(d(2)[k]! - d(1)[k]!, 65535)).toBe(1);
        expect(mod(d(4)[k]! - d(1)[k]!, 65535)).toBe(3);
        expect(mod(d(7)[k]! - d(6)[k]!, 1023)).toBe(1);
      }
    });
  });

  it('310derive and 311derive store the same source signal (header checksum 4385) identically', () => {
    const a = read('310derive.hea'), b = read('311derive.hea');
    expect(a.samples[0]!.length).toBe(1026);
    expect(firstDifference(dig(b, 'col 0'), dig(a, 'col 1'))).toBe(-1);
  });

  it('a103l: WFDB-style MATLAB Level 4 .mat (16+24), 2 ECG leads at 250 Hz, PLETH (NU) set aside', () => {
    const r = read('a103l.hea');
    expect([r.fs, r.leads, r.samples[0]!.length]).toEqual([250, ['II', 'V'], 82500]);
    expect(setAside(r)).toEqual([{ label: 'PLETH', unit: 'NU', fs: 250, reason: 'not a voltage (unit "NU")', file: 'a103l.mat', format: 16 }]);
    expect([check(r, 'checksum:PLETH'), check(r, 'initial-value:PLETH')]).toEqual(['ok', 'ok']);
    expect(r.digital![0]).toMatchObject({ gain: 7247, baseline: 0 });
    expect(lead(r, 'II')[0]).toBeCloseTo(-171 / 7247, 7);
    expect((r.source.details as { notes: string[] }).notes[0]).toMatch(/MATLAB Level 4 matrix "val" 3×82500 int16/);
    expect(r.statements).toBeUndefined();
  });

  it('s0010_re: 12 leads + Frank leads in a second file; PTB comments give age, sex, reason for admission', () => {
    const r = read('s0010_re.hea');
    expect(r.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'vx', 'vy', 'vz']);
    expect([r.fs, r.samples[14]!.length]).toEqual([1000, 38400]);
    expect(r.patient).toEqual({ age: 81, sex: 'F' });
    expect(r.statements).toEqual(['Myocardial infarction']);
  });

  it('s0010_re stores all six limb leads: Einthoven/Goldberger hold within one 0.5 µV step (gain 2000/mV)', () => {
    const r = read('s0010_re.hea');
    expect(r.derived).toBeUndefined();
    expect(r.digital![0]!.gain).toBe(2000);
    const residual = einthovenResidualMicrovolts(r)!;
    expect(residual).toBeLessThanOrEqual(1.0001); // ≤ 2 steps: rounding of the two leads each relation combines
    // a one-sample shift of lead II breaks the relations by far more than quantisation
    const ii = r.samples[1]!;
    const shifted = { ...r, samples: r.samples.map((s, k) => (k === 1 ? Float32Array.from(ii, (_, t) => ii[Math.max(0, t - 1)]!) : s)) };
    expect(einthovenResidualMicrovolts(shifted)!).toBeGreaterThan(50);
  });

  describe('multi-segment 041s (fixed layout, 212x4)', () => {
    it('concatenates its two segments exactly as each reads on its own', () => {
      const r = readEcgFile(wf('multi-segment/041s/041s.hea'));
      const s1 = readEcgFile(wf('multi-segment/041s/041s01.hea'));
      const s2 = readEcgFile(wf('multi-segment/041s/041s02.hea'));
      expect([r.fs, r.samples[0]!.length, r.startTime]).toEqual([500, 8000, '1994-10-26T08:26:04']);
      // PLETH and RESP carry no units, which header(5) defines as mV: they stay leads; ABP and PAP are mmHg
      expect(r.leads).toEqual(['I', 'III', 'V', 'PLETH', 'RESP']);
      for (const name of r.leads) {
        expect(firstDifference(dig(r, name), Int32Array.from([...dig(s1, name), ...dig(s2, name)]))).toBe(-1);
      }
      for (const x of [r, s1, s2]) expect(setAside(x).map((o) => [o.label, o.unit, o.fs])).toEqual([['ABP', 'mmHg', 125], ['PAP', 'mmHg', 125]]);
      expect(r.checks!.filter((c) => /^checksum:(ABP|PAP)$/.test(c.name))).toHaveLength(2);
      expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
      expect(r.source.details).toMatchObject({ segments: [{ name: '041s01', frames: 1000 }, { name: '041s02', frames: 1000 }] });
    });
  });

  it('test_generator_2 (twin of the EDF): 16x200 at 1 frame/s is 200 Hz; EDF annotation text becomes annotations', () => {
    const r = read('test_generator_2.hea');
    expect([r.fs, r.samples[0]!.length, r.startTime]).toEqual([200, 120000, '2009-12-10T12:44:02']);
    expect(r.leads).not.toContain('EDF Annotations');
    expect(r.leads.length).toBe(9);
    expect(r.digital![r.leads.indexOf('ECG')]).toMatchObject({ gain: 32767.5, baseline: 0 });
    const units = (r.source.details as { signals: Array<{ units?: string }> }).signals.map((s) => s.units);
    expect(units.slice(0, 9)).toEqual(['mV', 'mV', 'mV', 'mV', 'mV', 'mV', 'mV', 'mV', 'mV']);
    expect(setAside(r).map((o) => [o.label, o.unit, o.fs])).toEqual([['sine 15 Hz', '°', 200], ['sine 17 Hz', '°', 200]]);
    expect(r.annotations).toEqual([
      { sample: 0, type: 'event', label: 'RECORD START' },
      { sample: 120000, type: 'event', label: 'REC STOP' },
    ]);
    expect(r.checks!.find((c) => c.name === 'checksum:EDF Annotations')?.status).toBe('ok');
  });

  it('mixedsignals: format 516 (FLAC) at 4, 2 and 1 samples per frame, MD5 and checksums verified', () => {
    const r = read('mixedsignals.hea');
    expect(r.fs).toBeCloseTo(62.4725 * 4, 9);
    expect(r.leads).toEqual(['II', 'III', 'V']);
    expect(r.samples[0]!.length).toBe(14400 * 4);
    // ABP, Pleth and Resp are set aside at their own rates, yet their FLAC streams and checksums are still verified
    expect(setAside(r).map((o) => [o.label, o.unit, o.fs, o.file])).toEqual([
      ['ABP', 'mmHg', 62.4725 * 2, 'mixedsignals_p.dat'],
      ['Pleth', 'NU', 62.4725 * 2, 'mixedsignals_p.dat'],
      ['Resp', 'Ohm', 62.4725, 'mixedsignals_r.dat'],
    ]);
    const md5 = r.checks!.filter((c) => c.name.startsWith('flac-md5:'));
    expect(md5.map((c) => [c.name, c.status])).toEqual([['flac-md5:mixedsignals_e.dat', 'ok'], ['flac-md5:mixedsignals_p.dat', 'ok'], ['flac-md5:mixedsignals_r.dat', 'ok']]);
    expect(['ABP', 'Pleth', 'Resp'].map((n) => check(r, `checksum:${n}`))).toEqual(['ok', 'ok', 'ok']);
    expect(Number.isNaN(lead(r, 'II')[0])).toBe(true);
  });
});
