"""
Label tables and the NORM rule, and the held data they are applied to.
Run: /usr/bin/python3 -m unittest discover -s models/training/tests
"""
from __future__ import annotations

import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ecgdata import CLASSES, DataError, load_held, load_table, superclasses  # noqa: E402
from prepare import WINDOW, prepare, resample_linear, windows  # noqa: E402

SHARED = Path(__import__('os').environ.get('ECG_TLC_SHARED', Path(__file__).resolve().parents[4] / 'shared'))


def classes(v):
    return None if v is None else [c for c, x in zip(CLASSES, v) if x]


class LabelRuleTest(unittest.TestCase):
    table = {'sr': ['NORM'], 'pac': ['none'], 'af': ['not-NORM'], 'lvh': ['HYP'], 'mixed': ['MI', 'STTC']}

    def test_norm_only_without_other_classes_or_blockers(self):
        self.assertEqual(classes(superclasses(['sr'], self.table, 'x')[0]), ['NORM'])
        self.assertEqual(classes(superclasses(['sr', 'pac'], self.table, 'x')[0]), ['NORM'])
        self.assertEqual(classes(superclasses(['sr', 'lvh'], self.table, 'x')[0]), ['HYP'])
        self.assertIsNone(superclasses(['sr', 'af'], self.table, 'x')[0])
        self.assertIsNone(superclasses(['pac'], self.table, 'x')[0])
        self.assertEqual(classes(superclasses(['af', 'mixed'], self.table, 'x')[0]), ['MI', 'STTC'])

    def test_unknown_code_names_the_record_and_the_fix(self):
        with self.assertRaisesRegex(DataError, r"rec\.hea: 'zzz' is not in the label table; add a row"):
            superclasses(['zzz'], self.table, 'rec.hea')

    def test_tables_have_a_reason_and_valid_targets_per_row(self):
        for name, key in [('snomed_superclass.csv', 'code'), ('ludb_superclass.csv', 'diagnosis')]:
            table = load_table(name, key)  # raises on a row without reason or with an unknown target
            self.assertGreater(len(table), 40, name)


class PrepareTwinTest(unittest.TestCase):
    def test_resampling_and_padding_rules(self):
        ramp = np.arange(101, dtype=np.float32)[None]
        np.testing.assert_allclose(resample_linear(ramp, 500)[0], np.arange(81) * 1.25, atol=1e-5)
        x, a, b = prepare(np.ones((12, 3201), np.float32), 400)
        self.assertEqual((a, b), (447, 3648))
        long = np.tile(np.arange(5000, dtype=np.float32), (12, 1))
        self.assertEqual(prepare(long, 400)[0][0, 0], 452)

    def test_long_records_give_centred_ten_second_windows(self):
        w = windows(np.tile(np.arange(9000, dtype=np.float32), (12, 1)), 400)
        self.assertEqual(len(w), 2)
        self.assertEqual(w[0][0, 48], 500)  # offset (9000 − 8000) / 2, then 48 zeros of padding
        self.assertEqual(w[1][0, 48], 500 + WINDOW)


@unittest.skipUnless((SHARED / 'data' / 'cinc').exists(), f'{SHARED}/data is absent')
class HeldDataTest(unittest.TestCase):
    def test_every_held_record_reads_and_every_code_is_in_a_table(self):
        recs = load_held(SHARED)
        self.assertEqual(len(recs), 344)
        self.assertEqual(len({r.key for r in recs}), 344)
        for r in recs:
            self.assertEqual(r.signal.shape[0], 12, r.key)
            self.assertTrue(np.isfinite(r.signal).all(), r.key)
        labelled = [r for r in recs if r.labels is not None]
        self.assertGreater(len(labelled), 300)
        # PTB-XL records keep their official labels: HR06002 is officially NORM + CD
        hr = next(r for r in recs if r.key.endswith('HR06002'))
        self.assertEqual(classes(hr.labels), ['NORM', 'CD'])


if __name__ == '__main__':
    unittest.main()
