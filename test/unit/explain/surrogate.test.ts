import { describe, expect, it } from 'vitest';
import { Surrogate } from '../../../src-main/explain/surrogate.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';

/** Proportions over 4 clusters; class A when cluster 0 exceeds 0.35, class B never, class C always. */
function dataset(n: number, seed: number): { x: number[][]; y: Uint8Array[] } {
  const rng = mulberry32(seed);
  const x: number[][] = [];
  const y: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const raw = [rng(), rng(), rng(), rng()];
    const s = raw.reduce((a, b) => a + b, 0);
    const p = raw.map((v) => v / s);
    x.push(p);
    y.push(Uint8Array.from([p[0]! > 0.35 ? 1 : 0, 0, 1]));
  }
  return { x, y };
}

describe('surrogate forest', () => {
  const train = dataset(400, 1);
  const model = Surrogate.fit(train.x, train.y, ['A', 'B', 'C'], { nEstimators: 30, seed: 5, maxDepth: 8 });

  it('reproduces the labels it was trained to mimic on unseen rows', () => {
    const test = dataset(200, 2);
    const p = model.predictProba(test.x);
    const agree = p.filter((row, i) => (row[0]! >= 0.5 ? 1 : 0) === test.y[i]![0]).length / p.length;
    expect(agree).toBeGreaterThan(0.9);
    expect(p.every((row) => row[1] === 0 && row[2] === 1)).toBe(true);
  });

  it('ranks the deciding cluster first and survives a JSON round trip', () => {
    const a = model.json.forests[0]!;
    expect(a.importances.indexOf(Math.max(...a.importances))).toBe(0);
    const again = new Surrogate(JSON.parse(JSON.stringify(model.json)));
    const x = dataset(20, 3).x;
    expect(again.predictProba(x)).toEqual(model.predictProba(x));
  });

  it('gives the same probabilities and effects whether variants share the row\'s untouched trees or walk them all', () => {
    for (const x of dataset(30, 11).x) {
      const reference = [0.25, 0.25, 0.25, 0.25];
      for (const [from, to] of [[0, 4], [1, 3], [2, 3]] as const) {
        const { probabilities, effects } = model.explainRow(x, reference, from, to);
        expect(probabilities).toEqual(model.predictProba([x])[0]);
        // the same counterfactual rows through the plain evaluation
        const variants = Array.from({ length: to - from }, (_, i) => {
          const k = from + i;
          const scale = 1 - x[k]! > 0 ? (1 - reference[k]!) / (1 - x[k]!) : 0;
          return x.map((v, j) => (j < from || j >= to ? v : j === k ? reference[k]! : v * scale));
        });
        const plain = model.predictProba(variants);
        effects.forEach((perClass, c) => perClass.forEach((e, i) => expect(e).toBeCloseTo(probabilities[c]! - plain[i]![c]!, 12)));
      }
    }
  });

  it('attributes a local decision to the cluster that drives it', () => {
    const { effects } = model.explainRow([0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]);
    const forA = effects[0]!;
    expect(forA.indexOf(Math.max(...forA))).toBe(0);
    expect(forA[0]).toBeGreaterThan(0.5);
  });
});

describe('compiled forest evaluation', () => {
  it('casts the same votes as ml-random-forest', async () => {
    const { RandomForestClassifier } = await import('ml-random-forest');
    const { compileForest, voteShare } = await import('../../../src-main/explain/forest-eval.js');
    const train = dataset(300, 7);
    const rf = new RandomForestClassifier({ nEstimators: 25, seed: 3, maxFeatures: 0.75, replacement: true, useSampleBagging: true, noOOB: true, treeOptions: { maxDepth: 6 } } as never) as unknown as {
      train(x: number[][], y: number[]): void; predictionValues(x: number[][]): { getRow(i: number): number[] }; toJSON(): unknown;
    };
    rf.train(train.x, train.y.map((y) => y[0]!));
    const compiled = compileForest(rf.toJSON());
    const rows = dataset(50, 8).x;
    const votes = rf.predictionValues(rows);
    rows.forEach((row, i) => {
      const v = votes.getRow(i);
      expect(voteShare(compiled, row)).toBeCloseTo(v.filter((l) => l === 1).length / v.length, 12);
    });
  });
});
