import { describe, expect, it } from 'vitest';
import { matchWaves, referenceFromMarks, referencesFromAnnotations, summarise } from '../../../src-main/ecg/delineate-eval.js';

const w = (peak: number) => ({ on: peak - 5, peak, off: peak + 5 });

describe('delineation scoring', () => {
  it('groups LUDB marks into waves, keeping a peak whose bracket is missing, and records the annotated span', () => {
    const ref = referenceFromMarks([
      { sample: 100, symbol: '(' }, { sample: 110, symbol: 'p' }, { sample: 120, symbol: ')' },
      { sample: 150, symbol: '(' }, { sample: 160, symbol: 'N' }, { sample: 170, symbol: ')' },
      { sample: 260, symbol: 't' }, { sample: 290, symbol: ')' },
    ])!;
    expect(ref.p).toEqual([{ on: 100, peak: 110, off: 120 }]);
    expect(ref.qrs).toEqual([{ on: 150, peak: 160, off: 170 }]);
    expect(ref.t).toEqual([{ peak: 260, off: 290 }]);
    expect(ref.span).toEqual([100, 290]);
    expect(referenceFromMarks([])).toBeUndefined();
  });

  it('reads the annotations the WFDB reader attaches to a record', () => {
    const refs = referencesFromAnnotations([
      { lead: 'II', sample: 10, type: 'wave_on', label: 'QRS' },
      { lead: 'II', sample: 20, type: 'wave_peak', label: 'QRS' },
      { lead: 'II', sample: 30, type: 'wave_off', label: 'QRS' },
      { lead: 'V1', sample: 22, type: 'beat', label: 'N' },
      { sample: 5, type: 'beat', label: 'N' },
    ]);
    expect(Object.keys(refs).sort()).toEqual(['II', 'V1']);
    expect(refs.II!.qrs).toEqual([{ on: 10, peak: 20, off: 30 }]);
    expect(refs.V1!.qrs).toEqual([{ peak: 22 }]);
  });

  it('matches one-to-one within 50 ms, closest first, and ignores detections outside the span', () => {
    const fs = 500; // 50 ms = 25 samples
    const reference = [{ on: 95, peak: 100, off: 110 }, { on: 195, peak: 200, off: 205 }, { peak: 300 }];
    const detected = [w(20), w(104), w(110), w(226), w(302), w(900)];
    const t = matchWaves(detected, reference, [90, 400], fs);
    // 104 ↔ 100 (closest), 110 unmatched (FP), 226 is 26 samples from 200 (FN + FP), 302 ↔ 300; 20 and 900 out of span.
    expect(t.tp).toBe(2);
    expect(t.fn).toBe(1);
    expect(t.fp).toBe(2);
    expect(t.onErrors).toEqual([(99 - 95) * 2]);
    expect(t.offErrors).toEqual([(109 - 110) * 2]);
    const s = summarise(t);
    expect(s.se).toBeCloseTo(200 / 3, 9);
    expect(s.ppv).toBe(50);
    expect(s.on).toEqual({ mean: 8, sd: NaN, n: 1 });
  });
});
