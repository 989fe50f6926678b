import { describe, expect, it } from 'vitest';
import { labelRuns, waveLabels, WAVE_LABEL } from '../../../src-main/ecg/delineate-labels.js';

describe('per-sample wave labels', () => {
  it('label P, QRS, T, the TP baseline between beats, and nothing elsewhere', () => {
    const beats = [
      { p: { on: 2, peak: 3, off: 4 }, qrs: { on: 6, peak: 7, off: 8 }, t: { on: 10, peak: 11, off: 12 } },
      { p: { on: 16, peak: 17, off: 18 }, qrs: { on: 20, peak: 21, off: 22 } },
    ];
    const labels = waveLabels(beats, 26);
    expect(Array.from(labels).join('')).toBe('00111022203334441110222000');
    expect(labelRuns(labels).map((r) => `${r.label}:${r.start}-${r.end}`)).toEqual([
      'none:0-1', 'P:2-4', 'none:5-5', 'QRS:6-8', 'none:9-9', 'T:10-12', 'TP:13-15', 'P:16-18', 'none:19-19', 'QRS:20-22', 'none:23-25',
    ]);
  });

  it('end TP at the next QRS when the next beat has no P, let QRS win overlaps, and clip to the length', () => {
    const beats = [
      { qrs: { on: 0, peak: 1, off: 3 }, t: { on: 3, peak: 5, off: 6 } },
      { qrs: { on: 9, peak: 10, off: 14 } },
    ];
    const labels = waveLabels(beats, 12);
    expect(labels[3]).toBe(WAVE_LABEL.QRS);
    expect(Array.from(labels.slice(7, 9))).toEqual([WAVE_LABEL.TP, WAVE_LABEL.TP]);
    expect(labels[11]).toBe(WAVE_LABEL.QRS);
    expect(waveLabels([], 3)).toEqual(new Uint8Array(3));
  });
});
