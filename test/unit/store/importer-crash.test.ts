/**
 * Crash safety: a child process importing a batch is SIGKILLed mid-batch. The archive it leaves must pass
 * SQLite's integrity check and hold only whole studies (each with details, signals, search row and audit
 * entry), and a re-run must import exactly the files the killed run had not stored.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../../src-main/store/archive.js';
import { importPaths } from '../../../src-main/store/importer.js';
import { runTsxChild } from '../../helpers/tsx-child.js';
import { parseSynth, tempArchive, writeSynthFile } from './synthetic.js';

const CHILD = fileURLToPath(new URL('./import-child.ts', import.meta.url));
const FILES = 150;
const KILL_AFTER = 15;

/** The last import count the child reported on a whole line. */
const importedSoFar = (out: string) => Number([...out.matchAll(/imported (\d+)\n/g)].pop()?.[1] ?? 0);

/** Runs the child until it reports KILL_AFTER imports, then SIGKILLs it; resolves with the last count seen. */
async function importAndKill(dbPath: string, folder: string): Promise<{ seen: number; signal: NodeJS.Signals | null; stderr: string }> {
  const end = await runTsxChild(CHILD, [dbPath, folder], { reached: (out) => importedSoFar(out) >= KILL_AFTER, then: (c) => void c.kill('SIGKILL') });
  return { seen: importedSoFar(end.out), signal: end.signal, stderr: end.err };
}

describe('import crash safety', () => {
  let t: ReturnType<typeof tempArchive>;
  beforeEach(() => {
    t = tempArchive();
    t.archive.close(); // the child owns the archive while it runs
  });
  afterEach(() => t.cleanup());

  it('SIGKILL mid-batch: integrity ok, no half-stored study, a re-run completes the batch', async () => {
    const folder = join(t.dir, 'in');
    mkdirSync(folder);
    for (let i = 0; i < FILES; i++) writeSynthFile(join(folder, `r${String(i).padStart(4, '0')}.syn`), { seed: i, n: 2500 });

    const { seen, signal, stderr } = await importAndKill(t.dbPath, folder);
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(seen).toBeGreaterThanOrEqual(KILL_AFTER);

    const archive = openArchive(t.dbPath);
    try {
      expect(archive.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = archive.studies.count();
      expect(stored).toBeGreaterThanOrEqual(seen);
      expect(stored).toBeLessThan(FILES);
      const incomplete = archive.db.prepare(`
        SELECT count(*) FROM studies s WHERE
          NOT EXISTS (SELECT 1 FROM signals g WHERE g.study_id = s.id)
          OR NOT EXISTS (SELECT 1 FROM study_details d WHERE d.study_id = s.id)
          OR NOT EXISTS (SELECT 1 FROM study_search f WHERE f.rowid = s.id)
          OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'study' AND a.entity_id = s.id)`).pluck().get();
      expect(incomplete).toBe(0);
      expect(archive.db.prepare('SELECT count(*) FROM signals').pluck().get()).toBe(stored);
      expect(archive.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(stored);
      for (const id of archive.db.prepare('SELECT id FROM studies').pluck().all() as number[]) {
        expect(archive.studies.get(id)!.record.samples).toHaveLength(12);
      }

      const rerun = await importPaths(archive.studies, [folder], { parse: parseSynth, actor: 'test' });
      expect(rerun.failures).toEqual([]);
      expect(rerun.duplicates).toHaveLength(stored);
      expect(rerun.imported).toBe(FILES - stored);
      expect(archive.studies.count()).toBe(FILES);
    } finally {
      archive.close();
    }
  });
});
