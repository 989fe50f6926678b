#!/usr/bin/python3
"""
Builds a model package (models/<id>/) from data: `npm run model:train` rebuilds the shipped default.

  held ECGs (default)  every real labelled 12-lead ECG under ../shared/data (CinC 144, LUDB 200):
                       patient-grouped 5-fold cross-validation, then a final model on all of them
  --ptbxl DIR          a PTB-XL folder (ptbxl_database.csv, scp_statements.csv, records500|records100):
                       the standard split, folds 1–8 train, 9 chooses thresholds, 10 tests

Then: ONNX export (inference and Monte-Carlo graphs), onnxruntime ↔ PyTorch agreement on real ECGs, test vectors,
head weights, manifest.json, metrics.json and MODEL_CARD.md. Seeds are fixed; the trainings run as single-threaded
jobs, two side by side (jobs.py says why), so the weights do not depend on the number of workers.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch
from sklearn.model_selection import StratifiedGroupKFold

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from card import write_card  # noqa: E402
from ecgdata import CLASSES, LEADS, Recording, load_held, load_ptbxl, read_cinc, read_wfdb16  # noqa: E402
from export import (OPSET, check_agreement, check_mc_graph, export_graph, output_names, sha256,  # noqa: E402
                    write_head, write_vectors)
from fit import FitConfig, forward_all, make_model, predict  # noqa: E402
from jobs import FitJob, log, run_jobs  # noqa: E402
from metrics import best_f1_thresholds, bootstrap_auroc, threshold_metrics  # noqa: E402
from net import N_SAMPLES, block_geometry  # noqa: E402
from prepare import FS, windows  # noqa: E402

REPO = HERE.parent.parent
DEFAULT_ID = 'tlc-resnet1d-small-v1'
HELD_VECTORS = [
    {'name': 'ptbxl-hr00001', 'source': 'data/cinc/tuijalei/HR00001.hea', 'start': 0, 'end': 5000,
     'why': 'PTB-XL record, 500 Hz, 10 s: resampled and zero-padded'},
    {'name': 'ludb-1-first-8s', 'source': 'data/ludb/data/1.hea', 'start': 0, 'end': 4000,
     'why': 'LUDB record 1 cut to 8 s: padding larger than one block step'},
    {'name': 'ptb-s0001-first-12s', 'source': 'data/cinc/tuijalei/S0001.hea', 'start': 0, 'end': 12000,
     'why': 'PTB record, 1000 Hz, 12 s: resampled from 1 kHz and centre-cropped'},
]
CLASS_INFO = [
    ('NORM', 'Normal ECG', 'No diagnostic abnormality (PTB-XL superclass NORM)'),
    ('MI', 'Myocardial infarction', 'Acute or old infarction of any wall (PTB-XL superclass MI)'),
    ('STTC', 'ST/T change', 'ST-segment or T-wave change: ischaemia, non-specific ST-T change, long QT (PTB-XL STTC)'),
    ('CD', 'Conduction disturbance', 'AV block, bundle branch or fascicular block, IVCD, WPW (PTB-XL superclass CD)'),
    ('HYP', 'Hypertrophy', 'Ventricular hypertrophy or atrial overload/enlargement (PTB-XL superclass HYP)'),
]


def seed_everything(seed: int, threads: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def restore(cfg: FitConfig, result: dict):
    model = make_model(cfg)
    model.load_state_dict(result['state'])
    return model.eval()


def build_windows(recs: list[Recording]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws, owner = [], [], [], []
    for i, r in enumerate(recs):
        wins = windows(r.signal, r.fs)
        xs += wins
        ys += [r.labels] * len(wins)
        ws += [1.0 / len(wins)] * len(wins)
        owner += [i] * len(wins)
    return (np.stack(xs).astype(np.float32), np.stack(ys).astype(np.float32), np.array(ws, dtype=np.float32),
            np.array(owner))


def per_record(p: np.ndarray, owner: np.ndarray, records: np.ndarray) -> np.ndarray:
    """Probability per record = mean over its windows (p and owner cover the same windows)."""
    return np.stack([p[owner == r].mean(axis=0) for r in records])


def record_probs(model, x: np.ndarray, owner: np.ndarray, records: np.ndarray) -> np.ndarray:
    keep = np.isin(owner, records)
    return per_record(predict(model, x[keep]), owner[keep], records)


def cross_validate(recs, x, y, w, owner, cfg, args) -> tuple[dict, list[float], dict]:
    """The folds and the final fit on everything, as parallel jobs; returns the evaluation, thresholds, final job."""
    labels = np.stack([r.labels for r in recs])
    groups = np.array([r.patient for r in recs])
    strata = (labels * (2 ** np.arange(5))).sum(axis=1).astype(int)
    splits = list(StratifiedGroupKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
                  .split(np.zeros(len(recs)), strata, groups))
    jobs = [FitJob('final', x, y, w, args.seed, cfg, args.threads)]  # the largest job first
    for f, (tr, te) in enumerate(splits):
        win_tr, win_te = np.isin(owner, tr), np.isin(owner, te)
        log(f'fold {f + 1}/{args.folds}: {len(tr)} records ({win_tr.sum()} windows) train, {len(te)} test')
        jobs.append(FitJob(f'fold {f + 1}', x[win_tr], y[win_tr], w[win_tr], args.seed + f + 1, cfg, args.threads,
                           x[win_te]))
    results = run_jobs(jobs, args.workers)
    oof = np.zeros_like(labels)
    fold_of = np.zeros(len(recs), dtype=int)
    per_fold = []
    for f, ((tr, te), r) in enumerate(zip(splits, results[1:])):
        oof[te] = per_record(r['probs'], owner[np.isin(owner, te)], te)
        fold_of[te] = f
        fold_auc = bootstrap_auroc(labels[te], oof[te], groups[te], 0, args.seed)
        per_fold.append({'fold': f + 1, 'records': int(len(te)), 'patients': int(len(set(groups[te]))),
                         'windows': int(np.isin(owner, te).sum()), 'macroAuroc': fold_auc['macroAuroc'],
                         'auroc': fold_auc['auroc'], 'seconds': round(r['seconds'], 1)})
        log(f'fold {f + 1}: macro AUROC {fold_auc["macroAuroc"]:.3f}')
    # Thresholds for fold k come from the out-of-fold predictions of the other folds (never from fold k itself).
    pred = np.zeros_like(labels)
    fold_thresholds = []
    for f in range(args.folds):
        th = best_f1_thresholds(labels[fold_of != f], oof[fold_of != f])
        fold_thresholds.append(dict(zip(CLASSES, th)))
        pred[fold_of == f] = oof[fold_of == f] >= np.array(th)
    shipped = best_f1_thresholds(labels, oof)
    result = {
        'design': f'{args.folds}-fold cross-validation grouped by patient, stratified by label combination',
        'unit': 'record (probability = mean over its 10-s windows)',
        **bootstrap_auroc(labels, oof, groups, args.bootstrap, args.seed),
        'atThresholds': {'how': 'per fold, thresholds maximising F1 on the other folds\' out-of-fold predictions',
                         **threshold_metrics(labels, pred), 'foldThresholds': fold_thresholds},
        'perFold': per_fold,
    }
    return result, shipped, results


def ptbxl_split(recs, x, y, w, owner, cfg, args) -> tuple[dict, list[float], object]:
    fold = np.array([r.fold for r in recs])
    labels = np.stack([r.labels for r in recs])
    groups = np.array([r.patient for r in recs])
    train, val, test = np.flatnonzero(fold <= 8), np.flatnonzero(fold == 9), np.flatnonzero(fold == 10)
    win_tr = np.isin(owner, train)
    log(f'PTB-XL split: {len(train)} train, {len(val)} validation, {len(test)} test records')
    results = run_jobs([FitJob('train', x[win_tr], y[win_tr], w[win_tr], args.seed, cfg, args.threads)], 1)
    model = restore(cfg, results[0])
    th = best_f1_thresholds(labels[val], record_probs(model, x, owner, val)) if len(val) else [0.5] * 5
    result = {'design': 'PTB-XL standard split: folds 1-8 train, 9 thresholds, 10 test', 'unit': 'record'}
    if len(test):
        pt = record_probs(model, x, owner, test)
        result.update(bootstrap_auroc(labels[test], pt, groups[test], args.bootstrap, args.seed))
        result['atThresholds'] = {'how': 'thresholds maximising F1 on fold 9',
                                  **threshold_metrics(labels[test], pt >= np.array(th))}
    return result, th, results


def data_summary(recs: list[Recording], used: list[Recording], owner: np.ndarray) -> dict:
    by_source = {}
    for r in recs:
        s = by_source.setdefault(r.source, {'records': 0, 'labelled': 0, 'windows': 0,
                                            **{c: 0 for c in CLASSES}})
        s['records'] += 1
    for i, r in enumerate(used):
        s = by_source[r.source]
        s['labelled'] += 1
        s['windows'] += int((owner == i).sum())
        for c, v in zip(CLASSES, r.labels):
            s[c] += int(v)
    return {
        'records': len(recs), 'labelled': len(used), 'excluded': len(recs) - len(used),
        'patients': len({r.patient for r in used}), 'windows': int(len(owner)),
        'prevalence': {c: int(sum(r.labels[i] for r in used)) for i, c in enumerate(CLASSES)},
        'bySource': by_source,
        'excludedRecords': [{'record': r.key, 'why': r.label_note} for r in recs if r.labels is None],
    }


def vector_loader(root: Path):
    def load(rel: str):
        hea = root / rel
        fs, sig, _ = read_cinc(hea) if hea.with_suffix('.mat').exists() else read_wfdb16(hea)
        return fs, sig
    return load


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', type=Path, default=REPO.parent / 'shared', help='the shared folder (data/cinc, data/ludb, data/ptbxl-labels)')
    ap.add_argument('--ptbxl', type=Path, help='train on a PTB-XL folder with its standard split instead')
    ap.add_argument('--ptbxl-rate', type=int, choices=[100, 500], default=500, help='records500 or records100')
    ap.add_argument('--id', help=f'model id (default {DEFAULT_ID}, or tlc-resnet1d-ptbxl-v1 with --ptbxl)')
    ap.add_argument('--out', type=Path, help='output folder (default models/<id>)')
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--epochs', type=int, default=30)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--weight-decay', type=float, default=1e-4)
    ap.add_argument('--dropout', type=float, default=0.2)
    ap.add_argument('--width', default='16,32,48,64,80', help='stem and the four block widths (Ribeiro: 64,128,196,256,320)')
    ap.add_argument('--seed', type=int, default=20200401)
    ap.add_argument('--workers', type=int, default=2, help='trainings run side by side (one process each)')
    ap.add_argument('--threads', type=int, default=1, help='torch threads per training (results depend on it)')
    ap.add_argument('--bootstrap', type=int, default=1000)
    ap.add_argument('--limit', type=int, help='use only the first N records (pipeline smoke tests)')
    args = ap.parse_args()
    t_start = time.time()
    seed_everything(args.seed, args.threads)
    widths = [int(v) for v in args.width.split(',')]
    cfg = FitConfig(widths[0], widths[1:], args.dropout, args.epochs, args.batch, args.lr, args.weight_decay)
    model_id = args.id or ('tlc-resnet1d-ptbxl-v1' if args.ptbxl else DEFAULT_ID)
    out = args.out or REPO / 'models' / model_id
    out.mkdir(parents=True, exist_ok=True)

    recs = load_ptbxl(args.ptbxl, args.ptbxl_rate) if args.ptbxl else load_held(args.shared)
    if args.limit:
        recs = recs[:args.limit]
    used = [r for r in recs if r.labels is not None]
    x, y, w, owner = build_windows(used)
    data = data_summary(recs, used, owner)
    log(f'{data["labelled"]} labelled records ({data["excluded"]} without a superclass), {data["patients"]} patients, '
        f'{data["windows"]} windows')

    if args.ptbxl:
        evaluation, thresholds, jobs = ptbxl_split(used, x, y, w, owner, cfg, args)
    else:
        evaluation, thresholds, jobs = cross_validate(used, x, y, w, owner, cfg, args)
    model = restore(cfg, jobs[0])
    worker_cpu = sum(j['cpuSeconds'] for j in jobs) if args.workers > 1 and len(jobs) > 1 else 0.0  # not in ours

    log('export')
    root = args.ptbxl if args.ptbxl else args.shared
    cases = HELD_VECTORS if not args.ptbxl else [
        {'name': f'ptbxl-{r.key.split("/")[1]}', 'source': r.file, 'start': 0, 'end': r.signal.shape[1],
         'why': 'PTB-XL record as read from the folder'} for r in used[:2]]
    example = x[:2]
    export_graph(model, out / 'model.onnx', example, dropout_active=False)
    export_graph(model, out / 'model_mc.onnx', example, dropout_active=True)
    vectors = write_vectors(model, cases, vector_loader(root), out / 'test-vectors')
    check_x = np.concatenate([np.fromfile(out / 'test-vectors' / v['files']['prepared'], dtype='<f4').reshape(1, 12, N_SAMPLES)
                              for v in vectors] + [x[:32 - len(vectors)]])
    diffs = check_agreement(model, out / 'model.onnx', check_x)
    log(f'onnxruntime vs PyTorch max abs difference on {len(check_x)} real ECGs: {max(diffs.values()):.2e}')
    mc = check_mc_graph(out / 'model_mc.onnx', check_x[:8], forward_all(model, check_x[:8])[0])
    head = write_head(model, out / 'head.json')
    (out / 'test-vectors' / 'vectors.json').write_text(json.dumps({
        'root': 'shared' if not args.ptbxl else 'ptbxl', 'model': model_id,
        'tolerance': {'prepared': 1e-5, 'outputs': 1e-4}, 'cases': vectors}, indent=1))

    wall, cpu = time.time() - t_start, time.process_time() + worker_cpu
    metrics = {'model': model_id, 'evaluation': evaluation, 'thresholds': dict(zip(CLASSES, thresholds)),
               'data': data, 'onnxAgreement': {'maxAbsDiff': diffs, 'ecgs': int(len(check_x)), 'tolerance': 1e-4},
               'monteCarlo': mc, 'wallTimeSeconds': round(wall, 1), 'cpuSeconds': round(cpu, 1)}
    (out / 'metrics.json').write_text(json.dumps(metrics, indent=1))
    manifest = build_manifest(model_id, model, widths, cfg, args, data, evaluation, thresholds, head, out, wall, cpu)
    (out / 'manifest.json').write_text(json.dumps(manifest, indent=1))
    write_card(out, manifest, metrics)
    log(f'done in {wall:.0f} s: {out}')


def cpu_model() -> str:
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def build_manifest(model_id, model, widths, cfg, args, data, evaluation, thresholds, head, out, wall, cpu) -> dict:
    names = output_names(len(widths) - 1)
    geometry = block_geometry(widths[1:])[-3:]
    files = {f: {'sha256': sha256(out / f), 'bytes': (out / f).stat().st_size}
             for f in ['model.onnx', 'model_mc.onnx', 'head.json']}
    created = os.environ.get('SOURCE_DATE_EPOCH')
    created = datetime.fromtimestamp(int(created), timezone.utc) if created else datetime.now(timezone.utc)
    return {
        'format': 'ecg-tlc-model/1',
        'id': model_id,
        'version': '1.0.0',
        'created': created.replace(microsecond=0).isoformat(),
        'framework': {'name': 'pytorch', 'version': torch.__version__, 'exporter': 'torch.onnx'},
        'architecture': {'name': 'resnet1d (Ribeiro et al. 2020), width reduced', 'stem': widths[0],
                         'blockChannels': widths[1:], 'kernel': 17, 'downsample': 4,
                         'parameters': int(sum(p.numel() for p in model.parameters()))},
        'model': {'file': 'model.onnx', 'opset': OPSET},
        'input': {'name': 'ecg', 'shape': ['batch', 12, N_SAMPLES], 'fs': FS, 'samples': N_SAMPLES, 'leads': LEADS,
                  'units': 'mV', 'normalisation': 'none', 'resampling': 'linear', 'padding': 'centre-zero',
                  'crop': 'centre'},
        'outputs': {'logits': {'name': 'logits', 'activation': 'sigmoid'},
                    'blocks': [{'name': f'residual block {n[5:]} of {len(widths) - 1}', 'output': n, **g}
                               for n, g in zip(names[1:], geometry)]},
        'classes': [{'id': i, 'name': n, 'description': d} for i, n, d in CLASS_INFO],
        'thresholds': dict(zip(CLASSES, thresholds)),
        'head': {'file': 'head.json', 'sha256': files['head.json']['sha256'], 'block': names[-1], **head,
                 'layout': 'channel-major'},
        'mcGraph': {'file': 'model_mc.onnx', 'sha256': files['model_mc.onnx']['sha256'], 'dropout': cfg.dropout},
        'files': files,
        'training': {
            'data': 'PTB-XL (' + str(args.ptbxl) + ')' if args.ptbxl else
            'held real 12-lead ECGs: CinC 2020/2021 samples (144) + LUDB (200)',
            'records': data['labelled'], 'excluded': data['excluded'], 'patients': data['patients'],
            'windows': data['windows'], 'prevalence': data['prevalence'],
            'epochs': cfg.epochs, 'batch': cfg.batch, 'lr': cfg.lr, 'weightDecay': cfg.weight_decay,
            'seeds': {'base': args.seed, 'folds': 'base + fold number', 'final': args.seed},
            'workers': args.workers, 'threadsPerWorker': args.threads,
            'machine': f'{cpu_model()}, {os.cpu_count()} cores', 'wallTimeSeconds': round(wall, 1),
            'cpuSeconds': round(cpu, 1), 'command': 'npm run model:train' if not args.ptbxl else
            f'/usr/bin/python3 models/training/train.py --ptbxl {args.ptbxl}',
        },
        'metrics': {'design': evaluation['design'], 'macroAuroc': evaluation.get('macroAuroc'),
                    'macroAurocCi95': evaluation.get('macroAurocCi95'), 'auroc': evaluation.get('auroc'),
                    'macroF1': evaluation.get('atThresholds', {}).get('macroF1'), 'file': 'metrics.json'},
        'intendedUse': 'demonstration and research; not for clinical diagnosis',
    }


if __name__ == '__main__':
    main()
