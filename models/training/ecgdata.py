"""
Readers for the labelled 12-lead ECGs the pipeline trains on, and their labels as PTB-XL superclasses.

| source            | files                               | signal                          | labels                                  |
|-------------------|-------------------------------------|---------------------------------|-----------------------------------------|
| CinC 2020/2021    | NAME.hea + NAME.mat (`val`, int16)  | gains in the .hea               | PTB-XL ecg_ids (HR*): official labels;  |
|                   |                                     |                                 | others: `# Dx` SNOMED codes → table     |
| LUDB              | N.hea + N.dat (WFDB format 16)      | 12 signals interleaved          | header diagnoses → table                |
| PTB-XL (--ptbxl)  | records500|records100 WFDB format 16| ptbxl_database.csv, scp codes   | scp_statements.csv diagnostic_class     |

Every signal comes back as float32 mV in the canonical lead order, computed as (digital − baseline) / gain in
float64 and then rounded to float32, which is what the TypeScript readers do.
"""
from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.io

LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']
CLASSES = ['NORM', 'MI', 'STTC', 'CD', 'HYP']
LABELS_DIR = Path(__file__).resolve().parent / 'labels'
_LEAD_KEY = {lead.lower(): lead for lead in LEADS}


@dataclass
class Recording:
    key: str  # path-like id, e.g. 'cinc/tuijalei/HR00001'
    source: str  # 'PTB-XL', 'CPSC', 'Georgia', 'PTB', 'Chapman-Ningbo', 'LUDB', …
    patient: str  # cross-validation group: all windows of one patient stay in one fold
    fs: float
    signal: np.ndarray  # (12, n) float32 mV, canonical lead order
    labels: np.ndarray | None  # (5,) float32 multi-hot, None when no superclass could be assigned
    label_note: str  # how the labels were obtained or why there are none
    fold: int | None = None  # PTB-XL strat_fold when read from a PTB-XL folder
    file: str | None = None  # header path relative to the PTB-XL folder


class DataError(Exception):
    pass


# --- WFDB header ----------------------------------------------------------------------------------------------
# record line:  NAME NSIG FS[/counter][(base)] NSAMP [time date]
# signal line:  FILE FORMAT[xSPF][:skew][+offset] GAIN[(BASELINE)][/UNITS] ADCRES ADCZERO INITVAL CHECKSUM BLOCK DESC
_GAIN = re.compile(r'^([-+\d.eE]+)(?:\(([-+\d]+)\))?(?:/(\S+))?$')


@dataclass
class SignalSpec:
    file: str
    fmt: str
    gain: float
    baseline: int
    units: str
    lead: str


def read_header(path: Path) -> tuple[float, int, list[SignalSpec], list[str]]:
    lines = [l.strip() for l in path.read_text(encoding='latin-1').splitlines()]
    body = [l for l in lines if l and not l.startswith('#')]
    comments = [l[1:].strip() for l in lines if l.startswith('#')]
    rec = body[0].split()
    nsig = int(rec[1])
    fs = float(rec[2].split('/')[0].split('(')[0])
    nsamp = int(rec[3])
    specs = []
    for line in body[1:1 + nsig]:
        f = line.split()
        m = _GAIN.match(f[2])
        if not m:
            raise DataError(f'{path}: cannot read the gain field {f[2]!r}')
        gain = float(m.group(1)) or 200.0  # WFDB: gain 0 means the default 200 ADC units per mV
        adc_zero = int(f[4]) if len(f) > 4 else 0
        baseline = int(m.group(2)) if m.group(2) is not None else adc_zero
        units = (m.group(3) or 'mV')
        fmt = re.split(r'[x:+]', f[1])[0]
        specs.append(SignalSpec(f[0], fmt, gain, baseline, units, ' '.join(f[8:])))
    return fs, nsamp, specs, comments


def _to_mv(digital: np.ndarray, specs: list[SignalSpec], path: Path) -> np.ndarray:
    """Rows of digital values → (12, n) float32 mV in canonical order."""
    order = []
    for lead in LEADS:
        idx = [i for i, s in enumerate(specs) if _LEAD_KEY.get(s.lead.lower()) == lead]
        if not idx:
            raise DataError(f'{path}: lead {lead} is missing')
        order.append(idx[0])
    out = np.empty((12, digital.shape[1]), dtype=np.float32)
    for row, i in enumerate(order):
        s = specs[i]
        scale = {'mv': 1.0, 'uv': 1e-3, 'v': 1e3}.get(s.units.lower())
        if scale is None:
            raise DataError(f'{path}: unknown units {s.units!r} for lead {s.lead}')
        out[row] = ((digital[i].astype(np.float64) - s.baseline) / s.gain * scale).astype(np.float32)
    return out


def read_wfdb16(hea: Path) -> tuple[float, np.ndarray, list[str]]:
    """A WFDB record whose signals all live interleaved in one format-16 file (LUDB, PTB-XL)."""
    fs, nsamp, specs, comments = read_header(hea)
    files = {s.file for s in specs}
    if len(files) != 1 or any(s.fmt != '16' for s in specs):
        raise DataError(f'{hea}: only single-file WFDB format 16 is read here (got {sorted(files)}, '
                        f'{sorted({s.fmt for s in specs})})')
    raw = np.fromfile(hea.parent / files.pop(), dtype='<i2')
    if raw.size < nsamp * len(specs):
        raise DataError(f'{hea}: signal file holds {raw.size} values, header promises {nsamp * len(specs)}')
    digital = raw[:nsamp * len(specs)].reshape(nsamp, len(specs)).T
    return fs, _to_mv(digital, specs, hea), comments


def read_cinc(hea: Path) -> tuple[float, np.ndarray, list[str]]:
    fs, nsamp, specs, comments = read_header(hea)
    val = scipy.io.loadmat(str(hea.with_suffix('.mat')))['val']
    if val.shape != (len(specs), nsamp):
        raise DataError(f'{hea}: .mat holds {val.shape}, header promises {(len(specs), nsamp)}')
    return fs, _to_mv(val, specs, hea), comments


# --- label tables ---------------------------------------------------------------------------------------------
# A table row maps a code to superclasses or to one of two markers:
#   NORM      a sinus rhythm: the ECG is NORM when nothing else gives it a superclass or rules NORM out
#   none      no diagnostic superclass, compatible with a normal ECG (as PTB-XL's form statements are)
#   not-NORM  no diagnostic superclass, but the ECG is not normal (non-sinus rhythms, pacing)
MARKERS = {'NORM', 'none', 'not-NORM'}


def load_table(name: str, key: str) -> dict[str, list[str]]:
    table = {}
    with open(LABELS_DIR / name, newline='') as f:
        for row in csv.DictReader(f):
            targets = row['superclass'].split(';')
            bad = [t for t in targets if t not in CLASSES and t not in MARKERS]
            if bad or not row['reason'].strip():
                raise DataError(f'{name}: row {row[key]!r} needs a superclass in {CLASSES + sorted(MARKERS)} and a reason')
            table[row[key]] = targets
    return table


def superclasses(items: list[str], table: dict[str, list[str]], where: str) -> tuple[np.ndarray | None, str]:
    """Multi-hot superclasses of a record from its codes; None with the reason when no label can be given."""
    targets = []
    for item in items:
        if item not in table:
            raise DataError(f'{where}: {item!r} is not in the label table; add a row with its superclass and reason')
        targets += table[item]
    found = {t for t in targets if t in CLASSES and t != 'NORM'}
    if found:
        return np.array([c in found for c in CLASSES], dtype=np.float32), 'table'
    if 'NORM' in targets and 'not-NORM' not in targets:
        return np.array([c == 'NORM' for c in CLASSES], dtype=np.float32), 'table'
    return None, 'no superclass: ' + ','.join(items)


# --- CinC ------------------------------------------------------------------------------------------------------
def _cinc_source(name: str) -> str:
    for prefix, source in [('HR', 'PTB-XL'), ('JS', 'Chapman-Ningbo'), ('A', 'CPSC'), ('Q', 'CPSC-Extra'),
                           ('E', 'Georgia'), ('S', 'PTB'), ('I', 'INCART')]:
        if name.startswith(prefix):
            return source
    return 'CinC'


def ptbxl_official_labels(labels_dir: Path) -> dict[int, np.ndarray]:
    out = {}
    for split in ['train', 'val', 'test']:
        with open(labels_dir / f'superclass_{split}.csv', newline='') as f:
            for row in csv.DictReader(f):
                out[int(row['ecg_id'])] = np.array([float(row[c]) for c in CLASSES], dtype=np.float32)
    return out


def _comment(comments: list[str], field: str) -> str:
    for c in comments:
        if c.lower().startswith(field.lower() + ':'):
            return c.split(':', 1)[1].strip()
    return ''


def load_cinc(root: Path, ptbxl_labels: dict[int, np.ndarray]) -> list[Recording]:
    table = load_table('snomed_superclass.csv', 'code')
    recs = []
    for hea in sorted(root.glob('*/*.hea')):
        name = hea.stem
        fs, sig, comments = read_cinc(hea)
        source = _cinc_source(name)
        key = f'cinc/{hea.parent.name}/{name}'
        if source == 'PTB-XL':
            lab = ptbxl_official_labels_for(int(name[2:]), ptbxl_labels)
            note = 'PTB-XL official superclasses' if lab is not None else 'PTB-XL: no diagnostic superclass'
        else:
            codes = sorted({c.strip() for c in _comment(comments, 'Dx').split(',') if c.strip()})
            lab, note = superclasses(codes, table, str(hea))
        if source == 'PTB':
            # PTB holds several recordings per patient and the CinC copies drop the patient id: recordings with the
            # same age and sex are kept together, which can only merge patients, never split one.
            patient = f'PTB:{_comment(comments, "Age")}:{_comment(comments, "Sex")}'
        else:
            patient = key
        recs.append(Recording(key, source, patient, fs, sig, lab, note))
    return recs


def ptbxl_official_labels_for(ecg_id: int, labels: dict[int, np.ndarray]) -> np.ndarray | None:
    lab = labels.get(ecg_id)
    return lab if lab is not None and lab.sum() > 0 else None


# --- LUDB ------------------------------------------------------------------------------------------------------
def ludb_diagnoses(comments: list[str]) -> list[str]:
    """Header comment lines after `<diagnoses>:`, trimmed and without the final full stop."""
    out, on = [], False
    for c in comments:
        if c.startswith('<diagnoses>'):
            on = True
            continue
        if on and c:
            out.append(c.rstrip().rstrip('.').strip())
    return out


def load_ludb(root: Path) -> list[Recording]:
    table = load_table('ludb_superclass.csv', 'diagnosis')
    recs = []
    names = [l.strip() for l in (root / 'RECORDS').read_text().splitlines() if l.strip()]
    for name in names:
        hea = root / f'{name}.hea'
        fs, sig, comments = read_wfdb16(hea)
        lab, note = superclasses(ludb_diagnoses(comments), table, str(hea))
        key = f'ludb/{Path(name).name}'
        recs.append(Recording(key, 'LUDB', key, fs, sig, lab, note))  # LUDB: 200 records from 200 subjects
    return recs


def load_held(shared: Path) -> list[Recording]:
    """Every real labelled 12-lead ECG we hold: CinC (144) and LUDB (200)."""
    official = ptbxl_official_labels(shared / 'data' / 'ptbxl-labels')
    return load_cinc(shared / 'data' / 'cinc', official) + load_ludb(shared / 'data' / 'ludb')


# --- PTB-XL folder ---------------------------------------------------------------------------------------------
def load_ptbxl(root: Path, rate: int = 500) -> list[Recording]:
    """A PTB-XL folder as PhysioNet ships it: ptbxl_database.csv, scp_statements.csv, records100/, records500/."""
    agg = {}
    with open(root / 'scp_statements.csv', newline='') as f:
        for row in csv.DictReader(f):
            if row.get('diagnostic', '').strip() in ('1', '1.0') and row.get('diagnostic_class'):
                agg[row['']] = row['diagnostic_class']
    column = 'filename_hr' if rate == 500 else 'filename_lr'
    recs = []
    with open(root / 'ptbxl_database.csv', newline='') as f:
        for row in csv.DictReader(f):
            codes = ast.literal_eval(row['scp_codes'])
            found = {agg[c] for c in codes if c in agg}
            lab = np.array([c in found for c in CLASSES], dtype=np.float32) if found else None
            hea = root / (row[column] + '.hea')
            fs, sig, _ = read_wfdb16(hea)
            patient = f'ptbxl:{int(float(row["patient_id"]))}'
            recs.append(Recording(f'ptbxl/{int(row["ecg_id"])}', 'PTB-XL', patient, fs, sig, lab,
                                  'scp_codes → diagnostic_class' if found else 'no diagnostic superclass',
                                  int(row['strat_fold']), row[column] + '.hea'))
    return recs
