/**
 * Philips SierraECG fixtures (fixtures/philips, from sixlettervariables/sierra-ecg-tools @ 0cd9c41f).
 * Golden values: sample 2750 of each lead as asserted by that project's own test
 * (pysierraecg/tests/test_xml.py, "expected_midpoints"), an oracle independent of our decoder.
 */
import { describe, expect, it } from 'vitest';
import { einthovenResidualMicrovolts } from '../../../src-main/ecg/derived.js';
import { recordDurationSeconds, type EcgRecord } from '../../../src-main/ecg/record.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { philipsReader } from '../../../src-main/formats/philips.js';
import { hasShared } from '../../helpers/shared.js';
import { expectFormatError } from './record-helpers.js';
import { editedSource, fixtureSource, maxAbs, utf16, utf8 } from './xml-helpers.js';

const V103 = '129DYPRG.XML';
const V104 = '3191723_ZZDEMOPTONLY_1-04_orig.xml';
const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const MIDPOINTS: Record<string, number[]> = {
  [V103]: [-9, -17, -7, 13, -1, -12, 0, -1, -3, -4, -7, -6],
  [V104]: [-11, -54, -43, 33, 16, -50, 7, -4, -14, -41, -35, -33],
};
/** µV per LSB in both files */
const LSB = 5;

const read = (name: string) => philipsReader.parse(fixtureSource('philips', name));
/** The record before the calibration pulse the device appends (annotated by the reader). */
function beforePulse(r: EcgRecord): EcgRecord {
  const pulse = r.annotations!.find((a) => a.label === 'calibration pulse')!;
  return { ...r, samples: r.samples.map((s) => s.subarray(0, pulse.sample)) };
}

describe.skipIf(!hasShared('fixtures', 'philips'))('Philips SierraECG reader', () => {
  it.each([V103, V104])('%s: 12 leads, 500 Hz, 5500 samples (11 s), golden midpoints', (name) => {
    const r = read(name);
    expect(r.leads).toEqual(LEADS);
    expect(r.fs).toBe(500);
    expect(r.samples.every((s) => s.length === 5500)).toBe(true);
    expect(recordDurationSeconds(r)).toBe(11);
    expect(r.digital!.map((d) => d!.values[2750])).toEqual(MIDPOINTS[name]);
    expect(r.digital![1]!.gain).toBe(1000 / LSB);
    expect(r.samples[1]![2750]).toBeCloseTo((MIDPOINTS[name]![1]! * LSB) / 1000, 6);
    expect(r.derived).toBeUndefined(); // III, aVR, aVL, aVF are stored (as residuals), not derived
    expect(r.source.details).toMatchObject({ compression: 'XLI', limbLeadsFromResiduals: true, resolutionMicrovolts: LSB });
  });

  it.each([
    [V103, 10],
    [V104, 7.5],
  ])('%s: Einthoven/Goldberger hold within 3 LSB (15 µV) before the calibration pulse; worst %s µV', (name, worst) => {
    const r = read(name);
    const residual = einthovenResidualMicrovolts(beforePulse(r))!;
    expect(residual).toBeLessThanOrEqual(3 * LSB);
    expect(residual).toBeCloseTo(worst, 3);
    // the pulse is 1 mV (200 LSB) in every lead, which the limb relations cannot hold: the residual leaves the
    // annotated pulse out (inspect would otherwise report 2000 µV), and counts it once the annotation is gone
    expect(einthovenResidualMicrovolts(r)).toBeLessThanOrEqual(3 * LSB);
    expect(einthovenResidualMicrovolts({ ...r, annotations: [] })).toBeGreaterThan(500);
  });

  it.each([V103, V104])('%s: a 1 mV calibration pulse of 0.2 s is annotated at 10.7 s', (name) => {
    const r = read(name);
    expect(r.annotations).toEqual([{ sample: 5350, duration: 100, type: 'event', label: 'calibration pulse' }]);
    for (const s of r.samples) expect(s[5400]).toBeCloseTo(1, 6);
  });

  it('amplitudes are plausible: peak |lead II| over the rhythm is 0.4–2.5 mV', () => {
    for (const name of [V103, V104]) {
      const ii = read(name).samples[1]!;
      const peak = maxAbs(ii, 0, 5300);
      expect(peak).toBeGreaterThan(0.4);
      expect(peak).toBeLessThan(2.5);
    }
  });

  it('1.03: header fields, measurements and statements as the file has them', () => {
    const r = read(V103);
    expect(r.startTime).toBe('2011-12-01T07:27:34');
    expect(r.patient).toEqual({ id: '1112010721168bdc', sex: 'M', age: 50 });
    expect(r.device).toEqual({ model: 'HeartstartMRx', serial: '0001' });
    expect(r.measurements).toEqual({ hr: 41, atrialRate: 41, pr: 151, qrs: 135, qt: 476, qtc: 393, pAxis: 66, qrsAxis: -21, tAxis: 59, rr: 1464 });
    expect(r.statements).toEqual([
      'Sinus bradycardia (rate< 50)',
      'Nonspecific intraventricular conduction delay (QRSd >115mS, not LBBB/RBBB)',
      'Inferior infarct, acute (LCx) (ST>0.10mV, II III aVF, STd V1-V3)',
      '>>> Acute MI <<<',
      '- ABNORMAL ECG -',
    ]);
    expect(r.extraWaveforms).toBeUndefined();
  });

  it('1.04 (UTF-16): header fields, measurements, statements and representative beats', () => {
    const r = read(V104);
    expect(r.source.details).toMatchObject({ encoding: 'utf-16le', documentVersion: '1.04' });
    expect(r.startTime).toBe('2010-01-19T15:19:22');
    expect(r.patient).toEqual({ id: '9999', name: 'ZZDEMOPTONLY, ADULT', sex: 'M', birthDate: '1950-01-01' });
    expect(r.device).toEqual({ manufacturer: 'Philips Medical Products', model: 'PageWriter Touch (860315)', serial: 'EKG1715', software: 'A.01.01.01' });
    expect(r.measurements).toMatchObject({ hr: 84, pr: 144, qrs: 84, qt: 352, qtc: 416, pAxis: 81, qrsAxis: 78, tAxis: 67 });
    expect(r.statements).toEqual([
      'SINUS RHYTHM (normal P axis, V-rate 60-99)',
      'PROBABLE LEFT VENTRICULAR HYPERTROPHY ((RaVL+SV3)xQRSd >280)',
      'ANTERIOR ST ELEVATION, PROBABLY DUE TO LVH (ST >0.20 mV in V1-V4 & LVH)',
      '- ABNORMAL ECG -',
    ]);
    const [rep] = r.extraWaveforms!;
    expect(rep!.kind).toBe('representative');
    expect(rep!.fs).toBe(500);
    expect(rep!.leads).toEqual(LEADS);
    // 1200 stored values, the second half 32767 padding: 600 samples (1.2 s) of beat
    expect(rep!.samples.every((s) => s.length === 600)).toBe(true);
    const peak = maxAbs(rep!.samples[1]!);
    expect(peak).toBeGreaterThan(0.4);
    expect(peak).toBeLessThan(2.5);
  });

  it('1.04.01 uses the 1.04 layout', () => {
    const src = editedSource(fixtureSource('philips', V104), 'v1-04-01.xml', (t) => t.replace('<documentversion>1.04</documentversion>', '<documentversion>1.04.01</documentversion>'));
    const r = philipsReader.parse(src);
    expect(r.digital!.map((d) => d!.values[2750])).toEqual(MIDPOINTS[V104]);
  });

  it('uncompressed Base64 int16 data reads as stored, with no residual reconstruction', () => {
    const ref = read(V104);
    const raw = Buffer.alloc(12 * 5500 * 2);
    ref.digital!.forEach((d, c) => d!.values.forEach((v, t) => raw.writeInt16LE(v, 2 * (c * 5500 + t))));
    const src = editedSource(fixtureSource('philips', V104), 'uncompressed.xml', (t) =>
      t.replace(/(<parsedwaveforms[^>]*?) compression="XLI"([^>]*>)[^<]*/, `$1$2${raw.toString('base64')}`),
    );
    const r = philipsReader.parse(src);
    expect(r.source.details).toMatchObject({ compression: 'none', limbLeadsFromResiduals: false });
    expect(r.samples).toEqual(ref.samples);
  });

  it('the same file re-encoded as UTF-16 BE, UTF-8 and UTF-8 with BOM reads identically', () => {
    const ref = read(V104);
    const text = new TextDecoder('utf-16le').decode(fixtureSource('philips', V104).bytes.subarray(2));
    for (const bytes of [utf16(text, 'be'), utf8(text), utf8(text, true)]) {
      const r = philipsReader.parse(memoryFileSource('re-encoded.xml', bytes));
      expect(r.digital!.map((d) => d!.values[2750])).toEqual(MIDPOINTS[V104]);
      expect(r.samples[7]).toEqual(ref.samples[7]);
    }
  });
});

describe.skipIf(!hasShared('fixtures', 'philips'))('Philips SierraECG reader: bad input', () => {
  const src104 = () => fixtureSource('philips', V104);
  const payload = (text: string) => /<parsedwaveforms[^>]*>([^<]*)</.exec(text)![1]!;
  const withPayload = (name: string, edit: (bytes: Buffer) => Buffer) =>
    editedSource(src104(), name, (t) => t.replace(payload(t), edit(Buffer.from(payload(t), 'base64')).toString('base64')));

  it('truncated XML', () => {
    const src = fixtureSource('philips', V103);
    expectFormatError(() => philipsReader.parse(memoryFileSource('truncated.xml', src.bytes.subarray(0, 30_000))), 'truncated.xml', /not well-formed/);
  });

  it('invalid Base64 length', () => {
    const src = editedSource(src104(), 'bad-base64.xml', (t) => t.replace(/(<parsedwaveforms[^>]*>)(\S)/, '$1$2$2'));
    expectFormatError(() => philipsReader.parse(src), 'bad-base64.xml', /parsedwaveforms: invalid Base64 length/);
  });

  it('corrupt XLI stream: undefined LZW code, and a block size that overruns the payload', () => {
    const undefinedCode = withPayload('corrupt-xli.xml', (b) => {
      b[8] = 0xff; // first code of channel 1 becomes 1022, which nothing has defined
      b[9] = 0x80;
      return b;
    });
    expectFormatError(() => philipsReader.parse(undefinedCode), 'corrupt-xli.xml', /XLI channel 1: corrupt XLI stream \(LZW code 1022/);
    const overrun = withPayload('overrun-xli.xml', (b) => {
      b.writeInt32LE(0x7fff0000, 0);
      return b;
    });
    expectFormatError(() => philipsReader.parse(overrun), 'overrun-xli.xml', /overruns/);
  });

  it('missing lead data: fewer XLI channels than numberofleads, or no parsedwaveforms', () => {
    const elevenChannels = withPayload('eleven-channels.xml', (b) => {
      let off = 0;
      for (let ch = 0; ch < 11; ch++) off += 8 + b.readInt32LE(off);
      return b.subarray(0, off);
    });
    expectFormatError(() => philipsReader.parse(elevenChannels), 'eleven-channels.xml', /ends after 11 of 12 channels \(missing lead data\)/);
    const none = editedSource(src104(), 'no-waveform.xml', (t) => t.replace(/<parsedwaveforms[\s\S]*?<\/parsedwaveforms>/, ''));
    expectFormatError(() => philipsReader.parse(none), 'no-waveform.xml', /no <parsedwaveforms> data/);
  });

  it('a hostile duration is refused before anything is allocated for it', () => {
    const src = editedSource(src104(), 'hostile-duration.xml', (t) => t.replace('durationperchannel="11000"', 'durationperchannel="999999999999"'));
    expectFormatError(() => philipsReader.parse(src), 'hostile-duration.xml', /exceeds the limit/);
  });

  it('an unsupported document version names the supported ones', () => {
    const src = editedSource(src104(), 'v2.xml', (t) => t.replace('<documentversion>1.04</documentversion>', '<documentversion>2.00</documentversion>'));
    expectFormatError(() => philipsReader.parse(src), 'v2.xml', /unsupported SierraECG document version "2.00" \(supported: 1.03, 1.04, 1.04.01\)/);
  });
});
