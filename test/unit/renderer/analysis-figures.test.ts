/** How the new screens place and word numbers: box and histogram geometry, deltas, ETA, the job's filter, routes. */
import { describe, expect, it } from 'vitest';
import { boxScales, boxShape, histogramBars } from '../../../src-renderer/lib/cohort/box-geometry.js';
import { deltaText, etaText, intervalText } from '../../../src-renderer/lib/analysis/interval-rows.js';
import { isEmptyFilter, studyFilter } from '../../../src-renderer/lib/analysis/study-filter.js';
import { EMPTY_FILTERS } from '../../../src-renderer/lib/worklist/query.js';

const FRAME = { width: 200, height: 120, margin: { top: 10, right: 10, bottom: 10, left: 20 } };

describe('cohort chart geometry', () => {
  it('maps a box onto the y scale with 0 at the bottom and 1 at the top', () => {
    const { x, y } = boxScales(FRAME, ['0', '1', '2']);
    expect(y(0)).toBe(110);
    expect(y(1)).toBe(10);
    const g = boxShape({ n: 5, min: 0.1, q1: 0.2, median: 0.3, q3: 0.5, max: 0.9, mean: 0.4 }, '1', x, y);
    expect(g.whiskerTop).toBeCloseTo(20);
    expect(g.boxTop).toBeCloseTo(60);
    expect(g.median).toBeCloseTo(80);
    expect(g.boxBottom).toBeCloseTo(90);
    expect(g.whiskerBottom).toBeCloseTo(100);
    expect(g.x).toBeGreaterThan(x('0')!);
    expect(g.x + g.width).toBeLessThan(x('2')!);
  });

  it('draws histogram bars whose heights are proportional to the counts', () => {
    const bins = [
      { from: 0, to: 0.5, count: 2 },
      { from: 0.5, to: 1, count: 4 },
    ];
    const { bars, x } = histogramBars(bins, FRAME);
    expect(bars).toHaveLength(2);
    expect(bars[1]!.height).toBeCloseTo(2 * bars[0]!.height);
    expect(bars[0]!.x).toBeCloseTo(x(0) + 0.5);
    expect(bars[1]!.x).toBeCloseTo(x(0.5) + 0.5);
    expect(histogramBars([], FRAME).bars).toEqual([]);
  });
});

describe('numbers in words', () => {
  it('signs changes with a true minus and rounds first', () => {
    expect(deltaText(12.4, 'ms')).toBe('+12 ms');
    expect(deltaText(-3.6, 'bpm')).toBe('−4 bpm');
    expect(deltaText(0.2, 'ms')).toBe('±0 ms');
    expect(deltaText(undefined, 'ms')).toBe('—');
    expect(intervalText(401.6, 'ms')).toBe('402 ms');
  });

  it('says an ETA in seconds, minutes or hours', () => {
    expect(etaText(12.3)).toBe('12 s');
    expect(etaText(200)).toBe('3 min 20 s');
    expect(etaText(3900)).toBe('1 h 05 min');
    expect(etaText(undefined)).toBe('—');
  });

  it('turns the worklist filters into a job filter without paging or order', () => {
    expect(isEmptyFilter(studyFilter(EMPTY_FILTERS))).toBe(true);
    expect(studyFilter({ ...EMPTY_FILTERS, text: ' HR06 ', classes: ['MI'], confirmed: 'unconfirmed' })).toEqual({ text: 'HR06', topClass: ['MI'], confirmed: false });
  });
});
