/**
 * Fuzz every ECG reader with seeded mutations of the ../shared fixtures (10,000 cases per format by default).
 *
 *   npx tsx bench/fuzz/run.ts [--cases N] [--format ID]… [--seed S] [--jobs J] [--hang-ms 2000] [--memory-mib 512]
 *                             [--reasons K]   (also list the K most frequent rejection reasons per format)
 *   npx tsx bench/fuzz/run.ts --format ID --seed S --case I [--dump DIR]     rerun one case here, with its stack
 *
 * Cases run in worker threads; a watchdog terminates a worker whose case has not finished after --watchdog-ms
 * and records that case as a hang, then resumes after it. A worker that runs out of heap records its case as a
 * memory finding. Prints a table per format and the findings, grouped, each with the command that reruns it;
 * exits 1 when there is any finding.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { readerById } from '../../src-main/formats/registry.js';
import { memoryFileSource } from '../../src-main/formats/file-source.js';
import { fixturesDir } from '../lib/shared.js';
import { DEFAULT_MEMORY_LIMIT, runCase, type CheckLimits, type FindingKind } from './check.js';
import { FORMATS, loadSeeds, type FuzzFormat } from './corpus.js';
import { makeCase } from './mutate.js';
import type { WorkerJob, WorkerMessage } from './worker.js';
import { FormatStats, printFindings, printReasons, printTable } from './report.js';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    format: { type: 'string', multiple: true },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '1' },
    'hang-ms': { type: 'string', default: '2000' },
    'watchdog-ms': { type: 'string', default: '10000' },
    'memory-mib': { type: 'string', default: '512' },
    case: { type: 'string' },
    dump: { type: 'string' },
    reasons: { type: 'string' },
  },
});

const formats = (args.format?.flatMap((f) => f.split(',')) ?? [...FORMATS]) as FuzzFormat[];
for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`unknown format ${f}; one of ${FORMATS.join(', ')}`);
const seed = Number(args.seed);
const limits: CheckLimits = { hangMs: Number(args['hang-ms']), memoryBytes: Number(args['memory-mib']) * 1024 ** 2 || DEFAULT_MEMORY_LIMIT };
const watchdogMs = Number(args['watchdog-ms']);
const fixtures = fixturesDir();

/** Reruns one case in this thread and prints what it is and what happened, with the full stack of a crash. */
function rerun(format: FuzzFormat, index: number): void {
  const c = makeCase(format, loadSeeds(format, fixtures), seed, index);
  console.log(`case ${format} seed ${seed} index ${index}: ${c.seedName}\n  ${c.mutations.join('\n  ')}`);
  if (args.dump) {
    for (const [name, bytes] of [[c.path, c.bytes] as const, ...Object.entries(c.siblings).map(([n, b]) => [join(dirname(c.path), n), b] as const)]) {
      const out = join(args.dump, name);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, bytes);
    }
    console.log(`  files written under ${args.dump}`);
  }
  console.log(runCase(c, limits));
  try {
    readerById(format)!.parse(memoryFileSource(c.path, c.bytes, c.siblings));
  } catch (e) {
    console.log(e);
  }
}

/** Runs cases [from, to) in workers, restarting after a hang or a worker death; adds every outcome to `stats`. */
async function runRange(format: FuzzFormat, from: number, to: number, stats: FormatStats): Promise<void> {
  let next = from;
  while (next < to) {
    next = await new Promise<number>((resolve) => {
      const job: WorkerJob = { format, seed, from: next, to, fixtures, limits };
      const api = import.meta.resolve('tsx/esm/api');
      const entry = new URL('./worker.ts', import.meta.url).href;
      // tsx's loader hooks do not reach worker threads by themselves: the worker registers them, then loads worker.ts.
      const worker = new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, {
        eval: true,
        workerData: job,
        resourceLimits: { maxOldGenerationSizeMb: 2048 },
      });
      let current = next;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (resumeAt: number, kind?: FindingKind, message?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (kind) stats.addFinding(current, kind, message ?? '', undefined, undefined, kind === 'hang' ? watchdogMs : 0);
        void worker.terminate();
        resolve(resumeAt);
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(current + 1, 'hang', `no result after ${watchdogMs} ms: worker terminated`), watchdogMs);
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') arm();
        else if (m.type === 'case') {
          stats.add(m.index, m.outcome, m.rss, m.seedName, m.mutations);
          current = m.index + 1;
          arm();
        } else finish(to);
      });
      worker.on('error', (e: Error & { code?: string }) => {
        const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(current + 1, oom ? 'memory' : 'crash', oom ? 'worker ran out of heap (2 GiB)' : `worker died: ${e.message}`);
      });
      worker.on('exit', (code) => finish(current + 1, 'crash', `worker exited with code ${code}`));
    });
  }
}

async function main(): Promise<void> {
  if (args.case !== undefined) {
    rerun(formats[0]!, Number(args.case));
    return;
  }
  const cases = Number(args.cases);
  const jobs = Math.max(1, Number(args.jobs));
  const all: FormatStats[] = [];
  for (const format of formats) {
    const stats = new FormatStats(format, seed);
    const t0 = performance.now();
    const chunk = Math.ceil(cases / jobs);
    await Promise.all(Array.from({ length: jobs }, (_, j) => runRange(format, j * chunk, Math.min(cases, (j + 1) * chunk), stats)));
    stats.seconds = (performance.now() - t0) / 1000;
    console.error(`${format}: ${stats.cases} cases in ${stats.seconds.toFixed(0)} s, ${stats.findings.length} findings`);
    all.push(stats);
  }
  console.log(`\nnpx tsx bench/fuzz/run.ts --cases ${cases} --seed ${seed}${args.format ? ` --format ${formats.join(',')}` : ''}\n`);
  printTable(all);
  printFindings(all);
  if (args.reasons) printReasons(all, Number(args.reasons));
  if (all.some((s) => s.findings.length)) process.exitCode = 1;
}

await main();
