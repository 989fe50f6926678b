/**
 * Importer behaviour on record files of the test format (synthetic.ts), through an injected parser: folders,
 * de-duplication, failures, progress, cancellation, archive failure. importer-cinc.test.ts runs the real readers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportStoppedError, importPaths, type ImportProgress } from '../../../src-main/store/importer.js';
import { parseSynth, tempArchive, writeSynthFile } from './synthetic.js';

describe('importer', () => {
  let t: ReturnType<typeof tempArchive>;
  let src: string;
  beforeEach(() => {
    t = tempArchive();
    src = join(t.dir, 'in');
    mkdirSync(join(src, 'sub', 'deeper'), { recursive: true });
  });
  afterEach(() => t.cleanup());

  const run = (paths: string[], extra = {}) => importPaths(t.archive.studies, paths, { parse: parseSynth, actor: 'tester', ...extra });

  it('walks folders recursively, skipping hidden and companion files', async () => {
    writeSynthFile(join(src, 'a.syn'), { seed: 1, n: 500 });
    writeSynthFile(join(src, 'sub', 'b.syn'), { seed: 2, n: 500 });
    writeSynthFile(join(src, 'sub', 'deeper', 'c.syn'), { seed: 3, n: 500 });
    writeSynthFile(join(src, '.hidden.syn'), { seed: 4, n: 500 });
    mkdirSync(join(src, '.git'));
    writeSynthFile(join(src, '.git', 'd.syn'), { seed: 5, n: 500 });
    writeFileSync(join(src, 'a.dat'), 'companion');
    writeFileSync(join(src, 'sub', 'RECORDS.txt'), 'b');
    const s = await run([src]);
    expect(s).toMatchObject({ total: 3, imported: 3, duplicates: [], failures: [], skipped: 4, cancelled: false });
    expect(t.archive.queries.list({ sort: 'imported', direction: 'asc' }).items.map((x) => x.fileName)).toEqual(['a.syn', 'b.syn', 'c.syn']);
  });

  it('skips a companion named on the command line when its record sits beside it, and tries one that is alone', async () => {
    writeSynthFile(join(src, 'r.syn'), { seed: 1, n: 200 });
    writeFileSync(join(src, 'r.dat'), 'signal bytes');
    writeFileSync(join(src, 'lonely.dat'), 'what is this');
    const s = await run([join(src, 'r.syn'), join(src, 'r.dat'), join(src, 'lonely.dat')]);
    expect(s.imported).toBe(1);
    expect(s.skipped).toBe(1);
    expect(s.failures).toEqual([{ path: join(src, 'lonely.dat'), reason: 'not a SYNTH test record' }]);
  });

  it('de-duplicates by file hash, and by signal content under another name', async () => {
    writeSynthFile(join(src, 'a.syn'), { seed: 1, n: 500 });
    writeSynthFile(join(src, 'b.syn'), { seed: 2, n: 500 });
    const first = await run([src]);
    expect(first.imported).toBe(2);
    // same bytes under another name, and another file (other metadata) holding the same signal
    writeSynthFile(join(src, 'sub', 'a-copy.syn'), { seed: 1, n: 500 });
    writeSynthFile(join(src, 'sub', 'b-renamed.syn'), { seed: 2, n: 500, recordId: 'other name' });
    writeSynthFile(join(src, 'sub', 'c.syn'), { seed: 3, n: 500 });
    const second = await run([src]);
    expect(second.imported).toBe(1);
    const [ida, idb] = first.studyIds;
    expect(second.duplicates).toEqual([
      { path: join(src, 'a.syn'), studyId: ida, match: 'file' },
      { path: join(src, 'b.syn'), studyId: idb, match: 'file' },
      { path: join(src, 'sub', 'a-copy.syn'), studyId: ida, match: 'file' },
      { path: join(src, 'sub', 'b-renamed.syn'), studyId: idb, match: 'signal' },
    ]);
    expect(t.archive.studies.count()).toBe(3);
  });

  it('lists each failing file with its reason and imports the others', async () => {
    writeSynthFile(join(src, 'a.syn'), { seed: 1, n: 300 });
    writeFileSync(join(src, 'b-garbage.syn'), 'SYNTH {not json');
    writeFileSync(join(src, 'c-empty.syn'), '');
    writeFileSync(join(src, 'd-other.bin'), Buffer.from([0, 1, 2, 3]));
    writeSynthFile(join(src, 'e.syn'), { seed: 2, n: 300 });
    const s = await run([src, join(t.dir, 'missing-folder')]);
    expect(s.imported).toBe(2);
    expect(s.failures).toEqual([
      { path: join(t.dir, 'missing-folder'), reason: 'no such file or folder' },
      { path: join(src, 'b-garbage.syn'), reason: 'SYNTH spec is not JSON' },
      { path: join(src, 'c-empty.syn'), reason: 'not a SYNTH test record' },
      { path: join(src, 'd-other.bin'), reason: 'not a SYNTH test record' },
    ]);
    expect(s.total).toBe(6);
  });

  it('writes one audit entry per study and one for the batch, with its counts and failures', async () => {
    writeSynthFile(join(src, 'a.syn'), { seed: 1, n: 300 });
    writeFileSync(join(src, 'b.syn'), 'bad');
    const s = await run([src]);
    const entries = t.archive.audit.latest(10);
    expect(entries.map((e) => e.action)).toEqual(['import-batch', 'import']);
    expect(entries[0]).toMatchObject({
      actor: 'tester',
      entity: 'import',
      details: { paths: [src], total: 2, imported: 1, duplicates: 0, failures: [{ path: join(src, 'b.syn'), reason: 'not a SYNTH test record' }], cancelled: false },
    });
    expect(entries[1]).toMatchObject({ entityId: s.studyIds[0] });
  });

  it('lists a parser that throws something other than FormatError (a reader bug) as a failure too', async () => {
    writeSynthFile(join(src, 'a.syn'), { seed: 1, n: 300 });
    const s = await run([src], { parse: () => { throw new RangeError('offset out of bounds'); } });
    expect(s.failures).toEqual([{ path: join(src, 'a.syn'), reason: 'offset out of bounds' }]);
  });

  it('reports progress after each file, ending at the totals', async () => {
    for (let i = 0; i < 5; i++) writeSynthFile(join(src, `f${i}.syn`), { seed: i, n: 200 });
    writeFileSync(join(src, 'z.syn'), 'bad');
    writeSynthFile(join(src, 'sub', 'f0-again.syn'), { seed: 0, n: 200 });
    const seen: ImportProgress[] = [];
    const s = await run([src], { onProgress: (p: ImportProgress) => seen.push(p) });
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(seen.at(-1)).toMatchObject({ done: 7, total: 7, imported: 5, duplicates: 1, failed: 1 });
    expect(seen.at(-1)!.rate).toBeGreaterThan(0);
    expect(s.rate).toBeGreaterThan(0);
  });

  it('stops between files when cancelled; a re-run imports the rest', async () => {
    for (let i = 0; i < 10; i++) writeSynthFile(join(src, `f${i}.syn`), { seed: i, n: 200 });
    const ac = new AbortController();
    const s = await run([src], { signal: ac.signal, onProgress: (p: ImportProgress) => p.done === 3 && ac.abort() });
    expect(s).toMatchObject({ cancelled: true, imported: 3, total: 10 });
    const rest = await run([src]);
    expect(rest).toMatchObject({ cancelled: false, imported: 7 });
    expect(rest.duplicates).toHaveLength(3);
  });

  it('stops the batch when the archive cannot be written, saying what was done', async () => {
    for (let i = 0; i < 3; i++) writeSynthFile(join(src, `f${i}.syn`), { seed: i, n: 200 });
    t.archive.db.pragma('query_only = ON');
    const err = await run([src]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportStoppedError);
    expect((err as ImportStoppedError).path).toBe(join(src, 'f0.syn'));
    expect((err as ImportStoppedError).message).toMatch(/could not be written .*readonly/);
    expect((err as ImportStoppedError).summary).toMatchObject({ total: 3, imported: 0 });
  });
});
