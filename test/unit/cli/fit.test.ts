/**
 * `ecg-tlc fit` on a handful of real ECGs (CinC fixtures, the shipped model): the progress it reports, stage by
 * stage, through fitReference's callback and as stderr lines when stderr is not a terminal, for --on and --db;
 * and a fixed seed giving the same clusters and surrogate twice.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitReference } from '../../../src-main/analysis/fit-reference.js';
import { fitProgress, formatEta } from '../../../src-main/cli/commands/fit-progress.js';
import { FIT_STAGES } from '../../../src-main/explain/fit.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { testArchive, type TestArchive } from '../analysis/analysed-archive.js';
import { runCli } from './capture-cli.js';

const NAMES = ['HR00001', 'HR00002', 'HR00003', 'HR00004', 'HR00005', 'HR00006', 'JS20000', 'JS20001'];
const files = () => NAMES.map((n) => fixture('cinc', `${n}.hea`));
const CLASSES = 5;
const VIEWS = 4;

type Event = [stage: string, done: number, total: number | undefined];

/** Splits the events into runs of one stage; checks each run counts up and ends at its total. */
function stageRuns(events: Event[]): Array<{ stage: string; dones: number[]; total: number | undefined }> {
  const runs: Array<{ stage: string; dones: number[]; total: number | undefined }> = [];
  for (const [stage, done, total] of events) {
    if (runs.at(-1)?.stage !== stage) runs.push({ stage, dones: [], total });
    const run = runs.at(-1)!;
    expect(done).toBeGreaterThanOrEqual(run.dones.at(-1) ?? 0);
    run.dones.push(done);
    run.total = total;
  }
  for (const r of runs) expect(r.dones.at(-1), r.stage).toBe(r.total);
  return runs;
}

describe.skipIf(!hasShared('fixtures', 'cinc'))('fitting on real ECGs', () => {
  it('reports every stage in order, each counting up to its total', async () => {
    const events: Event[] = [];
    const r = await fitReference({
      modelDir: defaultModelDir(), records: () => files().map((f) => readEcgFile(f)), count: NAMES.length, description: 'test',
      kRange: [3, 4], seed: 5, outDir: null, onProgress: (stage, done, total) => events.push([stage, done, total]),
    });
    const runs = stageRuns(events);
    expect(runs.map((x) => x.stage)).toEqual([FIT_STAGES.pass1, FIT_STAGES.sweep, FIT_STAGES.kmeans, FIT_STAGES.pass2, FIT_STAGES.surrogate]);
    expect(runs.map((x) => x.total)).toEqual([NAMES.length, VIEWS * 2, VIEWS, NAMES.length, CLASSES]);
    expect(runs[0]!.dones).toEqual([0, 1, NAMES.length]);
    expect(runs[2]!.dones).toEqual([0, 1, 2, 3, 4]);
    expect(runs[4]!.dones).toEqual([0, CLASSES]);
    // the delineator (or annotations) ran once per ECG, in pass 2, and the model twice
    expect(r.waveSources.annotations + r.waveSources.delineator).toBe(NAMES.length);
    expect(r.sourceTiming[0].waves).toBe(0);
    expect(r.sourceTiming[1].waves).toBeGreaterThan(0);
    expect(r.sourceTiming.every((s) => s.inference > 0)).toBe(true);
    expect(r.report.pooled.map((p) => p.kept)).toEqual(r.report.pooled.map((p) => p.offered));
  });

  it('gives the same clusters and surrogate for the same seed', async () => {
    const fit = () => fitReference({ modelDir: defaultModelDir(), records: () => files().map((f) => readEcgFile(f)), description: 'test', k: 4, seed: 11, outDir: null });
    const [a, b] = [await fit(), await fit()];
    expect(b.clusters.views.map((v) => v.centroids)).toEqual(a.clusters.views.map((v) => v.centroids));
    expect(JSON.stringify(b.surrogateFile.surrogate)).toBe(JSON.stringify(a.surrogateFile.surrogate));
    const c = await fitReference({ modelDir: defaultModelDir(), records: () => files().map((f) => readEcgFile(f)), description: 'test', k: 4, seed: 12, outDir: null });
    expect(c.clusters.views.map((v) => v.centroids)).not.toEqual(a.clusters.views.map((v) => v.centroids));
  });
});

describe('fit progress on a stream that is not a terminal', () => {
  it('prints a line when a stage starts, every few seconds while it runs and when it ends, with rate and ETA', () => {
    const lines: string[] = [];
    let clock = 0;
    const p = fitProgress({ stream: { isTTY: false, write: (t: string) => lines.push(t) }, everyMs: 5000, now: () => clock });
    p.update(FIT_STAGES.pass1, 0, 1000);
    for (let done = 32; done < 1000; done += 32) {
      clock += 640; // 50 ECG/s
      p.update(FIT_STAGES.pass1, done, 1000);
    }
    clock += 500;
    p.update(FIT_STAGES.pass1, 1000, 1000);
    p.update(FIT_STAGES.kmeans, 0, 4);
    p.stop();
    expect(lines[0]).toBe(`fit: ${FIT_STAGES.pass1} 0/1000 ECGs, ? ECG/s, ETA ?\n`);
    // 640 ms per update: a line at the first update at or past each 5 s mark (8 updates = 5.12 s)
    expect(lines[1]).toBe(`fit: ${FIT_STAGES.pass1} 256/1000 ECGs, 50 ECG/s, ETA 15s\n`);
    expect(lines.filter((l) => l.includes(FIT_STAGES.pass1))).toHaveLength(1 + 3 + 1);
    expect(lines.at(-2)).toMatch(/ 1000\/1000 ECGs, \d+ ECG\/s, ETA 0s\n$/);
    expect(lines.at(-1)).toBe(`fit: ${FIT_STAGES.kmeans} 0/4 views, ? views/s, ETA ?\n`);
  });

  it('formats the time left', () => {
    expect([undefined, 0, 59.4, 61, 3725].map(formatEta)).toEqual(['?', '0s', '59s', '1m01s', '1h02m']);
  });
});

describe.skipIf(!hasShared('fixtures', 'cinc'))('ecg-tlc fit', () => {
  let t: TestArchive;
  let out: string;
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  beforeAll(async () => {
    t = await testArchive(NAMES.map((n) => `${n}.hea`), 'ecg-tlc-fit-');
    t.archive.close();
    out = mkdtempSync(join(tmpdir(), 'ecg-tlc-fit-out-'));
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
  });
  afterAll(() => {
    if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
    t?.cleanup();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  /** The stages named on stderr, in order, each once at its start. */
  const stagesOn = (err: string) => [...new Set(err.split('\n').filter((l) => l.startsWith('fit: ')).map((l) => Object.values(FIT_STAGES).find((s) => l.startsWith(`fit: ${s} `))))];

  it('--on: stderr shows each stage with counts, rate and ETA; stdout the report', async () => {
    const r = await runCli('fit', '--on', ...files(), '--k', '4', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(stagesOn(r.err)).toEqual([FIT_STAGES.pass1, FIT_STAGES.kmeans, FIT_STAGES.pass2, FIT_STAGES.surrogate]);
    expect(r.err).toMatch(new RegExp(`^fit: ${FIT_STAGES.pass1} ${NAMES.length}/${NAMES.length} ECGs, [\\d.]+ ECG/s, ETA 0s$`, 'm'));
    expect(r.err).toMatch(new RegExp(`^fit: ${FIT_STAGES.surrogate} ${CLASSES}/${CLASSES} classes, `, 'm'));
    expect(r.out).toMatch(new RegExp(`^Fitted on ${NAMES.length} ECGs in [\\d.]+ s → ${out}`, 'm'));
    expect(JSON.parse(readFileSync(join(out, 'clusters.json'), 'utf8')).fittedOn.ecgs).toBe(NAMES.length);
  });

  it('--db: the same stages over the archive; --json keeps stdout to the report', async () => {
    const r = await runCli('fit', '--db', t.dbPath, '--k', '3', '--out', out, '--json');
    expect(r.code, r.err).toBe(0);
    expect(stagesOn(r.err)).toEqual([FIT_STAGES.pass1, FIT_STAGES.kmeans, FIT_STAGES.pass2, FIT_STAGES.surrogate]);
    expect(r.err).toMatch(new RegExp(`^fit: ${FIT_STAGES.pass2} ${NAMES.length}/${NAMES.length} ECGs, `, 'm'));
    const report = JSON.parse(r.out) as { ecgs: number; views: Array<{ k: number }> };
    expect(report.ecgs).toBe(NAMES.length);
    expect(report.views.map((v) => v.k)).toEqual([3, 3, 3, 3]);
  });
});
