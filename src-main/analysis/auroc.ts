/**
 * Area under the ROC curve by the rank-sum (Mann–Whitney U) identity, ties given half credit: the same value
 * scikit-learn's roc_auc_score gives. Undefined when the labels hold only one class.
 */
export function auroc(labels: ArrayLike<number>, scores: ArrayLike<number>): number | undefined {
  const n = labels.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const midRank = (i + j) / 2 + 1; // 1-based average rank of the tie group
    for (let t = i; t <= j; t++) if (labels[idx[t]!]) {
      pos++;
      rankSumPos += midRank;
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (!pos || !neg) return undefined;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean of the defined per-class AUROCs. */
export function macroAuroc(labels: number[][], scores: number[][], classes: number): { perClass: Array<number | undefined>; macro: number | undefined } {
  const perClass = Array.from({ length: classes }, (_, c) => auroc(labels.map((l) => l[c]!), scores.map((s) => s[c]!)));
  const defined = perClass.filter((v): v is number => v !== undefined);
  return { perClass, macro: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : undefined };
}
