/**
 * `ecg-tlc jobs [--db FILE] [--json] [--limit N]`: the archive's batch analysis jobs, newest first: id, state,
 * created, model and options, done/total, failed. `ecg-tlc jobs [--db FILE] --cancel ID`: cancels one, the
 * cancel the app's job queue uses (analysis/job-queue.ts cancelJob): a runner in another process (an
 * `analyze --db` in another terminal, the app) stops after its batch in flight; the studies analysed so far keep
 * their analyses, and the job is no longer resumed. Exit 0 listed or cancelled, 1 no archive / no such job / a
 * job that has already ended, 2 usage errors.
 */
import type { Command } from 'commander';
import { cancelJob } from '../../analysis/job-queue.js';
import { currentActor } from '../../store/audit-log.js';
import type { Job } from '../../store/job-repository.js';
import { onArchive } from '../archive-command.js';
import { integer } from '../filter-options.js';
import { describeJobOptions } from '../job-options.js';
import { tableLines, type Column } from '../table.js';

interface JobsOptions {
  db?: string;
  json?: boolean;
  limit: number;
  cancel?: number;
}

const COLUMNS: Array<Column<Job>> = [
  ['ID', 5, (j) => String(j.id)],
  ['State', 9, (j) => j.state],
  ['Created', 19, (j) => j.createdAt.replace('T', ' ').slice(0, 19)],
  ['Done/total', 11, (j) => `${j.counts.done}/${j.total}`],
  ['Failed', 6, (j) => String(j.counts.failed)],
  ['Model', 30, (j) => `${j.model.id} ${j.model.version}`],
  ['Options', 0, (j) => `${describeJobOptions(j)}${j.model.clusterModel ? ` (cluster model ${j.model.clusterModel})` : ''}`],
];

function formatJobs(jobs: readonly Job[]): string {
  if (!jobs.length) return 'no analysis jobs in this archive';
  const lines = tableLines(COLUMNS, jobs);
  for (const j of jobs) if (j.error) lines.push(`job ${j.id}: ${j.error}`);
  return lines.join('\n');
}

function cancelled(j: Job): string {
  const left = j.counts.queued + j.counts.running;
  return `Job ${j.id} cancelled: ${j.counts.done} of ${j.total} studies analysed keep their analyses, ${left} left unanalysed; a runner still at work stops after its batch in flight`;
}

export function register(program: Command): void {
  program
    .command('jobs')
    .description('list the batch analysis jobs of an archive with their options and counts, or cancel one')
    .option('--db <file>', 'archive database (default: $ECG_TLC_DB, else archive.db in the user data folder)')
    .option('--json', 'print the jobs (or the cancelled job) as JSON')
    .option('--limit <n>', 'jobs listed, newest first', integer(1, 10_000), 50)
    .option('--cancel <id>', 'cancel this job (queued, running or paused): it is not resumed again', integer(1, Number.MAX_SAFE_INTEGER))
    .action(function (this: Command, o: JobsOptions) {
      onArchive(this, o.db, (archive) => {
        if (o.cancel === undefined) {
          const jobs = archive.jobs.list(o.limit);
          console.log(o.json ? JSON.stringify({ jobs }, null, 2) : formatJobs(jobs));
          return;
        }
        const job = cancelJob(archive, o.cancel, currentActor());
        if (job) {
          console.log(o.json ? JSON.stringify(job, null, 2) : cancelled(job));
          return;
        }
        const now = archive.jobs.get(o.cancel);
        console.error(now ? `ecg-tlc: job ${now.id} is ${now.state}; only queued, running or paused jobs can be cancelled` : `ecg-tlc: no analysis job ${o.cancel} in this archive`);
        process.exitCode = 1;
      });
    });
}
