/**
 * Inputs the fuzzer (bench/fuzz/run.ts, seed 1) found readers accepting into records that break the EcgRecord
 * contract (±Infinity samples, infinite gains, no leads, no samples, fs 0), rebuilt here by hand so they stay
 * covered whatever the mutation engine does. Each names the fuzz case that first showed it; the Philips and
 * DICOM ones come from probing the same fields (resolution, Channel Sensitivity) by hand once the fuzzer had
 * shown the pattern. All are now refused with a FormatError naming the file, or read into a finite record.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvReader } from '../../../src-main/formats/csv.js';
import { edfReader } from '../../../src-main/formats/edf.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { wfdbReader } from '../../../src-main/formats/wfdb.js';
import { cincReader } from '../../../src-main/formats/cinc.js';
import type { FormatReader } from '../../../src-main/formats/types.js';
import { dicomReader } from '../../../src-main/formats/dicom.js';
import { hl7AecgReader } from '../../../src-main/formats/hl7-aecg.js';
import { museReader } from '../../../src-main/formats/muse.js';
import { philipsReader } from '../../../src-main/formats/philips.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { buildEdf } from './edf-builder.js';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

function refusal(reader: FormatReader, path: string, bytes: Uint8Array, siblings: Record<string, Uint8Array> = {}): FormatError {
  try {
    reader.parse(memoryFileSource(path, bytes, siblings));
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).file).toBe(path);
    return e as FormatError;
  }
  throw new Error(`${path} was accepted`);
}

const int16le = (...v: number[]) => new Uint8Array(Int16Array.from(v).buffer);

describe('WFDB and CinC records the fuzzer found accepted with no leads, no samples or infinite values', () => {
  it('refuses a header that declares no signals (wfdb #72: 311derive.hea cut to "311derive 0 …"; cinc #1750: count "-0")', () => {
    expect(refusal(wfdbReader, 'r/empty.hea', enc('empty 0 360 1000\n')).reason).toMatch(/no signals to show/);
    expect(refusal(wfdbReader, 'r/e.hea', enc('e -0 500 5000\n# Dx: 426783006\n')).reason).toMatch(/no signals to show/);
  });

  it('refuses a record whose signal file holds less than one frame, or whose length is 0 (wfdb #155: 100-no-len.hea, 100.dat cut to 1 byte)', () => {
    const header = 'r 1 360\nr.dat 16 200 16 0 0 0 0 II\n';
    expect(refusal(wfdbReader, 'w/r.hea', enc(header), { 'r.dat': new Uint8Array([7]) }).reason).toMatch(/holds no samples/);
    const zero = 'r 1 360 0\nr.dat 16 200 16 0 0 0 0 II\n';
    expect(refusal(wfdbReader, 'w/r.hea', enc(zero), { 'r.dat': int16le(1, 2) }).reason).toMatch(/holds no samples/);
  });

  it('refuses a gain so small that mV values overflow float32 (cinc #868: HR00008.hea gain 1000.0 → 1e-308)', () => {
    const header = 'r 1 500 2\nr.dat 16 1e-308 16 0 1 3 0 II\n';
    expect(refusal(wfdbReader, 'g/r.hea', enc(header), { 'r.dat': int16le(1, 2) }).reason).toMatch(/ADC gain 1e-308 per mV.*beyond any voltage/);
    const cinc = 'r 1 500 2\nr.mat 16 1e-300/mV 16 0 1 3 0 II\n# Dx: 426783006\n';
    const mat = new Uint8Array([...new Uint8Array(Int32Array.from([30, 1, 2, 0, 4]).buffer), ...enc('val\0'), ...int16le(1, 2)]);
    expect(refusal(cincReader, 'g/r.hea', enc(cinc), { 'r.mat': mat }).reason).toMatch(/beyond any voltage/);
  });

  it('refuses a frame rate so small that the record would last forever (wfdb #6341, cinc #3832: rate → 5e-324)', () => {
    const header = 'r 1 5e-324 2\nr.dat 16 200 16 0 1 3 0 II\n';
    expect(refusal(wfdbReader, 'f/r.hea', enc(header), { 'r.dat': int16le(1, 2) }).reason).toMatch(/5e-324 Hz makes 2 frames last forever/);
  });

  it('still reads an ordinary gain with a large baseline', () => {
    const r = wfdbReader.parse(memoryFileSource('ok/r.hea', enc('r 1 500 2\nr.dat 16 0.001(30000) 16 0 1 3 0 II\n'), { 'r.dat': int16le(1, 2) }));
    expect(Array.from(r.samples[r.leads.indexOf('II')]!)).toEqual([-29999000, -29998000]);
  });
});

describe('EDF files the fuzzer found read into infinite samples or a zero rate', () => {
  const lead = (physMin: number, physMax: number) => ({ label: 'II', dim: 'mV', physMin, physMax, samplesPerRecord: 2, values: [100, -100] });

  it('refuses physical ranges of ±1e308 (edf #140: 0000050.ECG.edf physical minimum -1000.00 → 1e308)', () => {
    for (const [lo, hi] of [[1e308, 1000], [-1e308, 1000], [-1000, -1e308]] as const) {
      const bytes = buildEdf({ records: 1, duration: '1', signals: [lead(lo, hi)] });
      expect(refusal(edfReader, 'e/range.edf', bytes).reason).toMatch(/physical .* over digital .*: a scale of .* beyond any voltage/);
    }
  });

  it('keeps a rate below 0.5 Hz instead of rounding it to 0 (edf #285: record duration 0.00125 → 90071992)', () => {
    const r = edfReader.parse(memoryFileSource('e/slow.edf', buildEdf({ records: 1, duration: '90071992', signals: [lead(-1, 1)] })));
    expect(r.fs).toBeCloseTo(2 / 90071992, 15);
    expect(r.fs).toBeGreaterThan(0);
  });

  it('refuses a record duration that makes the rate infinite', () => {
    const bytes = buildEdf({ records: 1, duration: '1e-308', signals: [lead(-1, 1)] });
    expect(refusal(edfReader, 'e/fast.edf', bytes).reason).toMatch(/no usable sampling rate/);
  });
});

describe('CSV values the fuzzer found turning into ±Infinity in float32 (csv #30, #65: a sample → 1e308)', () => {
  it('refuses a sample beyond any voltage, naming its line and column', () => {
    const e = refusal(csvReader, 'c/big.csv', enc('time_s,I,II\n0,0.1,0.2\n0.002,-1e308,0.2\n0.004,0,0\n'));
    expect(e.reason).toMatch(/^line 3, column 2 \("I"\): -1e\+308 mV is beyond any voltage/);
  });

  it('reads samples up to the limit, and the leads derived from them stay finite', () => {
    const r = csvReader.parse(memoryFileSource('c/edge.csv', enc('# fs=500\nI,II\n-1.6e38,1.6e38\n0,0\n')));
    for (const s of r.samples) for (const v of s) expect(Number.isFinite(v)).toBe(true);
    expect(r.samples[r.leads.indexOf('III')]![0]).toBeCloseTo(3.2e38, -33);
  });
});

/** A fixture with every match of `from` replaced (same length where the format counts bytes). */
function edited(folder: string, name: string, from: string, to: string): Uint8Array {
  const text = readFileSync(fixture(folder, name), 'latin1');
  expect(text.includes(from)).toBe(true);
  return enc(text.split(from).join(to));
}

describe.skipIf(!hasShared('fixtures', 'hl7-aecg') || !hasShared('fixtures', 'muse') || !hasShared('fixtures', 'philips') || !hasShared('fixtures', 'dicom'))(
  'XML and DICOM files the fuzzer found read into infinite samples, gains or durations, or crashing the DICOM reader',
  () => {
    const aecg = 'HL7_2003-12_Example_aECG.xml';
    it('HL7 aECG: refuses an <origin> or <scale> of ±1e308 or 1e-320 µV (hl7-aecg #976: origin 0 → 1e308)', () => {
      for (const [from, to] of [['<origin value="0"', '<origin value="1e308"'], ['<scale value="2.5"', '<scale value="-1e308"'], ['<scale value="2.5"', '<scale value="1e-320"']]) {
        expect(refusal(hl7AecgReader, 'x/a.xml', edited('hl7-aecg', aecg, from!, to!)).reason).toMatch(/beyond any voltage/);
      }
    });

    it('HL7 aECG: refuses an <increment> of 1e308 s, a rate at which 13 samples last forever (hl7-aecg #9058)', () => {
      const bytes = edited('hl7-aecg', 'minimum_aecg.xml', 'increment value="0.002"', 'increment value="1e308"');
      expect(refusal(hl7AecgReader, 'x/min.xml', bytes).reason).toMatch(/sampling rate 1e-308 Hz is out of range/);
    });

    it('MUSE: refuses LeadAmplitudeUnitsPerBit 1e-308 (an infinite gain) or 1e308 (muse #2048: 4.88 → 1e-308)', () => {
      for (const to of ['1e-308', '1e308']) {
        const bytes = edited('muse', 'example1.xml', '<LeadAmplitudeUnitsPerBit>4.88<', `<LeadAmplitudeUnitsPerBit>${to}<`);
        expect(refusal(museReader, 'x/m.xml', bytes).reason).toMatch(/LeadAmplitudeUnitsPerBit: a scale of .* beyond any voltage/);
      }
    });

    it('Philips: refuses a signal resolution of 1e308 or 1e-320 µV per LSB', () => {
      for (const to of ['1e308', '1e-320']) {
        const bytes = edited('philips', '129DYPRG.XML', '<signalresolution>5<', `<signalresolution>${to}<`);
        expect(refusal(philipsReader, 'x/p.xml', bytes).reason).toMatch(/signal resolution and offset: a scale of .* beyond any voltage/);
      }
    });

    it('DICOM: a zeroed meta-header byte that leaves (0008,0005) past the buffer is a FormatError, not a bare string thrown by dicom-parser (dicom #8373)', () => {
      const d = new Uint8Array(readFileSync(fixture('dicom', 'waveform_ecg.dcm')));
      d[273] = 0;
      expect(refusal(dicomReader, 'x/w.dcm', d).reason).toMatch(/\(0008,0005\) runs past the end of the file/);
    });

    it('DICOM: refuses a Channel Sensitivity of 1e99 (same length as the fixture\'s "1.25", so the data set stays intact)', () => {
      const d = new Uint8Array(readFileSync(fixture('dicom', 'waveform_ecg.dcm')));
      const at = Buffer.from(d).indexOf(Buffer.from('1.25', 'latin1'), 15250);
      d.set(Buffer.from('1e99', 'latin1'), at);
      expect(refusal(dicomReader, 'x/w.dcm', d).reason).toMatch(/Channel Sensitivity and Baseline: a scale of .* beyond any voltage/);
    });
  },
);
