import { describe, expect, it } from 'vitest';
import { auroc, macroAuroc } from '../../../src-main/analysis/auroc.js';

describe('AUROC', () => {
  it('matches scikit-learn, ties included', () => {
    // python3 -c "from sklearn.metrics import roc_auc_score as a; print(a([0,0,1,1,0,1],[0.1,0.4,0.35,0.8,0.4,0.4]))"
    expect(auroc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4])).toBeCloseTo(0.6666666666666667, 12);
    expect(auroc([0, 1], [0.2, 0.9])).toBe(1);
    expect(auroc([1, 0], [0.2, 0.9])).toBe(0);
  });

  it('is undefined with one class and left out of the macro mean', () => {
    expect(auroc([1, 1, 1], [0.1, 0.2, 0.3])).toBeUndefined();
    const m = macroAuroc([[1, 0], [0, 0], [1, 0]], [[0.9, 0.1], [0.2, 0.3], [0.8, 0.5]], 2);
    expect(m.perClass).toEqual([1, undefined]);
    expect(m.macro).toBe(1);
  });
});
