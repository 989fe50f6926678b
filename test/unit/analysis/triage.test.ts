/**
 * The label triage on a temporary archive of real files holding interpretive statements (two Philips SierraECG
 * reports, the DICOM waveform, the PTB Diagnostic record, and a GE MUSE file), imported with the real importer
 * and analysed with the shipped model: a study is listed exactly when the classes its statements give differ
 * from the classes the model calls, a class the statements only raise as possible counting neither way. The MUSE
 * fixtures are de-identified and hold no statements, so a 12SL report is inserted into a copy of example2.xml as
 * MUSE writes it (as test/unit/formats/muse.test.ts does).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src-main/analysis/analyzer.js';
import { loadLabelMap } from '../../../src-main/analysis/label-map.js';
import { toNewAnalysis } from '../../../src-main/analysis/stored-analysis.js';
import { triage } from '../../../src-main/analysis/triage.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { openArchive, type Archive } from '../../../src-main/store/archive.js';
import { importPaths } from '../../../src-main/store/importer.js';
import { fixture, hasShared } from '../../helpers/shared.js';

const GE_REPORT = [
  ['ENDSLINE', 'Normal sinus rhythm'],
  ['ENDSLINE', 'Left ventricular hypertrophy with repolarization abnormality'],
  ['', 'Cannot rule out Septal infarct'],
  ['ENDSLINE', ', age undetermined'],
  ['ENDSLINE', 'Abnormal ECG'],
  ['ENDSLINE', 'Confirmed by READER, TEST (1001) on 6/14/2025 10:30:00 AM'],
];

function museWithReport(dir: string): string {
  const statements = GE_REPORT.map(([flag, text]) => `<DiagnosisStatement>${flag ? `<StmtFlag>${flag}</StmtFlag>` : ''}<StmtText>${text}</StmtText></DiagnosisStatement>`);
  const xml = readFileSync(fixture('muse', 'example2.xml'), 'latin1').replace('</MuseInfo>', `</MuseInfo>\n<Diagnosis><Modality>RESTING</Modality>${statements.join('')}</Diagnosis>`);
  const path = join(dir, 'ge-12sl-report.xml');
  writeFileSync(path, xml, 'latin1');
  return path;
}

/** The label each file's statements give, as read by a cardiologist (label-map.test.ts reads them one by one). */
const LABELS: Record<string, { classes: string[]; uncertain?: string[] }> = {
  '129DYPRG.XML': { classes: ['MI', 'CD'] },
  '3191723_ZZDEMOPTONLY_1-04_orig.xml': { classes: ['HYP'] },
  'waveform_ecg.dcm': { classes: ['NORM'] },
  's0010_re.hea': { classes: ['MI'] },
  // LVH with secondary ST-T change; the septal infarct only "cannot be ruled out"
  'ge-12sl-report.xml': { classes: ['HYP'], uncertain: ['MI'] },
};

/**
 * The classes the shipped model (tlc-resnet1d-small-v1, inference graph, cpu) calls on each file: the premise of the
 * expected triage rows below. A new model changes these; re-derive the rows by hand then.
 */
const CALLED: Record<string, string[]> = {
  '129DYPRG.XML': ['MI', 'STTC', 'CD', 'HYP'],
  '3191723_ZZDEMOPTONLY_1-04_orig.xml': ['NORM', 'MI'],
  'waveform_ecg.dcm': ['NORM'],
  's0010_re.hea': ['NORM'],
  'ge-12sl-report.xml': ['MI', 'STTC', 'CD', 'HYP'],
};

describe.skipIf(!['philips', 'dicom', 'muse', 'wfdb'].every((d) => hasShared('fixtures', d)))('label triage of interpretive statements', () => {
  const map = loadLabelMap(['NORM', 'MI', 'STTC', 'CD', 'HYP']);
  let dir: string;
  let archive: Archive;
  /** file name → study id and the classes the model called */
  const studies = new Map<string, { id: number; called: string[] }>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-triage-'));
    archive = openArchive(join(dir, 'archive.db'));
    const paths = [
      fixture('philips', '129DYPRG.XML'),
      fixture('philips', '3191723_ZZDEMOPTONLY_1-04_orig.xml'),
      fixture('dicom', 'waveform_ecg.dcm'),
      fixture('wfdb', 's0010_re.hea'),
      museWithReport(dir),
    ];
    const imported = await importPaths(archive.studies, paths, { actor: 'test', workers: 0 });
    expect(imported.failures).toEqual([]);
    const analyzer = await Analyzer.open({ modelDir: defaultModelDir(), threads: 1, delineationWorkers: 0, explain: false });
    try {
      for (const id of imported.studyIds) {
        const summary = archive.studies.summary(id)!;
        const [outcome] = await analyzer.analyze([readEcgFile(summary.sourcePath)]);
        if (!outcome!.ok) throw new Error(`${summary.fileName}: ${outcome!.error}`);
        archive.analyses.add(toNewAnalysis(id, outcome!.analysis));
        studies.set(summary.fileName, { id, called: outcome!.analysis.classes.filter((_, i) => outcome!.analysis.predicted[i]) });
      }
    } finally {
      await analyzer.close();
    }
  }, 60_000);
  afterAll(() => {
    archive?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports every statement and reads the label a cardiologist reads from each file', () => {
    expect([...studies.keys()].sort()).toEqual(Object.keys(LABELS).sort());
    const rows = archive.db.prepare('SELECT file_name, statements FROM studies').all() as Array<{ file_name: string; statements: string }>;
    for (const r of rows) expect(map.labelOf(JSON.parse(r.statements) as string[]), r.file_name).toEqual(LABELS[r.file_name]);
    const ge = JSON.parse(rows.find((r) => r.file_name === 'ge-12sl-report.xml')!.statements) as string[];
    expect(ge).toEqual([
      'Normal sinus rhythm',
      'Left ventricular hypertrophy with repolarization abnormality',
      'Cannot rule out Septal infarct , age undetermined',
      'Abnormal ECG',
      'Confirmed by READER, TEST (1001) on 6/14/2025 10:30:00 AM',
    ]);
    // the same report with the infarct stated plainly counts MI
    expect(map.labelOf(ge.map((s) => s.replace('Cannot rule out ', '')))).toEqual({ classes: ['MI', 'HYP'] });
  });

  it('lists a study exactly when the stored label and the called classes differ, hedged classes aside', () => {
    // the rows below are derived by hand from LABELS and CALLED; guard the premise first
    expect(Object.fromEntries([...studies].map(([name, s]) => [name, s.called]))).toEqual(CALLED);
    const list = triage(archive, 'label', 50, {}, map);
    // score = stored classes the model misses + called classes the statements do not give, a hedged one aside:
    // | file                               | stored (possible) | called            | missed | extra                | score          |
    // |------------------------------------|-------------------|-------------------|--------|----------------------|----------------|
    // | 3191723_ZZDEMOPTONLY_1-04_orig.xml | HYP               | NORM, MI          | HYP    | NORM, MI             | 3              |
    // | 129DYPRG.XML                       | MI, CD            | MI, STTC, CD, HYP | —      | STTC, HYP            | 2              |
    // | ge-12sl-report.xml                 | HYP (MI)          | MI, STTC, CD, HYP | —      | STTC, CD (MI hedged) | 2              |
    // | s0010_re.hea                       | MI                | NORM              | MI     | NORM                 | 2              |
    // | waveform_ecg.dcm                   | NORM              | NORM              | —      | —                    | 0: not listed  |
    const rows = list.items.map((i) => ({ file: i.summary.fileName, score: i.score, labelClasses: i.labelClasses, predicted: i.predicted, reason: i.reason }));
    expect(list.total).toBe(4);
    expect(rows[0]).toEqual({
      file: '3191723_ZZDEMOPTONLY_1-04_orig.xml', score: 3, labelClasses: ['HYP'], predicted: ['NORM', 'MI'],
      reason: 'stored label HYP; the model calls NORM, MI',
    });
    // the three rows of score 2 follow, the most confident CNN first
    expect(rows.slice(1).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      {
        file: '129DYPRG.XML', score: 2, labelClasses: ['MI', 'CD'], predicted: ['MI', 'STTC', 'CD', 'HYP'],
        reason: 'stored label MI, CD; the model calls MI, STTC, CD, HYP',
      },
      {
        file: 'ge-12sl-report.xml', score: 2, labelClasses: ['HYP'], predicted: ['MI', 'STTC', 'CD', 'HYP'],
        reason: 'stored label HYP (possible MI, not counted); the model calls MI, STTC, CD, HYP',
      },
      {
        file: 's0010_re.hea', score: 2, labelClasses: ['MI'], predicted: ['NORM'],
        reason: 'stored label MI; the model calls NORM',
      },
    ]);
    const p = list.items.slice(1).map((i) => i.summary.analysis!.maxProbability!);
    expect(p.every((v) => v > 0)).toBe(true);
    expect(p).toEqual([...p].sort((a, b) => b - a));
    expect(list.items.map((i) => i.summary.id)).not.toContain(studies.get('waveform_ecg.dcm')!.id);
    // the limit cuts the list, not the total
    const first = triage(archive, 'label', 1, {}, map);
    expect(first.items.map((i) => i.summary.fileName)).toEqual(['3191723_ZZDEMOPTONLY_1-04_orig.xml']);
    expect(first.total).toBe(4);
  });
});
