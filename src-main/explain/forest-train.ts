/**
 * Random-forest training for the surrogate at reference-set scale. ml-random-forest 2.1 (ml-cart) evaluates every
 * candidate split by re-partitioning the node's labels into new arrays, O(n) per candidate and O(n²) per feature
 * and node, and collects out-of-bag votes with repeated Array.slice: 4 s per tree at 2,000 rows, hours at 20,000.
 * This grows the same trees (ml-cart's rules, listed below) from features sorted once per forest, walking each
 * node's rows in sorted order with running label counts: O(features · rows) per tree level.
 *
 * | rule (ml-cart 2.1 DecisionTreeClassifier, gini)  | here                                                     |
 * |--------------------------------------------------|----------------------------------------------------------|
 * | leaf when rows ≤ minNumSamples                   | same                                                     |
 * | candidates: between sorted neighbours whose      | same, rows with equal values kept in the node's row order |
 * | labels differ, at their mean; rows x < v go left | (stable sort), so candidate lists match                  |
 * | gain = gini(node) − Σ gini(side)·|side|/n        | same, sides summed greater then lesser; first best wins  |
 * | split when depth < maxDepth, gain > 0.01, gain ≠ | same                                                     |
 * | parent's gain, both sides non-empty              |                                                          |
 * | leaf distribution: 1/n added per row and label   | same                                                     |
 * | per tree: n rows drawn with replacement, then    | same scheme on our seeded generator (mulberry32), rows of |
 * | ⌊F · maxFeatures⌋ columns with replacement       | the bootstrap listed in row order                        |
 * | importances: gain·n less the children's, per     | same; a tree without any gain is left out rather than    |
 * | tree normalised, averaged                        | turning every importance into NaN                        |
 *
 * The model is written in ml-random-forest's JSON shape (RandomForestClassifier.load reads it; forest-eval.ts
 * compiles it), so stored surrogates and their evaluation do not change.
 */
import { mulberry32, type Rng } from './rng.js';

export interface ForestTrainOptions {
  nEstimators: number;
  seed: number;
  /** share of the features each tree sees (0, 1] */
  maxFeatures?: number;
  maxDepth?: number;
  minNumSamples?: number;
  gainThreshold?: number;
  /** rows drawn per tree (with replacement); default: as many as there are rows */
  sampleSize?: number;
}

/** Rows × features, column-major, with each column's row order sorted by value (ties by row index). */
export interface FeatureMatrix {
  rows: number;
  features: number;
  columns: Float64Array[];
  order: Uint32Array[];
}

export interface TreeNodeJson {
  splitColumn?: number;
  splitValue?: number;
  gain?: number;
  numberSamples?: number;
  left?: TreeNodeJson;
  right?: TreeNodeJson;
  distribution?: number[][];
}

export interface ForestModelJson {
  name: 'RFClassifier';
  baseModel: {
    indexes: number[][];
    n: number;
    replacement: true;
    maxFeatures: number;
    nEstimators: number;
    treeOptions: { maxDepth: number; minNumSamples: number; gainThreshold: number };
    isClassifier: true;
    seed: number;
    useSampleBagging: true;
    estimators: Array<{ name: 'DTClassifier'; options: Record<string, unknown>; root: TreeNodeJson }>;
  };
}

export interface TrainedForest {
  model: ForestModelJson;
  importances: number[];
  /** per row: the votes of the trees whose bootstrap left it out (ml-random-forest's oobResults shape) */
  oob: Array<{ true: number; all: number[] }>;
}

export function featureMatrix(x: readonly ArrayLike<number>[]): FeatureMatrix {
  const rows = x.length;
  const features = x[0]?.length ?? 0;
  const columns = Array.from({ length: features }, (_, f) => Float64Array.from(x, (r) => r[f]!));
  const order = columns.map((col) => {
    const idx = Uint32Array.from({ length: rows }, (_, i) => i);
    return idx.sort((a, b) => col[a]! - col[b]! || a - b);
  });
  return { rows, features, columns, order };
}

interface TreeOptions {
  maxDepth: number;
  minNumSamples: number;
  gainThreshold: number;
}

const gini = (positives: number, n: number): number => {
  if (n === 0) return 0;
  const p1 = positives / n;
  const p0 = (n - positives) / n;
  return 1 - (p0 * p0 + p1 * p1);
};

/** One tree's working state: its bootstrap sample, columns, and per column the sample positions sorted by value. */
class TreeGrower {
  /** per sample position: the row it is a copy of */
  readonly sampleRow: Uint32Array;
  readonly label: Uint8Array;
  /** per tree column: sample positions, each node owning one range [lo, hi) that is sorted by the column's value */
  readonly sorted: Int32Array[];
  private readonly goesLeft: Uint8Array;
  private readonly scratch: Int32Array;
  readonly importance: Float64Array;

  constructor(
    private readonly fm: FeatureMatrix,
    counts: Uint32Array,
    y: Uint8Array,
    readonly cols: number[],
    private readonly opt: TreeOptions,
  ) {
    const m = counts.reduce((a, b) => a + b, 0);
    const first = new Uint32Array(fm.rows);
    this.sampleRow = new Uint32Array(m);
    this.label = new Uint8Array(m);
    for (let r = 0, p = 0; r < fm.rows; r++) {
      first[r] = p;
      for (let c = 0; c < counts[r]!; c++, p++) {
        this.sampleRow[p] = r;
        this.label[p] = y[r]!;
      }
    }
    this.sorted = cols.map((col) => {
      const out = new Int32Array(m);
      let k = 0;
      for (const r of fm.order[col]!) for (let c = 0; c < counts[r]!; c++) out[k++] = first[r]! + c;
      return out;
    });
    this.goesLeft = new Uint8Array(m);
    this.scratch = new Int32Array(m);
    this.importance = new Float64Array(cols.length);
  }

  private value(j: number, position: number): number {
    return this.fm.columns[this.cols[j]!]![this.sampleRow[position]!]!;
  }

  grow(lo: number, hi: number, depth: number, parentGain: number | null): TreeNodeJson {
    const size = hi - lo;
    if (size <= this.opt.minNumSamples) return { distribution: this.distribution(lo, hi) };
    const label = this.label;
    let positives = 0;
    const any = this.sorted[0]!;
    for (let k = lo; k < hi; k++) positives += label[any[k]!]!;
    const parentImpurity = gini(positives, size);
    let bestGain = -Infinity;
    let bestColumn = -1;
    let bestValue = 0;
    let bestLesser = 0;
    for (let j = 0; j < this.cols.length; j++) {
      const s = this.sorted[j]!;
      let q = lo; // first position in sorted order whose value is not below the candidate
      let below = 0; // positives before q
      for (let k = lo + 1; k < hi; k++) {
        const a = s[k - 1]!;
        const b = s[k]!;
        if (label[a] === label[b]) continue;
        const v = (this.value(j, a) + this.value(j, b)) / 2;
        while (q < hi && this.value(j, s[q]!) < v) below += label[s[q++]!]!;
        const lesser = q - lo;
        const greater = size - lesser;
        const split = (gini(positives - below, greater) * greater) / size + (gini(below, lesser) * lesser) / size;
        const gain = parentImpurity - split;
        if (gain > bestGain) {
          bestGain = gain;
          bestColumn = j;
          bestValue = v;
          bestLesser = lesser;
        }
      }
    }
    if (bestColumn < 0) return { distribution: this.distribution(lo, hi) };
    const splits =
      depth < this.opt.maxDepth && bestGain > this.opt.gainThreshold && bestGain !== parentGain && bestLesser > 0 && bestLesser < size;
    if (!splits) {
      // ml-cart keeps the evaluated split on the leaf, and its importances count it
      if (bestGain > 0) this.importance[bestColumn]! += bestGain * size;
      return { distribution: this.distribution(lo, hi), splitColumn: bestColumn, splitValue: bestValue, gain: bestGain, numberSamples: size };
    }
    this.partition(lo, hi, bestColumn, bestValue);
    const left = this.grow(lo, lo + bestLesser, depth + 1, bestGain);
    const right = this.grow(lo + bestLesser, hi, depth + 1, bestGain);
    const childTerm = (c: TreeNodeJson) => (Number.isFinite(c.gain) && c.numberSamples !== undefined ? c.gain! * c.numberSamples : 0);
    if (bestGain > 0) this.importance[bestColumn]! += bestGain * size - childTerm(left) - childTerm(right);
    return { splitColumn: bestColumn, splitValue: bestValue, gain: bestGain, numberSamples: size, left, right };
  }

  /** Stable partition of every column's range: rows below `value` on column j first. */
  private partition(lo: number, hi: number, j: number, value: number): void {
    const s0 = this.sorted[j]!;
    for (let k = lo; k < hi; k++) this.goesLeft[s0[k]!] = this.value(j, s0[k]!) < value ? 1 : 0;
    for (const s of this.sorted) {
      let l = lo;
      let r = 0;
      for (let k = lo; k < hi; k++) {
        const p = s[k]!;
        if (this.goesLeft[p]) s[l++] = p;
        else this.scratch[r++] = p;
      }
      s.set(this.scratch.subarray(0, r), l);
    }
  }

  /** ml-cart's toDiscreteDistribution: 1/n added once per row to its label's share, labels 0…max present. */
  private distribution(lo: number, hi: number): number[][] {
    const n = hi - lo;
    const s = this.sorted[0]!;
    let max = 0;
    for (let k = lo; k < hi; k++) max = Math.max(max, this.label[s[k]!]!);
    const out = new Array<number>(max + 1).fill(0);
    for (let k = lo; k < hi; k++) out[this.label[s[k]!]!]! += 1 / n;
    return [out];
  }
}

function classify(node: TreeNodeJson, fm: FeatureMatrix, cols: number[], row: number): number {
  let n = node;
  while (n.left && n.right) n = fm.columns[cols[n.splitColumn!]!]![row]! < n.splitValue! ? n.left : n.right;
  const d = n.distribution![0]!;
  let best = 0;
  for (let i = 1; i < d.length; i++) if (d[i]! > d[best]!) best = i;
  return best;
}

/**
 * One tree on a bootstrap sample: `counts[r]` copies of row r (listed in row order), columns `cols` of `fm` (tree
 * column j is feature cols[j], as ml-random-forest's `indexes`). Returns the root and the per-column importances.
 */
export function growTree(fm: FeatureMatrix, y: Uint8Array, counts: Uint32Array, cols: number[], options: Omit<ForestTrainOptions, 'nEstimators' | 'seed' | 'sampleSize'> = {}): { root: TreeNodeJson; importance: Float64Array } {
  const grower = new TreeGrower(fm, counts, y, cols, treeOptions(options));
  const root = grower.grow(0, grower.sampleRow.length, 0, null);
  return { root, importance: grower.importance };
}

function treeOptions(o: Omit<ForestTrainOptions, 'nEstimators' | 'seed' | 'sampleSize'>): TreeOptions {
  return { maxDepth: o.maxDepth ?? Infinity, minNumSamples: o.minNumSamples ?? 3, gainThreshold: o.gainThreshold ?? 0.01 };
}

function draws(rng: Rng, count: number, range: number): number[] {
  return Array.from({ length: count }, () => Math.floor(rng() * range));
}

/** Trains one binary forest (labels 0/1) on the rows of `fm`. */
export function trainForest(fm: FeatureMatrix, y: Uint8Array, options: ForestTrainOptions): TrainedForest {
  if (y.length !== fm.rows) throw new Error(`forest: ${y.length} labels for ${fm.rows} rows`);
  if (fm.rows === 0 || fm.features === 0) throw new Error('forest: no rows or no features to train on');
  const opt = { ...treeOptions(options), nEstimators: options.nEstimators, seed: options.seed, maxFeatures: options.maxFeatures ?? 1 };
  if (!(opt.maxFeatures > 0 && opt.maxFeatures <= 1)) throw new RangeError(`forest: maxFeatures ${opt.maxFeatures} is not a share in (0, 1]`);
  const perTree = Math.max(1, Math.floor(fm.features * opt.maxFeatures));
  const sampleSize = Math.min(options.sampleSize ?? fm.rows, fm.rows);
  const rng = mulberry32(opt.seed);
  const indexes: number[][] = [];
  const estimators: ForestModelJson['baseModel']['estimators'] = [];
  const oobVotes = Array.from({ length: fm.rows }, () => [] as number[]);
  const importances = new Float64Array(fm.features);
  const counts = new Uint32Array(fm.rows);
  for (let t = 0; t < opt.nEstimators; t++) {
    counts.fill(0);
    for (const r of draws(rng, sampleSize, fm.rows)) counts[r]!++;
    const cols = draws(rng, perTree, fm.features);
    const { root, importance } = growTree(fm, y, counts, cols, opt);
    indexes.push(cols);
    estimators.push({ name: 'DTClassifier', options: { gainFunction: 'gini', splitFunction: 'mean', minNumSamples: opt.minNumSamples, maxDepth: opt.maxDepth, gainThreshold: opt.gainThreshold, kind: 'classifier' }, root });
    for (let r = 0; r < fm.rows; r++) if (counts[r] === 0) oobVotes[r]!.push(classify(root, fm, cols, r));
    const total = importance.reduce((a, b) => a + b, 0);
    if (total > 0) importance.forEach((v, j) => (importances[cols[j]!]! += v / total));
  }
  const sum = importances.reduce((a, b) => a + b, 0);
  return {
    model: {
      name: 'RFClassifier',
      baseModel: {
        indexes,
        n: perTree,
        replacement: true,
        maxFeatures: opt.maxFeatures,
        nEstimators: opt.nEstimators,
        treeOptions: { maxDepth: opt.maxDepth, minNumSamples: opt.minNumSamples, gainThreshold: opt.gainThreshold },
        isClassifier: true,
        seed: opt.seed,
        useSampleBagging: true,
        estimators,
      },
    },
    importances: Array.from(importances, (v) => (sum > 0 ? v / sum : 0)),
    oob: oobVotes.map((all, r) => ({ true: y[r]!, all })),
  };
}
