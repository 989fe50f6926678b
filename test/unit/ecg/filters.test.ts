import { describe, expect, it } from 'vitest';
import {
  butterworth,
  butterworthMagnitude,
  magnitudeResponse,
  notch,
  sosToTransferFunction,
} from '../../../src-main/ecg/filters-design.js';
import { applyFilters, describeFilters, designFilters, sosfiltfilt, sosfiltfiltMany, sosfiltZi } from '../../../src-main/ecg/filters.js';
import type { Sos } from '../../../src-main/ecg/filters-design.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';

/*
 * Reference values from scipy 1.10.1, produced with /usr/bin/python3:
 *   import numpy as np, scipy.signal as s
 *   b, a = s.butter(n, fc, kind, fs=500)                      # for each row of SCIPY_BA
 *   t = np.arange(1000)
 *   x = np.sin(2*np.pi*1.3*t/500) + 0.5*np.sin(2*np.pi*50*t/500) + 0.3*np.cos(2*np.pi*0.2*t/500) + 0.001*t
 *   y = s.sosfiltfilt(s.butter(4, 40, 'lowpass', fs=500, output='sos'), x)   # LP_FILTFILT at IDX
 *   y = s.sosfiltfilt(s.butter(2, 0.5, 'highpass', fs=500, output='sos'), x) # HP_FILTFILT at IDX
 *   y = s.sosfiltfilt(s.butter(4, 40, 'lowpass', fs=500, output='sos'), x, padtype='even', padlen=500)  # LP_EVEN_500
 */
const SCIPY_BA: Array<{ kind: 'lowpass' | 'highpass'; n: number; fc: number; b: number[]; a: number[] }> = [
  { kind: 'lowpass', n: 4, fc: 40,
    b: [0.0022348916980823243, 0.008939566792329297, 0.013409350188493947, 0.008939566792329297, 0.0022348916980823243],
    a: [1.0, -2.6926109870174355, 2.86739910911139, -1.4034846713681417, 0.26445481644350444] },
  { kind: 'highpass', n: 2, fc: 0.5,
    b: [0.9955669720176472, -1.9911339440352944, 0.9955669720176472],
    a: [1.0, -1.9911142922016536, 0.9911535958689355] },
  { kind: 'highpass', n: 3, fc: 0.05,
    b: [0.9993718788097061, -2.9981156364291186, 2.9981156364291186, -0.9993718788097061],
    a: [1.0, -2.9987433629592357, 2.9974875153627725, -0.9987441521556422] },
  { kind: 'lowpass', n: 5, fc: 100,
    b: [0.02193962068846417, 0.10969810344232085, 0.2193962068846417, 0.2193962068846417, 0.10969810344232085, 0.02193962068846417],
    a: [1.0, -0.9853252392792379, 0.9738493318367641, -0.38635655864844876, 0.111163840578342, -0.011263512456565873] },
];
const IDX = [0, 1, 17, 250, 500, 998, 999];
const LP_FILTFILT = [0.2916842098359438, 0.35059532892223433, 0.5282461044612512, -0.316311896061615, 1.5437616146066417, 0.008568078313908625, -0.10445636597922027];
const HP_FILTFILT = [-0.25696071837445844, 0.05400383106943352, -0.44572146853419153, -0.8659173646560501, 0.7320488236677568, 0.12356897638216813, 0.30432152796321454];
const LP_EVEN_500 = [0.6948065461521609, 0.6744773867183442, 0.5316579218616377, -0.3163118960616147, 1.5437616146066417, -0.1134691734084048, -0.14178187311427487];

function testSignal(): Float64Array {
  const x = new Float64Array(1000);
  for (let t = 0; t < x.length; t++) {
    x[t] = Math.sin((2 * Math.PI * 1.3 * t) / 500) + 0.5 * Math.sin((2 * Math.PI * 50 * t) / 500) + 0.3 * Math.cos((2 * Math.PI * 0.2 * t) / 500) + 0.001 * t;
  }
  return x;
}

describe('Butterworth design', () => {
  it.each(SCIPY_BA)('$kind order $n at $fc Hz has scipy.signal.butter coefficients', ({ kind, n, fc, b, a }) => {
    const tf = sosToTransferFunction(butterworth(kind, n, fc, 500));
    expect(tf.b.length).toBe(b.length);
    tf.b.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));
    tf.a.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 12));
  });

  it.each([
    ['lowpass', 4, 40],
    ['lowpass', 3, 150],
    ['highpass', 2, 0.5],
    ['highpass', 1, 0.05],
  ] as const)('%s order %i at %f Hz follows the analytic magnitude at many frequencies', (kind, n, fc) => {
    const sos = butterworth(kind, n, fc, 500);
    for (const f of [0.01, 0.05, 0.3, 0.5, 1, 5, 20, 40, 60, 100, 150, 200, 249]) {
      expect(magnitudeResponse(sos, f, 500)).toBeCloseTo(butterworthMagnitude(kind, n, fc, f, 500), 9);
    }
    expect(magnitudeResponse(sos, fc, 500)).toBeCloseTo(Math.SQRT1_2, 9);
  });

  it('rejects cut-offs outside (0, Nyquist) and silly orders', () => {
    expect(() => butterworth('lowpass', 2, 250, 500)).toThrow(/Nyquist/);
    expect(() => butterworth('highpass', 2, 0, 500)).toThrow(RangeError);
    expect(() => butterworth('lowpass', 0, 40, 500)).toThrow(/order/);
  });
});

describe('RBJ notch', () => {
  it('removes f0 completely and follows |H|² = (cos ω − cos ω0)² / ((cos ω − cos ω0)² + α² sin² ω)', () => {
    const fs = 500;
    const q = 30;
    const sec = notch(50, q, fs);
    const w0 = (2 * Math.PI * 50) / fs;
    const alpha = Math.sin(w0) / (2 * q);
    expect(magnitudeResponse([sec], 50, fs)).toBeLessThan(1e-12);
    for (const f of [0.5, 10, 45, 48, 49, 49.5, 50.5, 51, 55, 100, 240]) {
      const w = (2 * Math.PI * f) / fs;
      const d = Math.cos(w) - Math.cos(w0);
      const ref = Math.sqrt((d * d) / (d * d + alpha * alpha * Math.sin(w) ** 2));
      expect(magnitudeResponse([sec], f, fs)).toBeCloseTo(ref, 12);
    }
    // The −3 dB bandwidth is about f0/Q (bilinear warping makes it slightly asymmetric).
    expect(magnitudeResponse([sec], 50 - 50 / q / 2, fs)).toBeCloseTo(Math.SQRT1_2, 1);
  });
});

describe('sosfiltfilt', () => {
  it.each([
    ['lowpass', 4, 40, LP_FILTFILT],
    ['highpass', 2, 0.5, HP_FILTFILT],
  ] as const)('%s order %i at %f Hz reproduces scipy.signal.sosfiltfilt', (kind, n, fc, ref) => {
    const y = sosfiltfilt(butterworth(kind, n, fc, 500), testSignal());
    IDX.forEach((i, k) => expect(y[i]).toBeCloseTo(ref[k]!, 9));
  });

  it('with even padding of 500 samples reproduces scipy.signal.sosfiltfilt(padtype="even", padlen=500)', () => {
    const y = sosfiltfilt(butterworth('lowpass', 4, 40, 500), testSignal(), 500, 'even');
    IDX.forEach((i, k) => expect(y[i]).toBeCloseTo(LP_EVEN_500[k]!, 9));
  });

  it('is zero-phase: a filtered pulse keeps its peak where it was', () => {
    const x = new Float64Array(2000);
    for (let t = 0; t < x.length; t++) x[t] = Math.exp(-(((t - 1000) / 20) ** 2));
    const y = sosfiltfilt(butterworth('lowpass', 4, 20, 500), x);
    let best = 0;
    for (let t = 1; t < y.length; t++) if (y[t]! > y[best]!) best = t;
    expect(best).toBe(1000);
  });
});

/** scipy's algorithm as written: one signal, one section after another over the whole extended signal. */
function plainSosfiltfilt(sos: Sos, x: Float64Array, padLength: number, padType: 'odd' | 'even'): Float64Array {
  const n = x.length;
  const pad = Math.min(padLength, n - 1);
  const ext = Float64Array.from({ length: n + 2 * pad }, (_, i) => {
    if (i >= pad && i < pad + n) return x[i - pad]!;
    const k = i < pad ? pad - i : n - 2 - (i - pad - n);
    const edge = i < pad ? x[0]! : x[n - 1]!;
    return padType === 'odd' ? 2 * edge - x[k]! : x[k]!;
  });
  const pass = (y: Float64Array) => {
    const zi = sosfiltZi(sos);
    const x0 = y[0]!;
    sos.forEach(({ b0, b1, b2, a1, a2 }, s) => {
      let z1 = zi[2 * s]! * x0;
      let z2 = zi[2 * s + 1]! * x0;
      for (let i = 0; i < y.length; i++) {
        const v = y[i]!;
        const out = b0 * v + z1;
        z1 = b1 * v - a1 * out + z2;
        z2 = b2 * v - a2 * out;
        y[i] = out;
      }
    });
    return y.reverse();
  };
  return pass(pass(ext)).subarray(pad, pad + n);
}

describe('sosfiltfiltMany', () => {
  const rng = (seed: number) => Float64Array.from({ length: 1200 + seed }, (_, t) => Math.sin(t / (5 + seed)) + 0.2 * Math.cos(t * seed));
  it.each([
    ['1 section', butterworth('highpass', 2, 0.5, 500), 'odd'],
    ['2 sections', [...butterworth('highpass', 2, 8, 500), ...butterworth('lowpass', 2, 25, 500)], 'even'],
    ['3 sections', butterworth('lowpass', 5, 40, 500), 'odd'],
    ['4 sections (display cascade)', designFilters({ highpassHz: 0.5, notchHz: 50, lowpassHz: 40 }, 500), 'even'],
  ] as const)('gives every signal, paired or not, exactly what scipy\'s algorithm gives it: %s', (_, sos, padType) => {
    // Five signals: two pairs of equal length, one left over; then one of another length between two equal ones.
    const xs = [rng(0), rng(0).map((v) => -2 * v), rng(1).subarray(0, 1200), rng(2).subarray(0, 1200), rng(3)];
    const got = sosfiltfiltMany(sos as Sos, xs, 500, padType);
    xs.forEach((x, i) => expect(got[i]).toEqual(plainSosfiltfilt(sos as Sos, x, 500, padType)));
    const mixed = [rng(0), rng(5), rng(0)];
    const gotMixed = sosfiltfiltMany(sos as Sos, mixed, 500, padType);
    mixed.forEach((x, i) => expect(gotMixed[i]).toEqual(plainSosfiltfilt(sos as Sos, x, 500, padType)));
  });

  it('passes empty and one-sample signals through', () => {
    const [empty, one] = sosfiltfiltMany(butterworth('lowpass', 2, 40, 500), [new Float64Array(0), Float64Array.of(3)]);
    expect(empty).toHaveLength(0);
    expect(one).toHaveLength(1);
    expect(one![0]).toBeCloseTo(3, 12);
  });
});

describe('display filters', () => {
  const fs = 500;
  const tone = (f: number, n = 5000) => Float32Array.from({ length: n }, (_, t) => Math.sin((2 * Math.PI * f * t) / fs));
  const rms = (x: Float32Array, from = 1000, to = 4000) => {
    let s = 0;
    for (let t = from; t < to; t++) s += x[t]! ** 2;
    return Math.sqrt(s / (to - from));
  };
  const record = (samples: Float32Array[]): EcgRecord => ({
    leads: samples.map((_, i) => (i === 0 ? 'I' : 'II')), fs, samples, patient: {},
    source: { format: 'test', path: '', sha256: '' },
    digital: samples.map((s) => ({ values: new Int32Array(s.length), gain: 1000, baseline: 0 })),
  });

  it('remove 50 Hz mains and baseline drift and keep the ECG band', () => {
    const settings = { highpassHz: 0.5, notchHz: 50, lowpassHz: 40 };
    const out = applyFilters(record([tone(50), tone(0.1), tone(10)]), settings);
    expect(rms(out.samples[0]!)).toBeLessThan(0.01);
    expect(rms(out.samples[1]!)).toBeLessThan(0.01);
    expect(rms(out.samples[2]!)).toBeGreaterThan(0.99 * Math.SQRT1_2);
    expect(out.digital).toBeUndefined();
  });

  it('keep gaps (NaN samples) as gaps without spreading them over the lead', () => {
    const x = tone(10);
    x.fill(NaN, 2000, 2010);
    const out = applyFilters(record([x]), { highpassHz: 0.5, lowpassHz: 40 }).samples[0]!;
    expect(out.slice(2000, 2010).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(out[1999]!) && Number.isFinite(out[2010]!)).toBe(true);
    expect(rms(out, 3000, 4000)).toBeGreaterThan(0.99 * Math.SQRT1_2);
  });

  it('drop settings at or above Nyquist and describe themselves for reports', () => {
    expect(designFilters({ lowpassHz: 250, notchHz: 60 }, fs)).toHaveLength(1);
    expect(describeFilters({ highpassHz: 0.5, lowpassHz: 40, notchHz: 50 })).toBe('0.5–40 Hz, notch 50 Hz');
    expect(describeFilters({})).toBe('unfiltered');
    expect(describeFilters({ lowpassHz: 150 })).toBe('low-pass 150 Hz');
  });
});
