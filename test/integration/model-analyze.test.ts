/**
 * `ecg-tlc analyze` on real ECG files: probabilities per class, failures listed per file, and with --db the
 * results stored as analyses of the imported studies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeFiles, formatReport } from '../../src-main/cli/commands/analyze.js';
import { openArchive } from '../../src-main/store/archive.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { loadVectors } from '../unit/model/vectors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-analyze-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasShared('data'))('analyzeFiles', () => {
  const hr = sharedPath('data/cinc/tuijalei/HR00001.hea');
  const ludb = sharedPath('data/ludb/data/2.hea');

  it('gives the probabilities the PyTorch pipeline gave for a whole 10-s record', async () => {
    const c = loadVectors().cases.find((v) => v.source.endsWith('HR00001.hea') && v.start === 0 && v.end === 5000)!;
    const report = await analyzeFiles([hr], { threads: 1 });
    expect(report.provider).toBe('cpu');
    const r = report.results[0]!;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    report.classes.forEach((id, i) => expect(Math.abs(r.probabilities[id]! - c.probabilities[i]!)).toBeLessThanOrEqual(1e-4));
  });

  it('lists a file that cannot be read and still analyses the others, in the order given', async () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'not an ECG');
    const report = await analyzeFiles([junk, ludb], { batch: 1, threads: 1 });
    expect(report.results.map((r) => [r.file, r.ok])).toEqual([[junk, false], [ludb, true]]);
    const text = formatReport(report);
    expect(text).toMatch(/junk\.txt +failed: not a supported ECG format/);
    expect(text).toMatch(/not a diagnosis/);
    expect(text.split('\n')[0]).toMatch(/^Model \S+ \S+ \(sha256 [0-9a-f]{12}…\), provider cpu$/);
  });

  it('stores each analysis against its study with --db, importing the file once', async () => {
    const db = join(dir, 'archive.db');
    const first = await analyzeFiles([hr, ludb], { db, threads: 1 });
    const second = await analyzeFiles([hr], { db, threads: 1 });
    const ids = first.results.map((r) => (r.ok ? r.studyId : undefined));
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(second.results[0]!.ok && second.results[0]!.studyId).toBe(ids[0]);
    const archive = openArchive(db);
    try {
      const latest = archive.analyses.latest(ids[0]!)!;
      expect(latest.modelId).toBe(first.model.id);
      expect(latest.modelSha256).toBe(first.model.sha256);
      const r0 = first.results[0]!;
      if (r0.ok) expect(latest.probabilities).toEqual(r0.probabilities);
      const rows = archive.db.prepare('SELECT COUNT(*) AS n FROM analyses').get() as { n: number };
      expect(rows.n).toBe(3);
    } finally {
      archive.close();
    }
  });
});
