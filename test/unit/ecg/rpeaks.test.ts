import { describe, expect, it } from 'vitest';
import { detectRPeaks, detectRPeaksInLeads } from '../../../src-main/ecg/rpeaks.js';
import { syntheticEcg } from './synthetic-ecg.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { wfdbReader } from '../../../src-main/formats/wfdb.js';
import { nodeFileSource } from '../../../src-main/formats/file-source.js';
import { matchWaves, summarise } from '../../../src-main/ecg/delineate-eval.js';

describe('multi-lead R-peak detection', () => {
  it('finds every beat of a clean ECG at its R peak', () => {
    const { record, truth } = syntheticEcg({ rr: 0.8 });
    expect(detectRPeaks(record)).toEqual(truth.r);
  });

  it('follows irregular rhythm (atrial fibrillation-like RR) without P waves', () => {
    const rTimes = [0.5, 1.3, 1.9, 2.9, 3.5, 4.6, 5.2, 6.0, 7.1, 7.6, 8.7, 9.3];
    const { record, truth } = syntheticEcg({ rTimes, withP: false });
    expect(detectRPeaks(record)).toEqual(truth.r);
  });

  it.each([250, 360, 1000])('works at %i Hz', (fs) => {
    const { record, truth } = syntheticEcg({ fs, rr: 0.7 });
    expect(detectRPeaks(record)).toEqual(truth.r);
  });

  it('stays within 4 ms of each R under noise, baseline wander and mains hum, with no extra beat', () => {
    const { record, truth } = syntheticEcg({ noiseMv: 0.03, wanderMv: 0.4, mainsMv: 0.1, seed: 7 });
    const found = detectRPeaks(record);
    expect(found).toHaveLength(truth.r.length);
    found.forEach((r, i) => expect(Math.abs(r - truth.r[i]!)).toBeLessThanOrEqual(2));
  });

  it('ignores tall T waves and one flat lead', () => {
    const { record, truth } = syntheticEcg({ rr: 0.9 });
    record.samples[0] = new Float32Array(record.samples[0]!.length);
    // Tall, peaked T waves in V2–V4 (hyperkalaemia-like): 0.8 mV, σ 50 ms, 260 ms after R.
    for (const k of [7, 8, 9]) {
      for (const r of truth.r) {
        for (let t = r + 30; t < r + 230 && t < record.samples[k]!.length; t++) record.samples[k]![t]! += 0.8 * Math.exp(-0.5 * ((t - r - 130) / 25) ** 2);
      }
    }
    expect(detectRPeaks(record)).toEqual(truth.r);
  });

  it('returns nothing for flat or too short signals', () => {
    expect(detectRPeaksInLeads([new Float32Array(5000)], 500)).toEqual([]);
    expect(detectRPeaksInLeads([new Float32Array(100)], 500)).toEqual([]);
    expect(detectRPeaksInLeads([], 500)).toEqual([]);
  });
});

describe('robustness', () => {
  it('skips gaps (NaN samples) instead of spreading them, and refuses rates too low to see a QRS', () => {
    const { record, truth } = syntheticEcg({});
    for (const x of record.samples) x.fill(NaN, 2000, 2100);
    const found = detectRPeaks(record);
    expect(found).toEqual(truth.r.filter((r) => r < 2000 || r > 2150));
    const slow = syntheticEcg({ fs: 250 }).record;
    expect(detectRPeaksInLeads(slow.samples, 50)).toEqual([]);
    expect(detectRPeaksInLeads(slow.samples, 0)).toEqual([]);
  });
});

describe.skipIf(!hasShared('fixtures', 'wfdb', '100.hea'))('MIT-BIH record 100 (2 leads, 360 Hz, 30 min)', () => {
  it('finds the annotated beats: Se ≥ 99.9 %, PPV ≥ 99.9 % within 50 ms', () => {
    const record = wfdbReader.parse(nodeFileSource(fixture('wfdb', '100.hea')));
    const beats = (record.annotations ?? []).filter((a) => a.type === 'beat').map((a) => ({ peak: a.sample }));
    expect(beats.length).toBe(2273);
    const found = detectRPeaks(record).map((p) => ({ on: p, peak: p, off: p }));
    const s = summarise(matchWaves(found, beats, [0, record.samples[0]!.length - 1], record.fs));
    // Reached when written: Se 99.96 % (one beat missed), PPV 100 %.
    expect(s.se).toBeGreaterThanOrEqual(99.9);
    expect(s.ppv).toBeGreaterThanOrEqual(99.9);
  });
});
