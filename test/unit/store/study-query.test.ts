import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDY_SORT_KEYS, StudyQueryError, type StudyQuery, type StudySortKey } from '../../../src-main/store/study-query.js';
import type { StudySummary } from '../../../src-main/store/study-summary.js';
import { seedStudies, tempArchive, type SynthSpec } from './synthetic.js';

const N = 300;

/** The oracle: the same query answered in plain JavaScript over every study's summary. */
function reference(all: Array<{ s: StudySummary; spec: SynthSpec }>, q: StudyQuery): number[] {
  const has = (hay: Array<string | undefined>, word: string) => hay.some((h) => h?.toLowerCase().includes(word.toLowerCase()));
  const inRange = (v: number | undefined, r?: { min?: number; max?: number }) =>
    !r || (v !== undefined && v >= (r.min ?? 0) && (r.max === undefined || v <= r.max));
  const rows = all.filter(({ s, spec }) =>
    (!q.text || q.text.split(/\s+/).every((w) => has([spec.patientId, spec.name, s.recordId, s.fileName], w)))
    && (!q.statement || has(s.statements, q.statement))
    && (!q.sex || (s.patient.sex !== undefined && q.sex.includes(s.patient.sex)))
    && inRange(s.patient.age, q.age)
    && (!q.acquiredFrom || (s.acquiredAt !== undefined && s.acquiredAt >= q.acquiredFrom))
    && (!q.acquiredTo || (s.acquiredAt !== undefined && s.acquiredAt.slice(0, 10) <= q.acquiredTo))
    && (!q.formats || q.formats.includes(s.format))
    && (q.hasAnalysis === undefined || q.hasAnalysis === (s.analysis !== undefined))
    && (!q.topClass || (s.analysis?.topClass !== undefined && q.topClass.includes(s.analysis.topClass)))
    && inRange(s.analysis?.maxProbability, q.maxProbability)
    && inRange(s.analysis?.uncertainty, q.uncertainty)
    && inRange(s.analysis?.surrogateAgreement, q.surrogateAgreement)
    && (q.confirmed === undefined || q.confirmed === s.confirmed));
  const key: Record<StudySortKey, (s: StudySummary) => string | number> = {
    acquired: (s) => s.acquiredAt ?? '',
    imported: (s) => s.importedAt,
    patient: (s) => (s.patient.label ?? '').toLowerCase(),
    age: (s) => s.patient.age ?? -1,
    probability: (s) => s.analysis?.maxProbability ?? -1,
    uncertainty: (s) => s.analysis?.uncertainty ?? -1,
  };
  const k = key[q.sort ?? 'acquired'];
  const sign = (q.direction ?? 'desc') === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const x = k(a.s);
    const y = k(b.s);
    return sign * (x < y ? -1 : x > y ? 1 : a.s.id - b.s.id);
  });
  return rows.map((r) => r.s.id);
}

describe('study query', () => {
  let t: ReturnType<typeof tempArchive>;
  let all: Array<{ s: StudySummary; spec: SynthSpec }>;

  beforeAll(() => {
    t = tempArchive();
    const specs = seedStudies(t.archive, N, 5);
    t.archive.overreads.add({ studyId: 3, reader: 'dr', status: 'confirmed' });
    t.archive.overreads.add({ studyId: 9, reader: 'dr', status: 'edited' });
    all = specs.map((spec, i) => ({ s: t.archive.studies.summary(i + 1)!, spec }));
  });
  afterAll(() => t.cleanup());

  const ids = (q: StudyQuery) => t.archive.queries.list(q).items.map((s) => s.id);

  it('returns the summaries the repository returns', () => {
    const page = t.archive.queries.list({ sort: 'imported', direction: 'asc', limit: 3 });
    expect(page.items).toEqual(all.slice(0, 3).map((a) => a.s));
    expect(page.total).toBe(N);
  });

  for (const sort of STUDY_SORT_KEYS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sorts by ${sort} ${direction}, pages by offset`, () => {
        const want = reference(all, { sort, direction });
        expect(ids({ sort, direction, limit: 25 })).toEqual(want.slice(0, 25));
        expect(ids({ sort, direction, limit: 25, offset: 280 })).toEqual(want.slice(280, 305));
      });
    }
  }

  const filters: Array<[string, StudyQuery]> = [
    ['sex', { sex: ['F'] }],
    ['two sexes', { sex: ['M', 'U'] }],
    ['age range', { age: { min: 30, max: 50 } }],
    ['age upper bound only (unknown ages excluded)', { age: { max: 20 } }],
    ['acquired range, end day inclusive', { acquiredFrom: '2015-03-01', acquiredTo: '2019-05-14' }],
    ['acquired to only', { acquiredTo: '2012-12-31' }],
    ['format', { formats: ['cinc', 'muse'] }],
    ['statement substring', { statement: 'fibril' }],
    ['statement short word', { statement: 'st' }],
    ['text: part of a patient id', { text: 'P0001' }],
    ['text: name, any case', { text: 'name12' }],
    ['text: file name', { text: 'file-12' }],
    ['text: two words', { text: 'file-1 R1' }],
    ['text: short word', { text: 'R7' }],
    ['has analysis', { hasAnalysis: true }],
    ['has no analysis', { hasAnalysis: false }],
    ['top class', { topClass: ['MI', 'CD'] }],
    ['max probability', { maxProbability: { min: 0.3 } }],
    ['uncertainty', { uncertainty: { max: 0.5 } }],
    ['surrogate agreement', { surrogateAgreement: { min: 0.5, max: 0.9 } }],
    ['confirmed', { confirmed: true }],
    ['unconfirmed', { confirmed: false }],
    ['combined', { sex: ['F', 'M'], age: { min: 20 }, formats: ['cinc', 'wfdb', 'dicom'], statement: 'sinus', sort: 'age', direction: 'asc' }],
  ];
  for (const [name, q] of filters) {
    it(`filters: ${name}`, () => {
      const want = reference(all, q);
      expect(want.length, 'the seed must exercise the filter').toBeGreaterThan(0);
      expect(want.length, 'the seed must exercise the filter').toBeLessThan(N);
      const page = t.archive.queries.list({ ...q, limit: 1000 });
      expect(page.total).toBe(want.length);
      expect(page.items.map((s) => s.id)).toEqual(want);
      // the id selection (batch export) picks the same studies, in id order
      expect(t.archive.queries.ids(q)).toEqual([...want].sort((a, b) => a - b));
    });
  }

  it('a date alone as both ends of the acquired range means that whole day', () => {
    const day = all.find((a) => a.s.acquiredAt)!.s.acquiredAt!.slice(0, 10);
    const want = reference(all, { acquiredFrom: day, acquiredTo: day });
    expect(want.length).toBeGreaterThan(0);
    expect(ids({ acquiredFrom: day, acquiredTo: day })).toEqual(want);
    expect(ids({ acquiredFrom: day, acquiredTo: `${day}T07:59:59` })).toEqual([]);
  });

  it('walks every page by keyset cursor to the same sequence as the reference, and stops', () => {
    const q: StudyQuery = { sort: 'patient', direction: 'asc', hasAnalysis: false, limit: 17 };
    const want = reference(all, q);
    const got: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = t.archive.queries.list(cursor ? { ...q, cursor } : q);
      expect(page.total).toBe(want.length);
      got.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(got).toEqual(want);
    expect(pages).toBe(Math.ceil(want.length / 17));
  });

  it('keyset cursors work with unknown values in the sort column (age)', () => {
    const q: StudyQuery = { sort: 'age', direction: 'desc', limit: 40 };
    const want = reference(all, q);
    const first = t.archive.queries.list(q);
    const rest = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const p = t.archive.queries.list({ ...q, cursor });
      rest.push(...p.items.map((s) => s.id));
      cursor = p.nextCursor;
    }
    expect([...first.items.map((s) => s.id), ...rest]).toEqual(want);
  });

  it('rejects bad paging and dates with StudyQueryError', () => {
    const { nextCursor } = t.archive.queries.list({ sort: 'age', limit: 5 });
    expect(() => t.archive.queries.list({ sort: 'patient', cursor: nextCursor! })).toThrow(/belongs to the sort age desc/);
    expect(() => t.archive.queries.list({ cursor: 'garbage' })).toThrow(StudyQueryError);
    expect(() => t.archive.queries.list({ limit: 0 })).toThrow(/limit/);
    expect(() => t.archive.queries.list({ offset: -1 })).toThrow(/offset/);
    expect(() => t.archive.queries.list({ acquiredFrom: '03/04/2020' })).toThrow(/ISO date/);
    expect(() => t.archive.queries.list({ sort: 'colour' as StudySortKey })).toThrow(/unknown sort/);
  });

  it('treats search text literally (quotes and FTS operators are not syntax)', () => {
    expect(t.archive.queries.list({ text: '"file-1" OR NEAR(x' }).total).toBe(0);
    expect(t.archive.queries.list({ text: 'file-1"' }).total).toBe(0);
  });
});
