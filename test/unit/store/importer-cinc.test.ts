/**
 * The importer on real files through the real readers: the 59 CinC fixtures and the 144 CinC records of the
 * shared data. Every stored study must give back exactly what the reader gives for its file.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { importPaths } from '../../../src-main/store/importer.js';
import { fixture, hasShared, sharedPath } from '../../helpers/shared.js';
import { tempArchive } from './synthetic.js';

/** Byte-for-byte equality of typed arrays (toEqual walks long arrays element by element: minutes on PTB records). */
const sameBytes = (a: ArrayBufferView | undefined, b: ArrayBufferView | undefined) =>
  a !== undefined && b !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function expectSameRecord(got: EcgRecord, want: EcgRecord): void {
  expect(got.leads).toEqual(want.leads);
  expect(got.fs).toBe(want.fs);
  got.samples.forEach((s, k) => expect(sameBytes(s, want.samples[k]), `mV of ${got.leads[k]}`).toBe(true));
  expect(got.digital?.length).toBe(want.digital?.length);
  got.digital?.forEach((d, k) => {
    const w = want.digital![k];
    expect([d?.gain, d?.baseline]).toEqual([w?.gain, w?.baseline]);
    expect(sameBytes(d?.values, w?.values), `digital values of ${got.leads[k]}`).toBe(true);
  });
  expect(got.patient).toEqual(want.patient);
  expect(got.statements).toEqual(want.statements);
  expect(got.checks).toEqual(want.checks);
  expect(got.source).toEqual(want.source);
}

describe.skipIf(!hasShared('fixtures', 'cinc'))('importer on the CinC fixtures', () => {
  let t: ReturnType<typeof tempArchive>;
  beforeEach(() => {
    t = tempArchive();
  });
  afterEach(() => t.cleanup());

  it('imports every recording once, skips the .mat companions, and gives back what the reader reads', async () => {
    const s = await importPaths(t.archive.studies, [fixture('cinc')], { actor: 'test', workers: 2 });
    expect(s.parseWorkers).toBe(2);
    expect(s.failures).toEqual([]);
    // Georgia E07509 and E07510 hold the same recording under two names: stored once, found by its signal.
    const e07509 = t.archive.queries.list({ text: 'E07509' }).items[0]!;
    expect(s.duplicates).toEqual([{ path: fixture('cinc', 'E07510.hea'), studyId: e07509.id, match: 'signal' }]);
    expect(s.imported).toBe(59);
    expect(s.skipped).toBe(61); // 60 .mat files and the licence text
    for (const id of s.studyIds) {
      const { record, summary } = t.archive.studies.get(id)!;
      expect(summary.format).toBe('cinc');
      expectSameRecord(record, readEcgFile(record.source.path));
    }
    const again = await importPaths(t.archive.studies, [fixture('cinc')], { actor: 'test', workers: 0 });
    expect(again.parseWorkers).toBe(0);
    expect(again.imported).toBe(0);
    expect(again.duplicates.filter((d) => d.match === 'file')).toHaveLength(59);
    expect(again.duplicates.filter((d) => d.match === 'signal').map((d) => d.path)).toEqual([fixture('cinc', 'E07510.hea')]);
  });

  it('with parse workers, a second copy of the same file parsed ahead is still a file duplicate', async () => {
    const dir = join(t.dir, 'twice');
    for (const sub of ['a', 'b']) {
      mkdirSync(join(dir, sub), { recursive: true });
      for (const f of ['HR00001.hea', 'HR00001.mat']) cpSync(fixture('cinc', f), join(dir, sub, f));
    }
    const s = await importPaths(t.archive.studies, [dir], { actor: 'test', workers: 2 });
    expect(s.parseWorkers).toBe(2);
    expect(s.imported).toBe(1);
    expect(s.duplicates).toEqual([{ path: join(dir, 'b', 'HR00001.hea'), studyId: s.studyIds[0], match: 'file' }]);
  });

  it('a renamed copy (header edited, same samples) is a signal duplicate; a changed sample is a new study', async () => {
    const dir = join(t.dir, 'copies');
    mkdirSync(dir);
    const hea = readFileSync(fixture('cinc', 'HR00001.hea'), 'utf8');
    cpSync(fixture('cinc', 'HR00001.mat'), join(dir, 'HR00001.mat'));
    writeFileSync(join(dir, 'HR00001.hea'), hea);
    writeFileSync(join(dir, 'COPY1.hea'), hea.replace(/^HR00001 /, 'COPY1 ').replace('# Rx: Unknown', '# Rx: edited'));
    const mat = readFileSync(fixture('cinc', 'HR00001.mat'));
    mat.writeInt16LE(mat.readInt16LE(mat.length - 2) + 1, mat.length - 2);
    writeFileSync(join(dir, 'CHANGED.mat'), mat);
    writeFileSync(join(dir, 'CHANGED.hea'), hea.replace(/^HR00001 /, 'CHANGED ').replaceAll('HR00001.mat', 'CHANGED.mat'));
    const s = await importPaths(t.archive.studies, [dir], { actor: 'test' });
    expect(s.failures).toEqual([]);
    expect(s.imported).toBe(2);
    // the folder is walked in name order, so COPY1 is stored and HR00001 recognised as its signal
    const copy = t.archive.queries.list({ text: 'COPY1.hea' }).items[0]!;
    expect(s.duplicates).toEqual([{ path: join(dir, 'HR00001.hea'), studyId: copy.id, match: 'signal' }]);
  });
});

describe.skipIf(!hasShared('data', 'cinc'))('importer on the 144 CinC records', () => {
  it('imports all of them and every signal round-trips exactly', async () => {
    const t = tempArchive();
    try {
      const s = await importPaths(t.archive.studies, [sharedPath('data', 'cinc')], { actor: 'test' });
      // the folder's manifest is no ECG: listed with the CSV reader's reason, the batch goes on
      expect(s.failures).toEqual([{ path: sharedPath('data', 'cinc', 'manifest.csv'), reason: expect.stringMatching(/not a number/) }]);
      expect(s.imported + s.duplicates.length).toBe(144);
      expect(t.archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const id of s.studyIds) {
        const { record } = t.archive.studies.get(id)!;
        expectSameRecord(record, readEcgFile(record.source.path));
      }
    } finally {
      t.cleanup();
    }
  });
});
