/**
 * Runs one claimed analysis job to its end: batches of queued studies are decoded from the archive, analysed by
 * the backend, and each study's analysis is stored with its item marked done in one transaction (a SIGKILL loses
 * at most the batch in flight, never half a study). Between studies the runner yields to the event loop, so a
 * main process stays responsive while it stores.
 *
 * The job's state in the archive is read again before every batch: a cancel or pause from the API, the CLI or
 * another process stops the runner after the batch in flight. An abort signal (the app quitting) stops it too
 * but leaves the job 'running', to be resumed at the next launch.
 */
import type { EcgRecord } from '../ecg/record.js';
import type { Archive } from '../store/archive.js';
import type { Job } from '../store/job-repository.js';
import type { AnalysisBackend } from './backend.js';
import { toNewAnalysis } from './stored-analysis.js';

export const DEFAULT_JOB_BATCH = 32;

export interface JobProgress {
  jobId: number;
  state: Job['state'];
  total: number;
  /** studies analysed and stored, this run and earlier runs of the job */
  done: number;
  failed: number;
  remaining: number;
  /** studies per second over this run */
  rate: number;
  /** remaining / rate; absent until a rate is known */
  etaSeconds?: number;
  /** the study just handled */
  studyId?: number;
}

export interface RunOptions {
  /** this runner's token (runner-token.ts); the job must be claimed with it */
  runner: string;
  batchSize?: number;
  /** stops after the batch in flight; the job stays 'running' and resumes later */
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** least time between progress reports within a batch (every batch end is reported) */
  progressEveryMs?: number;
  mcPasses?: number;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function progressOf(job: Job, rate: number, studyId?: number): JobProgress {
  const c = job.counts;
  const remaining = c.queued + c.running;
  return {
    jobId: job.id,
    state: job.state,
    total: job.total,
    done: c.done,
    failed: c.failed,
    remaining,
    rate,
    ...(rate > 0 ? { etaSeconds: remaining / rate } : {}),
    ...(studyId !== undefined ? { studyId } : {}),
  };
}

export async function runJob(archive: Archive, job: Job, backend: AnalysisBackend, options: RunOptions): Promise<Job> {
  const jobs = archive.jobs;
  const id = job.id;
  const b = backend.identity;
  if (b.sha256 !== job.model.sha256 || (b.clusterModel ?? null) !== (job.model.clusterModel ?? null)) {
    const why = `the model in ${job.model.dir} changed since the job was queued (sha256 ${b.sha256.slice(0, 12)}…, cluster model ${b.clusterModel ?? 'none'}); queue the studies again`;
    return jobs.transition(id, ['running'], 'failed', undefined, why) ?? jobs.get(id)!;
  }
  const batchSize = options.batchSize ?? DEFAULT_JOB_BATCH;
  const every = options.progressEveryMs ?? 250;
  const started = performance.now();
  let handled = 0;
  let lastReport = 0;
  const rate = () => {
    const s = (performance.now() - started) / 1000;
    return s > 0 ? handled / s : 0;
  };
  const report = (force: boolean, studyId?: number) => {
    if (!options.onProgress || (!force && performance.now() - lastReport < every)) return;
    lastReport = performance.now();
    options.onProgress(progressOf(jobs.get(id)!, rate(), studyId));
  };

  // stopped: the job as the archive holds it now (the caller reports its counts), not as it was claimed
  const now = () => (archive.db.open ? (jobs.get(id) ?? job) : job);
  for (;;) {
    if (options.signal?.aborted) return now();
    const current = jobs.get(id);
    if (!current || current.state !== 'running' || current.runner !== options.runner) {
      if (current) report(true);
      return current ?? job;
    }
    const ids = jobs.takeBatch(id, batchSize);
    if (!ids.length) break;
    const records: Array<{ studyId: number; record: EcgRecord }> = [];
    for (const studyId of ids) {
      try {
        const stored = archive.studies.get(studyId);
        if (stored) records.push({ studyId, record: stored.record });
        else jobs.fail(id, studyId, `study ${studyId} is no longer in the archive`);
      } catch (e) {
        jobs.fail(id, studyId, message(e));
      }
      await tick();
    }
    let outcomes;
    try {
      outcomes = records.length ? await backend.analyze(records.map((r) => r.record)) : [];
    } catch (e) {
      if (options.signal?.aborted || !archive.db.open) return now();
      return jobs.transition(id, ['running'], 'failed', undefined, `analysis stopped: ${message(e)}`) ?? jobs.get(id)!;
    }
    if (!archive.db.open) return job;
    for (const [i, { studyId }] of records.entries()) {
      const o = outcomes[i]!;
      if (o.ok) jobs.complete(id, studyId, toNewAnalysis(studyId, o.analysis, { jobId: id, ...(options.mcPasses ? { mcPasses: options.mcPasses } : {}) }));
      else jobs.fail(id, studyId, o.error);
      handled++;
      report(false, studyId);
      await tick();
    }
    report(true);
  }
  const finished = jobs.transition(id, ['running'], 'done') ?? jobs.get(id)!;
  options.onProgress?.(progressOf(finished, rate()));
  return finished;
}
