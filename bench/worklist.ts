/**
 * Worklist queries over a 100,000-study archive (20,000 with --quick), built with the real repository insert
 * code: synthetic metadata (patients, sexes, ages, dates, formats, statements, analyses for 60 %, overreads
 * for 10 %) around one small real signal (the first half second of CinC HR00001), shared by every study.
 *
 * Each query is timed as the worklist runs it (one page of 50 plus the total count), median of 7 after 2
 * warm-ups. Baseline, same run: the same query with no index (`NOT INDEXED` on studies, search words matched
 * by instr() instead of the trigram index), which is what it would cost without the schema's indexes.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EcgRecord } from '../src-main/ecg/record.js';
import { mulberry32 } from '../src-main/explain/rng.js';
import { readEcgFile } from '../src-main/formats/registry.js';
import { openArchive } from '../src-main/store/archive.js';
import { encodeStudy } from '../src-main/store/encode-study.js';
import { buildPageSql, type StudyQuery } from '../src-main/store/study-query.js';
import { Report, isQuick, medianMs } from './lib/result.js';
import { fixturesDir } from './lib/shared.js';

const report = new Report('worklist', 'worklist queries on a large archive');
const N = isQuick() ? 20_000 : 100_000;
const GOAL_MS = 50;
const work = mkdtempSync(join(tmpdir(), 'ecg-bench-worklist-'));
const archive = openArchive(join(work, 'archive.db'));

const FORMATS = ['cinc', 'cinc', 'cinc', 'wfdb', 'hl7-aecg', 'dicom', 'muse', 'philips', 'scp', 'edf'];
const STATEMENTS = [
  'Sinus rhythm', 'Sinus bradycardia', 'Sinus tachycardia', 'Atrial fibrillation', 'Atrial flutter',
  'Left bundle branch block', 'Right bundle branch block', 'Left axis deviation', 'Left ventricular hypertrophy',
  'ST elevation', 'T wave inversion', 'First degree AV block', 'Premature ventricular contractions', 'Low QRS voltages',
];
const CLASSES = ['NORM', 'MI', 'STTC', 'CD', 'HYP'];

function smallRealRecord(): EcgRecord {
  const r = readEcgFile(join(fixturesDir('cinc'), 'HR00001.hea'));
  const n = r.fs / 2; // half a second
  return {
    ...r,
    samples: r.samples.map((s) => s.slice(0, n)),
    digital: r.digital?.map((d) => d && { ...d, values: d.values.slice(0, n) }),
  };
}

function build(): void {
  const base = smallRealRecord();
  const encoded = encodeStudy(base);
  const r = mulberry32(42); // the same archive every run
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const started = performance.now();
  const BATCH = 5000;
  for (let from = 0; from < N; from += BATCH) {
    archive.db.transaction(() => {
      for (let i = from; i < Math.min(N, from + BATCH); i++) {
        const patientId = `P${String(Math.floor(r() * N * 0.6)).padStart(7, '0')}`;
        const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(r() * 25 * 365.25 * 86400) * 1000).toISOString().slice(0, 19);
        const rec: EcgRecord = {
          ...base,
          id: `ACC${i}`,
          startTime: r() < 0.95 ? day : undefined,
          patient: {
            id: patientId,
            ...(r() < 0.5 ? { name: `Name${Math.floor(r() * 20000)}^Given${Math.floor(r() * 500)}` } : {}),
            sex: r() < 0.48 ? 'F' : r() < 0.96 ? 'M' : 'U',
            ...(r() < 0.9 ? { age: 18 + Math.floor(r() * 80) } : {}),
          },
          statements: Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(STATEMENTS)),
          source: { format: pick(FORMATS), path: `/archive/site${i % 7}/ecg-${i}.dat`, sha256: `bench-${i}` },
        };
        const id = archive.studies.insert(rec, encoded, { actor: 'bench', importedAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() });
        if (r() < 0.6) {
          const p = CLASSES.map(() => r() ** 3);
          const sum = p.reduce((a, b) => a + b, 0);
          const analysisId = archive.analyses.add({
            studyId: id, modelId: 'resnet1d-ptbxl', modelVersion: '1.0.0',
            probabilities: Object.fromEntries(CLASSES.map((c, k) => [c, p[k]! / sum])),
            uncertainty: r(), surrogateAgreement: 0.5 + r() / 2,
          });
          if (r() < 0.17) archive.overreads.add({ studyId: id, analysisId, reader: 'dr.bench', status: r() < 0.8 ? 'confirmed' : 'rejected' });
        }
      }
    })();
  }
  const seconds = (performance.now() - started) / 1000;
  archive.studies.refreshStatistics(); // what the importer does after a batch that grew the archive
  report.add('build: studies stored', N / seconds, 'studies/s');
  report.note(`built ${N} studies in ${seconds.toFixed(1)} s; archive ${(statSync(archive.db.name).size / 2 ** 20).toFixed(0)} MiB`);
}

/**
 * The page + count SQL of a query with no index to help: `NOT INDEXED` on studies, and a search word checked by
 * instr() over every stored text instead of the trigram index. The full-scan baseline.
 */
function unindexed(q: StudyQuery): () => void {
  const { pageSql, countSql, params, countParams } = buildPageSql(q);
  const scan = (sql: string, ps: unknown[]) => {
    let out = sql.replace('FROM studies s', 'FROM studies s NOT INDEXED').replace('+s.id IN', 's.id IN');
    const values = ps.map((p) => {
      const m = typeof p === 'string' ? /^(ident|statements) : "(.*)"$/.exec(p) : null;
      if (!m) return p;
      out = out.replace('study_search MATCH ?', `instr(lower(${m[1]}), ?) > 0`);
      return m[2]!.toLowerCase();
    });
    return { stmt: archive.db.prepare(out), values };
  };
  const page = scan(pageSql, params);
  const count = scan(countSql, countParams);
  return () => {
    page.stmt.all(...page.values);
    count.stmt.get(...count.values);
  };
}

function measure(name: string, q: StudyQuery): void {
  const indexed = archive.queries.list(q);
  const baselineName = `${name}: full scan`;
  report.add(baselineName, medianMs(unindexed(q)), 'ms');
  const m = report.compare(name, medianMs(() => archive.queries.list(q)), 'ms', baselineName);
  m.goal = `≤ ${GOAL_MS} ms`;
  m.ok = m.value <= GOAL_MS;
  report.note(`${name}: ${indexed.total} matches; plan ${archive.queries.plan(q).join(' | ')}`);
}

try {
  build();
  const probe = archive.queries.list({ sort: 'patient', direction: 'asc', offset: Math.floor(N / 2), limit: 1 }).items[0]!;
  const fragment = probe.patient.label!.slice(1, 6);
  measure('first page, acquired desc', {});
  measure('first page, patient asc', { sort: 'patient', direction: 'asc' });
  measure('sex F, age 40–70, by age', { sex: ['F'], age: { min: 40, max: 70 }, sort: 'age', direction: 'asc' });
  measure('format dicom, acquired desc', { formats: ['dicom'] });
  measure('acquired in 2015, acquired asc', { acquiredFrom: '2015-01-01', acquiredTo: '2015-12-31', direction: 'asc' });
  measure(`text "${fragment}"`, { text: fragment });
  measure('statement "fibrillation"', { statement: 'fibrillation' });
  measure('top class MI, by probability', { topClass: ['MI'], sort: 'probability' });
  measure('unconfirmed, uncertainty ≥ 0.8, by uncertainty', { confirmed: false, uncertainty: { min: 0.8 }, sort: 'uncertainty' });
  measure(`deep page (offset ${N - 50})`, { offset: N - 50 });
  const before = archive.queries.list({ offset: N - 51, limit: 1 });
  measure(`deep page (keyset, row ${N - 50})`, { cursor: before.nextCursor! });
} finally {
  archive.close();
  rmSync(work, { recursive: true, force: true });
}
report.finish();
