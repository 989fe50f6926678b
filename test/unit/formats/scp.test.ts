/**
 * SCP-ECG reader against the three real fixtures (see fixtures/SOURCES.md): Example.scp (ECG Toolkit, Huffman +
 * second differences, 12 leads at 500 Hz), demo.scp (raw 16-bit, 8 leads at 1 kHz, SCP 1.3) and
 * example_full_anon.SCP (Welch Allyn, Huffman + first differences, 8 pediatric leads at 1e6/1667 Hz).
 * Oracles the files carry themselves: their CRCs, independently stored limb leads (Einthoven), and the device's
 * own per-lead measurements in section 10 against the decoded reference beat.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { einthovenResidualMicrovolts } from '../../../src-main/ecg/derived.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource, nodeFileSource } from '../../../src-main/formats/file-source.js';
import { scpReader } from '../../../src-main/formats/scp.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { withRecordCrc } from './scp-synth.js';

const read = (name: string) => scpReader.parse(nodeFileSource(fixture('scp', name)));
const lead = (r: EcgRecord, name: string) => r.samples[r.leads.indexOf(name)]!;
const range = (a: Float32Array): [number, number] => [Math.min(...a), Math.max(...a)];
const peakToPeak = (a: Float32Array) => range(a)[1] - range(a)[0];
const TWELVE = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** Largest normalised cross-correlation of a template against any stretch of a signal. */
function bestCorrelation(signal: Float32Array, template: Float32Array): number {
  const n = template.length;
  const tm = template.reduce((s, v) => s + v, 0) / n;
  const tn = Math.sqrt(template.reduce((s, v) => s + (v - tm) ** 2, 0));
  let best = -1;
  for (let o = 0; o + n <= signal.length; o += 2) {
    let sm = 0;
    for (let i = 0; i < n; i++) sm += signal[o + i]!;
    sm /= n;
    let dot = 0;
    let sn = 0;
    for (let i = 0; i < n; i++) {
      dot += (signal[o + i]! - sm) * (template[i]! - tm);
      sn += (signal[o + i]! - sm) ** 2;
    }
    best = Math.max(best, dot / (Math.sqrt(sn) * tn));
  }
  return best;
}

describe.skipIf(!hasShared('fixtures', 'scp'))('SCP-ECG fixtures', () => {
  it('Example.scp: 12 stored leads, 500 Hz, 5000 samples, Huffman + second differences', () => {
    const r = read('Example.scp');
    expect(r.leads).toEqual(TWELVE);
    expect(r.fs).toBe(500);
    expect(r.samples.every((s) => s.length === 5000)).toBe(true);
    expect(r.derived).toBeUndefined();
    expect(r.source.details).toMatchObject({ huffman: 'default', difference: 2, bimodal: false, referenceBeatSubtracted: false, avmNv: 2500, protocolVersion: 2 });
    expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
    expect(r.checks!.map((c) => c.name)).toContain('crc:record');
    // III, aVR, aVL, aVF are stored, not derived: Einthoven/Goldberger hold to within one 2.5 µV step.
    expect(einthovenResidualMicrovolts(r)).toBeLessThanOrEqual(2.5);
    const pp = peakToPeak(lead(r, 'II'));
    expect(pp).toBeGreaterThan(0.3);
    expect(pp).toBeLessThan(3);
    // digital values and gain reproduce the mV samples exactly (AVM 2500 nV → 400 units/mV)
    const d = r.digital![1]!;
    expect(d.gain).toBe(400);
    expect(d.values[1234]! / d.gain).toBeCloseTo(lead(r, 'II')[1234]!, 6);
  });

  it('Example.scp: header, global measurements and the reference beat', () => {
    const r = read('Example.scp');
    expect(r.patient).toEqual({ id: 'SBJ-123', name: 'Clark', sex: 'M', birthDate: '1953-05-08' });
    expect(r.startTime).toBe('2002-11-22T09:10:00');
    expect(r.device).toMatchObject({ model: 'ELI250', manufacturer: 'ECGConversion' });
    expect(r.measurements).toEqual({ pDuration: 102, pr: 148, qrs: 120, qt: 420, qtc: 443, pAxis: 44, qrsAxis: -61, tAxis: 86 });
    const median = r.extraWaveforms![0]!;
    expect(median).toMatchObject({ kind: 'median', fs: 500, leads: TWELVE });
    expect(median.samples[0]!.length).toBe(599); // 1198 ms at 2 ms
    // the reference beat is a beat of this ECG: it matches a stretch of the rhythm closely in every lead
    for (const name of ['I', 'II', 'V2', 'V5']) {
      expect(bestCorrelation(lead(r, name), median.samples[median.leads.indexOf(name)]!)).toBeGreaterThan(0.95);
    }
  });

  it('demo.scp: raw 16-bit data, 8 stored leads at 1 kHz, limb leads derived', () => {
    const r = read('demo.scp');
    expect(r.fs).toBe(1000);
    expect(r.leads).toEqual(TWELVE);
    expect(r.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(r.samples.every((s) => s.length === 10000)).toBe(true);
    expect(r.digital!.filter((d) => d === undefined)).toHaveLength(4);
    expect(r.source.details).toMatchObject({ huffman: 'none', difference: 0, protocolVersion: 1.3, avmNv: 183 });
    expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
    expect(einthovenResidualMicrovolts(r)).toBeUndefined(); // nothing stored independently to check
    const pp = peakToPeak(lead(r, 'II'));
    expect(pp).toBeGreaterThan(0.3);
    expect(pp).toBeLessThan(3);
    expect(r.patient).toEqual({ id: '12-678-QW', name: 'Patient, Demo', sex: 'M', birthDate: '1957-06-24' });
    expect(r.startTime).toBe('2004-06-24T16:52:16');
    expect(r.source.details).toMatchObject({ heightCm: 187, weightKg: 82, freeText: 'demo patient' });
    expect(r.extraWaveforms).toBeUndefined();
  });

  it('example_full_anon.SCP: 8 pediatric leads at 599.88 Hz, statements, measurements, per-lead values', () => {
    const r = read('example_full_anon.SCP');
    expect(r.fs).toBeCloseTo(1e6 / 1667, 9);
    expect(r.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V4', 'V6', 'V3R', 'V7']);
    expect(r.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(r.samples[0]!.length).toBe(6000);
    expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
    const pp = peakToPeak(lead(r, 'II'));
    expect(pp).toBeGreaterThan(0.3);
    expect(pp).toBeLessThan(3);
    expect(r.statements).toEqual([
      'Analyserad med pedriatriska kriterier med hjälp av pedriatrisk avledningssats',
      'varning: pediatriska kriterier måste användas med försiktighet i vuxna åldersgrupper',
      'sinusrytm',
      'AV-block I (begränsad)',
      'fynd sannolikt utan patologisk signifikans',
    ]);
    expect(r.measurements).toEqual({ rr: 731, hr: 82, pDuration: 102, pr: 177, qrs: 100, qt: 343, qtc: 401, pAxis: 64, qrsAxis: 49, tAxis: 25 });
    expect(r.source.details).toMatchObject({ section8: { confirmation: 'confirmed', dateTime: '2017-06-07T09:51:56' }, difference: 1 });
    // the anonymiser overwrote dates and sex with junk: those are left out, the rest kept
    expect(r.patient).toEqual({ id: 'FULL_ANON', name: 'REMOVED, REMOVE', age: 36 });
    expect(r.startTime).toBeUndefined();
    expect(r.device).toEqual({ model: 'MDW14', software: 'CCW', manufacturer: 'Welch Allyn Cardio Control' });
  });

  it('example_full_anon.SCP: the decoded reference beat agrees with the device R amplitudes (unit and AVM check)', () => {
    const r = read('example_full_anon.SCP');
    const median = r.extraWaveforms![0]!;
    expect(median.samples[0]!.length).toBe(433); // 722 ms at 1667 µs
    const perLead = r.source.details!.leadMeasurements as Record<string, Record<string, number>>;
    expect(Object.keys(perLead)).toHaveLength(12);
    for (const name of median.leads) {
      const beat = median.samples[median.leads.indexOf(name)]!;
      const baseline = beat[Math.round(0.05 * median.fs)]!; // before the P wave (P onset at 100 ms)
      const [lo, hi] = range(beat);
      // R and S within 40 µV of the device's values in every lead; a wrong AVM or unit would be off by far more
      expect(Math.abs(hi - baseline - perLead[name]!.rAmplitude! / 1000), name).toBeLessThan(0.06);
      expect(Math.abs(baseline - lo - perLead[name]!.sAmplitude! / 1000), name).toBeLessThan(0.06);
    }
  });
});

describe.skipIf(!hasShared('fixtures', 'scp'))('SCP-ECG damaged copies of the fixtures', () => {
  const original = () => new Uint8Array(readFileSync(fixture('scp', 'Example.scp')));
  const parse = (bytes: Uint8Array, name = 'damaged.scp') => () => scpReader.parse(memoryFileSource(name, bytes));

  it('truncated anywhere → FormatError naming the file', () => {
    const bytes = original();
    for (const n of [3, 20, 140, 400, 3000, 20000, bytes.length - 1]) {
      expect(parse(bytes.subarray(0, n), `cut-${n}.scp`)).toThrowError(new RegExp(`^cut-${n}\\.scp: `));
      expect(parse(bytes.subarray(0, n))).toThrow(FormatError);
    }
  });

  it('a flipped byte breaks the record CRC → FormatError', () => {
    const bytes = original();
    bytes[10000] = bytes[10000]! ^ 0x40;
    expect(parse(bytes)).toThrowError(/CRC mismatch \(stored 0x066B, computed 0x[0-9A-F]{4}\): the file is corrupt/);
  });

  it('a section CRC that disagrees while the record CRC holds is reported, not fatal', () => {
    const bytes = original();
    bytes[476] = bytes[476]! ^ 0xff; // section 5 stored CRC (section at byte 477, 1-based)
    const r = scpReader.parse(memoryFileSource('s.scp', withRecordCrc(bytes)));
    expect(r.checks!.find((c) => c.name === 'crc:section-5')).toMatchObject({ status: 'mismatch' });
  });

  it('random damage behind a valid CRC reads or fails with a FormatError, never anything else', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (const name of ['Example.scp', 'demo.scp', 'example_full_anon.SCP']) {
      const clean = new Uint8Array(readFileSync(fixture('scp', name)));
      for (let i = 0; i < 40; i++) {
        const bytes = Uint8Array.from(clean);
        for (let k = 0; k < 3; k++) bytes[Math.floor(random() * (random() < 0.5 ? 600 : bytes.length))] = Math.floor(random() * 256);
        try {
          const r = scpReader.parse(memoryFileSource(name, withRecordCrc(bytes)));
          expect(r.samples.every((x) => x.length === r.samples[0]!.length)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }
    }
  });

  it('structural damage behind a valid CRC → FormatError', () => {
    const cases: Array<[string, (b: Uint8Array) => void, RegExp]> = [
      ['section 6 points past the end', (b) => b.set([0xff, 0xff, 0, 0], 22 + 6 * 10 + 6), /section 0 points section 6 at byte 65535/],
      ['section 3 header id', (b) => (b[329 - 1 + 2] = 9), /points to section 3 but the header there says section 9/],
      ['lead 1 ends before it starts', (b) => b.set([0, 0, 0, 0], 329 - 1 + 16 + 2 + 4), /lead 1 ends at sample 0 before it starts at 1/],
      ['hostile lead length', (b) => b.set([0xff, 0xff, 0xff, 0xff], 329 - 1 + 16 + 2 + 4), /exceeds the limit|cannot hold/],
      ['bytes per lead beyond the section', (b) => b.set([0xff, 0xff], 3819 - 1 + 16 + 6), /data of lead|needs/],
      ['difference encoding 7', (b) => (b[3819 - 1 + 16 + 4] = 7), /difference encoding 7/],
      ['4000 Huffman tables', (b) => b.set([0xa0, 0x0f], 311 - 1 + 16), /4000 Huffman tables/],
    ];
    for (const [what, damage, message] of cases) {
      const bytes = original();
      damage(bytes);
      expect(parse(withRecordCrc(bytes), `${what}.scp`), what).toThrowError(message);
    }
  });
});
