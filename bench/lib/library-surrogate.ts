/**
 * The surrogate as it was trained before forest-train.ts (commit 76dc0ff's Surrogate.fit): one ml-random-forest
 * 2.1 classifier per class, out-of-bag vote thresholds. Kept for the fit-scale benchmark's before/after fidelity
 * comparison; the library is quadratic in rows, so it only runs on a few hundred.
 */
import { RandomForestClassifier } from 'ml-random-forest';
import { oobThreshold, Surrogate, type ClassForest, type SurrogateForestOptions } from '../../src-main/explain/surrogate.js';

interface LibraryForest {
  oobResults?: Array<{ true: number; all: number[] }>;
  train(x: number[][], y: number[]): void;
  featureImportance(): number[];
  toJSON(): unknown;
}

export function librarySurrogate(x: number[][], labels: Uint8Array[], classes: string[], options: SurrogateForestOptions): Surrogate {
  const features = x[0]?.length ?? 0;
  const forests: ClassForest[] = classes.map((name, c) => {
    const y = Array.from(labels, (row) => row[c]!);
    const positives = y.reduce((a, b) => a + b, 0);
    if (positives === 0 || positives === y.length) return { class: name, kind: 'constant', value: positives ? 1 : 0, importances: new Array<number>(features).fill(0) };
    const make = (noOOB: boolean) =>
      new RandomForestClassifier({
        nEstimators: options.nEstimators,
        seed: options.seed + c,
        maxFeatures: options.maxFeatures ?? 0.8,
        replacement: true,
        useSampleBagging: true,
        noOOB,
        treeOptions: { maxDepth: options.maxDepth ?? 12, minNumSamples: options.minNumSamples ?? 3 },
      } as never) as unknown as LibraryForest;
    let forest = make(false);
    try {
      forest.train(x, y);
    } catch {
      // ml-random-forest 2.1 throws collecting out-of-bag votes when a row was in every tree's bag
      forest = make(true);
      forest.train(x, y);
    }
    const importances = forest.featureImportance().map((v) => (Number.isFinite(v) ? v : 0));
    return { class: name, kind: 'forest', model: forest.toJSON(), importances, threshold: oobThreshold(forest.oobResults ?? []) };
  });
  return new Surrogate({ classes, features, forests, options });
}
