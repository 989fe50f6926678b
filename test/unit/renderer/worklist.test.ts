/**
 * The worklist state over the real API: a fresh archive filled by the real importer from the CinC fixtures,
 * paged, filtered, sorted and navigated the way the table drives it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyQuery } from '../../../src-main/api/contract/studies.js';
import type { WorklistState as WorklistStateT } from '../../../src-renderer/state/worklist.svelte.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { tempApi, type TempApi } from '../api/temp-api.js';

type Module = typeof import('../../../src-renderer/state/worklist.svelte.js');

describe.skipIf(!hasShared('fixtures', 'cinc'))('worklist state', () => {
  let t: TempApi;
  let mod: Module;
  const queries: StudyQuery[] = [];
  let imported = 0;
  /** E075xx files stored as studies (a file whose signal duplicates another's is not) */
  let e075 = 0;
  const list = async (q: StudyQuery) => {
    queries.push(q);
    return (await t.api.dispatch('listStudies', q)) as Awaited<ReturnType<ConstructorParameters<Module['WorklistState']>[0]>>;
  };

  beforeAll(async () => {
    mod = (await import('../../../src-renderer/state/worklist.svelte.js')) as unknown as Module;
    t = tempApi();
    const summary = (await t.api.dispatch('importPaths', { paths: [fixture('cinc')] })) as { imported: number; duplicates: Array<{ path: string }> };
    imported = summary.imported;
    e075 = 20 - summary.duplicates.filter((d) => /E075\d\d\.hea$/.test(d.path)).length;
    expect(imported).toBeGreaterThan(50);
  });
  afterAll(() => t.dispose());

  it('loads the first page with the total, then further pages on demand', async () => {
    const w: WorklistStateT = new mod.WorklistState(list);
    await w.refresh();
    expect(w.ready).toBe(true);
    expect(w.total).toBe(imported);
    expect(w.row(0)).toBeDefined();
    expect(w.row(imported - 1)).toBeDefined(); // all fit on the first page of 100
    expect(queries.at(-1)).toMatchObject({ offset: 0, limit: mod.PAGE_SIZE, sort: 'acquired', direction: 'desc' });
    queries.length = 0;
    await w.ensureRows(0, imported);
    expect(queries).toHaveLength(0); // nothing asked twice
  });

  it('filters by text and keeps the selection inside the list', async () => {
    const w = new mod.WorklistState(list);
    await w.setFilters({ text: 'E075' });
    expect(w.total).toBe(e075);
    for (let i = 0; i < w.total; i++) expect(w.row(i)!.fileName).toMatch(/^E075/);
    expect(w.move(-1)).toBe(0);
    expect(w.move(5)).toBe(5);
    expect(w.move(100)).toBe(e075 - 1);
    expect(w.selectedStudy).toBe(w.row(e075 - 1));
  });

  it('sorts by age both ways on header clicks', async () => {
    const w = new mod.WorklistState(list);
    await w.sortBy('age');
    expect(w.sort).toEqual({ key: 'age', direction: 'desc' });
    const ages = Array.from({ length: w.total }, (_, i) => w.row(i)!.patient.age ?? -1);
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    await w.sortBy('age');
    expect(w.sort.direction).toBe('asc');
    const asc = Array.from({ length: w.total }, (_, i) => w.row(i)!.patient.age ?? -1);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
  });

  it('sends every filter as a query the API accepts', async () => {
    const w = new mod.WorklistState(list);
    await w.setFilters({ classes: ['MI', 'CD'], from: '2020-01-01', to: '2020-12-31', uncertaintyAbove: 0.3, disagreement: true, confirmed: 'unconfirmed' });
    expect(w.error).toBeUndefined();
    expect(queries.at(-1)).toMatchObject({
      topClass: ['MI', 'CD'], acquiredFrom: '2020-01-01', acquiredTo: '2020-12-31', uncertainty: { min: 0.3 }, surrogateAgreement: { max: expect.closeTo(1, 6) }, confirmed: false,
    });
    expect(queries.at(-1)!.surrogateAgreement!.max).toBeLessThan(1);
    expect(w.total).toBe(0); // nothing is analysed in this archive
  });

  it('fetches only the pages in view of a 100 000-study list', async () => {
    const asked: number[] = [];
    const big = async (q: StudyQuery) => {
      asked.push(q.offset ?? 0);
      const items = Array.from({ length: q.limit! }, (_, i) => ({ id: q.offset! + i + 1 }) as never);
      return { items, total: 100_000, offset: q.offset! };
    };
    const w = new mod.WorklistState(big);
    await w.refresh();
    await w.ensureRows(50_010, 50_040);
    await w.ensureRows(50_020, 50_050);
    expect(asked).toEqual([0, 50_000]);
    expect(w.row(50_030)).toEqual({ id: 50_031 });
    expect(w.row(70_000)).toBeUndefined();
  });

  it('drops answers to a superseded query', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const slowFirst = async (q: StudyQuery) => {
      if (calls++ === 0) await gate;
      return list(q);
    };
    const w = new mod.WorklistState(slowFirst);
    const stale = w.refresh();
    await w.setFilters({ text: 'HR06' });
    release();
    await stale;
    expect(w.total).toBe(10);
    expect(w.row(0)!.fileName).toMatch(/^HR06/);
  });
});
