import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../../src-main/ecg/record.js';
import { csvReader } from '../../../../src-main/formats/csv.js';
import { memoryFileSource } from '../../../../src-main/formats/file-source.js';
import { readEcgFile } from '../../../../src-main/formats/registry.js';
import { csvChunks, writeCsv } from '../../../../src-main/formats/writers/csv-writer.js';
import { fixture, hasShared } from '../../../helpers/shared.js';

const reread = (text: string) => csvReader.parse(memoryFileSource('round-trip.csv', new TextEncoder().encode(text)));

function worstDifference(a: EcgRecord, b: EcgRecord): number {
  let worst = 0;
  a.leads.forEach((lead, k) => {
    const x = a.samples[k]!, y = b.samples[b.leads.indexOf(lead)]!;
    expect(y.length).toBe(x.length);
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  });
  return worst;
}

function floatRecord(): EcgRecord {
  const n = 1000;
  const wave = (f: number, a: number) => Float32Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * f * i) / 257.3));
  return {
    leads: ['V2', 'II', 'I', 'pad, "left"'],
    fs: 257.3,
    samples: [wave(3, 1.7), wave(1, -0.4), wave(2, 2.3), wave(5, 0.000123)],
    patient: {},
    source: { format: 'test', path: 'memory', sha256: '' },
  };
}

describe('CSV writer', () => {
  it('writes time_s then the leads in canonical order, quoting a name that holds a comma', () => {
    const text = writeCsv(floatRecord());
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['# fs=257.3', '# units: mV', 'time_s,I,II,V2,"pad, ""left"""']);
    expect(lines[3]).toBe('0,0,0,0,0');
    expect(lines[4]!.split(',')[0]).toBe('0.0038865'); // 1/257.3 to 7 decimals
  });

  it('round-trips a floating-point record through our CSV reader within 1e-6 mV', () => {
    const src = floatRecord();
    const back = reread(writeCsv(src));
    expect(back.fs).toBe(257.3);
    // the reader completes the limb leads from I and II, as every reader does, and marks them derived
    expect(back.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V2', 'pad, "left"']);
    expect(back.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(worstDifference(src, back)).toBeLessThanOrEqual(1e-6);
  });

  it('streams the same text in chunks of rows', () => {
    const rec = floatRecord();
    const chunks = [...csvChunks(rec)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(writeCsv(rec));
  });

  it('writes a NaN sample as NaN, which the reader then refuses with its line', () => {
    const rec = floatRecord();
    rec.samples[0]![5] = Number.NaN; // lead V2
    const text = writeCsv(rec);
    expect(text.split('\n')[8]).toMatch(/,NaN,/);
    expect(() => reread(text)).toThrow(/line 9, column 4 \("V2"\): "NaN" is not a number/);
  });

  it("writes a missing sample of a digital lead as NaN, not as the source's marker scaled to mV", () => {
    const rec: EcgRecord = {
      leads: ['I'],
      fs: 100,
      samples: [Float32Array.from([0.5, Number.NaN, -0.25])],
      digital: [{ values: Int32Array.from([100, -2048, -50]), gain: 200, baseline: 0, invalid: -2048 }],
      patient: {},
      source: { format: 'test', path: 'memory', sha256: '' },
    };
    expect(writeCsv(rec).split('\n').slice(3, 6)).toEqual(['0,0.5', '0.01,NaN', '0.02,-0.25']);
  });

  describe.skipIf(!hasShared('fixtures', 'edf'))('with a real recording (0000050.ECG.edf, 12 leads at 800 Hz)', () => {
    const src = readEcgFile(fixture('edf', '0000050.ECG.edf'));
    const text = writeCsv(src);
    const back = reread(text);

    it('reads back the same leads, rate and samples within 1e-6 mV', () => {
      expect(back.fs).toBe(800);
      expect(back.leads).toEqual(src.leads);
      expect(worstDifference(src, back)).toBeLessThanOrEqual(1e-6);
    });

    it('is lossless for the source resolution: re-quantising at the source gain gives the source integers', () => {
      let mismatches = 0;
      src.digital!.forEach((d, k) => {
        const mv = back.samples[k]!;
        for (let i = 0; i < mv.length; i++) if (Math.round(mv[i]! * d!.gain + d!.baseline) !== d!.values[i]) mismatches++;
      });
      expect(mismatches).toBe(0);
    });
  });
});
