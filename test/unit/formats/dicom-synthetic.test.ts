/**
 * DICOM waveform mapping on files written by dicom-synth.ts: transfer syntaxes, PS3.3 C.10.9 scaling with
 * correction factor, baseline and units, sample interpretations (incl. G.711), skew, lead codes, annotations,
 * group choice, and the files that must be refused.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { dicomReader } from '../../../src-main/formats/dicom.js';
import { aLaw, muLaw } from '../../../src-main/formats/dicom-waveform.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import {
  code, dicomFile, ds, ECG_12_LEAD, ecgFile, part10, sq, str, ul, us, type ChannelSpec, type GroupSpec, type Syntax,
} from './dicom-synth.js';

const parse = (bytes: Uint8Array, name = 'synthetic.dcm'): EcgRecord => dicomReader.parse(memoryFileSource(name, bytes));
const mdc = (n: number, meaning: string): ChannelSpec['code'] => [`2:${n}`, 'MDC', meaning];
/** I, II, V1–V6 as MDC codes: 8 stored leads, in a device's order */
const EIGHT: Array<[number, string]> = [[1, 'Lead I'], [2, 'Lead II'], [3, 'Lead V1'], [4, 'Lead V2'], [5, 'Lead V3'], [6, 'Lead V4'], [7, 'Lead V5'], [8, 'Lead V6']];
const ramp = (n: number, k: number) => Array.from({ length: n }, (_, i) => ((i * (k + 3)) % 400) - 200);

function eightLeads(extra: Partial<GroupSpec> = {}, channel: ChannelSpec = {}): GroupSpec {
  return {
    label: 'RHYTHM',
    fs: 500,
    interpretation: 'SS',
    bits: 16,
    channels: EIGHT.map(([n, m]) => ({ code: mdc(n, m), sensitivity: 5, units: 'uV', ...channel })),
    data: EIGHT.map((_, k) => ramp(1000, k)),
    ...extra,
  };
}

describe('DICOM waveform mapping', () => {
  for (const syntax of ['implicit', 'explicit', 'big', 'deflate'] as Syntax[]) {
    it(`${syntax} transfer syntax: 8 leads → 12 with III, aVR, aVL, aVF derived`, () => {
      const g = eightLeads();
      const r = parse(ecgFile({ groups: [g], syntax }));
      expect(r.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
      expect(r.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
      expect(r.fs).toBe(500);
      expect([...r.digital![0]!.values]).toEqual(g.data[0]);
      expect(r.samples[7]![17]).toBeCloseTo(g.data[3]![17]! * 0.005, 6); // V2 is the 4th channel
      expect(r.source.details!.sopClass).toBe('General ECG');
    });
  }

  it('value = (sample × sensitivity × correction factor) + baseline, in the channel units', () => {
    const g = eightLeads({}, { sensitivity: 2.5, correction: 1.2, baseline: 40, units: 'uV' });
    const r = parse(ecgFile({ groups: [g] }));
    const raw = g.data[0]![123]!;
    expect(r.samples[0]![123]).toBeCloseTo((raw * 2.5 * 1.2 + 40) / 1000, 6);
    const d = r.digital![0]!;
    expect((d.values[123]! - d.baseline) / d.gain).toBeCloseTo(r.samples[0]![123]!, 6);
    const mv = parse(ecgFile({ groups: [eightLeads({}, { sensitivity: 0.01, units: 'mV', baseline: -0.5 })] }));
    expect(mv.samples[1]![9]).toBeCloseTo(g.data[1]![9]! * 0.01 - 0.5, 5);
  });

  it('sample interpretations: SB, UB, US, SL and G.711 µ-law and A-law', () => {
    expect([muLaw(0xff), muLaw(0x80), muLaw(0x00), muLaw(0x7f)]).toEqual([0, 32124, -32124, 0]);
    expect([aLaw(0xd5), aLaw(0x55), aLaw(0xaa), aLaw(0x2a)]).toEqual([8, -8, 32256, -32256]);
    const one = (interpretation: string, bits: number, data: number[]) =>
      parse(ecgFile({ groups: [{ fs: 250, interpretation, bits, channels: [{ code: mdc(1, 'Lead I'), sensitivity: 1, units: 'uV' }], data: [data] }] }));
    expect([...one('SB', 8, [-128, -1, 0, 127]).digital![0]!.values]).toEqual([-128, -1, 0, 127]);
    expect([...one('UB', 8, [0, 255, 128, 1]).digital![0]!.values]).toEqual([0, 255, 128, 1]);
    expect([...one('US', 16, [0, 65535, 32768, 1]).digital![0]!.values]).toEqual([0, 65535, 32768, 1]);
    expect([...one('SL', 32, [-2_000_000, 7, 0, 2_000_000]).digital![0]!.values]).toEqual([-2_000_000, 7, 0, 2_000_000]);
    expect([...one('MB', 8, [0xff, 0x80, 0x00, 0x7f]).digital![0]!.values]).toEqual([0, 32124, -32124, 0]);
    expect(one('AB', 8, [0xd5, 0x55, 0xaa, 0x2a]).samples[0]![2]).toBeCloseTo(32.256, 4);
  });

  it('channel sample skew moves a channel onto the group time axis', () => {
    const g = eightLeads();
    g.channels[2] = { ...g.channels[2]!, skewMs: 4 }; // 2 samples at 500 Hz
    const r = parse(ecgFile({ groups: [g] }));
    const v1 = r.digital![r.leads.indexOf('V1')]!.values;
    expect(v1[10]).toBe(g.data[2]![8]);
    expect([v1[0], v1[1]]).toEqual([g.data[2]![0], g.data[2]![0]]);
    expect(r.source.details!.channelSkewMs).toEqual({ V1: 4 });
  });

  it('lead codes: SCPECG, MDC reference ids, meanings and labels; inverted aVR keeps its sign', () => {
    const channels: ChannelSpec[] = ([
      { code: ['5.6.3-9-61', 'SCPECG', 'Lead III'] },
      { code: ['MDC_ECG_LEAD_AVL', 'MDC', 'aVL'] },
      { code: ['5.6.3-9-65', 'SCPECG', '-aVR'] },
      { code: ['X1', '99LOCAL', 'Lead V4'] },
      { label: 'V5' },
      { code: ['2:16', 'MDC', 'Lead X'] },
    ] as ChannelSpec[]).map((c) => ({ ...c, sensitivity: 1, units: 'uV' }));
    const r = parse(ecgFile({ groups: [{ fs: 100, interpretation: 'SS', bits: 16, channels, data: channels.map(() => [1, 2, 3]) }] }));
    expect(r.leads).toEqual(['III', 'aVL', 'V4', 'V5', '-aVR', 'X']);
  });

  it('annotations: segments in ms, a referenced channel names its lead, marks for other groups are left out', () => {
    const ann = sq(0x0040b020, [
      [us(0x0040a0b0, 1, 2), code(0x0040a043, 'X', 'LOCAL', 'QRS Complex'), str(0x0040a130, 'CS', 'SEGMENT'), str(0x0040a138, 'DS', '100\\180')],
      [us(0x0040a0b0, 2, 0), code(0x0040a043, '5.10.3-1', 'SCPECG', 'P Onset'), str(0x0040a130, 'CS', 'POINT'), ul(0x0040a132, 5)],
      [code(0x0040a043, 'Y', 'LOCAL', 'Heart Rate'), ds(0x0040a30a, 61), code(0x004008ea, '/min', 'UCUM', 'per minute')],
      [code(0x0040a043, 'Z', 'LOCAL', 'QT Interval'), ds(0x0040a30a, 0.4), code(0x004008ea, 's', 'UCUM', 'second')],
      [code(0x0040a043, 'W', 'LOCAL', 'ST Elevation V2'), ds(0x0040a30a, 0.1), code(0x004008ea, 'mV', 'UCUM', 'mV')],
      [str(0x00700006, 'ST', 'Sinus rhythm')],
    ]);
    const median: GroupSpec = { ...eightLeads(), label: 'MEDIAN BEAT', data: EIGHT.map((_, k) => ramp(300, k)) };
    const r = parse(ecgFile({ groups: [eightLeads(), median], more: [ann] }));
    expect(r.annotations).toEqual([{ lead: 'II', sample: 50, duration: 41, type: 'interval', label: 'QRS Complex' }]);
    expect(r.measurements).toEqual({ hr: 61, qt: 400, stElevationV2: 0.1 });
    expect(r.statements).toEqual(['Sinus rhythm']);
    expect(r.extraWaveforms![0]).toMatchObject({ kind: 'median', fs: 500 });
  });

  it('without a RHYTHM label the longest group is the record', () => {
    const short: GroupSpec = { ...eightLeads(), label: 'REPRESENTATIVE BEAT', data: EIGHT.map(() => [1, 2, 3]) };
    const long: GroupSpec = { ...eightLeads(), label: undefined };
    const r = parse(ecgFile({ groups: [short, long] }));
    expect(r.samples[0]!.length).toBe(1000);
    expect(r.extraWaveforms!.map((w) => w.kind)).toEqual(['representative']);
  });
});

describe('DICOM files that cannot be read as ECG', () => {
  const expectError = (bytes: Uint8Array, message: RegExp) => {
    expect(() => parse(bytes, 'bad.dcm')).toThrow(FormatError);
    expect(() => parse(bytes, 'bad.dcm')).toThrowError(message);
  };

  it('non-ECG SOP classes: an image, a hemodynamic waveform', () => {
    expectError(dicomFile([str(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2'), str(0x00100010, 'PN', 'Doe^John')]),
      /^bad\.dcm: DICOM SOP class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2 is not an ECG waveform; supported: 12-lead ECG/);
    expectError(ecgFile({ sop: '1.2.840.10008.5.1.4.1.1.9.2.1', groups: [eightLeads()] }), /1\.2\.840\.10008\.5\.1\.4\.1\.1\.9\.2\.1 is not an ECG waveform/);
    expectError(dicomFile([str(0x00080016, 'UI', ECG_12_LEAD)]), /has no Waveform Sequence \(5400,0100\)/);
  });

  it('hostile counts are refused before allocating: more samples than the data hold, or than the limits allow', () => {
    expectError(ecgFile({ groups: [eightLeads({ declaredSamples: 50_000_000 })] }), /Waveform Data holds 16000 bytes, 50000000 × 8 × 2 expected: the file is truncated/);
    expectError(ecgFile({ groups: [eightLeads({ declaredSamples: 0xffffffff })] }), /exceeds the limits/);
  });

  it('inconsistent group descriptions', () => {
    expectError(ecgFile({ groups: [eightLeads({ bits: 8 })] }), /sample interpretation SS needs 16 bits allocated, not 8/);
    expectError(ecgFile({ groups: [eightLeads({ interpretation: 'QQ' })] }), /sample interpretation "QQ"/);
    const fewer = eightLeads();
    fewer.channels.pop(); // 8 channels declared by the data, 7 defined
    expectError(ecgFile({ groups: [fewer] }), /Channel Definition Sequence \(003A,0200\) has 7 items for 8 channels/);
    const missing = eightLeads({}, { sensitivity: undefined });
    expectError(ecgFile({ groups: [missing] }), /has no Channel Sensitivity \(003A,0210\): its samples are in arbitrary units/);
    expectError(ecgFile({ groups: [eightLeads({}, { units: 'mm[Hg]' })] }), /Channel Sensitivity Units "mm\[Hg\]" are not a voltage/);
  });

  it('a deflated data set that would inflate beyond 16 MiB and 100 times its size is refused as a bomb', () => {
    const bomb = deflateRawSync(Buffer.alloc(40 * 1024 * 1024)); // ≈ 40 kB
    expectError(part10(str(0x00080016, 'UI', ECG_12_LEAD), 'deflate', bomb), /inflates to more than 16777216 bytes: refused as a decompression bomb/);
    // flat data compress far beyond 100× yet stay small: still read
    const flat = { ...eightLeads(), data: EIGHT.map(() => new Array(20_000).fill(0)) };
    expect(parse(ecgFile({ groups: [flat], syntax: 'deflate' })).samples[0]!.length).toBe(20_000);
  });
});
