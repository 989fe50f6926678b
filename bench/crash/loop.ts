/**
 * Kill-and-check loop: a child importer (then a child batch analyzer) is SIGKILLed after a seeded random delay,
 * again and again, and after each kill the parent opens the archive and checks that nothing is half-stored.
 * The delays are scaled by one uninterrupted run, measured first on a scratch archive, so that the kills land
 * all along the job (see killDelay).
 *
 * | phase   | checked after every kill                                                                    |
 * |---------|---------------------------------------------------------------------------------------------|
 * | import  | integrity_check = ok; every study has details, signals, search row, audit entry and decodes; count never drops |
 * | analyze | integrity_check = ok; analyses ⇔ done job items one to one; no study analysed twice; done never drops |
 * | end     | a last run completes: each good file stored once; each study one analysis for the model       |
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openArchive, type Archive } from '../../src-main/store/archive.js';
import { Rng } from '../fuzz/prng.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, 'child.ts');
const ROOT = resolve(HERE, '..', '..');

export interface KillRow {
  phase: 'import' | 'analyze';
  kill: number;
  /** ms after the child said "ready" that the kill was sent */
  delayMs: number;
  /** the child ended on its own before the kill */
  finished: boolean;
  /** studies (import) or analyses (analyze) in the archive after the kill */
  stored: number;
  violations: string[];
}

export interface LoopOptions {
  kills: number;
  seed: number;
  importFolders: string[];
  modelDir: string;
  onRow?: (row: KillRow) => void;
}

export interface LoopResult {
  rows: KillRow[];
  importMs: number;
  analyzeMs: number;
  goodFiles: number;
  /** files the uninterrupted import could not read (left out of goodFiles) */
  failedFiles: number;
  /** violations of the final checks */
  final: string[];
}

interface ChildRun {
  ms: number;
  /** ms from spawn to the child's "ready" line (Node, tsx, the archive and for analysis the model loaded) */
  startMs: number;
  finished: boolean;
  stdout: string;
  stderr: string;
}

/** Runs the child; SIGKILLs it killAfterMs after it says "ready", unless it ends first. */
function runChild(args: string[], killAfterMs?: number): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let startMs = NaN;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (Number.isNaN(startMs) && /^ready$/m.test(stdout)) {
        startMs = performance.now() - t0;
        if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const finished = signal === null;
      if (finished && code !== 0) fail(new Error(`child ${args.join(' ')} exited ${code}: ${stderr}`));
      else done({ ms: performance.now() - t0, startMs, finished, stdout, stderr });
    });
  });
}

const count = (a: Archive, sql: string, ...p: unknown[]) => a.db.prepare(sql).pluck().get(...p) as number;

function withArchive<T>(dbPath: string, fn: (a: Archive) => T): T {
  const a = openArchive(dbPath);
  try {
    return fn(a);
  } finally {
    a.close();
  }
}

function importChecks(a: Archive): string[] {
  const v: string[] = [];
  const integrity = a.db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') v.push(`integrity_check: ${String(integrity)}`);
  const half = count(a, `SELECT count(*) FROM studies s WHERE
      NOT EXISTS (SELECT 1 FROM signals g WHERE g.study_id = s.id)
      OR NOT EXISTS (SELECT 1 FROM study_details d WHERE d.study_id = s.id)
      OR NOT EXISTS (SELECT 1 FROM study_search f WHERE f.rowid = s.id)
      OR NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.entity = 'study' AND l.entity_id = s.id)`);
  if (half) v.push(`${half} half-stored studies`);
  const orphanSignals = count(a, 'SELECT count(*) FROM signals g WHERE NOT EXISTS (SELECT 1 FROM studies s WHERE s.id = g.study_id)');
  if (orphanSignals) v.push(`${orphanSignals} signals rows without a study`);
  for (const id of a.db.prepare('SELECT id FROM studies').pluck().all() as number[]) {
    try {
      const rec = a.studies.get(id)?.record;
      if (!rec || rec.samples.length === 0 || rec.samples.some((s) => s.length === 0)) v.push(`study ${id} decodes to no samples`);
    } catch (e) {
      v.push(`study ${id} does not decode: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return v;
}

function analysisChecks(a: Archive, modelId: string): string[] {
  const v: string[] = [];
  const integrity = a.db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') v.push(`integrity_check: ${String(integrity)}`);
  const doneWithout = count(a, `SELECT count(*) FROM job_items i WHERE i.state = 'done'
      AND NOT EXISTS (SELECT 1 FROM analyses x WHERE x.id = i.analysis_id AND x.study_id = i.study_id)`);
  if (doneWithout) v.push(`${doneWithout} done items without their analysis`);
  const stray = count(a, `SELECT count(*) FROM analyses x WHERE NOT EXISTS
      (SELECT 1 FROM job_items i WHERE i.analysis_id = x.id AND i.state = 'done')`);
  if (stray) v.push(`${stray} analyses without a done item`);
  const twice = count(a, 'SELECT count(*) FROM (SELECT study_id FROM analyses WHERE model_id = ? GROUP BY study_id HAVING count(*) > 1)', modelId);
  if (twice) v.push(`${twice} studies analysed twice`);
  return v;
}

/**
 * A point after "ready" within a slice of the reference run: uniform over 2/(kills + 1) of its working time, so
 * a child gets on average 1/(kills + 1) of the work done before it dies and the kills land all along the job
 * (a delay over the whole duration would let the first few resumed runs finish it).
 */
function killDelay(rng: Rng, ref: ChildRun, kills: number): number {
  return Math.round(rng.next() * (ref.ms - ref.startMs) * Math.min(1, 2 / (kills + 1)));
}

export async function crashLoop(o: LoopOptions): Promise<LoopResult> {
  const rng = new Rng(o.seed);
  const work = mkdtempSync(join(tmpdir(), 'ecg-crash-loop-'));
  const rows: KillRow[] = [];
  const final: string[] = [];
  const push = (row: KillRow) => {
    rows.push(row);
    o.onRow?.(row);
  };
  try {
    // One uninterrupted import on a scratch archive: its duration scales the delays, its count is the goal.
    const scratch = join(work, 'scratch.db');
    const ref = await runChild(['import', scratch, ...o.importFolders]);
    const goodFiles = withArchive(scratch, (a) => a.studies.count());
    const refSummary = JSON.parse(/summary (.*)/.exec(ref.stdout)![1]!) as { total: number; imported: number; duplicates: number; failures: number };

    const dbPath = join(work, 'archive.db');
    let before = 0;
    for (let k = 1; k <= o.kills; k++) {
      const delayMs = killDelay(rng, ref, o.kills);
      const run = await runChild(['import', dbPath, ...o.importFolders], delayMs);
      const row = withArchive(dbPath, (a) => {
        const violations = importChecks(a);
        const stored = a.studies.count();
        if (stored < before) violations.push(`studies dropped from ${before} to ${stored}`);
        return { phase: 'import' as const, kill: k, delayMs, finished: run.finished, stored, violations };
      });
      before = row.stored;
      push(row);
    }
    await runChild(['import', dbPath, ...o.importFolders]);
    withArchive(dbPath, (a) => {
      final.push(...importChecks(a).map((m) => `import end: ${m}`));
      const stored = a.studies.count();
      if (stored !== goodFiles) final.push(`import end: ${stored} studies, the uninterrupted import stored ${goodFiles}`);
      const distinct = count(a, 'SELECT count(DISTINCT source_sha256) FROM studies');
      const paths = count(a, 'SELECT count(DISTINCT source_path) FROM studies');
      if (distinct !== stored || paths !== stored) final.push(`import end: ${stored} studies but ${distinct} distinct files, ${paths} distinct paths`);
    });

    // The analysis loop runs on the completed archive; its reference run on a copy of it.
    const copy = join(work, 'analysis-ref.db');
    copyFileSync(dbPath, copy); // the child closed the archive, so the WAL is checkpointed into the file
    const refA = await runChild(['analyze', copy, o.modelDir]);
    const modelId = withArchive(copy, (a) => a.db.prepare('SELECT model_id FROM jobs LIMIT 1').pluck().get() as string);
    let done = 0;
    for (let k = 1; k <= o.kills; k++) {
      const delayMs = killDelay(rng, refA, o.kills);
      const run = await runChild(['analyze', dbPath, o.modelDir], delayMs);
      const row = withArchive(dbPath, (a) => {
        const violations = analysisChecks(a, modelId);
        const stored = count(a, 'SELECT count(*) FROM analyses');
        if (stored < done) violations.push(`analyses dropped from ${done} to ${stored}`);
        return { phase: 'analyze' as const, kill: k, delayMs, finished: run.finished, stored, violations };
      });
      done = row.stored;
      push(row);
    }
    const last = await runChild(['analyze', dbPath, o.modelDir]);
    withArchive(dbPath, (a) => {
      final.push(...analysisChecks(a, modelId).map((m) => `analyze end: ${m}`));
      if (!/state done/.test(last.stdout)) final.push(`analyze end: the resumed job did not finish: ${last.stdout.trim().split('\n').pop()}`);
      const notOnce = count(a, `SELECT count(*) FROM studies s WHERE
          (SELECT count(*) FROM analyses x WHERE x.study_id = s.id AND x.model_id = ?) <> 1`, modelId);
      if (notOnce) final.push(`analyze end: ${notOnce} studies without exactly one analysis for ${modelId}`);
      if (a.studies.count() !== goodFiles) final.push('analyze end: study count changed');
    });
    return { rows, importMs: ref.ms, analyzeMs: refA.ms, goodFiles, failedFiles: refSummary.failures, final };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
