/**
 * Stored labels → superclasses with the training pipeline's tables (models/training/labels) and its rule
 * (models/training/ecgdata.py `superclasses`): the non-NORM classes found, else NORM when a sinus rhythm is
 * stated and nothing rules NORM out, else no label; a statement no table knows leaves the study unlabelled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABEL_FILES, LabelMap, labelDir, loadLabelMap, parseCsv } from '../../../src-main/analysis/label-map.js';

const CLASSES = ['NORM', 'MI', 'STTC', 'CD', 'HYP'];

describe('label map', () => {
  const map = loadLabelMap(CLASSES);

  it('parses RFC 4180 quoting and keeps every row of both tables', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\r\n\n1,2', 't.csv')).toEqual([{ a: 'x, y', b: 'say "hi"' }, { a: '1', b: '2' }]);
    expect(() => parseCsv('a,b\n"x,1', 't.csv')).toThrow(/not closed/);
    expect(() => parseCsv('a,b\n1', 't.csv')).toThrow(/row 2 has 1 fields/);
    for (const [key, file] of [['code', LABEL_FILES.snomed], ['diagnosis', LABEL_FILES.ludb]] as const) {
      const rows = parseCsv(readFileSync(join(labelDir(), file), 'utf8'), file);
      expect(rows.length).toBeGreaterThan(40);
      for (const r of rows) expect(map.targets(key === 'code' ? `SNOMED:${r.code}` : `${r.diagnosis}.`)).toEqual(r.superclass!.split(';'));
    }
  });

  it('applies the training rule to CinC codes and LUDB diagnoses', () => {
    // E07500: LAE (HYP) + sinus bradycardia (NORM marker) → HYP alone
    expect(map.labelOf(['SNOMED:67741000119109', 'SNOMED:426177001'])).toEqual({ classes: ['HYP'] });
    // HR00001: low QRS voltage (none) + sinus rhythm → NORM
    expect(map.labelOf(['SNOMED:251146004', 'SNOMED:426783006'])).toEqual({ classes: ['NORM'] });
    // sinus rhythm with atrial fibrillation stated: NORM is ruled out and nothing else is found
    expect(map.labelOf(['SNOMED:426783006', 'SNOMED:164889003'])).toEqual({ reason: expect.stringContaining('no superclass') });
    // several classes
    expect(map.labelOf(['SNOMED:164865005', 'SNOMED:59118001', 'SNOMED:426783006'])).toEqual({ classes: ['MI', 'CD'] });
    expect(map.labelOf(['SNOMED:999999'])).toEqual({ reason: 'no superclass for "SNOMED:999999"' });
    expect(map.labelOf(['Rhythm: Sinus rhythm.', 'Left ventricular hypertrophy.'])).toEqual({ classes: ['HYP'] });
    expect(map.labelOf(['Rhythm: Sinus rhythm.', 'Electric axis of the heart: normal.'])).toEqual({ classes: ['NORM'] });
    expect(map.labelOf(['Sinus rhythm, normal ECG'])).toEqual({ reason: expect.stringContaining('no superclass for') });
    expect(map.labelOf([])).toEqual({ reason: 'no stored label' });
  });

  it('refuses a table row without a known superclass', () => {
    expect(() => LabelMap.parse({ snomed: 'code,superclass,reason\n1,XYZ,x', ludb: 'diagnosis,superclass,reason\n' }, CLASSES)).toThrow(/needs a superclass/);
  });
});
