/**
 * Worklist queries over a 100,000-study archive (20,000 with --quick), built by bench/lib/synthetic-archive.ts
 * with the real repository insert code.
 *
 * Each query is timed as the worklist runs it (one page of 50 plus the total count), median of 7 after 2
 * warm-ups. Baseline, same run: the same query with no index (`NOT INDEXED` on studies, search words matched
 * by instr() instead of the trigram index), which is what it would cost without the schema's indexes.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive } from '../src-main/store/archive.js';
import { buildPageSql, type StudyQuery } from '../src-main/store/study-query.js';
import { Report, isQuick, medianMs } from './lib/result.js';
import { buildSyntheticArchive } from './lib/synthetic-archive.js';

const report = new Report('worklist', 'worklist queries on a large archive');
const N = isQuick() ? 20_000 : 100_000;
const GOAL_MS = 50;
const work = mkdtempSync(join(tmpdir(), 'ecg-bench-worklist-'));
const archive = openArchive(join(work, 'archive.db'));

function build(): void {
  const seconds = buildSyntheticArchive(archive, N);
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
