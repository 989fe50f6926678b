/**
 * Child process for the crash test: runs one queued analysis job in batches of 4 and prints "done N" after each
 * stored study, until the parent kills it with SIGKILL.
 * Usage: node --import tsx job-child.ts ARCHIVE JOB_ID
 */
import { AnalysisJobs } from '../../../src-main/analysis/job-queue.js';
import { openInProcess } from '../../../src-main/analysis/backend.js';
import { openArchive } from '../../../src-main/store/archive.js';

const [dbPath, jobId] = process.argv.slice(2);
if (!dbPath || !jobId) throw new Error('usage: job-child.ts ARCHIVE JOB_ID');
const archive = openArchive(dbPath);
const queue = new AnalysisJobs(archive, {
  openBackend: openInProcess,
  backend: { threads: 1 },
  batchSize: 4,
  progressEveryMs: 0,
  onProgress: (p) => process.stdout.write(`done ${p.done}\n`),
});
const job = await queue.run(Number(jobId));
archive.close();
process.stdout.write(`finished ${job.state}\n`);
