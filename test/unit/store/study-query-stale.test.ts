/**
 * The worklist's stale mark: asked with the version key analyses use now, each page row's latest analysis says
 * whether it was made with other weights (another sha256) or, same weights, another cluster model, and with what.
 * Checked against isCurrent (the analysisStatus counts' rule) and staleStudyIds over every page, offset and keyset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staleStudyIds } from '../../../src-main/store/analysis-versions.js';
import { isCurrent, type VersionKey } from '../../../src-main/store/staleness-rule.js';
import type { StaleAnalysis, StudySummary } from '../../../src-main/store/study-summary.js';
import { seedStudies, tempArchive } from './synthetic.js';

const N = 120;
const KEY: VersionKey = { sha256: 'sha-now', clusterModel: 'clusters-now' };

/** What each study's latest analysis is made with; seedStudies's own analyses (every third study) have neither. */
const VERSIONS: Array<{ modelSha256?: string; clusterModelVersion?: string; modelVersion: string }> = [
  { modelSha256: 'sha-now', clusterModelVersion: 'clusters-now', modelVersion: '2' },
  { modelSha256: 'sha-now', clusterModelVersion: 'clusters-old', modelVersion: '2' },
  { modelSha256: 'sha-now', modelVersion: '2' },
  { modelSha256: 'sha-old', clusterModelVersion: 'clusters-now', modelVersion: '1' },
  { modelSha256: 'sha-old', clusterModelVersion: 'clusters-old', modelVersion: '1' },
];

describe('stale analyses in the worklist query', () => {
  let t: ReturnType<typeof tempArchive>;
  /** the latest analysis's versions per study id */
  const latest = new Map<number, { modelSha256?: string; clusterModel?: string; modelVersion: string }>();

  beforeAll(() => {
    t = tempArchive();
    seedStudies(t.archive, N, 3);
    for (let id = 1; id <= N; id += 3) latest.set(id, { modelVersion: '1' });
    // studies 2, 4, 5, 7, 8, …: one or two analyses each, the last one counting
    for (let id = 2; id <= N; id++) {
      if (id % 3 === 1) continue;
      const rounds = id % 4 === 0 ? 2 : 1;
      for (let k = 0; k < rounds; k++) {
        const v = VERSIONS[(id + k) % VERSIONS.length]!;
        t.archive.analyses.add({ studyId: id, modelId: 'tlc', probabilities: { NORM: 0.7, MI: 0.3 }, ...v });
        latest.set(id, { modelVersion: v.modelVersion, ...(v.modelSha256 ? { modelSha256: v.modelSha256 } : {}), ...(v.clusterModelVersion ? { clusterModel: v.clusterModelVersion } : {}) });
      }
    }
  });
  afterAll(() => t.cleanup());

  const expected = (id: number, key: VersionKey): StaleAnalysis | undefined => {
    const v = latest.get(id)!;
    if (isCurrent(v, key)) return undefined;
    return {
      reason: v.modelSha256 !== key.sha256 ? 'model' : 'cluster-model',
      modelId: v.modelSha256 ? 'tlc' : 'm',
      modelVersion: v.modelVersion,
      ...(v.clusterModel ? { clusterModel: v.clusterModel } : {}),
    };
  };

  it('marks each analysed row by isCurrent, with the reason and what it was made with, on every offset page', () => {
    const seen = new Map<number, StudySummary>();
    for (let offset = 0; offset < N; offset += 25) {
      for (const s of t.archive.queries.list({ sort: 'patient', direction: 'asc', offset, limit: 25 }, KEY).items) seen.set(s.id, s);
    }
    expect(seen.size).toBe(N);
    const reasons = { model: 0, 'cluster-model': 0, current: 0 };
    for (const [id, s] of seen) {
      expect(s.analysis?.stale, `study ${id}`).toEqual(expected(id, KEY));
      reasons[s.analysis?.stale?.reason ?? 'current']++;
    }
    // every case is present: seedStudies's 40 analyses without sha256, and the five versions round-robin
    expect(reasons.model).toBeGreaterThan(40);
    expect(reasons['cluster-model']).toBeGreaterThan(10);
    expect(reasons.current).toBeGreaterThan(10);
    // the same set staleStudyIds (the analyse-again selection) finds
    const stale = [...seen.values()].filter((s) => s.analysis?.stale).map((s) => s.id).sort((a, b) => a - b);
    expect(stale).toEqual(staleStudyIds(t.archive.db, KEY, {}, 10_000));
  });

  it('a key without a cluster model makes sha-now analyses without one current, and filters still apply', () => {
    const key: VersionKey = { sha256: 'sha-now' };
    let cursor: string | undefined;
    let rows = 0;
    do {
      const page = t.archive.queries.list({ hasAnalysis: true, sort: 'probability', limit: 7, ...(cursor ? { cursor } : {}) }, key);
      for (const s of page.items) {
        expect(s.analysis?.stale, `study ${s.id}`).toEqual(expected(s.id, key));
        rows++;
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(rows).toBe(latest.size);
    expect(t.archive.queries.list({ limit: N }, key).items.filter((s) => s.analysis && !s.analysis.stale).map((s) => latest.get(s.id))).toEqual(
      expect.arrayContaining([{ modelSha256: 'sha-now', modelVersion: '2' }]),
    );
  });

  it('without a key no row is marked; with one the page still walks its sort index', () => {
    expect(t.archive.queries.list({ limit: N }).items.some((s) => s.analysis?.stale)).toBe(false);
    const plan = t.archive.queries.plan({ sort: 'age' }, KEY).join(' | ');
    expect(plan).toMatch(/SCAN s USING INDEX studies_age/);
    expect(plan).toMatch(/SEARCH a USING INTEGER PRIMARY KEY/);
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
