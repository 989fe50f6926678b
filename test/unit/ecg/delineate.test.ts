import { describe, expect, it } from 'vitest';
import { delineate, earliestConfirmed, latestConfirmed, MAX_RATE_HZ } from '../../../src-main/ecg/delineate.js';
import { detectRPeaks } from '../../../src-main/ecg/rpeaks.js';
import { syntheticEcg, type SyntheticOptions } from './synthetic-ecg.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { hasShared, sharedPath } from '../../helpers/shared.js';

/** Worst |detected − truth| in ms over the beats, per mark of one wave kind. */
function worst(opts: SyntheticOptions, kind: 'p' | 'qrs' | 't') {
  const { record, truth } = syntheticEcg(opts);
  const d = delineate(record);
  expect(d.rPeaks).toHaveLength(truth.r.length);
  d.rPeaks.forEach((r, i) => expect(Math.abs(r - truth.r[i]!)).toBeLessThanOrEqual(2));
  const ms = (s: number) => (Math.abs(s) / record.fs) * 1000;
  const out = { on: 0, peak: 0, off: 0, missing: 0 };
  d.beats.forEach((b, i) => {
    const w = b[kind];
    const t = truth[kind][i]!;
    if (!w) return void out.missing++;
    out.on = Math.max(out.on, ms(w.on - t.on));
    out.peak = Math.max(out.peak, ms(w.peak - t.peak));
    out.off = Math.max(out.off, ms(w.off - t.off));
  });
  return out;
}

describe('delineation of synthetic ECGs with known waves', () => {
  it.each([
    ['clean, 75 bpm', {}],
    ['100 bpm', { rr: 0.6 }],
    ['noise 30 µV, wander 0.3 mV, mains 0.1 mV', { noiseMv: 0.03, wanderMv: 0.3, mainsMv: 0.1 }],
    ['360 Hz', { fs: 360 }],
    ['1000 Hz', { fs: 1000 }],
  ] as Array<[string, SyntheticOptions]>)('finds every P, QRS and T: %s', (_, opts) => {
    for (const kind of ['p', 'qrs', 't'] as const) {
      const w = worst(opts, kind);
      expect(w.missing, kind).toBe(0);
      // Peaks within 6 ms; boundaries within 20 ms of the ±2.5σ truth (QRS offset: the global rule takes
      // the latest confirmed lead, so up to 30 ms later).
      expect(w.peak, `${kind} peak`).toBeLessThanOrEqual(6);
      expect(w.on, `${kind} onset`).toBeLessThanOrEqual(20);
      expect(w.off, `${kind} offset`).toBeLessThanOrEqual(kind === 'qrs' ? 30 : 20);
    }
  });

  it('reports no P wave in atrial fibrillation-like rhythm (irregular RR, no atrial wave)', () => {
    const rTimes = [0.5, 1.3, 1.9, 2.9, 3.5, 4.6, 5.2, 6.0, 7.1, 7.6, 8.7, 9.3];
    const { record } = syntheticEcg({ rTimes, withP: false, noiseMv: 0.01 });
    const d = delineate(record);
    expect(d.beats.filter((b) => b.p)).toHaveLength(0);
    expect(d.intervals.pr).toBeUndefined();
    expect(d.beats.filter((b) => b.t)).toHaveLength(rTimes.length);
  });

  it('gives each lead its own marks, consistent with the global ones', () => {
    const { record } = syntheticEcg({});
    const d = delineate(record);
    expect(d.leadBeats).toHaveLength(12);
    d.leadBeats.forEach((beats) => {
      expect(beats).toHaveLength(d.beats.length);
      beats!.forEach((b, i) => {
        const g = d.beats[i]!;
        for (const kind of ['p', 'qrs', 't'] as const) {
          expect(b[kind] !== undefined).toBe(g[kind] !== undefined);
          if (b[kind] && g[kind]) expect(Math.abs(b[kind]!.peak - g[kind]!.peak)).toBeLessThanOrEqual(40);
        }
      });
    });
  });

  it('detects the R peaks it delineates from on its own filtered leads exactly as detectRPeaks does', () => {
    const { record } = syntheticEcg({ noiseMv: 0.03, wanderMv: 0.3, mainsMv: 0.1, seed: 3 });
    record.samples[4]!.fill(NaN, 1200, 1300); // a gap: both paths must hold the same values over it
    const own = delineate(record);
    expect(own.rPeaks).toEqual(detectRPeaks(record));
    expect(delineate(record, detectRPeaks(record))).toEqual(own);
    // Reused work buffers carry nothing from one record to the next.
    delineate(syntheticEcg({ fs: 1000, rr: 0.6, seed: 4 }).record);
    expect(delineate(record)).toEqual(own);
  });

  it('returns an empty delineation for a flat record', () => {
    const { record } = syntheticEcg({});
    record.samples = record.samples.map((x) => new Float32Array(x.length));
    const d = delineate(record);
    expect(d.rPeaks).toEqual([]);
    expect(d.beats).toEqual([]);
    expect(d.intervals).toEqual({});
    const unusable = delineate({ ...record, fs: 0 });
    expect(unusable.beats).toEqual([]);
    expect(unusable.leadBeats.every((l) => l === undefined)).toBe(true);
  });
});

describe('multi-lead boundary rule', () => {
  it('takes the earliest onset that two more leads confirm within 12 ms, ignoring a lone outlier', () => {
    // fs 500: 12 ms = 6 samples. 80 is alone; 100, 104, 105 agree.
    expect(earliestConfirmed([120, 80, 104, 100, 105, 130], 500)).toBe(100);
    expect(latestConfirmed([300, 352, 320, 318, 316, 250], 500)).toBe(320);
    // Nothing confirmed: the median.
    expect(earliestConfirmed([100, 150, 200], 500)).toBe(150);
  });
});

describe('delineate at impossible rates', () => {
  it('gives an empty delineation, at once, for a rate no ECG device records at', () => {
    for (const fs of [MAX_RATE_HZ * 2, 1e8, Infinity]) {
      const samples = [new Float32Array(20_000).map((_, i) => Math.sin(i / 50))];
      const d = delineate({ fs, samples, leads: ['II'] } as never);
      expect(d.rPeaks).toEqual([]);
      expect(d.intervals).toEqual({});
    }
  });
});

describe.skipIf(!hasShared('data', 'cinc', 'torch_ecg'))('delineate on a record whose median RR is a half sample', () => {
  it('returns (it looped forever when a search limit was fractional)', () => {
    const r = readEcgFile(sharedPath('data', 'cinc', 'torch_ecg', 'JS20011.hea'));
    const first = { ...r, samples: r.samples.map((s) => s.subarray(0, 4975)) };
    const d = delineate(first);
    expect(d.rPeaks.length).toBeGreaterThan(3);
    expect(d.intervals.hr).toBeGreaterThan(20);
  });
});
