import { describe, expect, it } from 'vitest';
import { STANDARD_LEADS } from '../../../src-main/ecg/leads.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { ModelInputError } from '../../../src-main/model/errors.js';
import { loadModelPackage } from '../../../src-main/model/manifest.js';
import { prepareRecord, stackInputs } from '../../../src-main/model/prepare.js';
import { loadVectors, maxAbsDiff, MODEL_DIR, rawLeads, vectorArray } from './vectors.js';

const spec = loadModelPackage(MODEL_DIR).manifest.input;
const vectors = loadVectors();

function record(samples: Float32Array[], fs: number, leads: string[] = [...STANDARD_LEADS], path = 'test.hea'): EcgRecord {
  return { leads, fs, samples, patient: {}, source: { format: 'test', path, sha256: '' } };
}

describe('prepareRecord vs the Python pipeline (test vectors)', () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const p = prepareRecord(record(rawLeads(c), c.fs), spec);
    const expected = vectorArray(c, 'prepared');
    expect(p.data.length).toBe(12 * 4096);
    expect(maxAbsDiff(p.data, expected)).toBeLessThanOrEqual(vectors.tolerance.prepared);
    expect([p.validStart, p.validEnd]).toEqual([c.validStart, c.validEnd]);
  });

  it('covers padding, cropping and three input rates', () => {
    const kinds = vectors.cases.map((c) => `${c.fs}:${c.validEnd - c.validStart < 4096 ? 'pad' : 'crop'}`);
    expect(kinds).toContain('500:pad');
    expect(kinds.some((k) => k.endsWith('crop'))).toBe(true);
    expect(new Set(vectors.cases.map((c) => c.fs)).size).toBeGreaterThanOrEqual(2);
  });
});

describe('prepareRecord rules', () => {
  const ones = (n: number) => Array.from({ length: 12 }, (_, k) => new Float32Array(n).fill(k + 1));

  it('centre-pads a short record, the odd zero on the right, and masks the padding', () => {
    const p = prepareRecord(record(ones(3201), 400), spec); // 895 zeros: 447 left, 448 right
    expect([p.validStart, p.validEnd]).toEqual([447, 3648]);
    expect(p.mask[446]).toBe(0);
    expect(p.mask[447]).toBe(1);
    expect(p.mask[3647]).toBe(1);
    expect(p.mask[3648]).toBe(0);
    expect(p.data[446]).toBe(0);
    expect(p.data[447]).toBe(1);
    expect(p.data[4096 * 11 + 447]).toBe(12); // V6 row
    expect(p.offsetSeconds).toBeCloseTo(-447 / 400, 12);
  });

  it('keeps the centre of a long record and reports where it starts', () => {
    const n = 5000;
    const ramp = Array.from({ length: 12 }, () => Float32Array.from({ length: n }, (_, i) => i));
    const p = prepareRecord(record(ramp, 400), spec);
    expect(p.data[0]).toBe(452); // floor((5000 − 4096) / 2)
    expect(p.data[4095]).toBe(452 + 4095);
    expect(p.mask.every((v) => v === 1)).toBe(true);
    expect(p.offsetSeconds).toBeCloseTo(452 / 400, 12);
  });

  it('orders leads by name whatever order the record stores them in', () => {
    const leads = [...STANDARD_LEADS].reverse();
    const samples = leads.map((l) => new Float32Array(4000).fill(STANDARD_LEADS.indexOf(l as never) + 1));
    const p = prepareRecord(record(samples, 400, leads), spec);
    for (let k = 0; k < 12; k++) expect(p.data[k * 4096 + 2048]).toBe(k + 1);
  });

  it('names a missing lead', () => {
    const leads = STANDARD_LEADS.filter((l) => l !== 'V4');
    const err = (() => {
      try {
        prepareRecord(record(leads.map(() => new Float32Array(10)), 500, leads, 'eight.hea'), spec);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ModelInputError);
    expect((err as ModelInputError).file).toBe('eight.hea');
    expect((err as Error).message).toMatch(/lead V4 is missing/);
  });

  it('refuses NaN and infinite samples, naming the file, lead and sample', () => {
    const s = ones(1000);
    s[2]![17] = Number.NaN;
    expect(() => prepareRecord(record(s, 500, undefined, 'gap.hea'), spec)).toThrow(/^gap\.hea: lead III holds NaN at sample 17/);
    const t = ones(1000);
    t[0]![3] = Number.POSITIVE_INFINITY;
    expect(() => prepareRecord(record(t, 500), spec)).toThrow(/lead I holds Infinity at sample 3/);
  });

  it('refuses empty records, unequal leads and unusable rates', () => {
    expect(() => prepareRecord(record(ones(0), 500), spec)).toThrow(/no samples/);
    const s = ones(100);
    s[5] = new Float32Array(99);
    expect(() => prepareRecord(record(s, 500), spec)).toThrow(/lead aVF has 99 samples where lead I has 100/);
    expect(() => prepareRecord(record(ones(100), 0), spec)).toThrow(/sampling rate 0 Hz/);
  });

  it('stacks inputs into one batch tensor in order', () => {
    const a = prepareRecord(record(ones(4000), 400), spec);
    const b = prepareRecord(record(ones(3000), 400), spec);
    const t = stackInputs([a, b], spec);
    expect(t.length).toBe(2 * 12 * 4096);
    expect(Array.from(t.subarray(0, 12 * 4096))).toEqual(Array.from(a.data));
    expect(Array.from(t.subarray(12 * 4096))).toEqual(Array.from(b.data));
  });
});
