/**
 * Index use, not timing: the worklist's main sorts and filters must be answered from an index (EXPLAIN QUERY
 * PLAN), so their cost grows with the page, not the archive. bench/worklist.ts shows the times at 100k studies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDY_SORT_KEYS, buildPageSql, type StudyQuery } from '../../../src-main/store/study-query.js';
import { seedStudies, tempArchive } from './synthetic.js';

const INDEX_OF = {
  acquired: 'studies_acquired',
  imported: 'studies_imported',
  patient: 'studies_patient_key',
  age: 'studies_age',
  probability: 'studies_probability',
  uncertainty: 'studies_uncertainty',
} as const;

describe.each([
  ['before ANALYZE', false],
  ['after ANALYZE', true],
])('worklist query plans on 3,000 studies (%s)', (_, analyze) => {
  let t: ReturnType<typeof tempArchive>;
  beforeAll(() => {
    t = tempArchive();
    seedStudies(t.archive, 3000, 2);
    if (analyze) t.archive.db.exec('ANALYZE');
  });
  afterAll(() => t.cleanup());

  const plan = (q: StudyQuery) => t.archive.queries.plan(q).join(' | ');

  for (const sort of STUDY_SORT_KEYS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`${sort} ${direction}: scans ${INDEX_OF[sort]} in order, no sort step`, () => {
        const p = plan({ sort, direction });
        expect(p).toContain(`USING INDEX ${INDEX_OF[sort]}`);
        expect(p).not.toContain('TEMP B-TREE');
      });
    }
  }

  it('keyset page: seeks into the sort index', () => {
    const { nextCursor } = t.archive.queries.list({ sort: 'age', limit: 10 });
    const p = plan({ sort: 'age', cursor: nextCursor! });
    expect(p).toMatch(/SEARCH s USING INDEX studies_age \(age_key<\?\)/);
    expect(p).not.toContain('TEMP B-TREE');
  });

  const filtered: Array<[string, StudyQuery, RegExp]> = [
    ['format, default sort', { formats: ['cinc'] }, /SEARCH s USING INDEX studies_format \(source_format=\?\)/],
    ['sex, default sort', { sex: ['F'] }, /SEARCH s USING INDEX studies_sex \(sex=\?\)/],
    ['confirmed, default sort', { confirmed: false }, /SEARCH s USING INDEX studies_confirmed \(confirmed=\?\)/],
    ['top class by probability', { topClass: ['MI'], sort: 'probability' }, /SEARCH s USING INDEX studies_top_class \(top_class=\?\)/],
  ];
  for (const [name, q, re] of filtered) {
    it(`${name}: searches an index and needs no sort step`, () => {
      const p = plan(q);
      expect(p).toMatch(re);
      expect(p).not.toContain('TEMP B-TREE');
    });
  }

  it('acquired range: the index bounds the range (with statistics SQLite may skip-scan the format index instead)', () => {
    expect(plan({ acquiredFrom: '2015-01-01', acquiredTo: '2016-12-31' })).toMatch(/SEARCH s USING INDEX studies_(acquired|format) \((ANY\(source_format\) AND )?acquired_key>\? AND acquired_key<\?\)/);
  });

  it('text search goes through the trigram index (MATCH), not a scan of studies', () => {
    const p = plan({ text: 'P0001' });
    expect(p).toMatch(/study_search VIRTUAL TABLE INDEX \d+:M/);
    expect(p).toMatch(/SEARCH s USING INTEGER PRIMARY KEY/);
    expect(p).not.toMatch(/SCAN s\b/);
  });

  it('a statement filter walks the sort index and probes the trigram matches (statements match many studies)', () => {
    const p = plan({ statement: 'fibrillation' });
    expect(p).toMatch(/study_search VIRTUAL TABLE INDEX \d+:M/);
    expect(p).toContain('SCAN s USING INDEX studies_acquired');
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('the total count of a filtered query reads an index only', () => {
    const { countSql, countParams } = buildPageSql({ sex: ['M'] });
    const p = (t.archive.db.prepare(`EXPLAIN QUERY PLAN ${countSql}`).all(...countParams) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(p).toMatch(/USING COVERING INDEX studies_sex/);
  });
});
