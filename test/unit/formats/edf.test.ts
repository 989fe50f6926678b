import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { einthovenResidualMicrovolts } from '../../../src-main/ecg/derived.js';
import { recordDurationSeconds } from '../../../src-main/ecg/record.js';
import { edfReader } from '../../../src-main/formats/edf.js';
import { parseEdf } from '../../../src-main/formats/edf-file.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { detectReader, readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared } from '../../helpers/shared.js';

const edf = (name: string) => fixture('edf', name);
const bytesOf = (name: string) => new Uint8Array(readFileSync(edf(name)));

describe.skipIf(!hasShared('fixtures', 'edf'))('EDF fixtures', () => {
  it('sniffs all three fixtures as EDF from their first 64 KiB', () => {
    for (const name of ['0000050.ECG.edf', 'test_generator_2.edf', 'test_edfann.edf']) {
      expect(detectReader(bytesOf(name).subarray(0, 65536), name)?.id).toBe('edf');
    }
  });

  describe('0000050.ECG.edf (Contec ECG90A, one sample per data record)', () => {
    const r = readEcgFile(edf('0000050.ECG.edf'));

    it('reads 12 leads at 800 Hz from 37855 records of 0.00125 s', () => {
      expect(r.source.format).toBe('edf');
      expect(r.fs).toBe(800);
      expect(r.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
      expect(r.derived).toBeUndefined();
      expect(r.samples.every((s) => s.length === 37855)).toBe(true);
      expect(recordDurationSeconds(r)).toBeCloseTo(47.31875, 9);
      expect(r.startTime).toBe('2020-11-16T21:44:39');
      expect(r.source.details).toMatchObject({ variant: 'EDF', dataRecords: 37855, recordDurationSeconds: 0.00125, adminCode: '0000050' });
    });

    it('keeps the digital values with gain 65535/2000 per mV and baseline −0.5 (physical ±1000 mV over −32768…32767)', () => {
      const d = r.digital![0]!;
      expect(d.gain).toBeCloseTo(32.7675, 12);
      expect(d.baseline).toBeCloseTo(-0.5, 9);
      // first frame of the file, read with numpy: I=-20, II=-25, III=-5, aVR=23
      expect([0, 1, 2, 3].map((k) => r.digital![k]!.values[0])).toEqual([-20, -25, -5, 23]);
      expect(r.samples[0]![0]).toBeCloseTo(-1000 + (-20 + 32768) * (2000 / 65535), 5);
    });

    it('satisfies Einthoven and Goldberger within two quantisation steps (the leads are stored independently)', () => {
      const step = 1000 / r.digital![0]!.gain; // µV per digital unit, 30.5
      const residual = einthovenResidualMicrovolts(r)!;
      expect(residual).toBeLessThanOrEqual(2 * step);
      // The oracle can fail: a 5% gain error on lead I breaks it by far more than quantisation.
      const broken = { ...r, samples: r.samples.map((s, k) => (k === 0 ? s.map((v) => v * 1.05) : s)) };
      expect(einthovenResidualMicrovolts(broken)!).toBeGreaterThan(5 * step);
    });

    it('all data-range checks pass', () => {
      expect(r.checks!.filter((c) => c.status === 'mismatch')).toEqual([]);
    });
  });

  describe('test_generator_2.edf (EDF+C, 11 signals at 200 Hz + annotations)', () => {
    const r = readEcgFile(edf('test_generator_2.edf'));
    // The WFDB twin's header carries each signal's first value and 16-bit checksum: an independent oracle.
    const hea = readFileSync(fixture('wfdb', 'test_generator_2.hea'), 'latin1').trim().split(/\r?\n/).slice(1).map((l) => l.trim());
    const oracle = new Map(hea.map((l) => { const f = l.split(' '); return [f.slice(8).join(' '), { init: Number(f[5]), checksum: Number(f[6]) }]; }));

    it('reads the 9 µV signals as leads at 200 Hz over 600 s and reports the two in degrees', () => {
      expect(r.fs).toBe(200);
      expect(r.leads).toEqual(['squarewave', 'ramp', 'pulse', 'ECG', 'noise', 'sine 1 Hz', 'sine 8 Hz', 'sine 8.5 Hz', 'sine 50 Hz']);
      expect(recordDurationSeconds(r)).toBe(600);
      const others = (r.source.details as { otherSignals: Array<{ label: string; reason: string }> }).otherSignals;
      expect(others.map((o) => o.label)).toEqual(['sine 15 Hz', 'sine 17 Hz']);
      expect(others[0]!.reason).toMatch(/not a voltage/);
      expect(r.startTime).toBe('2009-12-10T12:44:02');
      expect(r.device).toEqual({ model: 'test generator' });
      expect(r.source.details).toMatchObject({ variant: 'EDF+C', dataRecords: 600 });
    });

    it('reproduces the WFDB twin header initial value and checksum of every lead', () => {
      r.leads.forEach((lead, k) => {
        const v = r.digital![k]!.values;
        let sum = 0;
        for (let i = 0; i < v.length; i++) sum = (sum + v[i]!) & 0xffff;
        const o = oracle.get(lead)!;
        expect({ lead, init: v[0], checksum: sum > 32767 ? sum - 65536 : sum }).toEqual({ lead, ...o });
      });
    });

    it('scales µV to mV: gain 32767.5 per mV', () => {
      expect(r.digital![0]!.gain).toBeCloseTo(32767.5, 9);
      const sq = r.samples[0]!;
      expect(sq[0]).toBeCloseTo(-1 + (3276 + 32768) * (2 / 65535), 6); // ≈ 0.1 mV
    });

    it('turns the EDF+ annotations into events at sample indices', () => {
      expect(r.annotations).toEqual([
        { sample: 0, type: 'event', label: 'RECORD START' },
        { sample: 120000, type: 'event', label: 'REC STOP' },
      ]);
      expect(r.checks!.find((c) => c.name === 'record-onsets')!.status).toBe('ok');
    });
  });

  describe('test_edfann.edf (annotations only)', () => {
    it('gives all 856 annotations with onsets, durations and texts', () => {
      const f = parseEdf(bytesOf('test_edfann.edf'), 'test_edfann.edf');
      expect(f.numRecords).toBe(1);
      expect(f.header.recordDuration).toBe(0);
      expect(f.annotations).toHaveLength(856);
      expect(f.annotations.slice(0, 3)).toEqual([
        { onset: 0, duration: 30, text: 'Sleep stage W' },
        { onset: 30, duration: 30, text: 'Sleep stage W' },
        { onset: 33.43, duration: 0, text: 'Lights off@@EEG F4-A1' },
      ]);
      expect(f.annotations.at(-1)).toEqual({ onset: 25618.74, duration: 0, text: 'Lights on@@EEG Fpz-Cz' });
      const stages = new Map<string, number>();
      for (const a of f.annotations) stages.set(a.text, (stages.get(a.text) ?? 0) + 1);
      // every 30-s epoch from 0 to 25590 s is scored once: 854 stages + 2 light events
      expect([...stages].filter(([t]) => t.startsWith('Sleep stage')).reduce((n, [, c]) => n + c, 0)).toBe(854);
      expect(f.checks.find((c) => c.name === 'annotations')!.status).toBe('ok');
    });

    it('is refused as an ECG record with a reason that says why', () => {
      const src = memoryFileSource('test_edfann.edf', bytesOf('test_edfann.edf'));
      expect(() => edfReader.parse(src)).toThrow(FormatError);
      expect(() => edfReader.parse(src)).toThrow(/only annotations \(856\) and no signals/);
    });
  });

  describe('damaged copies of a real file', () => {
    const full = bytesOf('0000050.ECG.edf');
    it.each([100, 255, 3000, 3327, 3328, 3329, full.length - 1])('cut at %i bytes → FormatError', (n) => {
      const src = memoryFileSource('cut.edf', full.subarray(0, n));
      expect(() => edfReader.parse(src)).toThrow(FormatError);
    });
    it('names the truncation with the byte counts', () => {
      const src = memoryFileSource('cut.edf', full.subarray(0, full.length - 1));
      expect(() => edfReader.parse(src)).toThrow(/truncated: the header declares 37855 data records of 24 bytes \(908520 bytes\) but only 908519 bytes/);
    });
  });
});

describe.skipIf(!hasShared('fixtures', 'edf') || !hasShared('fixtures', 'wfdb'))('EDF / WFDB twin: test_generator_2', () => {
  it('holds the same signals in both formats', () => {
    const e = readEcgFile(edf('test_generator_2.edf'));
    const w = readEcgFile(fixture('wfdb', 'test_generator_2.hea'));
    expect(w.fs).toBe(e.fs);
    expect(w.annotations).toEqual(e.annotations);
    for (const [k, lead] of e.leads.entries()) {
      const j = w.leads.indexOf(lead);
      expect(j, `WFDB lead ${lead}`).toBeGreaterThanOrEqual(0);
      expect(w.samples[j]!.length).toBe(e.samples[k]!.length);
      const wd = w.digital?.[j];
      if (wd) expect(Buffer.from(new Int32Array(wd.values).buffer).equals(Buffer.from(e.digital![k]!.values.buffer))).toBe(true);
      // WFDB's integer baseline 0 vs the EDF's exact −0.5: half a digital unit, 0.015 µV here.
      const tol = 0.6 / e.digital![k]!.gain;
      let worst = 0;
      for (let i = 0; i < e.samples[k]!.length; i++) worst = Math.max(worst, Math.abs(e.samples[k]![i]! - w.samples[j]![i]!));
      expect(worst, lead).toBeLessThanOrEqual(tol);
    }
  });
});
