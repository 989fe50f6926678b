"""
Writes the labelled records the model was trained on as a table for the TypeScript explanation pipeline
(scripts/model-explain.ts): the header path under the shared folder, the patient group and the superclass labels,
exactly as train.py reads them (ecgdata.load_held). Records without a superclass are listed with empty labels.

    /usr/bin/python3 models/training/list_records.py [--shared ../shared] [--out models/<id>/records.csv]
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

from ecgdata import CLASSES, load_held

REPO = Path(__file__).resolve().parents[2]


def header_path(key: str) -> str:
    kind, rest = key.split('/', 1)
    return f'data/cinc/{rest}.hea' if kind == 'cinc' else f'data/ludb/data/{rest}.hea'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', type=Path, default=REPO.parent / 'shared')
    ap.add_argument('--out', type=Path, default=REPO / 'models' / 'tlc-resnet1d-small-v1' / 'records.csv')
    args = ap.parse_args()
    recs = load_held(args.shared)
    with args.out.open('w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['path', 'source', 'patient', *CLASSES])
        for r in recs:
            labels = [''] * len(CLASSES) if r.labels is None else [str(int(v)) for v in r.labels]
            w.writerow([header_path(r.key), r.source, r.patient, *labels])
    print(f'{len(recs)} records → {args.out}')


if __name__ == '__main__':
    main()
