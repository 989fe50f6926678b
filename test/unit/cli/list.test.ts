/** `ecg-tlc list` over an archive of the real CinC fixtures: table, JSON, filters, paging, usage errors. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../src-main/store/archive.js';
import { importPaths } from '../../../src-main/store/importer.js';
import type { StudyPage } from '../../../src-main/store/study-query.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { runImportList } from './import-list-cli.js';

describe.skipIf(!hasShared('fixtures', 'cinc'))('ecg-tlc list', () => {
  let tmp: string;
  let db: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-list-'));
    db = join(tmp, 'a.db');
    const archive = openArchive(db);
    await importPaths(archive.studies, [fixture('cinc')], { actor: 'test' });
    archive.close();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const json = async (...args: string[]) => {
    const r = await runImportList(['list', '--db', db, '--json', ...args]);
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as StudyPage;
  };

  it('prints a table with a header, one row per study and where the next page starts', async () => {
    const r = await runImportList(['list', '--db', db, '--limit', '5', '--sort', 'patient:asc']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^ID\s+Patient\s+Sex\s+Age\s+Acquired\s+Format\s+Leads\s+File\s+Top class\s+Statements$/);
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^\d+\s+—\s+[MF]\s+\d+\s+—\s+cinc\s+12×10s\s+\S+\.hea\s+—\s+SNOMED:\d+/);
    expect(lines[6]).toBe('1–5 of 59 studies; next page: --offset 5');
  });

  it('filters by sex and age and sorts by age, as the archive query does', async () => {
    const page = await json('--sex', 'F', '--min-age', '50', '--max-age', '70', '--sort', 'age:asc', '--limit', '100');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.total).toBe(page.items.length);
    for (const s of page.items) {
      expect(s.patient.sex).toBe('F');
      expect(s.patient.age).toBeGreaterThanOrEqual(50);
      expect(s.patient.age).toBeLessThanOrEqual(70);
    }
    const ages = page.items.map((s) => s.patient.age!);
    expect(ages).toEqual([...ages].sort((a, b) => a - b));
  });

  it('finds studies by file name, statement code and format', async () => {
    expect((await json('--search', 'HR0000')).items.map((s) => s.fileName).sort()).toEqual(
      Array.from({ length: 9 }, (_, i) => `HR0000${i + 1}.hea`),
    );
    // 426783006: sinus rhythm (SNOMED CT)
    const sinus = await json('--statement', '426783006', '--limit', '100');
    expect(sinus.total).toBeGreaterThan(0);
    expect(sinus.total).toBeLessThan(59);
    for (const s of sinus.items) expect(s.statements).toContain('SNOMED:426783006');
    expect((await json('--format', 'wfdb,edf')).total).toBe(0);
    expect((await json('--format', 'cinc')).total).toBe(59);
    expect((await json('--analysed')).total).toBe(0);
    expect((await json('--unconfirmed')).total).toBe(59);
  });

  it('pages by cursor through every study once', async () => {
    const seen: number[] = [];
    let page = await json('--limit', '25');
    seen.push(...page.items.map((s) => s.id));
    while (page.nextCursor) {
      page = await json('--limit', '25', '--cursor', page.nextCursor);
      seen.push(...page.items.map((s) => s.id));
    }
    expect(seen).toHaveLength(59);
    expect(new Set(seen).size).toBe(59);
  });

  it.each([
    [['--sex', 'X']],
    [['--sort', 'colour']],
    [['--sort', 'age:sideways']],
    [['--from', '03/04/2020']],
    [['--limit', '0']],
    [['--min-age', 'old']],
    [['--analysed', '--not-analysed']],
    [['--offset', '5', '--cursor', 'abc']],
    [['--cursor', 'garbage']],
  ])('exits 2 on %j', async (args) => {
    const r = await runImportList(['list', '--db', db, ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error/i);
  });

  it('exits 1 when the archive does not exist, saying how to make one', async () => {
    const r = await runImportList(['list', '--db', join(tmp, 'none.db')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no archive at .*none\.db; import ECG files first/);
  });
});
