/**
 * `ecg-tlc export` end to end over a fresh archive of real CinC fixtures: one stored study with its analysis,
 * explanation and overread, one ECG file at other settings, the shipped model's 8-cluster legend on both papers,
 * a de-identified batch, filters and usage errors.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PT_PER_MM } from '../../../src-main/report/paper.js';
import { openArchive } from '../../../src-main/store/archive.js';
import { importPaths } from '../../../src-main/store/importer.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { runCli } from '../cli/capture-cli.js';
import { collidingWords, hasPoppler, pdfinfo, pdftotext, wordBoxes } from './pdf-content.js';
import { CLASSES, COMBINED_NAMES, constructedExplanation, MODEL } from './report-fixtures.js';

const run = runCli;

describe.skipIf(!hasShared('fixtures', 'cinc') || !hasPoppler)('ecg-tlc export', () => {
  let tmp: string;
  let db: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-export-'));
    db = join(tmp, 'archive.db');
    const archive = openArchive(db);
    await importPaths(archive.studies, ['HR00001.hea', 'HR00002.hea', 'HR00003.hea'].map((f) => fixture('cinc', f)), { actor: 'test' });
    const record = archive.studies.get(1)!.record;
    const ex = constructedExplanation(record);
    const probabilities = Object.fromEntries(CLASSES.map((c, i) => [c, ex.explanation.cnn.probabilities[i]!]));
    const analysisId = archive.analyses.add({
      studyId: 1,
      modelId: MODEL.id,
      modelVersion: MODEL.version,
      modelSha256: MODEL.sha256,
      probabilities,
      settings: { called: ['NORM'] },
      explanation: new TextEncoder().encode(JSON.stringify(ex.explanation)),
    });
    archive.overreads.add({ studyId: 1, analysisId, reader: 'dr-test', status: 'confirmed', statements: ['Sinus rhythm'] });
    archive.close();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes a stored study with its analysis, explanation and overread (--db --study --details)', async () => {
    const out = join(tmp, 'one', 'study1.pdf');
    const r = await run('export', '--pdf', out, '--db', db, '--study', '1', '--details');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Wrote .*study1\.pdf \(2 pages, \d+ KiB\)$/);
    const t = pdftotext(out);
    for (const s of ['HR00001', 'CONFIRMED', 'Confirmed by dr-test', 'Sinus rhythm', MODEL.id, MODEL.sha256, ...CLASSES, ...COMBINED_NAMES]) expect(t).toContain(s);
    expect(t).toContain('ECG TLC delineator');
    expect(t).not.toContain('not analysed');
  });

  it('writes an ECG file at the chosen paper, speed, gain and filters; without analysis it says so', async () => {
    const out = join(tmp, 'file.pdf');
    const r = await run('export', '--pdf', out, fixture('cinc', 'HR00002.hea'), '--paper', 'letter', '--speed', '50', '--gain', '20', '--highpass', '0.5', '--notch', '50');
    expect(r.code, r.err).toBe(0);
    expect(pdfinfo(out)['Page size']).toMatch(/^792 x 612 pts/);
    const t = pdftotext(out);
    for (const s of ['50 mm/s', '20 mm/mV', 'Filters: high-pass 0.5 Hz, notch 50 Hz', 'HR00002', 'Explanation: not analysed']) expect(t).toContain(s);
  });

  it('fits the shipped model\'s 8-cluster legend and the facts beside it on A4 and on the narrower Letter (--analyze)', async () => {
    for (const paper of ['a4', 'letter']) {
      const out = join(tmp, `analysed-${paper}.pdf`);
      const r = await run('export', '--pdf', out, fixture('cinc', 'HR00002.hea'), '--analyze', '--paper', paper);
      expect(r.code, r.err).toBe(0);
      const t = pdftotext(out);
      expect(t).toMatch(/Clusters of view \S+ \(K = 8\)/);
      expect(t).toContain('this ECG');
      expect(t).toMatch(/Model sha256 [0-9a-f]{64}/);
      const words = wordBoxes(out);
      expect(collidingWords(words), paper).toEqual([]);
      // the page's spare height went to the strips: no band of blank paper above the notice (was 14.8 mm on A4,
      // 20.7 mm on Letter)
      const notice = words.find((w) => w.word === 'Identified')!;
      const above = Math.max(...words.filter((w) => w.y1 <= notice.y0 + 0.1).map((w) => w.y1));
      expect((notice.y0 - above) / PT_PER_MM, paper).toBeLessThan(4);
    }
  });

  it('exports a de-identified batch: pseudonymous file names, no record IDs, a salt created once', async () => {
    const dir = join(tmp, 'batch');
    const saltFile = join(tmp, 'salt', 'pseudonym-salt');
    const r = await run('export', '--pdf-dir', dir, '--db', db, '--deidentify', '--salt-file', saltFile);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Wrote 3 reports');
    const salt = readFileSync(saltFile, 'utf8');
    expect(salt).toMatch(/^[0-9a-f]{64}\n$/);
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(3);
    for (const n of names) {
      expect(n).toMatch(/^PSN-[0-9A-F]{6}-[0-9A-F]{6}-\d\.pdf$/);
      const t = pdftotext(join(dir, n));
      expect(t).toContain('De-identified export');
      expect(t).not.toMatch(/HR0000\d/);
    }
    // the same salt gives the same pseudonyms on the next run
    const again = await run('export', '--pdf-dir', join(tmp, 'batch2'), '--db', db, '--deidentify', '--salt-file', saltFile);
    expect(again.code).toBe(0);
    expect(readdirSync(join(tmp, 'batch2')).sort()).toEqual(names);
    expect(readFileSync(saltFile, 'utf8')).toBe(salt);
  });

  it('applies the worklist filters to a batch', async () => {
    const dir = join(tmp, 'analysed');
    const r = await run('export', '--pdf-dir', dir, '--db', db, '--analysed', '--format', 'cinc');
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(dir)).toEqual(['study-1.pdf']);
  });

  it('rejects contradictory or missing arguments with exit code 2, a missing archive with 1', async () => {
    expect((await run('export', '--pdf', 'a.pdf', '--pdf-dir', 'd', fixture('cinc', 'HR00001.hea'))).code).toBe(2);
    expect((await run('export', '--pdf', 'a.pdf')).code).toBe(2);
    expect((await run('export', '--pdf', 'a.pdf', '--speed', '30', fixture('cinc', 'HR00001.hea'))).code).toBe(2);
    expect((await run('export', '--pdf', 'a.pdf', '--retain-dates', fixture('cinc', 'HR00001.hea'))).code).toBe(2);
    const missing = await run('export', '--pdf', join(tmp, 'x.pdf'), '--db', join(tmp, 'none.db'), '--study', '1');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no archive at');
    expect(existsSync(join(tmp, 'none.db'))).toBe(false);
  });
});
