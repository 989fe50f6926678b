/**
 * Cohort statistics on a small hand-made set, every figure computed by hand beforehand (quartiles by linear
 * interpolation, as numpy.percentile: [0.1, 0.3, 0.5, 0.7] → 0.25, 0.4, 0.55), and the box/histogram helpers.
 */
import { describe, expect, it } from 'vitest';
import { boxStats, histogram, quantileSorted } from '../../../src-main/analysis/box-stats.js';
import { computeCohort } from '../../../src-main/analysis/cohort-stats.js';
import type { CohortRow } from '../../../src-main/store/cohort-rows.js';

const CLASSES = ['NORM', 'MI', 'STTC', 'CD', 'HYP'];

function row(studyId: number, called: string[], uncertainty: number, agreement: number, proportions: number[], clusterModel: string): CohortRow {
  const probabilities = Object.fromEntries(CLASSES.map((c) => [c, called.includes(c) ? 0.8 : 0.1]));
  return { studyId, statements: [], modelId: 'm', probabilities, topClass: called[0] ?? 'NORM', called, uncertainty, surrogateAgreement: agreement, proportions, clusterModel };
}

const ROWS: CohortRow[] = [
  row(1, ['NORM'], 0.1, 1, [0.5, 0.3, 0.2], 'K1'),
  row(2, ['NORM'], 0.2, 1, [0.3, 0.3, 0.4], 'K1'),
  row(3, ['NORM'], 0.25, 0.8, [0.1, 0.6, 0.3], 'K1'),
  row(4, ['NORM'], 0.4, 1, [0.7, 0.2, 0.1], 'K1'),
  row(5, ['MI', 'STTC'], 0.9, 0.6, [0.2, 0.2, 0.6], 'K1'),
  row(6, [], 0.55, 1, [0.4, 0.4, 0.2], 'K1'),
  row(7, ['NORM'], 0.3, 1, [0.9, 0.05, 0.05], 'K0'),
];

describe('box statistics', () => {
  it('interpolates quartiles linearly between order statistics', () => {
    expect(boxStats([0.7, 0.1, 0.5, 0.3])).toEqual({ n: 4, min: 0.1, q1: expect.closeTo(0.25, 12), median: expect.closeTo(0.4, 12), q3: expect.closeTo(0.55, 12), max: 0.7, mean: expect.closeTo(0.4, 12) });
    expect(boxStats([3])).toEqual({ n: 1, min: 3, q1: 3, median: 3, q3: 3, max: 3, mean: 3 });
    expect(boxStats([NaN])).toBeUndefined();
    expect(quantileSorted([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
  });

  it('puts a value on a bin edge in the bin it starts and the top value in the last bin', () => {
    expect(histogram([0, 0.1, 0.3, 0.29999, 1, 0.95], 10).map((b) => b.count)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 2]);
    expect(histogram([], 4).map((b) => [b.from, b.to])).toEqual([[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]);
  });
});

describe('computeCohort', () => {
  it('counts each class, boxes its cluster proportions within the most used cluster model, and summarises agreement and uncertainty', () => {
    const c = computeCohort(ROWS, 9, { maxIds: 3 }, (key) => (key === 'K1' ? { view: 'combined', clusters: [0, 1, 2].map((id) => ({ id, name: `c${id}`, colour: '#000000' })) } : undefined));
    expect(c).toMatchObject({ selected: 9, analysed: 7, groupBy: 'predicted' });
    expect(c.clusterModel).toEqual({ key: 'K1', view: 'combined', k: 3, clusters: expect.any(Array), studies: 6, excluded: 1 });
    const norm = c.classes.find((k) => k.class === 'NORM')!;
    expect(norm).toMatchObject({ count: 5, studyIds: [1, 2, 3], idsTruncated: true });
    // cluster 0 over NORM's K1 studies 1–4: 0.5, 0.3, 0.1, 0.7 (study 7 has another cluster model)
    expect(norm.proportions[0]).toEqual({ n: 4, min: 0.1, q1: expect.closeTo(0.25, 12), median: expect.closeTo(0.4, 12), q3: expect.closeTo(0.55, 12), max: 0.7, mean: expect.closeTo(0.4, 12) });
    // cluster 2: 0.2, 0.4, 0.3, 0.1 → sorted 0.1 0.2 0.3 0.4: q1 0.175, median 0.25, q3 0.325
    expect(norm.proportions[2]).toMatchObject({ q1: expect.closeTo(0.175, 12), median: expect.closeTo(0.25, 12), q3: expect.closeTo(0.325, 12) });
    expect(norm.surrogate).toEqual({ n: 5, agreeing: 4, rate: 0.8, meanLabelAgreement: expect.closeTo(0.96, 12) });
    expect(norm.uncertainty).toMatchObject({ min: 0.1, q1: 0.2, median: 0.25, q3: 0.3, max: 0.4 });
    for (const name of ['MI', 'STTC']) {
      expect(c.classes.find((k) => k.class === name)).toMatchObject({ count: 1, studyIds: [5], proportions: [{ n: 1, median: 0.2 }, { n: 1, median: 0.2 }, { n: 1, median: 0.6 }] });
    }
    expect(c.classes.find((k) => k.class === 'CD')).toMatchObject({ count: 0, studyIds: [], proportions: [null, null, null], surrogate: { n: 0, agreeing: 0 } });
    expect(c.classes.map((k) => k.class)).toEqual(CLASSES);
    expect(c.unassigned).toEqual({ count: 1, studyIds: [6], idsTruncated: false });
    expect(c.surrogate).toEqual({ n: 7, agreeing: 5, rate: expect.closeTo(5 / 7, 12), meanLabelAgreement: expect.closeTo(6.4 / 7, 12) });
    expect(c.uncertainty.histogram.map((b) => b.count)).toEqual([0, 1, 2, 1, 1, 1, 0, 0, 0, 1]);
    expect(c.uncertainty.box).toMatchObject({ n: 7, median: 0.3 });
  });

  it('groups by top class, or summarises a chosen cluster model', () => {
    const top = computeCohort(ROWS, 7, { groupBy: 'topClass', clusterModel: 'K0' });
    expect(top.classes.find((k) => k.class === 'NORM')).toMatchObject({ count: 6, studyIds: [1, 2, 3, 4, 6, 7], proportions: [{ n: 1, median: 0.9 }, { n: 1 }, { n: 1 }] });
    expect(top.classes.find((k) => k.class === 'MI')!.count).toBe(1);
    expect(top.unassigned.count).toBe(0);
    expect(top.clusterModel).toMatchObject({ key: 'K0', studies: 1, excluded: 6, view: 'unknown', clusters: [] });
    expect(() => computeCohort(ROWS, 7, { groupBy: 'label' })).toThrow(/label tables/);
  });
});
