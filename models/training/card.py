"""MODEL_CARD.md from the manifest and metrics train.py just wrote (so the card never disagrees with them)."""
from __future__ import annotations

import csv
from pathlib import Path

from ecgdata import CLASSES, LABELS_DIR


def _f(v, digits=3) -> str:
    return '–' if v is None else f'{v:.{digits}f}'


def _ci(v) -> str:
    return '–' if not v else f'{v[0]:.2f}–{v[1]:.2f}'


def _metrics_table(ev: dict) -> list[str]:
    if 'auroc' not in ev:
        return ['No test records: no metrics.']
    at = ev.get('atThresholds', {})
    rows = ['| class | AUROC | 95 % CI | F1 | accuracy |', '|---|---|---|---|---|']
    for c in CLASSES:
        rows.append(f'| {c} | {_f(ev["auroc"][c])} | {_ci(ev["aurocCi95"][c])} | {_f(at.get("f1", {}).get(c))} | '
                    f'{_f(at.get("accuracy", {}).get(c))} |')
    rows.append(f'| **macro** | **{_f(ev["macroAuroc"])}** | {_ci(ev["macroAurocCi95"])} | {_f(at.get("macroF1"))} | '
                f'{_f(at.get("meanAccuracy"))} |')
    rows += ['', f'Exact-match accuracy (all five labels right): {_f(at.get("exactMatchAccuracy"))}. '
                 f'Thresholds: {at.get("how", "–")}.']
    return rows


def _label_tables() -> list[str]:
    """Both tables grouped by target, so the card shows every mapping; the CSVs hold the reason per row."""
    rows = ['| target | CinC SNOMED codes (snomed_superclass.csv) | LUDB diagnoses (ludb_superclass.csv) |',
            '|---|---|---|']
    groups: dict[str, tuple[list[str], list[str]]] = {}
    with open(LABELS_DIR / 'snomed_superclass.csv', newline='') as f:
        for r in csv.DictReader(f):
            groups.setdefault(r['superclass'], ([], []))[0].append(f'{r["abbreviation"]} {r["code"]}')
    with open(LABELS_DIR / 'ludb_superclass.csv', newline='') as f:
        for r in csv.DictReader(f):
            groups.setdefault(r['superclass'], ([], []))[1].append(r['diagnosis'])
    order = CLASSES + ['MI;STTC', 'none', 'not-NORM']
    for target in sorted(groups, key=lambda t: order.index(t) if t in order else len(order)):
        snomed, ludb = groups[target]
        rows.append(f'| {target.replace(";", " + ")} | {", ".join(snomed) or "–"} | {"; ".join(ludb) or "–"} |')
    return rows


def write_card(out: Path, m: dict, metrics: dict) -> None:
    ev, data, tr = metrics['evaluation'], metrics['data'], m['training']
    arch = m['architecture']
    held = not str(tr['data']).startswith('PTB-XL')
    lines = [
        f'# Model card: {m["id"]}', '',
        f'Version {m["version"]}, created {m["created"]}. **Intended use: demonstration and research of the explanation '
        'method (time-localized clusters). Not for clinical diagnosis**: it was trained on a few hundred ECGs, its '
        'predictions are unconfirmed suggestions, and a physician must read every ECG.', '',
        '## What it is', '',
        f'A 1D residual network after Ribeiro et al. 2020 (Nat. Commun. 11:1760) that gives five multi-label '
        f'probabilities, the PTB-XL diagnostic superclasses {", ".join(CLASSES)} (sigmoid per class).', '',
        '| part | Ribeiro et al. 2020 | this model |', '|---|---|---|',
        '| input | 12 × 4096 at 400 Hz, mV | same |',
        f'| stem | conv k=17, 64 channels | conv k=17, {arch["stem"]} channels |',
        f'| residual blocks (↓4 each: 4096→1024→256→64→16) | 128, 196, 256, 320 channels | '
        f'{", ".join(map(str, arch["blockChannels"]))} channels (a quarter of the width: trains on 2 CPU cores) |',
        '| skip path | max-pool + 1×1 conv | same |',
        f'| regularisation | batch norm, ReLU, dropout | same, dropout p = {m["mcGraph"]["dropout"]} |',
        f'| head | linear over the flattened last block | same ({arch["blockChannels"][-1]} × 16 → 5) |',
        f'| parameters | ≈ 6.4 M | {arch["parameters"]:,} |', '',
        '## Files', '',
        '| file | what |', '|---|---|',
        f'| model.onnx | inference graph, opset {m["model"]["opset"]}, dynamic batch; input `{m["input"]["name"]}` '
        f'(batch × 12 × 4096), outputs `logits` and {", ".join("`" + b["output"] + "`" for b in m["outputs"]["blocks"])} |',
        '| model_mc.onnx | the same weights with dropout active (batch norm frozen) for Monte-Carlo passes; the masks '
        'come from seeded RandomUniformLike nodes (onnxruntime deletes Dropout nodes), so every fresh session draws '
        'the same sequence of passes |',
        '| head.json | the linear head W (5 × C·16, channel-major) and b, for Grad-CAM without gradients |',
        '| manifest.json | everything the app needs to load the package; sha256 of each file |',
        '| metrics.json | all evaluation figures, the data summary and the excluded records |',
        '| test-vectors/ | real ECGs: raw input, prepared tensor, PyTorch outputs (the TypeScript runtime is tested against them) |', '',
        '| explained block | channels | steps | input samples per step | receptive field (samples at 400 Hz) |',
        '|---|---|---|---|---|',
    ]
    for b in m['outputs']['blocks']:
        lines.append(f'| {b["output"]} | {b["channels"]} | {b["length"]} | {b["strideSamples"]} | {b["receptiveFieldSamples"]} |')
    lines += [
        '', '## Input preparation (identical in Python and TypeScript)', '',
        '| step | rule |', '|---|---|',
        '| leads | I, II, III, aVR, aVL, aVF, V1–V6; a missing lead is an error |',
        '| units | mV, no normalisation |',
        '| resampling | linear interpolation at t = k·fs/400 input samples |',
        '| length | centre zero-pad or centre crop to 4096 (10.24 s) |',
        '| training windows | records ≥ 20 s give ⌊m/4000⌋ non-overlapping 10-s windows, each padded like a 10-s record; '
        'each window weighs 1/(windows of its record) in the loss |', '',
        '## Data', '',
    ]
    if held:
        lines += [
            'Every real labelled 12-lead ECG held beside the project: the CinC 2020/2021 samples in `../shared/data/cinc` '
            '(144) and LUDB in `../shared/data/ludb` (200). No large labelled set could be brought onto the training '
            'machine, so this is a small-data model.', '',
            '| source | records | labelled | windows | NORM | MI | STTC | CD | HYP |', '|---|---|---|---|---|---|---|---|---|',
        ]
        for s, v in data['bySource'].items():
            lines.append(f'| {s} | {v["records"]} | {v["labelled"]} | {v["windows"]} | ' +
                         ' | '.join(str(v[c]) for c in CLASSES) + ' |')
        lines += [
            f'| **all** | {data["records"]} | {data["labelled"]} | {data["windows"]} | ' +
            ' | '.join(str(data['prevalence'][c]) for c in CLASSES) + ' |', '',
            f'{data["patients"]} patients. Labels:', '',
            '- PTB-XL records (CinC `HR*` = PTB-XL ecg_id) take their official superclasses from '
            '`../shared/data/ptbxl-labels`.',
            '- Other CinC records: `# Dx` SNOMED codes through `models/training/labels/snomed_superclass.csv`; LUDB: '
            'header diagnoses through `models/training/labels/ludb_superclass.csv`. Each row gives superclass(es) and '
            'a one-line reason. Rows marked `NORM` are sinus rhythms: the ECG is NORM only when no other diagnosis '
            'gives it a superclass and none is marked `not-NORM` (non-sinus rhythms, pacing); `none` rows (axis, '
            'premature beats, PTB-XL form-only statements) neither give a class nor rule NORM out. PTB-XL\'s own '
            'records show these choices (e.g. HR06000: T-wave abnormal + sinus rhythm, officially NORM).',
            '', *_label_tables(), '',
            f'- Records with no superclass are excluded from training and evaluation: {data["excluded"]} '
            '(listed in metrics.json with their codes; mostly atrial fibrillation, ventricular tachycardia and '
            'pacing without another finding).',
            '- Patient groups: LUDB has one record per subject; CinC records are one patient each except PTB (`S*`), '
            'whose CinC copies drop the patient id: recordings with the same age and sex are grouped (this can only '
            'merge patients, never split one). The PTB-XL label file holds no patient_id, so each HR record is its own '
            'group.', '',
        ]
    else:
        lines += [f'PTB-XL from `{tr["data"]}`: {data["labelled"]} records with a diagnostic superclass '
                  f'({data["excluded"]} without one excluded), {data["patients"]} patients. Superclasses from '
                  'scp_codes through scp_statements.csv `diagnostic_class`, as the PTB-XL benchmark does.', '']
    lines += ['## Evaluation', '', f'{ev["design"]}; unit: {ev["unit"]}; 95 % intervals from '
              f'{ev.get("bootstrap", {}).get("reps", 0)} bootstrap resamples of patients.', '']
    lines += _metrics_table(ev)
    if 'perFold' in ev:
        lines += ['', '| fold | test records | patients | windows | macro AUROC |', '|---|---|---|---|---|']
        lines += [f'| {p["fold"]} | {p["records"]} | {p["patients"]} | {p["windows"]} | {_f(p["macroAuroc"])} |'
                  for p in ev['perFold']]
    lines += ['', 'Shipped thresholds (maximum F1 on all out-of-fold predictions): ' +
              ', '.join(f'{c} {v:.3f}' for c, v in m['thresholds'].items()) + '.', '',
              'With a few hundred ECGs these figures are wide-interval estimates, not a benchmark; they are not '
              'comparable with results on PTB-XL\'s test fold.', '',
              '## Export checks', '',
              f'- onnxruntime (onnxruntime-node, CPU) vs PyTorch on {metrics["onnxAgreement"]["ecgs"]} real ECGs: max abs '
              'difference ' + ', '.join(f'{k} {v:.1e}' for k, v in metrics['onnxAgreement']['maxAbsDiff'].items()) +
              ' (tolerance 1e-4).',
              f'- Monte-Carlo graph: {metrics["monteCarlo"]["passes"]} passes, mean logit standard deviation '
              f'{metrics["monteCarlo"]["meanLogitStd"]:.3f}.', '',
              '## Reproduce', '',
              f'`{tr["command"]}` (Debian python3-torch {m["framework"]["version"]}; {tr["epochs"]} epochs, batch '
              f'{tr["batch"]}, Adam lr {tr["lr"]}, weight decay {tr["weightDecay"]}, lr ×0.1 at 70 % and 90 % of the '
              f'epochs; seed {tr["seeds"]["base"]} for the final model, {tr["seeds"]["base"]} + k for fold k). The '
              f'{len(ev.get("perFold", [])) + 1 if held else 1} trainings run as single-threaded jobs, '
              f'{tr["workers"]} side by side, so the weights do not depend on the number of workers and a rerun '
              'rebuilds model.onnx byte for byte.', '',
              f'Wall time on this machine ({tr["machine"]}, the cores shared with other work while it ran): '
              f'**{tr["wallTimeSeconds"] / 60:.1f} min** for cross-validation, the final fit and the export, using '
              f'{tr["cpuSeconds"] / 60:.1f} CPU-minutes (so about {tr["cpuSeconds"] / 60 / max(1, tr["workers"]):.0f} '
              f'min on {tr["workers"]} idle cores).', '',
              '## Retrain on PTB-XL', '',
              'With PTB-XL 1.0.x downloaded from PhysioNet (ptbxl_database.csv, scp_statements.csv, records500/ or '
              'records100/):', '',
              '```', '/usr/bin/python3 models/training/train.py --ptbxl /path/to/ptb-xl [--ptbxl-rate 100] '
              '[--threads 8] [--width 64,128,196,256,320] [--epochs 50]', '```', '',
              'It reads every record, assigns superclasses from scp_codes (statements with diagnostic = 1, their '
              'diagnostic_class), drops records without one, trains on strat_fold 1–8, picks the thresholds on fold 9 '
              'and reports fold 10 (one training job: `--threads` sets its torch threads), then exports the package '
              'to `models/tlc-resnet1d-ptbxl-v1/` (`--id`/`--out` change that). All windows are held in memory as '
              'float32 (≈ 4 GB for 21,799 records at 10 s). '
              '`models/training/tests/test_ptbxl_path.py` runs this path on a PTB-XL-layout folder built from the '
              'PTB-XL records held here.', '',
              '## Limitations', '',
              '- Tiny, mixed training set (six databases, different devices and labelling practices); label tables map '
              'other vocabularies onto PTB-XL superclasses by judgement, documented row by row.',
              '- Long records are analysed on their centre 10.24 s only at run time.',
              '- No calibration beyond the sigmoid; thresholds were tuned on the same small data.', '']
    (out / 'MODEL_CARD.md').write_text('\n'.join(lines))


if __name__ == '__main__':
    # Rewrites the card of an existing package: /usr/bin/python3 models/training/card.py models/<id>
    import json
    import sys
    pkg = Path(sys.argv[1])
    write_card(pkg, json.loads((pkg / 'manifest.json').read_text()), json.loads((pkg / 'metrics.json').read_text()))
