/** EDF cases the fixtures do not cover, on files built byte by byte to the spec (edf-builder.ts). */
import { describe, expect, it } from 'vitest';
import { edfReader } from '../../../src-main/formats/edf.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { buildEdf, tal, type EdfSpec } from './edf-builder.js';

const read = (spec: EdfSpec) => edfReader.parse(memoryFileSource('synthetic.edf', buildEdf(spec)));
const ramp = (n: number, from: number, step: number) => Array.from({ length: n }, (_, i) => from + i * step);

describe('EDF scaling and lead names', () => {
  it('scales digital to physical as the spec says, with any physical/digital range and unit', () => {
    const r = read({
      records: 2,
      duration: '0.5',
      signals: [
        { label: 'ECG V1', dim: 'uV', physMin: -3200, physMax: 3200, digMin: -2048, digMax: 2047, samplesPerRecord: 125, values: ramp(250, -2048, 16) },
        { label: 'EKG V2', dim: 'µV', physMin: 100, physMax: -100, digMin: 0, digMax: 1000, samplesPerRecord: 125, values: ramp(250, 0, 4) },
        { label: 'V3', dim: 'V', physMin: -0.005, physMax: 0.005, digMin: -32768, digMax: 32767, samplesPerRecord: 125, values: ramp(250, -30000, 240) },
      ],
    });
    expect(r.fs).toBe(250);
    expect(r.leads).toEqual(['V1', 'V2', 'V3']);
    const spec = (d: number, pmin: number, pmax: number, dmin: number, dmax: number, mvPerUnit: number) =>
      (pmin + ((d - dmin) * (pmax - pmin)) / (dmax - dmin)) * mvPerUnit;
    for (const i of [0, 1, 100, 249]) {
      expect(r.samples[0]![i]).toBeCloseTo(spec(-2048 + 16 * i, -3200, 3200, -2048, 2047, 1e-3), 6);
      expect(r.samples[1]![i]).toBeCloseTo(spec(4 * i, 100, -100, 0, 1000, 1e-3), 6); // inverted polarity
      expect(r.samples[2]![i]).toBeCloseTo(spec(-30000 + 240 * i, -0.005, 0.005, -32768, 32767, 1000), 6);
    }
    // (digital − baseline) / gain gives the same mV: the store can rebuild samples from the integers
    r.digital!.forEach((d, k) => {
      for (const i of [0, 77, 249]) expect((d!.values[i]! - d!.baseline) / d!.gain).toBeCloseTo(r.samples[k]![i]!, 6);
    });
    expect(r.digital![0]!.gain).toBeCloseTo(4095 / 6.4, 9);
  });

  it('keeps the main ECG rate, derives missing limb leads and lists the other signals with their reason', () => {
    const r = read({
      records: 3,
      duration: '1',
      signals: [
        { label: 'ECG I', samplesPerRecord: 500, values: ramp(1500, 0, 1) },
        { label: 'ECG II', samplesPerRecord: 500, values: ramp(1500, 10, 2) },
        { label: 'Resp', dim: 'Ohm', samplesPerRecord: 500 },
        { label: 'Temp', dim: 'degC', samplesPerRecord: 1 },
        { label: 'Pleth', dim: 'mV', samplesPerRecord: 125 },
        { label: 'ECG V1', samplesPerRecord: 500 },
      ],
    });
    expect(r.fs).toBe(500);
    expect(r.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1']);
    expect(r.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(r.samples[2]![100]).toBeCloseTo(r.samples[1]![100]! - r.samples[0]![100]!, 9);
    const others = (r.source.details as { otherSignals: Array<{ label: string; fs: number; reason: string }> }).otherSignals;
    expect(others.map((o) => [o.label, o.fs])).toEqual([['Resp', 500], ['Temp', 1], ['Pleth', 125]]);
    expect(others[2]!.reason).toMatch(/rate 125 Hz differs/);
  });

  it('gives a duplicate lead name its own label and reports an empty unit as assumed mV', () => {
    const r = read({ records: 1, duration: '1', signals: [
      { label: 'II', samplesPerRecord: 10 },
      { label: 'ECG II', dim: '', samplesPerRecord: 10 },
    ] });
    expect(r.leads).toEqual(['II', 'ECG II']);
    expect(r.checks!.find((c) => c.name === 'unit:ECG II')).toMatchObject({ status: 'absent' });
  });
});

describe('EDF+ header fields and annotations', () => {
  const spec: EdfSpec = {
    patient: 'MCH-0234567 F 02-MAY-1951 Haagse_Harry',
    recording: 'Startdate 02-MAR-2002 EMG561 BK/JOP Sony. MNC_R_Median_Nerve',
    startDate: '02.03.02',
    startTime: '23.59.59',
    reserved: 'EDF+C',
    records: 3,
    duration: '1',
    signals: [
      { label: 'ECG I', samplesPerRecord: 100 },
      { label: 'EDF Annotations', samplesPerRecord: 40, tals: [
        tal('+0.5', ['+0.75', undefined, 'R wave@@ECG I']),
        tal('+1.5', ['+2', '0.25', 'artefact'], ['+2', '0.25', 'movement']),
        tal('+2.5'),
      ] },
    ],
  };

  it('reads patient and recording subfields and adds the first record\'s sub-second onset to the start time', () => {
    const r = read(spec);
    expect(r.patient).toEqual({ id: 'MCH-0234567', sex: 'F', birthDate: '1951-05-02', name: 'Haagse Harry', age: 50 });
    expect(r.startTime).toBe('2002-03-02T23:59:59.500');
    expect(r.device).toEqual({ model: 'Sony.' });
    expect(r.source.details).toMatchObject({ variant: 'EDF+C', adminCode: 'EMG561', technician: 'BK/JOP', recordingIdentification: 'MNC R Median Nerve' });
  });

  it('places annotations at samples counted from the first record, with lead, duration and shared onsets', () => {
    const r = read(spec);
    expect(r.annotations).toEqual([
      { sample: 25, type: 'event', label: 'R wave', lead: 'I' },
      { sample: 150, duration: 25, type: 'event', label: 'artefact' },
      { sample: 150, duration: 25, type: 'event', label: 'movement' },
    ]);
  });

  it('reads EDF+D whose records are in fact contiguous, and refuses one with a gap', () => {
    expect(read({ ...spec, reserved: 'EDF+D' }).samples[0]!.length).toBe(300);
    const gapped = structuredClone(spec);
    gapped.reserved = 'EDF+D';
    gapped.signals[1]!.tals![2] = tal('+7.5');
    expect(() => read(gapped)).toThrow(/discontinuous: data record 3 starts at 7.5 s instead of 2.5 s/);
    // the same jump in a file that claims to be continuous is read, and reported
    const claimed = structuredClone(gapped);
    claimed.reserved = 'EDF+C';
    expect(read(claimed).checks!.find((c) => c.name === 'record-onsets')!.status).toBe('mismatch');
  });

  it('uses the EDF+ Startdate year beyond 2084 where the header can only say "yy"', () => {
    const r = read({ ...spec, startDate: '02.03.yy', recording: 'Startdate 02-MAR-2091 X X X' });
    expect(r.startTime).toBe('2091-03-02T23:59:59.500');
  });
});

describe('EDF file structure', () => {
  const base: EdfSpec = { records: 4, duration: '1', signals: [{ label: 'I', samplesPerRecord: 8, values: ramp(32, -16, 1) }] };

  it('computes the record count from the file size when the header says -1', () => {
    const r = read({ ...base, declaredRecords: -1 });
    expect(r.samples[0]!.length).toBe(32);
    expect(r.checks!.find((c) => c.name === 'record-count')!.status).toBe('absent');
  });

  it('reads BDF 24-bit samples, negative ones included', () => {
    const values = [-8388608, -1, 0, 1, 8388607, -123456, 654321, -2];
    const r = read({ bdf: true, records: 1, duration: '1', signals: [
      { label: 'II', dim: 'uV', physMin: -262144, physMax: 262143, digMin: -8388608, digMax: 8388607, samplesPerRecord: 8, values },
    ] });
    expect(Array.from(r.digital![0]!.values)).toEqual(values);
    expect(r.source.details).toMatchObject({ variant: 'BDF' });
  });

  it('reports trailing bytes and samples outside the digital range without failing', () => {
    const bytes = buildEdf({ ...base, signals: [{ label: 'I', digMin: -10, digMax: 10, physMin: -10, physMax: 10, samplesPerRecord: 8, values: ramp(32, -16, 1) }] });
    const padded = new Uint8Array(bytes.length + 5);
    padded.set(bytes);
    const r = edfReader.parse(memoryFileSource('x.edf', padded));
    expect(r.checks!.find((c) => c.name === 'data-size')).toMatchObject({ status: 'mismatch', detail: '5 bytes after data record 4 ignored' });
    expect(r.checks!.find((c) => c.name === 'digital-range:I')).toMatchObject({ status: 'mismatch', detail: '11 samples outside [-10, 10]' });
  });

  it.each<[string, EdfSpec, RegExp]>([
    ['a header byte count that does not match ns', { ...base, headerBytes: 1024 }, /header byte count is 1024 but 1 signals need 512/],
    ['a non-numeric record duration', { ...base, duration: 'abc' }, /duration of a data record is "abc", not a number/],
    ['zero data records', { ...base, records: 0 }, /no data records/],
    ['a zero record duration with signals', { ...base, duration: '0' }, /duration is 0 s although the file holds signals/],
    ['equal physical minimum and maximum', { ...base, signals: [{ label: 'I', physMin: 5, physMax: 5, samplesPerRecord: 8 }] }, /equal physical minimum and maximum/],
    ['digital maximum below minimum', { ...base, signals: [{ label: 'I', digMin: 10, digMax: -10, samplesPerRecord: 8 }] }, /digital maximum -10 not above digital minimum 10/],
    ['no voltage signal', { ...base, signals: [{ label: 'Temp', dim: 'degC', samplesPerRecord: 8 }] }, /no signal is a voltage/],
    ['more records declared than stored', { ...base, declaredRecords: 5 }, /truncated: the header declares 5 data records/],
  ])('refuses %s with a FormatError', (_, spec, message) => {
    const src = memoryFileSource('bad.edf', buildEdf(spec));
    expect(() => edfReader.parse(src)).toThrow(FormatError);
    expect(() => edfReader.parse(src)).toThrow(message);
  });

  it('never hangs or allocates on a hostile sample count: it is checked against the file size first', () => {
    const src = memoryFileSource('huge.edf', buildEdf({ ...base, records: 1, declaredRecords: 99999999, signals: [{ label: 'I', samplesPerRecord: 8 }] }));
    expect(() => edfReader.parse(src)).toThrow(/truncated/);
  });

  it('sniffs EDF and BDF by their header, not by name', () => {
    expect(edfReader.sniff(buildEdf(base), 'whatever.bin')).toBe(true);
    expect(edfReader.sniff(buildEdf({ ...base, bdf: true }), 'x')).toBe(true);
    expect(edfReader.sniff(new TextEncoder().encode('time_s,I,II\n0,1,2\n'.repeat(20)), 'x.edf')).toBe(false);
    expect(edfReader.sniff(buildEdf(base).subarray(0, 100), 'x.edf')).toBe(false);
  });
});
