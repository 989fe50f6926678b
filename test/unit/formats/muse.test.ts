/**
 * GE MUSE XML fixtures (fixtures/muse, from BIVectors/BRAVEHEART @ 336211ee): 8 stored leads, 500 Hz, 10 s, with
 * median beats, measurements and CRC32 per lead. The fixtures are de-identified (no demographics, no statements),
 * so those are tested on copies of example1.xml with the sections MUSE writes inserted.
 */
import { describe, expect, it } from 'vitest';
import { einthovenResidualMicrovolts, LIMB_RELATIONS } from '../../../src-main/ecg/derived.js';
import { recordDurationSeconds } from '../../../src-main/ecg/record.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { museReader } from '../../../src-main/formats/muse.js';
import { hasShared } from '../../helpers/shared.js';
import { expectFormatError } from './record-helpers.js';
import { editedSource, fixtureSource, latin1, maxAbs, utf16 } from './xml-helpers.js';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const read = (name: string) => museReader.parse(fixtureSource('muse', name));
const text1 = () => new TextDecoder('windows-1252').decode(fixtureSource('muse', 'example1.xml').bytes);

const DEMOGRAPHICS = `<PatientDemographics><PatientID>00123</PatientID><PatientAge>57</PatientAge><AgeUnits>YEARS</AgeUnits>
<DateofBirth>03-15-1968</DateofBirth><Gender>FEMALE</Gender><PatientLastName>Müller</PatientLastName><PatientFirstName>Zoë</PatientFirstName></PatientDemographics>
<TestDemographics><DataType>RESTING</DataType><Site>1</Site><SiteName>Cardiology Lab</SiteName><AcquisitionDevice>MAC55</AcquisitionDevice>
<AcquisitionTime>10:05:44</AcquisitionTime><AcquisitionDate>06-14-2025</AcquisitionDate><CartNumber>7</CartNumber><AcquisitionSoftwareVersion>010A</AcquisitionSoftwareVersion></TestDemographics>
<Diagnosis><Modality>RESTING</Modality>
<DiagnosisStatement><StmtFlag>USERINSERT</StmtFlag><StmtText>Sinus bradycardia</StmtText></DiagnosisStatement>
<DiagnosisStatement><StmtFlag>ENDSLINE</StmtFlag><StmtText>with occasional PVCs</StmtText></DiagnosisStatement>
<DiagnosisStatement><StmtFlag>ENDSLINE</StmtFlag><StmtText>Otherwise normal ECG</StmtText></DiagnosisStatement></Diagnosis>
<OriginalDiagnosis><Modality>RESTING</Modality><DiagnosisStatement><StmtFlag>ENDSLINE</StmtFlag><StmtText>Machine read</StmtText></DiagnosisStatement></OriginalDiagnosis>`;
const withDemographics = (t: string) => t.replace('</MuseInfo>', `</MuseInfo>\n${DEMOGRAPHICS}`);

describe.skipIf(!hasShared('fixtures', 'muse'))('GE MUSE reader', () => {
  it.each(['example1.xml', 'example2.xml'])('%s: 8 stored + 4 derived leads, 500 Hz, 5000 samples (10 s), CRC32 verified', (name) => {
    const r = read(name);
    expect(r.leads).toEqual(LEADS);
    expect(r.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(r.fs).toBe(500);
    expect(r.samples.every((s) => s.length === 5000)).toBe(true);
    expect(recordDurationSeconds(r)).toBe(10);
    expect(r.checks).toHaveLength(16); // 8 rhythm + 8 median leads
    expect(r.checks!.every((c) => c.status === 'ok' && c.name.startsWith('crc32:'))).toBe(true);
    expect(r.digital![0]!.gain).toBeCloseTo(1 / 0.00488, 9);
    expect(r.digital!.filter((d) => d === undefined)).toHaveLength(4);
    expect(r.samples[0]![100]).toBeCloseTo(r.digital![0]!.values[100]! * 0.00488, 6);
  });

  it('derived limb leads follow Einthoven/Goldberger to float precision, and none is stored to test', () => {
    const r = read('example1.xml');
    expect(einthovenResidualMicrovolts(r)).toBeUndefined(); // every relation's lead is derived
    const [i, ii] = [r.samples[0]!, r.samples[1]!];
    for (const name of ['III', 'aVR', 'aVL', 'aVF'] as const) {
      const lead = r.samples[r.leads.indexOf(name)]!;
      let worst = 0;
      for (let t = 0; t < lead.length; t++) worst = Math.max(worst, Math.abs(lead[t]! - LIMB_RELATIONS[name](i[t]!, ii[t]!)));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('amplitudes are plausible: peak |lead II| is 0.4–2.5 mV (4.88 µV per LSB)', () => {
    for (const name of ['example1.xml', 'example2.xml']) {
      const peak = maxAbs(read(name).samples[1]!);
      expect(peak).toBeGreaterThan(0.4);
      expect(peak).toBeLessThan(2.5);
    }
  });

  it('median beats are kept: 8 leads, 500 Hz, 600 samples', () => {
    const [median, ...rest] = read('example1.xml').extraWaveforms!;
    expect(rest).toHaveLength(0);
    expect(median!.kind).toBe('median');
    expect(median!.fs).toBe(500);
    expect(median!.leads).toEqual(['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(median!.samples.every((s) => s.length === 600)).toBe(true);
    expect(maxAbs(median!.samples[1]!)).toBeGreaterThan(0.4);
  });

  it('measurements as the file has them', () => {
    expect(read('example1.xml').measurements).toEqual({
      hr: 48, atrialRate: 48, pr: 138, qrs: 96, qt: 452, qtc: 403, qtcFridericia: 419, pAxis: 51, qrsAxis: 20, tAxis: 40, qrsCount: 8, rr: 1242,
    });
    expect(read('example2.xml').measurements).toMatchObject({ hr: 65, pr: 184, qrs: 100, qt: 420, qtc: 437, qrsAxis: -2, rr: 922 });
  });

  it('QRS times (ms) become beat marks that sit on the R waves of lead II', () => {
    const r = read('example1.xml');
    expect(r.annotations!.map((a) => a.sample)).toEqual([307, 957, 1566, 2192, 2800, 3401, 4023, 4656]);
    const ii = r.samples[1]!;
    for (const a of r.annotations!) {
      let at = a.sample;
      for (let t = a.sample - 100; t < a.sample + 100; t++) if (Math.abs(ii[t]!) > Math.abs(ii[at]!)) at = t;
      expect(a.sample - at).toBeGreaterThanOrEqual(0);
      expect(a.sample - at).toBeLessThan(20); // within 40 ms after the R peak
    }
  });

  it('demographics, acquisition and statements from an ISO-8859-1 file', () => {
    const r = museReader.parse(memoryFileSource('demo-latin1.xml', latin1(withDemographics(text1()))));
    expect(r.patient).toEqual({ id: '00123', name: 'Müller, Zoë', sex: 'F', birthDate: '1968-03-15', age: 57 });
    expect(r.startTime).toBe('2025-06-14T10:05:44');
    expect(r.site).toBe('Cardiology Lab');
    expect(r.device).toEqual({ model: 'MAC55', serial: '7', software: '010A' });
    expect(r.statements).toEqual(['Sinus bradycardia with occasional PVCs', 'Otherwise normal ECG']);
  });

  it('the same file as UTF-16 reads the same names', () => {
    const t = withDemographics(text1()).replace('encoding="ISO-8859-1"', 'encoding="UTF-16"');
    const r = museReader.parse(memoryFileSource('demo-utf16.xml', utf16(t, 'le')));
    expect(r.patient.name).toBe('Müller, Zoë');
    expect(r.source.details).toMatchObject({ encoding: 'utf-16le' });
    expect(r.samples[1]).toEqual(read('example1.xml').samples[1]);
  });

  it('falls back to OriginalDiagnosis, and a wrong CRC is reported, not hidden', () => {
    const noDiagnosis = withDemographics(text1()).replace(/<Diagnosis>[\s\S]*?<\/Diagnosis>/, '').replace('<LeadDataCRC32>3658691806', '<LeadDataCRC32>1');
    const r = museReader.parse(memoryFileSource('demo.xml', latin1(noDiagnosis)));
    expect(r.statements).toEqual(['Machine read']);
    expect(r.checks!.filter((c) => c.status === 'mismatch').map((c) => c.name)).toEqual(['crc32:Median:I']);
  });
});

describe.skipIf(!hasShared('fixtures', 'muse'))('GE MUSE reader: bad input', () => {
  const src1 = () => fixtureSource('muse', 'example1.xml');
  const edited = (name: string, edit: (t: string) => string) => editedSource(src1(), name, edit);

  it('truncated XML', () => {
    expectFormatError(() => museReader.parse(memoryFileSource('truncated.xml', src1().bytes.subarray(0, 90_000))), 'truncated.xml', /not well-formed/);
  });

  it('invalid Base64 length', () => {
    const src = edited('bad-base64.xml', (t) => t.replace(/(<WaveFormData>\s*)(\S)/, '$1$2$2'));
    expectFormatError(() => museReader.parse(src), 'bad-base64.xml', /Median lead I: invalid Base64 length/);
  });

  it('missing lead data: empty WaveFormData, or fewer bytes than LeadSampleCountTotal', () => {
    const empty = edited('empty-lead.xml', (t) => t.replace(/<WaveFormData>[^<]*<\/WaveFormData>/, '<WaveFormData></WaveFormData>'));
    expectFormatError(() => museReader.parse(empty), 'empty-lead.xml', /Median lead I: WaveFormData is empty \(missing lead data\)/);
    const short = edited('short-lead.xml', (t) => t.replace('<LeadSampleCountTotal>600</LeadSampleCountTotal>', '<LeadSampleCountTotal>900</LeadSampleCountTotal>'));
    expectFormatError(() => museReader.parse(short), 'short-lead.xml', /Median lead I: .*(holds|needs)/);
  });

  it('hostile sample counts are refused before allocation', () => {
    const huge = edited('huge-count.xml', (t) => t.replace('<LeadSampleCountTotal>5000</LeadSampleCountTotal>', '<LeadSampleCountTotal>2000000000</LeadSampleCountTotal>'));
    expectFormatError(() => museReader.parse(huge), 'huge-count.xml', /Rhythm lead I: 2000000000 samples exceeds the limit/);
    const large = edited('large-count.xml', (t) => t.replace('<LeadSampleCountTotal>5000</LeadSampleCountTotal>', '<LeadSampleCountTotal>50000000</LeadSampleCountTotal>'));
    expectFormatError(() => museReader.parse(large), 'large-count.xml', /needs 100000000 bytes but WaveFormData holds at most/);
  });

  it('no rhythm waveform, unknown amplitude units', () => {
    const noRhythm = edited('median-only.xml', (t) => t.replace('<WaveformType>Rhythm</WaveformType>', '<WaveformType>Other</WaveformType>'));
    expectFormatError(() => museReader.parse(noRhythm), 'median-only.xml', /contains no rhythm waveform/);
    const units = edited('units.xml', (t) => t.replace('<LeadAmplitudeUnits>MICROVOLTS', '<LeadAmplitudeUnits>FURLONGS'));
    expectFormatError(() => museReader.parse(units), 'units.xml', /unknown LeadAmplitudeUnits "FURLONGS"/);
  });
});
