/**
 * Fast evaluation of a fitted ml-random-forest classifier: its trees flattened into typed arrays once, then
 * walked without ml-matrix views. The library's own predict builds a column-selection view and a Matrix per tree
 * and row, which made the surrogate the larger part of an explanation (~2 ms per ECG for 5 forests × 100 trees).
 * Votes equal the library's: a leaf votes for the label with the largest share, the first one on ties.
 */
interface NodeJson {
  splitColumn?: number;
  splitValue?: number;
  left?: NodeJson;
  right?: NodeJson;
  distribution?: number[][] | { data?: number[][] };
}

interface ForestJson {
  baseModel: { indexes: number[][]; estimators: Array<{ root: NodeJson }> };
}

export interface CompiledForest {
  trees: number;
  /** per tree, the first node index */
  roots: Int32Array;
  /** per node: original feature index, or -1 for a leaf */
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** per leaf: the label it votes for */
  vote: Int32Array;
}

function leafVote(d: NodeJson['distribution']): number {
  const row = Array.isArray(d) ? d[0] : d?.data?.[0];
  if (!row?.length) throw new Error('surrogate forest: a leaf has no class distribution');
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

export function compileForest(model: unknown): CompiledForest {
  const { indexes, estimators } = (model as ForestJson).baseModel;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const vote: number[] = [];
  const roots: number[] = [];
  estimators.forEach((est, t) => {
    const cols = indexes[t]!;
    const visit = (node: NodeJson): number => {
      const id = feature.length;
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      vote.push(0);
      if (node.left && node.right) {
        feature[id] = cols[node.splitColumn!]!;
        threshold[id] = node.splitValue!;
        left[id] = visit(node.left);
        right[id] = visit(node.right);
      } else {
        vote[id] = leafVote(node.distribution);
      }
      return id;
    };
    roots.push(visit(est.root));
  });
  return {
    trees: estimators.length,
    roots: Int32Array.from(roots),
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    vote: Int32Array.from(vote),
  };
}

/** Share of the trees voting for `label`. */
export function voteShare(f: CompiledForest, x: ArrayLike<number>, label = 1): number {
  let votes = 0;
  for (let t = 0; t < f.trees; t++) {
    let n = f.roots[t]!;
    while (f.feature[n]! >= 0) n = x[f.feature[n]!]! < f.threshold[n]! ? f.left[n]! : f.right[n]!;
    if (f.vote[n] === label) votes++;
  }
  return votes / f.trees;
}
