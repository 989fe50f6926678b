/**
 * The surrogate (DESIGN.md §4.5): per class, a random forest on one ECG's cluster proportions trained to
 * reproduce the CNN's predicted label. Its agreement with the CNN (fidelity) says how much of the CNN's decision
 * the cluster composition explains; its importances say which regions drive which class.
 * Forests are grown by forest-train.ts (ml-cart's trees, grown from presorted features: ml-random-forest 2.1
 * needs hours at 20,000 reference ECGs) and stored in ml-random-forest's JSON shape; we count the trees' votes
 * ourselves (forest-eval.ts), because ml-random-forest's predictProbability drops the first tree's vote
 * (Array.reduce without an initial value, v2.1.0) and its predict is slow per row.
 */
import { compileForest, voteShares, voteSharesOfVariants, type CompiledForest } from './forest-eval.js';
import { featureMatrix, trainForest } from './forest-train.js';

export interface SurrogateForestOptions {
  nEstimators: number;
  seed: number;
  maxDepth?: number;
  minNumSamples?: number;
  /** share of the features each tree sees */
  maxFeatures?: number;
}

export const DEFAULT_FOREST: SurrogateForestOptions = { nEstimators: 100, seed: 42, maxDepth: 12, minNumSamples: 3, maxFeatures: 0.8 };

/** One class: a fitted forest, or a constant when the reference set never (or always) showed the class. */
export type ClassForest =
  /** `threshold`: share of tree votes at which the surrogate calls the class, chosen on out-of-bag votes to best
   *  reproduce the CNN (rare classes need fewer than half the trees); 0.5 when absent */
  | { class: string; kind: 'forest'; model: unknown; importances: number[]; threshold?: number }
  | { class: string; kind: 'constant'; value: 0 | 1; importances: number[] };

export interface SurrogateJson {
  classes: string[];
  features: number;
  forests: ClassForest[];
  options: SurrogateForestOptions;
}

/** The vote share that best reproduces the labels on out-of-bag votes (ties → the one nearest 0.5). */
export function oobThreshold(oob: Array<{ true: number; all: number[] }>): number {
  const rows = oob.filter((r) => r.all.length > 0).map((r) => ({ y: r.true, p: r.all.filter((v) => v === 1).length / r.all.length }));
  if (rows.length < 10) return 0.5;
  let best = 0.5;
  let bestHits = -1;
  for (let t = 0.1; t <= 0.9001; t += 0.05) {
    const hits = rows.filter((r) => (r.p >= t ? 1 : 0) === r.y).length;
    if (hits > bestHits || (hits === bestHits && Math.abs(t - 0.5) < Math.abs(best - 0.5))) {
      best = Number(t.toFixed(2));
      bestHits = hits;
    }
  }
  return best;
}

export class Surrogate {
  private readonly fitted: Array<CompiledForest | 0 | 1>;

  private readonly thresholdList: number[];

  constructor(readonly json: SurrogateJson) {
    this.fitted = json.forests.map((f) => (f.kind === 'constant' ? f.value : compileForest(f.model)));
    this.thresholdList = json.forests.map((f) => (f.kind === 'forest' ? (f.threshold ?? 0.5) : 0.5));
  }

  static fit(x: number[][], labels: Uint8Array[], classes: string[], options: SurrogateForestOptions = DEFAULT_FOREST): Surrogate {
    const features = x[0]?.length ?? 0;
    // sorted once, shared by the classes' forests (none when every class is constant)
    let matrix: ReturnType<typeof featureMatrix> | undefined;
    const forests: ClassForest[] = classes.map((name, c) => {
      const y = Array.from(labels, (row) => row[c]!);
      const positives = y.reduce((a, b) => a + b, 0);
      if (positives === 0 || positives === y.length) {
        return { class: name, kind: 'constant', value: positives ? 1 : 0, importances: new Array(features).fill(0) };
      }
      matrix ??= featureMatrix(x);
      const trained = trainForest(matrix, Uint8Array.from(y), {
        nEstimators: options.nEstimators,
        seed: options.seed + c,
        maxFeatures: options.maxFeatures ?? 0.8,
        maxDepth: options.maxDepth ?? 12,
        minNumSamples: options.minNumSamples ?? 3,
      });
      return { class: name, kind: 'forest', model: trained.model, importances: trained.importances, threshold: oobThreshold(trained.oob) };
    });
    return new Surrogate({ classes, features, forests, options });
  }

  /** Vote share per class at which the surrogate calls it. */
  get thresholds(): number[] {
    return this.thresholdList;
  }

  /** Called classes per row: vote share at or above the class's threshold. */
  predict(x: number[][]): boolean[][] {
    const t = this.thresholds;
    return this.predictProba(x).map((row) => row.map((p, c) => p >= t[c]!));
  }

  /** Probability per class (share of trees voting for it) for each row. */
  predictProba(x: number[][]): number[][] {
    const out = x.map(() => new Array<number>(this.json.classes.length).fill(0));
    this.fitted.forEach((f, c) => {
      if (f === 0 || f === 1) {
        for (const row of out) row[c] = f;
        return;
      }
      voteShares(f, x).forEach((p, i) => (out[i]![c] = p));
    });
    return out;
  }

  /**
   * The row's probabilities and its local attribution, in one pass over each forest: for each class and each
   * cluster feature in [from, to) (one view's proportions), how much the surrogate's probability falls when this
   * ECG's share of that cluster is replaced by the reference mean share (the view's other shares rescaled to keep
   * its sum). Positive = this ECG's amount of the cluster pushes towards the class.
   */
  explainRow(x: number[], referenceMean: number[], from = 0, to = x.length): { probabilities: number[]; effects: number[][] } {
    const variants: number[][] = [];
    for (let k = from; k < to; k++) {
      const row = x.slice();
      const rest = 1 - x[k]!;
      const target = referenceMean[k]!;
      const scale = rest > 0 ? (1 - target) / rest : 0;
      for (let j = from; j < to; j++) row[j] = j === k ? target : row[j]! * scale;
      variants.push(row);
    }
    const probabilities: number[] = [];
    const effects = this.fitted.map((f, c) => {
      if (f === 0 || f === 1) {
        probabilities[c] = f;
        return variants.map(() => 0);
      }
      const shares = voteSharesOfVariants(f, x, variants, from, to);
      probabilities[c] = shares[0]!;
      return variants.map((_, r) => shares[0]! - shares[r + 1]!);
    });
    return { probabilities, effects };
  }
}
