"""
Evaluation: per-class and macro AUROC with 95 % bootstrap intervals (patients resampled with replacement, so the
windows and recordings of one patient travel together), and accuracy / F1 at chosen thresholds.
"""
from __future__ import annotations

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

from ecgdata import CLASSES


def _auroc(y: np.ndarray, p: np.ndarray) -> float | None:
    if y.min() == y.max():
        return None  # one label value only: AUROC undefined
    return float(roc_auc_score(y, p))


def aurocs(y: np.ndarray, p: np.ndarray) -> tuple[list[float | None], float | None]:
    per = [_auroc(y[:, c], p[:, c]) for c in range(y.shape[1])]
    ok = [a for a in per if a is not None]
    return per, (float(np.mean(ok)) if ok else None)


def best_f1_thresholds(y: np.ndarray, p: np.ndarray) -> list[float]:
    """Per class, the threshold that maximises F1 (midpoint between neighbouring scores; 0.5 when undefined)."""
    out = []
    for c in range(y.shape[1]):
        scores = np.unique(p[:, c])
        if y[:, c].sum() == 0 or len(scores) < 2:
            out.append(0.5)
            continue
        cands = (scores[:-1] + scores[1:]) / 2
        f1s = [f1_score(y[:, c], p[:, c] >= t, zero_division=0) for t in cands]
        out.append(float(cands[int(np.argmax(f1s))]))
    return out


def threshold_metrics(y: np.ndarray, pred: np.ndarray) -> dict:
    per_f1 = [float(f1_score(y[:, c], pred[:, c], zero_division=0)) for c in range(y.shape[1])]
    per_acc = [float((y[:, c] == pred[:, c]).mean()) for c in range(y.shape[1])]
    return {
        'f1': dict(zip(CLASSES, per_f1)),
        'accuracy': dict(zip(CLASSES, per_acc)),
        'macroF1': float(np.mean(per_f1)),
        'meanAccuracy': float(np.mean(per_acc)),
        'exactMatchAccuracy': float((y == pred).all(axis=1).mean()),
    }


def bootstrap_auroc(y: np.ndarray, p: np.ndarray, groups: np.ndarray, reps: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    uniq, inv = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(inv == g) for g in range(len(uniq))]
    per_samples: list[list[float]] = [[] for _ in range(y.shape[1])]
    macro_samples = []
    for _ in range(reps):
        pick = rng.integers(0, len(uniq), len(uniq))
        idx = np.concatenate([members[g] for g in pick])
        per, macro = aurocs(y[idx], p[idx])
        for c, a in enumerate(per):
            if a is not None:
                per_samples[c].append(a)
        if macro is not None:
            macro_samples.append(macro)

    def ci(v):
        return [float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))] if v else None

    point, macro = aurocs(y, p)
    return {
        'auroc': dict(zip(CLASSES, point)),
        'aurocCi95': dict(zip(CLASSES, [ci(v) for v in per_samples])),
        'macroAuroc': macro,
        'macroAurocCi95': ci(macro_samples),
        'bootstrap': {'reps': reps, 'unit': 'patient', 'seed': seed},
    }
