/**
 * SCP-ECG reader on records built by scp-synth.ts: reference beat subtraction, bimodal compression, custom
 * Huffman tables, raw data, sequentially recorded leads, header edge cases, analysis sections, and damage.
 */
import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { scpReader } from '../../../src-main/formats/scp.js';
import { ascii, buildScp, le16, le32, withRecordCrc, type ScpSynth, type SynthCode } from './scp-synth.js';

const parse = (bytes: Uint8Array, name = 'synthetic.scp'): EcgRecord => scpReader.parse(memoryFileSource(name, bytes));
const le32At = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
/** Byte offset of a section's data part, from section 0's pointer (pointers are written in id order). */
const dataOffset = (b: Uint8Array, id: number) => le32At(b, 22 + 10 * id + 6) - 1 + 16;
function dropSection(b: Uint8Array, id: number): Uint8Array {
  const out = Uint8Array.from(b);
  out.set([0, 0, 0, 0], 22 + 10 * id + 2);
  return withRecordCrc(out);
}

/** A beat in reference-beat units: narrow QRS at the fiducial (1-based) and a broad T wave 150 samples later. */
function beat(length: number, fiducial: number, qrs: number, t: number): number[] {
  return Array.from({ length }, (_, i) => {
    const x = i + 1 - fiducial;
    return Math.round(qrs * Math.exp(-((x / 4) ** 2)) + t * Math.exp(-(((x - 150) / 25) ** 2)));
  });
}

const FIDUCIALS = [300, 800, 1300, 1800, 2200];
const N = 2500;
const REF_FID = 100;

/** Rhythm of 5 beats (the last of another type) on a slow wave, with the reference beat (2 units each) added. */
function ecg(ref: number[][], refScale: number): number[][] {
  return ref.map((r, lead) =>
    Array.from({ length: N }, (_, i) => {
      const s = i + 1;
      let v = Math.round(20 * Math.sin((2 * Math.PI * s) / 1000) + 3 * lead) + 0; // + 0: no −0
      for (const f of FIDUCIALS) {
        const k = s - f + REF_FID - 1;
        if (k >= 0 && k < r.length) v += r[k]! * refScale;
      }
      return v;
    }),
  );
}

const REF = [beat(300, REF_FID, 100, 15), beat(300, REF_FID, 60, -10)];
const COMPLEXES = FIDUCIALS.map((f, i) => ({ type: i === 4 ? 1 : 0, start: f - 99, fiducial: f, end: f + 200 }));

function subtracted(extra: Partial<ScpSynth> = {}): { spec: ScpSynth; rhythm: number[][] } {
  const rhythm = ecg(REF, 2);
  const spec: ScpSynth = {
    rhythm,
    leadCodes: [1, 2],
    avmNv: 5000,
    difference: 2,
    huffman: 'default',
    reference: { values: REF, avmNv: 10000, fiducial: REF_FID, difference: 1 },
    complexes: COMPLEXES,
    subtract: true,
    ...extra,
  };
  return { spec, rhythm };
}

describe('SCP-ECG reconstruction', () => {
  it('reference beat subtraction: adding reference beat 0 back restores the rhythm exactly (AVM 10 µV vs 5 µV)', () => {
    const { spec, rhythm } = subtracted();
    const r = parse(buildScp(spec));
    expect(r.source.details).toMatchObject({ referenceBeatSubtracted: true, difference: 2 });
    expect(r.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF']);
    expect([...r.digital![0]!.values]).toEqual(rhythm[0]);
    expect([...r.digital![1]!.values]).toEqual(rhythm[1]);
    expect(r.samples[1]![FIDUCIALS[2]! - 1]).toBeCloseTo(rhythm[1]![FIDUCIALS[2]! - 1]! * 0.005, 6);
    // the type-1 beat was not subtracted, so nothing was added there: still exact
    expect(r.digital![0]!.values[2199]).toBe(rhythm[0]![2199]);
    const median = r.extraWaveforms![0]!;
    expect(median.samples[0]!.length).toBe(300);
    expect(median.samples[0]![REF_FID - 1]).toBeCloseTo(REF[0]![REF_FID - 1]! * 0.01, 6);
    expect(r.annotations!.map((a) => [a.sample, a.label])).toEqual(FIDUCIALS.map((f, i) => [f - 1, `QRS type ${i === 4 ? 1 : 0}`]));
  });

  it('without adding the beat back the rhythm would be wrong: the flag matters', () => {
    const { spec, rhythm } = subtracted();
    const bytes = buildScp(spec);
    const flags = dataOffset(bytes, 3) + 1;
    const off = Uint8Array.from(bytes);
    off[flags] = off[flags]! & ~1;
    const r = parse(withRecordCrc(off));
    expect(r.digital![0]!.values[FIDUCIALS[0]! - 1]).not.toBe(rhythm[0]![FIDUCIALS[0]! - 1]);
  });

  it('bimodal compression: exact in the QRS protected zones, within 20 µV elsewhere', () => {
    const zones = FIDUCIALS.map((f) => ({ start: f - 20, end: f + 20 }));
    const { spec, rhythm } = subtracted({ bimodal: { factor: 4, zones } });
    const r = parse(buildScp(spec));
    expect(r.fs).toBe(500);
    expect(r.source.details).toMatchObject({ bimodal: true, decimationFactor: 4 });
    for (let lead = 0; lead < 2; lead++) {
      const got = r.digital![lead]!.values;
      expect(got.length).toBe(N);
      let worst = 0;
      for (let i = 0; i < N; i++) {
        const inZone = zones.some((z) => i + 1 >= z.start && i + 1 <= z.end);
        if (inZone) expect(got[i]).toBe(rhythm[lead]![i]);
        else worst = Math.max(worst, Math.abs(got[i]! - rhythm[lead]![i]!));
      }
      expect(worst).toBeGreaterThan(0); // it really was decimated
      expect(worst * 0.005).toBeLessThanOrEqual(0.02);
    }
  });

  it('custom Huffman table in section 2 with first differences', () => {
    const table: SynthCode[] = [
      { prefix: '0', extra: 0, value: 0 },
      { prefix: '10', extra: 0, value: 1 },
      { prefix: '110', extra: 0, value: -1 },
      { prefix: '1110', extra: 8, value: 0 },
      { prefix: '1111', extra: 16, value: 0 },
    ];
    const rhythm = [Array.from({ length: 700 }, (_, i) => Math.round(300 * Math.sin(i / 15)))];
    const r = parse(buildScp({ rhythm, leadCodes: [5], huffman: [table], difference: 1 }));
    expect(r.leads).toEqual(['V3']);
    expect([...r.digital![0]!.values]).toEqual(rhythm[0]);
    expect(r.source.details!.huffman).toBe('1 custom');
  });

  it('no section 2: plain little-endian 16-bit values', () => {
    const rhythm = [[1, -2, 30000, -2000, 0, 5], [7, 7, 7, -7, -7, -7]]; // first differences fit 16 bits
    const r = parse(buildScp({ rhythm, leadCodes: [3, 4], huffman: 'none', difference: 1, avmNv: 1000, intervalUs: 4000 }));
    expect(r.fs).toBe(250);
    expect(r.leads).toEqual(['V1', 'V2']);
    expect([...r.digital![0]!.values]).toEqual(rhythm[0]);
    expect(r.samples[0]![2]).toBeCloseTo(30, 4);
  });

  it('leads recorded one group after another are placed on one time axis', () => {
    const a = Array.from({ length: 500 }, (_, i) => i % 50);
    const r = parse(buildScp({ rhythm: [a, a, a], leadCodes: [1, 2, 3], starts: [1, 1, 501] }));
    expect(r.samples[0]!.length).toBe(1000);
    const v1 = r.samples[r.leads.indexOf('V1')]!;
    expect(v1[499]).toBe(0);
    expect(v1[500 + 49]).toBeCloseTo(49 * 0.005, 6);
    expect(r.source.details!.leadCoverage).toEqual({ I: [0, 499], II: [0, 499], V1: [500, 999] });
  });
});

describe('SCP-ECG header and analysis sections', () => {
  const rhythm = [Array.from({ length: 100 }, (_, i) => i)];

  it('section 1: names, age units, sex, dates; impossible dates are left out', () => {
    const machine = [0, 0, 0, 0, 0, 0, 0, 17, ...ascii('AT-2  ', false), 20, 0, 0, 0, 1, ...new Array(16).fill(0), 0, ...ascii('SN42'), ...ascii('v3.1')];
    const r = parse(buildScp({
      rhythm,
      leadCodes: [2],
      tags: [
        [0, ascii('Doe')], [1, ascii('Jane')], [4, [6, 0, 2]], [5, [0xd0, 0x07, 2, 29]], [8, [2]],
        [14, machine], [16, ascii('Clinic A')], [25, [0x6d, 0x07, 2, 30]], [26, [8, 30, 0]],
      ],
    }));
    expect(r.patient).toEqual({ id: 'SYN-1', name: 'Doe, Jane', age: 0.5, sex: 'F', birthDate: '2000-02-29' });
    expect(r.startTime).toBeUndefined(); // 1901-02-30
    expect(r.site).toBe('Clinic A');
    expect(r.device).toEqual({ model: 'AT-2', serial: 'SN42', software: 'v3.1', manufacturer: 'Schiller' });
  });

  it('sections 7, 8 and 11: measurements without the "not computed" values, statements deduplicated', () => {
    const m = [1, 0, ...le16(29999), ...le16(29999), ...[29999, 29999, 200, 300, 29999].flatMap(le16), ...le16(999), ...le16(60), ...le16(29999)];
    const when = [...le16(2021), 3, 4, 10, 11, 12];
    const s8 = [0, ...when, 2, 1, ...le16(13), ...ascii('Sinus rhythm'), 2, ...le16(11), ...ascii('Normal ECG')];
    const s11 = [1, ...when, 1, 1, ...le16(12), 2, ...ascii('Normal ECG')];
    const r = parse(buildScp({ rhythm, leadCodes: [2], extra: { 7: m, 8: s8, 11: s11 } }));
    expect(r.measurements).toEqual({ qrs: 100, qrsAxis: 60 });
    expect(r.statements).toEqual(['Sinus rhythm', 'Normal ECG']);
    expect(r.source.details).toMatchObject({
      section8: { confirmation: 'original', dateTime: '2021-03-04T10:11:12' },
      section11: { confirmation: 'confirmed' },
    });
  });

  it('a malformed statement section is reported in the checks and skipped; the signal still loads', () => {
    const s8 = [0, ...le16(2021), 3, 4, 10, 11, 12, 3, 1, ...le16(400), ...ascii('cut')];
    const r = parse(buildScp({ rhythm, leadCodes: [2], extra: { 8: s8 } }));
    expect(r.checks!.find((c) => c.name === 'section-8')).toMatchObject({ status: 'mismatch' });
    expect(r.statements).toBeUndefined();
    expect(r.samples[0]!.length).toBe(100);
  });
});

describe('SCP-ECG records that cannot be read', () => {
  const expectError = (bytes: Uint8Array, message: RegExp) => {
    expect(() => parse(bytes, 'bad.scp')).toThrow(FormatError);
    expect(() => parse(bytes, 'bad.scp')).toThrowError(message);
  };
  const simple = () => buildScp({ rhythm: [Array.from({ length: 200 }, (_, i) => i % 7)], leadCodes: [1] });

  it('missing lead definition or rhythm data', () => {
    expectError(dropSection(simple(), 3), /^bad\.scp: SCP-ECG record has no lead definition \(section 3\)/);
    expectError(dropSection(simple(), 6), /no rhythm data \(section 6\)/);
  });

  it('reference beat subtraction or bimodal compression without the sections they need', () => {
    expectError(dropSection(buildScp(subtracted().spec), 5), /reference beat was subtracted, but sections 4 and 5/);
    const zones = FIDUCIALS.map((f) => ({ start: f - 20, end: f + 20 }));
    expectError(dropSection(buildScp(subtracted({ bimodal: { factor: 4, zones }, subtract: false }).spec), 5), /bimodal compression but section 5/);
  });

  it('Huffman data that runs out before the samples section 3 declares', () => {
    const bytes = Uint8Array.from(simple());
    bytes.set(le32(1500), dataOffset(bytes, 3) + 2 + 4); // lead 1 now "ends" at sample 1500
    expectError(withRecordCrc(bytes), /section 6 lead I: (Huffman data ends after \d+ of 1500 samples|\d+ bytes cannot hold 1500 samples)/);
  });

  it('hostile counts are refused before anything is allocated for them', () => {
    const bytes = Uint8Array.from(simple());
    bytes.set(le32(0xfffffff0), dataOffset(bytes, 3) + 2 + 4);
    expectError(withRecordCrc(bytes), /exceeds the limit/);
    const tag = Uint8Array.from(simple());
    tag.set(le16(0xffff), dataOffset(tag, 1) + 1); // patient id tag claims 65535 bytes
    expectError(withRecordCrc(tag), /section 1: value of tag 2 needs 65535 bytes/);
    const qrs = buildScp(subtracted().spec);
    const q = Uint8Array.from(qrs);
    q.set(le16(0xffff), dataOffset(q, 4) + 4);
    expectError(withRecordCrc(q), /65535 QRS subtraction zones needs/);
  });

  it('not SCP-ECG at all', () => {
    expect(scpReader.sniff(new Uint8Array(100), 'x.scp')).toBe(false);
    expect(scpReader.sniff(simple().subarray(0, 64), 'anything.bin')).toBe(true);
    expectError(new Uint8Array(100).fill(7), /record length \d+ exceeds the file size 100/);
  });
});
