/**
 * Fuzz worker: runs cases [from, to) of one format in order and posts one message per case, so the runner's
 * watchdog knows which case is running when the messages stop (a true hang) and can terminate this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runCase, type CheckLimits, type Outcome } from './check.js';
import { loadSeeds, type FuzzFormat } from './corpus.js';
import { makeCase } from './mutate.js';

export interface WorkerJob {
  format: FuzzFormat;
  seed: number;
  from: number;
  to: number;
  fixtures: string;
  limits: CheckLimits;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'case'; index: number; outcome: Outcome; rss: number; seedName?: string; mutations?: string[] }
  | { type: 'done' };

const job = workerData as WorkerJob;
const port = parentPort!;
const seeds = loadSeeds(job.format, job.fixtures);
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
for (let index = job.from; index < job.to; index++) {
  const c = makeCase(job.format, seeds, job.seed, index);
  const outcome = runCase(c, job.limits);
  const msg: WorkerMessage = { type: 'case', index, outcome, rss: process.memoryUsage.rss() };
  if (outcome.verdict === 'finding') Object.assign(msg, { seedName: c.seedName, mutations: c.mutations });
  port.postMessage(msg);
}
port.postMessage({ type: 'done' } satisfies WorkerMessage);
