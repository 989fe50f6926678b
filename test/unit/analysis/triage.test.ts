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
import { triage, type TriageItem } from '../../../src-main/analysis/triage.js';
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
    const list = triage(archive, 'label', 50, {}, map);
    const expected: Array<Pick<TriageItem, 'score' | 'labelClasses' | 'predicted'> & { id: number; possible: string[] }> = [];
    for (const [name, label] of Object.entries(LABELS)) {
      const { id, called } = studies.get(name)!;
      const possible = label.uncertain ?? [];
      const differing = label.classes.filter((c) => !called.includes(c)).length + called.filter((c) => !label.classes.includes(c) && !possible.includes(c)).length;
      if (differing) expected.push({ id, score: differing, labelClasses: label.classes, predicted: called, possible });
    }
    expected.sort((a, b) => a.id - b.id);
    expect(list.total).toBe(expected.length);
    const listed = [...list.items].sort((a, b) => a.summary.id - b.summary.id);
    expect(listed.map((i) => ({ id: i.summary.id, score: i.score, labelClasses: i.labelClasses, predicted: i.predicted }))).toEqual(
      expected.map(({ possible: _, ...e }) => e),
    );
    const scores = list.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // the shipped model disagrees with at least one of these reports, so the audit has a row to show
    expect(list.items.length).toBeGreaterThan(0);
    // each reason names the stored label, the classes only raised as possible, and the call; the GE report (MI only
    // possible) is among them, as the shipped model does not call HYP alone on it
    expect(expected.find((e) => e.possible.length)?.id).toBe(studies.get('ge-12sl-report.xml')!.id);
    listed.forEach((item, k) => {
      const { labelClasses, possible, predicted } = expected[k]!;
      const hedged = possible.length ? ` (possible ${possible.join(', ')}, not counted)` : '';
      expect(item.reason).toBe(`stored label ${labelClasses!.join(', ')}${hedged}; the model calls ${predicted!.join(', ') || 'no class'}`);
    });
  });
});
