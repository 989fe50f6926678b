import { describe, expect, it } from 'vitest';
import { measureIntervals } from '../../../src-main/ecg/intervals.js';
import type { BeatMarks } from '../../../src-main/ecg/delineate-types.js';
import { delineate } from '../../../src-main/ecg/delineate.js';
import { syntheticEcg } from './synthetic-ecg.js';

describe('intervals', () => {
  it('are medians over beats in ms, with Bazett and Fridericia corrections', () => {
    const { record } = syntheticEcg({ seconds: 4 });
    // fs 500: 1 sample = 2 ms. RR 400 samples = 800 ms; PR 80 → 160 ms; QRS 45 → 90 ms; QT 200 → 400 ms.
    const beat = (r: number, qrsOff = 25): BeatMarks => ({
      p: { on: r - 100, peak: r - 80, off: r - 60 },
      qrs: { on: r - 20, peak: r, off: r + qrsOff },
      t: { on: r + 80, peak: r + 130, off: r + 180 },
    });
    const rPeaks = [300, 700, 1100, 1500];
    const beats = [beat(300), beat(700), beat(1100, 60), beat(1500)];
    const iv = measureIntervals(record, beats, rPeaks);
    expect(iv.rr).toBe(800);
    expect(iv.hr).toBe(75);
    expect(iv.pr).toBe(160);
    expect(iv.qrs).toBe(90); // the one wide beat does not move the median
    expect(iv.qt).toBe(400);
    expect(iv.qtcBazett).toBeCloseTo(400 / Math.sqrt(0.8), 9);
    expect(iv.qtcFridericia).toBeCloseTo(400 / Math.cbrt(0.8), 9);
  });

  it('leave out what no beat supports', () => {
    const { record } = syntheticEcg({ seconds: 4 });
    const iv = measureIntervals(record, [{ qrs: { on: 280, peak: 300, off: 320 } }], [300]);
    expect(iv.rr).toBeUndefined();
    expect(iv.hr).toBeUndefined();
    expect(iv.pr).toBeUndefined();
    expect(iv.qt).toBeUndefined();
    expect(iv.qtcBazett).toBeUndefined();
    expect(iv.qrs).toBe(80);
  });

  it('of a synthetic ECG match its construction', () => {
    // Truth: P from R−210 ms, QRS from R−37 to R+41.5 ms (±2.5σ of its outer lobes), T ends at R+400 ms.
    const { record } = syntheticEcg({ rr: 0.8, pr: 0.16, rt: 0.3 });
    const iv = delineate(record).intervals;
    expect(iv.hr).toBeCloseTo(75, 5);
    expect(Math.abs(iv.pr! - 173)).toBeLessThan(15);
    expect(Math.abs(iv.qrs! - 78.5)).toBeLessThan(20);
    expect(Math.abs(iv.qt! - 437)).toBeLessThan(15);
  });
});
