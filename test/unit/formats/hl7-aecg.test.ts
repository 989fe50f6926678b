/**
 * HL7 aECG fixtures (fixtures/hl7-aecg, from FDA/aecg-python @ b0437290): the HL7 example (12 independently stored
 * leads, 500 Hz, 10 s, 2.5 µV per digit, representative beats, two annotation sets) and a minimal document.
 */
import { describe, expect, it } from 'vitest';
import { einthovenResidualMicrovolts } from '../../../src-main/ecg/derived.js';
import { recordDurationSeconds } from '../../../src-main/ecg/record.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { hl7AecgReader } from '../../../src-main/formats/hl7-aecg.js';
import { aecgLeadName } from '../../../src-main/formats/hl7-aecg-codes.js';
import { parseTs } from '../../../src-main/formats/hl7-aecg-time.js';
import { hasShared } from '../../helpers/shared.js';
import { expectFormatError } from './record-helpers.js';
import { editedSource, fixtureSource, maxAbs, utf16, utf8 } from './xml-helpers.js';

const EXAMPLE = 'HL7_2003-12_Example_aECG.xml';
const MINIMUM = 'minimum_aecg.xml';
const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const read = (name: string) => hl7AecgReader.parse(fixtureSource('hl7-aecg', name));
const exampleText = () => new TextDecoder().decode(fixtureSource('hl7-aecg', EXAMPLE).bytes);

/** The digits of a lead's sequence, found by a regular expression instead of the reader's XML tree. */
function digitsByRegex(text: string, code: string, nth = 0): number[] {
  const re = new RegExp(`code="${code}"[^>]*/>\\s*<value[\\s\\S]*?<digits>([^<]*)</digits>`, 'g');
  const m = [...text.matchAll(re)][nth]!;
  return m[1]!.trim().split(/\s+/).map(Number);
}

describe('aECG vocabulary', () => {
  it('maps MDC lead codes, keeping non-standard leads by name', () => {
    expect(aecgLeadName('MDC_ECG_LEAD_I')).toBe('I');
    expect(aecgLeadName('MDC_ECG_LEAD_AVR')).toBe('aVR');
    expect(aecgLeadName('MDC_ECG_LEAD_aVF')).toBe('aVF');
    expect(aecgLeadName('MDC_ECG_LEAD_V3R')).toBe('V3R');
    expect(aecgLeadName('MDC_ECG_LEAD_X')).toBe('X');
    expect(aecgLeadName('MDC_ECG_LEAD_V7')).toBe('V7');
    expect(aecgLeadName('TIME_ABSOLUTE')).toBeUndefined();
  });

  it('parses TS values to ISO text and a millisecond time line', () => {
    const a = parseTs('20021122091000.122')!;
    const b = parseTs('20021122091000')!;
    expect(a.iso).toBe('2002-11-22T09:10:00.122');
    expect(a.ms - b.ms).toBeCloseTo(122, 6);
    expect(parseTs('20021122091000-0500')!.iso).toBe('2002-11-22T09:10:00-05:00');
    expect(parseTs('19530508')!.iso).toBe('1953-05-08');
    expect(parseTs('20021322')).toBeUndefined();
  });
});

describe.skipIf(!hasShared('fixtures', 'hl7-aecg'))('HL7 aECG reader', () => {
  it('example: 12 leads, 500 Hz, 5000 samples (10 s), digits × 2.5 µV', () => {
    const r = read(EXAMPLE);
    expect(r.leads).toEqual(LEADS);
    expect(r.derived).toBeUndefined();
    expect(r.fs).toBe(500);
    expect(r.samples.every((s) => s.length === 5000)).toBe(true);
    expect(recordDurationSeconds(r)).toBe(10);
    const text = exampleText();
    for (const [k, code] of [[0, 'MDC_ECG_LEAD_I'], [3, 'MDC_ECG_LEAD_AVR'], [11, 'MDC_ECG_LEAD_V6']] as const) {
      expect(Array.from(r.digital![k]!.values)).toEqual(digitsByRegex(text, code));
    }
    expect(r.digital![0]).toMatchObject({ gain: 400, baseline: -0 });
    expect(r.samples[0]![200]).toBeCloseTo(r.digital![0]!.values[200]! * 0.0025, 6);
  });

  it('example stores all 12 leads independently: Einthoven/Goldberger hold within 1 LSB (2.5 µV)', () => {
    const residual = einthovenResidualMicrovolts(read(EXAMPLE))!;
    expect(residual).toBeLessThanOrEqual(2.5);
    expect(residual).toBeGreaterThan(0); // rounding of the stored digits shows: these are not computed leads
  });

  it('amplitudes are plausible: peak |lead II| 0.4–2.5 mV', () => {
    const peak = maxAbs(read(EXAMPLE).samples[1]!);
    expect(peak).toBeGreaterThan(0.4);
    expect(peak).toBeLessThan(2.5);
  });

  it('representative beats are kept as an extra waveform', () => {
    const text = exampleText();
    const [rep, ...rest] = read(EXAMPLE).extraWaveforms!;
    expect(rest).toHaveLength(0);
    expect(rep!.kind).toBe('representative');
    expect(rep!.fs).toBe(500);
    expect(new Set(rep!.leads)).toEqual(new Set(LEADS));
    const repLeadI = digitsByRegex(text, 'MDC_ECG_LEAD_I', 1); // the second lead I sequence is the beat's
    expect(rep!.samples[0]!.length).toBe(repLeadI.length);
    expect(rep!.samples[0]![10]).toBeCloseTo(repLeadI[10]! * 0.0025, 6);
  });

  it('measurements, subject, device, site and time as the file has them', () => {
    const r = read(EXAMPLE);
    expect(r.measurements).toEqual({ pDuration: 102, pr: 148, qrs: 120, qt: 420, qtc: 443, pAxis: 44, qrsAxis: -61, tAxis: 86 });
    expect(r.patient).toEqual({ id: 'SBJ-123', name: 'Clark', sex: 'M', birthDate: '1953-05-08', age: 46 });
    expect(r.device).toEqual({ manufacturer: 'Mortara Instrument, Inc.', model: 'ELI250', serial: '0', software: '5.3' });
    expect(r.site).toBe('River City ECG Collection Service');
    expect(r.startTime).toBe('2002-11-22T09:10:00.000');
  });

  it('annotations: rhythm, P/QRS/T boundaries, beats, lead-bound R peaks and QT intervals', () => {
    const a = read(EXAMPLE).annotations!;
    const text = exampleText();
    expect(a[0]).toEqual({ sample: 0, duration: 5000, type: 'rhythm', label: 'Sinus Rhythm' });
    // first beat: P 0.122–0.224 s, QRS 0.270–0.390 s, T offset 0.690 s
    expect(a).toContainEqual({ sample: 61, duration: 51, type: 'interval', label: 'P' });
    expect(a).toContainEqual({ sample: 135, duration: 60, type: 'interval', label: 'QRS' });
    expect(a).toContainEqual({ sample: 345, type: 'wave_off', label: 'T' });
    expect(a).toContainEqual({ sample: 135, type: 'beat', label: 'N' });
    expect(a).toContainEqual({ lead: 'II', sample: 534, duration: 207, type: 'interval', label: 'QT' });
    const beats = a.filter((x) => x.type === 'beat');
    expect(beats).toHaveLength([...text.matchAll(/code="MDC_ECG_BEAT_NORMAL"/g)].length);
    expect(a.filter((x) => x.label === 'QRS' && x.type === 'interval')).toHaveLength(beats.length);
    // the reader's set: four R peaks (332, 1120, 1930, 2776 ms) bounding three RR intervals on lead I
    expect(a.filter((x) => x.lead === 'I' && x.type === 'wave_peak' && x.label === 'R').map((x) => x.sample)).toEqual([166, 560, 965, 1388]);
    expect(a.filter((x) => x.lead === 'II' && x.label === 'QT')).toHaveLength(3);
    for (let k = 1; k < a.length; k++) expect(a[k]!.sample).toBeGreaterThanOrEqual(a[k - 1]!.sample);
  });

  it('annotated R peaks on lead I sit on the largest deflection of lead I within ±40 ms', () => {
    const r = read(EXAMPLE);
    const lead = r.samples[0]!;
    for (const peak of r.annotations!.filter((x) => x.label === 'R')) {
      let at = peak.sample;
      for (let t = peak.sample - 20; t <= peak.sample + 20; t++) if (Math.abs(lead[t]!) > Math.abs(lead[at]!)) at = t;
      expect(Math.abs(at - peak.sample)).toBeLessThanOrEqual(3);
    }
  });

  it('an 8-lead aECG gets III, aVR, aVL, aVF derived and marked', () => {
    const src = editedSource(fixtureSource('hl7-aecg', EXAMPLE), 'eight-leads.xml', (t) => {
      const rhythmEnd = t.indexOf('<subjectOf>');
      const drop = (s: string) => s.replace(/<component>\s*<sequence>\s*<code code="MDC_ECG_LEAD_(III|AVR|AVL|AVF)"[\s\S]*?<\/component>/g, '');
      return drop(t.slice(0, rhythmEnd)) + t.slice(rhythmEnd);
    });
    const ref = read(EXAMPLE);
    const r = hl7AecgReader.parse(src);
    expect(r.leads).toEqual(LEADS);
    expect(r.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(r.digital![2]).toBeUndefined();
    expect(einthovenResidualMicrovolts(r)).toBeUndefined();
    // each derived lead differs from the file's own only by the rounding of the stored digits: under 1 LSB (2.5 µV)
    for (const k of [2, 3, 4, 5]) {
      let worst = 0;
      for (let t = 0; t < 5000; t++) worst = Math.max(worst, Math.abs(r.samples[k]![t]! - ref.samples[k]![t]!));
      expect(worst * 1000).toBeLessThan(2.5);
    }
  });

  it('the example with a UTF-8 BOM and as UTF-16 reads the same', () => {
    const text = exampleText();
    const ref = read(EXAMPLE);
    for (const bytes of [utf8(text, true), utf16(text.replace('encoding="utf-8"', 'encoding="utf-16"'), 'le')]) {
      const r = hl7AecgReader.parse(memoryFileSource('re-encoded.xml', bytes));
      expect(r.samples[4]).toEqual(ref.samples[4]);
      expect(r.annotations).toEqual(ref.annotations);
    }
  });

  it('minimal document: one lead II of 13 digits at 500 Hz', () => {
    const r = read(MINIMUM);
    expect(r.leads).toEqual(['II']);
    expect(r.fs).toBe(500);
    expect(Array.from(r.digital![0]!.values)).toEqual([-2, -2, -2, -2, -3, -4, -3, -5, -5, -4, -6, -9, -9]);
    expect(r.samples[0]![12]).toBeCloseTo(-0.0225, 6);
    expect(r.startTime).toBe('2002-11-22T09:10:00');
    expect(r.patient).toEqual({ id: 'SBJ-123' });
    expect(r.annotations).toBeUndefined();
  });
});

describe.skipIf(!hasShared('fixtures', 'hl7-aecg'))('HL7 aECG reader: bad input', () => {
  const minimum = () => fixtureSource('hl7-aecg', MINIMUM);

  it('a document without waveform', () => {
    const src = editedSource(minimum(), 'no-waveform.xml', (t) => t.replace(/<component>\s*<series>[\s\S]*<\/series>\s*<\/component>/, ''));
    expectFormatError(() => hl7AecgReader.parse(src), 'no-waveform.xml', /contains no rhythm waveform/);
  });

  it('truncated XML', () => {
    const bytes = fixtureSource('hl7-aecg', EXAMPLE).bytes;
    expectFormatError(() => hl7AecgReader.parse(memoryFileSource('truncated.xml', bytes.subarray(0, 200_000))), 'truncated.xml', /not well-formed/);
  });

  it('non-integer digits, missing digits, unknown units, no time increment', () => {
    const cases: Array<[string, (t: string) => string, RegExp]> = [
      ['float-digit.xml', (t) => t.replace('-2 -2 -2', '-2 -2.5 -2'), /lead MDC_ECG_LEAD_II: "-2.5" in <digits> is not an integer/],
      ['no-digits.xml', (t) => t.replace(/<digits>[^<]*<\/digits>/, ''), /has no <digits> \(missing lead data\)/],
      ['furlong.xml', (t) => t.replace('<scale value="2.5" unit="uV"/>', '<scale value="2.5" unit="furlong"/>'), /<scale> has unit "furlong"/],
      ['no-increment.xml', (t) => t.replace(/<increment[^>]*\/>/, ''), /no positive time increment/],
    ];
    for (const [name, edit, reason] of cases) expectFormatError(() => hl7AecgReader.parse(editedSource(minimum(), name, edit)), name, reason);
  });

  it('SLIST_INT without units is read as microvolts and says so', () => {
    const src = editedSource(minimum(), 'slist-int.xml', (t) =>
      t.replace('xsi:type="SLIST_PQ"', 'xsi:type="SLIST_INT"').replace('<origin value="0" unit="uV"/>', '<origin value="0"/>').replace('<scale value="2.5" unit="uV"/>', '<scale value="2.5"/>'),
    );
    const r = hl7AecgReader.parse(src);
    expect(r.source.details).toMatchObject({ assumedMicrovolts: true });
    expect(r.samples[0]![12]).toBeCloseTo(-0.0225, 6);
  });
});
