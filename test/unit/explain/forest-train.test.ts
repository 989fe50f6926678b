/**
 * The surrogate's forest trainer against ml-random-forest / ml-cart, whose trees it must reproduce: on the same
 * rows and columns it grows the same tree, except where ml-cart broke an exact tie between two splits by rounding
 * (cluster proportions are multiples of 1/steps, so equal gains are common in small nodes); ml-random-forest loads
 * its JSON and votes as forest-eval does; it is seeded and reproduces the CNN's labels as the library's forest did.
 */
import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from 'ml-random-forest';
import { featureMatrix, growTree, trainForest, type TreeNodeJson } from '../../../src-main/explain/forest-train.js';
import { compileForest, voteShare } from '../../../src-main/explain/forest-eval.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';

/** Two views' cluster proportions over 64 steps (ties as in real fits); class 1 when clusters 0 and 10 dominate, noisily. */
function dataset(n: number, seed: number): { x: number[][]; y: number[] } {
  const rng = mulberry32(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (const k of [9, 8]) {
      const counts = new Array<number>(k).fill(0);
      for (let s = 0; s < 64; s++) counts[Math.floor(rng() ** 1.5 * k)]!++;
      row.push(...counts.map((c) => c / 64));
    }
    x.push(row);
    y.push(row[0]! + row[10]! + 0.3 * rng() > 0.45 ? 1 : 0);
  }
  return { x, y };
}

interface Plain {
  splitColumn?: number;
  splitValue?: number;
  left?: Plain;
  right?: Plain;
  distribution?: number[][];
}

/** Gini gain of splitting `rows` at x[col] < v, in exact fractions evaluated once (no summation order). */
function exactGain(x: number[][], y: number[], rows: number[], col: number, v: number): number {
  const side = (r: number[]) => {
    const p = r.reduce((s, i) => s + y[i]!, 0);
    return r.length ? (2 * p * (r.length - p)) / r.length : 0;
  };
  const lesser = rows.filter((i) => x[i]![col]! < v);
  const greater = rows.filter((i) => !(x[i]![col]! < v));
  return side(rows) / rows.length - (side(lesser) + side(greater)) / rows.length;
}

/**
 * Compares two trees node by node; where they differ, both choices must be exact ties (equal gain, or a split
 * whose gain equals its parent's, which ml-cart refuses by an exact float comparison). Returns the tied nodes.
 */
function compareTrees(ours: Plain, theirs: Plain, x: number[][], y: number[], cols: number[], rows: number[], parentGain: number): number {
  const splitOf = (n: Plain) => (n.splitColumn === undefined ? undefined : { col: cols[n.splitColumn]!, v: n.splitValue! });
  const a = splitOf(ours);
  const b = splitOf(theirs);
  const oursSplits = !!(ours.left && ours.right);
  if (oursSplits !== !!(theirs.left && theirs.right)) {
    // one split where the other stopped: only when the split's gain equals its parent's
    const s = (oursSplits ? a : b)!;
    expect(exactGain(x, y, rows, s.col, s.v)).toBeCloseTo(parentGain, 12);
    return 1;
  }
  if (!oursSplits) expect(ours.distribution).toEqual(theirs.distribution);
  // a leaf keeps the split it evaluated (importances count it): the same, or a tie
  if (!a || !b) {
    expect(a).toEqual(b);
    return 0;
  }
  if (a.col !== b.col || a.v !== b.v) {
    expect(exactGain(x, y, rows, a.col, a.v)).toBeCloseTo(exactGain(x, y, rows, b.col, b.v), 12);
    return 1;
  }
  if (!oursSplits) return 0;
  const gain = exactGain(x, y, rows, a.col, a.v);
  return (
    compareTrees(ours.left!, theirs.left!, x, y, cols, rows.filter((i) => x[i]![a.col]! < a.v), gain) +
    compareTrees(ours.right!, theirs.right!, x, y, cols, rows.filter((i) => !(x[i]![a.col]! < a.v)), gain)
  );
}

describe('surrogate forest training', () => {
  it('grows the trees ml-cart grows on the same rows and columns, up to exact ties', () => {
    let identical = 0;
    let ties = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { x, y } = dataset(300, seed);
      // one ml-cart tree on all rows (no bagging) and the columns ml-random-forest draws for it
      const lib = new RandomForestClassifier({ nEstimators: 1, seed, maxFeatures: 0.4, replacement: true, useSampleBagging: false, noOOB: true, treeOptions: { maxDepth: 8, minNumSamples: 3 } } as never) as unknown as { train(x: number[][], y: number[]): void; toJSON(): unknown; featureImportance(): number[] };
      lib.train(x, y);
      const json = JSON.parse(JSON.stringify(lib.toJSON())) as { baseModel: { indexes: number[][]; estimators: Array<{ root: Plain }> } };
      const cols = json.baseModel.indexes[0]!;
      const theirs = json.baseModel.estimators[0]!.root;
      const ours = growTree(featureMatrix(x), Uint8Array.from(y), new Uint32Array(x.length).fill(1), cols, { maxDepth: 8, minNumSamples: 3 });
      const tied = compareTrees(ours.root as Plain, theirs, x, y, cols, x.map((_, i) => i), NaN);
      if (tied === 0) {
        identical++;
        // ml-random-forest's importances: gain·n less the children's gain·n, normalised per tree, by feature
        const total = ours.importance.reduce((a, b) => a + b, 0);
        const byFeature = new Array<number>(17).fill(0);
        ours.importance.forEach((v, j) => (byFeature[cols[j]!]! += v / total));
        lib.featureImportance().forEach((v, f) => expect(byFeature[f]).toBeCloseTo(v, 10));
      }
      ties += tied;
    }
    // the comparison is not vacuous: most trees match node for node, ties stay rare
    expect(identical).toBeGreaterThanOrEqual(8);
    expect(ties).toBeLessThanOrEqual(6);
  });

  it('writes a forest ml-random-forest loads and that votes as the compiled evaluation does', () => {
    const { x, y } = dataset(400, 21);
    const forest = trainForest(featureMatrix(x), Uint8Array.from(y), { nEstimators: 15, seed: 4, maxFeatures: 0.8, maxDepth: 6 });
    const loaded = RandomForestClassifier.load(JSON.parse(JSON.stringify(forest.model))) as unknown as { predictionValues(x: number[][]): { getRow(i: number): number[] } };
    const compiled = compileForest(forest.model);
    const rows = dataset(60, 22).x;
    const votes = loaded.predictionValues(rows);
    rows.forEach((row, i) => {
      const v = votes.getRow(i);
      expect(voteShare(compiled, row)).toBeCloseTo(v.filter((l) => l === 1).length / v.length, 12);
    });
  });

  it('is seeded, collects out-of-bag votes and reproduces unseen labels as well as ml-random-forest', () => {
    const train = dataset(300, 31);
    const test = dataset(300, 32);
    const options = { nEstimators: 20, seed: 9, maxFeatures: 0.8, maxDepth: 12, minNumSamples: 3 };
    const fm = featureMatrix(train.x);
    const a = trainForest(fm, Uint8Array.from(train.y), options);
    const b = trainForest(fm, Uint8Array.from(train.y), options);
    expect(JSON.stringify(b.model)).toBe(JSON.stringify(a.model));
    // each row is left out of a tree's bootstrap with probability (1 − 1/n)^n ≈ 0.37
    const oobVotes = a.oob.reduce((s, r) => s + r.all.length, 0) / a.oob.length;
    expect(oobVotes).toBeGreaterThan(20 * 0.3);
    expect(oobVotes).toBeLessThan(20 * 0.45);
    expect(a.importances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);

    const ours = compileForest(a.model);
    const lib = new RandomForestClassifier({ ...options, replacement: true, useSampleBagging: true, noOOB: true, treeOptions: { maxDepth: 12, minNumSamples: 3 } } as never) as unknown as { train(x: number[][], y: number[]): void; toJSON(): unknown };
    lib.train(train.x, train.y);
    const theirs = compileForest(lib.toJSON());
    const agreement = (f: typeof ours) => test.x.filter((row, i) => (voteShare(f, row) >= 0.5 ? 1 : 0) === test.y[i]).length / test.x.length;
    expect(agreement(ours)).toBeGreaterThan(0.7);
    expect(Math.abs(agreement(ours) - agreement(theirs))).toBeLessThan(0.04);
  });
});
