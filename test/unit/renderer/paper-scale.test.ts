/** True scale: mm on paper → CSS px via the calibration; speed and gain; grid lines; caliper readings. */
import { describe, expect, it } from 'vitest';
import { caliperReading } from '../../../src-renderer/lib/paper/caliper.js';
import { gridLines } from '../../../src-renderer/lib/paper/grid-lines.js';
import { DEFAULT_PX_PER_MM, paperScale, pxPerMillivolt, pxPerSecond } from '../../../src-renderer/lib/paper/scale.js';

describe('paper scale', () => {
  it('uses 96 CSS px per inch by default, and multiplies speed, gain and zoom', () => {
    expect(DEFAULT_PX_PER_MM).toBeCloseTo(3.7795, 4);
    const s = paperScale(DEFAULT_PX_PER_MM, 2, 25, 10);
    expect(pxPerSecond(s)).toBeCloseTo((25 * 96 * 2) / 25.4, 9);
    expect(pxPerMillivolt(s)).toBeCloseTo((10 * 96 * 2) / 25.4, 9);
  });

  it('lays minor lines every mm and major lines every 5 mm from the paper origin', () => {
    const mm = 4;
    const g = gridLines(10 * mm + 1, 21 * mm, mm, 100);
    expect(g.major).toEqual([15 * mm, 20 * mm]);
    expect(g.minor).toEqual([11, 12, 13, 14, 16, 17, 18, 19, 21].map((v) => v * mm));
    expect(gridLines(0, 1e6, mm, 12).major.at(-1)).toBe(10 * mm); // not beyond the paper
  });

  it('reads calipers in ms, bpm and mV, and no voltage across leads', () => {
    const r = caliperReading({ t: 1.2, lead: 'II', mv: 0.1 }, { t: 2.0, lead: 'II', mv: 1.3 });
    expect(r.ms).toBeCloseTo(800, 9);
    expect(r.bpm).toBeCloseTo(75, 9);
    expect(r.mv).toBeCloseTo(1.2, 9);
    expect(caliperReading({ t: 2, lead: 'II', mv: 0 }, { t: 1, lead: 'V1', mv: 1 }).mv).toBeUndefined();
    expect(caliperReading({ t: 2 }, { t: 2 }).bpm).toBeUndefined();
  });
});
