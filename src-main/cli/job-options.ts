/**
 * A batch job's options on the command line: how `analyze --db` and `jobs` print them, and what a resume does
 * with flags that name them. A job keeps the options it was queued with (store/job-repository.ts JobOptions);
 * `analyze --db --resume` runs it with those. A flag that says the same is accepted (the first command line with
 * --resume added works); a flag that says otherwise is refused, naming the job and the option, because running
 * it would either mix two kinds of analyses in one job or silently ignore what the user typed.
 *
 * | flag          | job's own value                                    | when the job kept none (schema v2)   |
 * |---------------|----------------------------------------------------|---------------------------------------|
 * | --model       | jobs.model_dir                                     | (always kept)                         |
 * | --clusters    | options.clusterDir, absent: the package's own      | the flags of the resuming command     |
 * | --provider    | options.provider, absent: cpu (the Analyzer's)     | the flags of the resuming command     |
 * | --mc-passes   | options.mcPasses, absent: none                     | the flags of the resuming command     |
 * | --threads, --batch | not kept: speed, not results                  | —                                     |
 */
import { resolve } from 'node:path';
import { DEFAULT_PROVIDER } from '../model/providers.js';
import type { Job } from '../store/job-repository.js';

/** What a resuming command line gave explicitly (undefined: not given). */
export interface ResumeFlags {
  modelDir?: string;
  clusterDir?: string;
  provider?: string;
  mcPasses?: number;
}

/** "cluster model DIR, provider cpu, 2 Monte-Carlo passes"; for a job that kept none, says so. */
export function describeJobOptions(job: Job): string {
  const o = job.options;
  if (!o) return 'options not kept (queued by an older version: a resume uses its own flags)';
  return [
    o.clusterDir ? `clusters ${o.clusterDir}` : "the package's own clusters",
    `provider ${o.provider ?? DEFAULT_PROVIDER}`,
    o.mcPasses ? `${o.mcPasses} Monte-Carlo passes` : 'no Monte-Carlo passes',
  ].join(', ');
}

/** One line per flag that says otherwise than the job it would resume; empty when the job can run as asked. */
export function contradictions(job: Job, flags: ResumeFlags): string[] {
  const out: string[] = [];
  const say = (flag: string, kept: string) => out.push(`job ${job.id} keeps ${kept}; ${flag} says otherwise`);
  if (flags.modelDir !== undefined && resolve(flags.modelDir) !== resolve(job.model.dir)) say(`--model ${flags.modelDir}`, `its model ${job.model.dir}`);
  const o = job.options;
  if (!o) return out;
  if (flags.clusterDir !== undefined && resolve(flags.clusterDir) !== (o.clusterDir && resolve(o.clusterDir))) {
    say(`--clusters ${flags.clusterDir}`, o.clusterDir ? `its clusters ${o.clusterDir}` : "its package's own clusters");
  }
  if (flags.provider !== undefined && flags.provider !== (o.provider ?? DEFAULT_PROVIDER)) say(`--provider ${flags.provider}`, `provider ${o.provider ?? DEFAULT_PROVIDER}`);
  if (flags.mcPasses !== undefined && flags.mcPasses !== (o.mcPasses ?? 0)) {
    say(`--mc-passes ${flags.mcPasses}`, o.mcPasses ? `${o.mcPasses} Monte-Carlo passes` : 'no Monte-Carlo passes');
  }
  return out;
}

/** The analyze command's help on resuming. */
export const RESUME_HELP = `
Resuming (--resume): a job keeps the options it was queued with (--model, --clusters,
--provider, --mc-passes) and is always resumed with them, so one job never mixes
analyses made two ways; leave those flags out when resuming. Flags that repeat the
job's options are accepted; flags that contradict them are refused (exit 2), naming
the job and the option: cancel the job (ecg-tlc jobs --db FILE --cancel ID) and queue
the studies again to use other options. --threads and --batch apply to the run at hand.
Filters select the studies of a new job and are refused with --resume. A job queued
by a version that kept no options runs with the flags of the command resuming it.
See the jobs and their options with: ecg-tlc jobs --db FILE`;
