import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readDeltaVarint, writeDeltaVarint } from '../../../src-main/store/delta-varint.js';
import { SignalBlobError, decodeSignals, encodeSignals, type LeadSet } from '../../../src-main/store/signal-codec.js';
import { rng, synthRecord } from './synthetic.js';

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/** Decoded set equals the original bit for bit: names, rate, float samples, digital values, derived flags. */
function expectSame(out: LeadSet, set: LeadSet): void {
  expect(out.leads).toEqual(set.leads);
  expect(out.fs).toBe(set.fs);
  set.samples.forEach((s, k) => expect(bits(out.samples[k]!)).toEqual(bits(s)));
  set.leads.forEach((_, k) => expect(out.digital?.[k]).toEqual(set.digital?.[k]));
  expect(new Set(out.derived ?? [])).toEqual(new Set(set.derived ?? []));
}

describe('delta-zigzag-varint', () => {
  it('round-trips any Int32 sequence, extremes and wrap-around jumps included', () => {
    const r = rng(7);
    const values = Int32Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? (i % 2 ? 2 ** 31 - 1 : -(2 ** 31)) : Math.floor((r() - 0.5) * 2 ** 32)));
    const buf = new Uint8Array(5 * values.length);
    const end = writeDeltaVarint(values, buf, 0);
    const back = new Int32Array(values.length);
    expect(readDeltaVarint(buf, 0, back)).toBe(end);
    expect(back).toEqual(values);
  });

  it('takes one byte per sample for small steps and reports a truncated stream', () => {
    const values = Int32Array.from({ length: 1000 }, (_, i) => 100 + (i % 5) - 2);
    const buf = new Uint8Array(5000);
    const end = writeDeltaVarint(values, buf, 0);
    expect(end).toBe(1000 + 1); // the first delta (100) needs two bytes
    expect(readDeltaVarint(buf.subarray(0, end - 1), 0, new Int32Array(1000))).toBe(-1);
  });
});

describe('signal codec', () => {
  it('stores digital leads losslessly: integers exact, mV bit for bit', () => {
    const rec = synthRecord({ seed: 3 });
    const { blob } = encodeSignals(rec);
    expectSame(decodeSignals(blob), rec);
  });

  it('is compact: well under the raw 16-bit size on ECG-like data', () => {
    const rec = synthRecord({ seed: 4 });
    const { blob } = encodeSignals(rec);
    const raw16 = rec.leads.length * rec.samples[0]!.length * 2;
    expect(blob.length).toBeLessThan(0.6 * raw16);
    // and better than deflating the raw values as they come
    const naive = deflateRawSync(new Int16Array(rec.digital!.flatMap((d) => [...d!.values])).buffer as ArrayBuffer, { level: 1 });
    expect(blob.length).toBeLessThan(naive.length);
  });

  it('recomputes derived limb leads instead of storing them, and keeps them marked derived', () => {
    const rec = synthRecord({ seed: 5, derive: true });
    expect(rec.derived).toEqual(expect.arrayContaining(['III', 'aVR', 'aVL', 'aVF']));
    const stored = encodeSignals(rec).blob.length;
    const allStored = encodeSignals({ ...rec, derived: [] }).blob.length;
    expect(stored).toBeLessThan(allStored);
    expectSame(decodeSignals(encodeSignals(rec).blob), rec);
  });

  it('stores a derived lead the relations do not reproduce exactly (another reader arithmetic) as floats', () => {
    const rec = synthRecord({ seed: 6, derive: true });
    const k = rec.leads.indexOf('aVR');
    rec.samples[k] = rec.samples[k]!.map((v) => v + 1e-7);
    expectSame(decodeSignals(encodeSignals(rec).blob), rec);
  });

  it('keeps both integers and floats when the reader mV differ from (d - baseline) / gain (NaN for invalid samples)', () => {
    const rec = synthRecord({ seed: 8, n: 600 });
    rec.samples[2]![10] = Number.NaN;
    rec.samples[3]![11] = Math.fround(rec.samples[3]![11]! * (1 + 2 ** -20));
    expectSame(decodeSignals(encodeSignals(rec).blob), rec);
  });

  it('stores floating-point leads (no digital values) bit for bit, negative zero included', () => {
    const r = rng(9);
    const y = Float32Array.from({ length: 700 }, (_, i) => (i % 2 ? -0 : i / 7));
    y[3] = Number.POSITIVE_INFINITY;
    y[5] = Number.NaN;
    const set: LeadSet = { fs: 250, leads: ['X', 'Y'], samples: [Float32Array.from({ length: 700 }, () => r() - 0.5), y] };
    expectSame(decodeSignals(encodeSignals(set).blob), set);
  });

  it('hashes content: equal signals equal hash, one changed sample a different hash', () => {
    const a = synthRecord({ seed: 10, n: 1000 });
    const b = synthRecord({ seed: 10, n: 1000 });
    expect(encodeSignals(a).sha256).toBe(encodeSignals(b).sha256);
    b.digital![4]!.values[500]! += 1;
    b.samples[4]![500] = (b.digital![4]!.values[500]! - b.digital![4]!.baseline) / b.digital![4]!.gain;
    expect(encodeSignals(a).sha256).not.toBe(encodeSignals(b).sha256);
  });

  it('rejects foreign or damaged blobs with SignalBlobError', () => {
    const { blob } = encodeSignals(synthRecord({ seed: 11, n: 500 }));
    expect(() => decodeSignals(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toThrow(SignalBlobError);
    expect(() => decodeSignals(blob.subarray(0, blob.length - 20))).toThrow(SignalBlobError);
    const wrongVersion = blob.slice();
    wrongVersion[4] = 99;
    expect(() => decodeSignals(wrongVersion)).toThrow(/version 99/);
  });

  it('refuses leads of unequal length', () => {
    expect(() => encodeSignals({ fs: 500, leads: ['I', 'II'], samples: [new Float32Array(10), new Float32Array(9)] })).toThrow(/equal lengths/);
  });
});
