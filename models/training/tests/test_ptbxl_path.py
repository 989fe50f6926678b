"""
The --ptbxl path on a PTB-XL-layout folder built from the PTB-XL records held here (the CinC `HR*` records are
PTB-XL ecg_ids): records500/<thousands>/<id>_hr.{hea,dat} in WFDB format 16 with the CinC gains, and a
ptbxl_database.csv whose strat_fold follows the official split (train → folds 1–8, val → 9, test → 10).

Our label file holds superclasses, not PTB-XL's statements, so each record's scp_codes name one diagnostic
statement of each of its official superclasses (NORM, IMI, NDT, LAFB, LVH) plus the rhythm statement SR, which has
no diagnostic class and must be ignored. The reader must give back exactly the official superclasses.

Run: /usr/bin/python3 -m unittest discover -s models/training/tests   (about half a minute on two cores)
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import scipy.io

HERE = Path(__file__).resolve().parent
TRAINING = HERE.parent
sys.path.insert(0, str(TRAINING))

from ecgdata import CLASSES, load_ptbxl, ptbxl_official_labels, read_cinc, read_header  # noqa: E402

SHARED = Path(__import__('os').environ.get('ECG_TLC_SHARED', TRAINING.parent.parent.parent / 'shared'))
STAND_IN = {'NORM': 'NORM', 'MI': 'IMI', 'STTC': 'NDT', 'CD': 'LAFB', 'HYP': 'LVH'}


def official_split(labels_dir: Path) -> dict[int, str]:
    out = {}
    for split in ['train', 'val', 'test']:
        with open(labels_dir / f'superclass_{split}.csv', newline='') as f:
            out.update({int(r['ecg_id']): split for r in csv.DictReader(f)})
    return out


def write_format16(base: Path, val: np.ndarray, fs: float, specs) -> None:
    """base.hea + base.dat in WFDB format 16 (all signals interleaved, little-endian), with checksums."""
    base.parent.mkdir(parents=True, exist_ok=True)
    np.ascontiguousarray(val.T).tofile(base.with_suffix('.dat'))
    lines = [f'{base.name} {len(specs)} {fs:g} {val.shape[1]}']
    for s, row in zip(specs, val):
        checksum = int(row.astype(np.int64).sum()) & 0xFFFF
        checksum = checksum - 0x10000 if checksum >= 0x8000 else checksum
        lines.append(f'{base.name}.dat 16 {s.gain:g}({s.baseline})/mV 16 0 {int(row[0])} {checksum} 0 {s.lead}')
    base.with_suffix('.hea').write_text('\n'.join(lines) + '\n')


def write_ptbxl_folder(root: Path) -> dict[int, Path]:
    """Writes the folder; returns ecg_id → the CinC header it came from."""
    labels_dir = SHARED / 'data' / 'ptbxl-labels'
    labels, split = ptbxl_official_labels(labels_dir), official_split(labels_dir)
    shutil.copy(labels_dir / 'scp_statements.csv', root / 'scp_statements.csv')
    sources = {int(h.stem[2:]): h for h in sorted((SHARED / 'data' / 'cinc').glob('*/HR*.hea'))}
    rows = []
    for ecg_id, hea in sources.items():
        fs, _, specs, _ = read_header(hea)
        val = scipy.io.loadmat(str(hea.with_suffix('.mat')))['val'].astype('<i2')
        rel = f'records500/{ecg_id // 1000 * 1000:05d}/{ecg_id:05d}_hr'
        write_format16(root / rel, val, fs, specs)
        # records100 as PhysioNet ships it beside records500; here every 5th sample (the reader test needs the
        # layout and the rate, not PhysioNet's own anti-aliased downsampling)
        write_format16(root / rel.replace('records500', 'records100').replace('_hr', '_lr'), val[:, ::5], fs / 5, specs)
        codes = {STAND_IN[c]: 100.0 for c, v in zip(CLASSES, labels[ecg_id]) if v}
        codes['SR'] = 0.0
        fold = {'train': 1 + ecg_id % 8, 'val': 9, 'test': 10}[split[ecg_id]]
        rows.append({'ecg_id': ecg_id, 'patient_id': float(1000 + ecg_id), 'scp_codes': repr(codes),
                     'strat_fold': fold, 'filename_lr': rel.replace('records500', 'records100').replace('_hr', '_lr'),
                     'filename_hr': rel})
    with open(root / 'ptbxl_database.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return sources


@unittest.skipUnless((SHARED / 'data' / 'cinc').exists(), f'{SHARED}/data/cinc is absent')
class PtbxlPathTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='ptbxl-layout-')
        cls.root = Path(cls.tmp.name)
        cls.sources = write_ptbxl_folder(cls.root)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_reader_gives_official_labels_signals_and_folds(self):
        recs = load_ptbxl(self.root)
        official = ptbxl_official_labels(SHARED / 'data' / 'ptbxl-labels')
        self.assertEqual(len(recs), len(self.sources))
        self.assertGreaterEqual(len(recs), 20)
        for r in recs:
            ecg_id = int(r.key.split('/')[1])
            np.testing.assert_array_equal(r.labels, official[ecg_id], err_msg=r.key)
            fs, sig, _ = read_cinc(self.sources[ecg_id])
            self.assertEqual(r.fs, fs)
            np.testing.assert_array_equal(r.signal, sig, err_msg=r.key)
        folds = {r.fold for r in recs}
        self.assertTrue({9, 10} <= folds and min(folds) <= 8, folds)

    def test_reader_takes_records100_when_asked(self):
        recs = load_ptbxl(self.root, rate=100)
        self.assertEqual(len(recs), len(self.sources))
        for r in recs:
            ecg_id = int(r.key.split('/')[1])
            fs, sig, _ = read_cinc(self.sources[ecg_id])
            self.assertEqual(r.fs, fs / 5)
            np.testing.assert_array_equal(r.signal, sig[:, ::5], err_msg=r.key)

    def test_train_py_builds_a_package_from_the_folder(self):
        out = self.root / 'package'
        cmd = [sys.executable, str(TRAINING / 'train.py'), '--ptbxl', str(self.root), '--out', str(out),
               '--epochs', '1', '--width', '4,8,8,8,8', '--bootstrap', '20']
        done = subprocess.run(cmd, capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stdout[-2000:] + done.stderr[-4000:])
        manifest = json.loads((out / 'manifest.json').read_text())
        metrics = json.loads((out / 'metrics.json').read_text())
        self.assertEqual(manifest['id'], 'tlc-resnet1d-ptbxl-v1')
        self.assertEqual(metrics['data']['labelled'], len(self.sources))
        self.assertEqual(metrics['evaluation']['design'], 'PTB-XL standard split: folds 1-8 train, 9 thresholds, 10 test')
        self.assertLessEqual(max(metrics['onnxAgreement']['maxAbsDiff'].values()), 1e-4)
        for name in ['model.onnx', 'model_mc.onnx', 'head.json', 'MODEL_CARD.md', 'test-vectors/vectors.json']:
            self.assertTrue((out / name).exists(), name)
        self.assertIn('--ptbxl', manifest['training']['command'])


if __name__ == '__main__':
    unittest.main()
