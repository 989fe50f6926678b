/**
 * Stored labels → superclasses with the training pipeline's tables (models/training/labels) and its rule
 * (models/training/ecgdata.py `superclasses`): the non-NORM classes found, else NORM when a sinus rhythm is
 * stated and nothing rules NORM out, else no label; a statement no table knows leaves the study unlabelled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABEL_FILES, LabelMap, labelDir, loadLabelMap, parseCsv, type StudyLabel } from '../../../src-main/analysis/label-map.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import { isCompanionFile, readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared } from '../../helpers/shared.js';

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
      for (const r of rows) {
        expect(map.read(key === 'code' ? `SNOMED:${r.code}` : `${r.diagnosis}.`)).toEqual({ targets: r.superclass!.split(';'), uncertain: [] });
      }
    }
    // every free-text row reads as itself: no other row or qualifier shadows it ("... " rows take any rest)
    const rows = parseCsv(readFileSync(join(labelDir(), LABEL_FILES.statements), 'utf8'), LABEL_FILES.statements);
    expect(rows.length).toBeGreaterThan(150);
    for (const r of rows) {
      const text = r.phrase!.endsWith(' ...') ? `${r.phrase!.slice(0, -4)} Dr. A. Reader on 03/04/2025` : r.phrase!;
      expect(map.read(text), r.phrase).toEqual({ targets: r.superclass!.split(';'), uncertain: [] });
      expect(r.reason!.length, r.phrase).toBeGreaterThan(10);
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
    // free text: two clauses, each a NORM row
    expect(map.labelOf(['Sinus rhythm, normal ECG'])).toEqual({ classes: ['NORM'] });
    expect(map.labelOf(['Sinus rhythm with acute pericarditis'])).toEqual({ reason: 'no superclass for "Sinus rhythm with acute pericarditis"' });
    expect(map.labelOf([])).toEqual({ reason: 'no stored label' });
  });

  it('refuses a table row without a known superclass, without a reason, or reading as another row', () => {
    const texts = { snomed: 'code,superclass,reason\n', ludb: 'diagnosis,superclass,reason\n', statements: 'phrase,superclass,reason\n' };
    expect(() => LabelMap.parse({ ...texts, snomed: 'code,superclass,reason\n1,XYZ,x' }, CLASSES)).toThrow(/needs a superclass/);
    expect(() => LabelMap.parse({ ...texts, statements: 'phrase,superclass,reason\nLVH,HYP,' }, CLASSES)).toThrow(/"LVH" needs a reason/);
    expect(() => LabelMap.parse({ ...texts, statements: 'phrase,superclass,reason\nLVH,HYP,a\nleft ventricular hypertrophy,HYP,b' }, CLASSES)).toThrow(
      /statement_superclass.csv: "left ventricular hypertrophy" reads the same as "LVH"/,
    );
    expect(() => LabelMap.parse({ ...texts, statements: 'phrase,superclass,reason\n"in V1, V2",none,leads only' }, CLASSES)).toThrow(/no words left/);
    expect(LabelMap.parse(texts, CLASSES).labelOf(['Left ventricular hypertrophy'])).toEqual({ reason: 'no superclass for "Left ventricular hypertrophy"' });
  });
});

/** Every fixture holding statements, with the label a cardiologist reads from them (the rest hold none). */
const FIXTURE_LABELS: Record<string, StudyLabel | { reason: unknown }> = {
  // Sinus bradycardia; nonspecific IVCD ("(…, not LBBB/RBBB)" is criteria, not a negation); inferior infarct, acute;
  // ">>> Acute MI <<<"; "- ABNORMAL ECG -"
  'philips/129DYPRG.XML': { classes: ['MI', 'CD'] },
  // SINUS RHYTHM; PROBABLE LVH (probable counts); ANTERIOR ST ELEVATION, PROBABLY DUE TO LVH (secondary, no class)
  'philips/3191723_ZZDEMOPTONLY_1-04_orig.xml': { classes: ['HYP'] },
  // RITMO SINUSALE, ECG NORMALE
  'dicom/waveform_ecg.dcm': { classes: ['NORM'] },
  // paediatric-criteria notes; sinusrytm; "AV-block I (begränsad)" (marginal: possible CD); findings probably not pathological
  'scp/example_full_anon.SCP': { reason: expect.stringMatching(/^only possible CD: /) },
  // PTB Diagnostic "Reason for admission: Myocardial infarction"
  'wfdb/s0010_re.hea': { classes: ['MI'] },
};

const ANNOTATIONS_ONLY = 'edf/test_edfann.edf';

describe.skipIf(!hasShared('fixtures'))('statements of the real fixtures', () => {
  const map = loadLabelMap(CLASSES);

  it('every statement of every fixture outside CinC is read, and each file gets the label a cardiologist reads', () => {
    const read: string[] = [];
    for (const dir of ['dicom', 'edf', 'hl7-aecg', 'muse', 'philips', 'scp', 'wfdb']) {
      for (const name of readdirSync(fixture(dir)).filter((f) => /\.(hea|xml|dcm|scp|edf)$/i.test(f) && !isCompanionFile(f))) {
        const file = `${dir}/${name}`;
        let statements: string[];
        try {
          statements = readEcgFile(fixture(dir, name)).statements ?? [];
        } catch (e) {
          // the one file without signals, an annotation-only EDF+, holds no statements either; any other refusal fails
          if (file === ANNOTATIONS_ONLY && e instanceof FormatError && /holds only annotations/.test(e.reason)) continue;
          throw e;
        }
        read.push(file);
        for (const s of statements) expect(map.read(s), `${file}: ${s}`).toBeDefined();
        expect(map.labelOf(statements), file).toEqual(FIXTURE_LABELS[file] ?? { reason: 'no stored label' });
      }
    }
    expect(read).toEqual(expect.arrayContaining(Object.keys(FIXTURE_LABELS)));
    expect(read.length).toBeGreaterThan(20);
  });

  it('reads each Philips statement on its own as written', () => {
    const [brady, ivcd, infarct, acute, abnormal] = readEcgFile(fixture('philips', '129DYPRG.XML')).statements!;
    expect([brady, ivcd, infarct, acute, abnormal].map((s) => map.read(s!))).toEqual(
      [['NORM'], ['CD'], ['MI'], ['MI'], ['not-NORM']].map((targets) => ({ targets, uncertain: [] })),
    );
    const [, lvh, ste] = readEcgFile(fixture('philips', '3191723_ZZDEMOPTONLY_1-04_orig.xml')).statements!;
    expect(lvh).toMatch(/^PROBABLE LEFT VENTRICULAR HYPERTROPHY/);
    expect(map.read(lvh!)).toEqual({ targets: ['HYP'], uncertain: [] });
    expect(ste).toMatch(/^ANTERIOR ST ELEVATION, PROBABLY DUE TO LVH/);
    expect(map.read(ste!)).toEqual({ targets: ['none'], uncertain: [] });
    const avBlock = readEcgFile(fixture('scp', 'example_full_anon.SCP')).statements!.find((s) => s.startsWith('AV-block'))!;
    expect(map.read(avBlock)).toEqual({ targets: ['not-NORM'], uncertain: ['CD'] });
    expect(map.read(avBlock.replace(/\s*\(.*\)/, ''))).toEqual({ targets: ['CD'], uncertain: [] });
  });
});
