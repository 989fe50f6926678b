/**
 * The analysis job queue of one process over one archive: queues jobs (enqueue), runs them one at a time in the
 * order they were queued, and takes over jobs whose runner is gone (a crash, a quit): resume after a crash means
 * starting a queue, nothing more. The backend (model sessions) is opened per model folder and backend options
 * (provider, cluster model), kept while jobs with the same ones follow, and closed when the queue runs dry.
 *
 * A job runs with the options it was queued with (JobOptions: cluster-model folder, provider, Monte-Carlo passes),
 * whatever the flags or settings of the process that resumes it: one job never mixes analyses made two ways.
 * Threads and the model's batch size are this process's (they change speed, not results). A job queued before
 * jobs kept their options (schema version 2) runs as a job queued now would.
 *
 * | call               | effect                                                                          |
 * |--------------------|---------------------------------------------------------------------------------|
 * | enqueue + start    | a new job, run when the jobs before it are done                                  |
 * | start              | runs queued jobs and jobs left 'running' by a runner that is gone               |
 * | run(id)            | runs that one job now (the CLI)                                                  |
 * | cancel / pause     | state changes at once; the runner stops after the batch in flight                |
 * | resume             | a paused job is queued again                                                     |
 * | stop / stopNow     | this process stops running jobs; they stay resumable                            |
 */
import type { Archive } from '../store/archive.js';
import { ACTIVE_JOB_STATES, type Job, type JobModel, type JobOptions, type JobSelection } from '../store/job-repository.js';
import type { ProviderRequest } from '../model/providers.js';
import { openInThread } from './analyzer-thread.js';
import { openInProcess, type AnalysisBackend, type BackendOptions } from './backend.js';
import { runJob, type JobProgress } from './job-runner.js';
import type { ModelIdentity } from './model-identity.js';
import { newRunnerToken, retireRunnerToken, runnerGone } from './runner-token.js';

export type OpenBackend = (options: BackendOptions) => Promise<AnalysisBackend>;
export type JobBackendOptions = Omit<BackendOptions, 'modelDir'>;

/** Inference in a worker thread when one can start, else in this thread. */
export const openPreferThread: OpenBackend = async (options) => {
  try {
    return await openInThread(options);
  } catch (e) {
    // The model itself failing to load fails the same way in this thread, with the same message.
    process.emitWarning(`analysis runs in the main thread: ${e instanceof Error ? e.message : String(e)}`);
    return openInProcess(options);
  }
};

export interface JobQueueOptions {
  openBackend?: OpenBackend;
  /**
   * this process's backend options (or a function of the model asked when they are needed): threads and batch size
   * for every job; provider, Monte-Carlo passes and cluster-model folder for the jobs enqueued here without
   * options of their own (unless jobOptions says otherwise) and for jobs queued before jobs kept their options
   */
  backend?: JobBackendOptions | ((model: JobModel) => JobBackendOptions);
  /** the options a job enqueued without any is queued with (the app: the settings' choice at that moment) */
  jobOptions?: (model: JobModel) => JobOptions;
  /**
   * where a job's cluster model is now, given the folder it was queued with (default: that folder); the app looks
   * in its cluster-models folder too, by the cluster model's version key
   */
  clusterDirFor?: (model: JobModel, queuedWith: string | undefined) => string | undefined;
  batchSize?: number;
  onProgress?: (p: JobProgress) => void;
  /** least time between progress reports within a batch (default 250 ms) */
  progressEveryMs?: number;
  /** a job ended (done, failed, cancelled, paused) or was interrupted by stop */
  onJobEnd?: (job: Job) => void;
}

export interface EnqueueRequest {
  selection: JobSelection;
  model: ModelIdentity;
  /** default: JobQueueOptions.jobOptions, else the queue's backend options */
  options?: JobOptions;
  force?: boolean;
  actor: string;
}

const CANCELLABLE = ACTIVE_JOB_STATES;

/**
 * Cancels a job that is queued, running (here, in another process, or left by a crash) or paused: its runner stops
 * after the batch in flight and the studies analysed so far keep their analyses. Undefined when the job is in no
 * such state. The API, the CLI (`ecg-tlc jobs --cancel`) and the queue all cancel through here.
 */
export function cancelJob(archive: Archive, id: number, actor: string): Job | undefined {
  return archive.jobs.transition(id, CANCELLABLE, 'cancelled', actor);
}

export class AnalysisJobs {
  readonly runner = newRunnerToken();
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private again = false;
  private backend: AnalysisBackend | undefined;
  /** the options the open backend was opened with: another job's options open another backend */
  private backendKey: string | undefined;
  private current: number | undefined;
  /** the job run() is running in the caller's time: stop() lets its batch in flight finish before closing the backend */
  private inRun: Promise<Job> | undefined;

  constructor(
    private readonly archive: Archive,
    private readonly options: JobQueueOptions = {},
  ) {}

  enqueue(r: EnqueueRequest): Job {
    const options = r.options ?? this.newJobOptions(r.model);
    return this.archive.jobs.enqueue({ model: r.model, options, selection: r.selection, force: r.force ?? false, actor: r.actor });
  }

  /** The job being run by this queue now. */
  get running(): number | undefined {
    return this.current;
  }

  /** Jobs start() would run, oldest first: queued ones and those whose runner is gone. */
  pending(): Job[] {
    return this.archive.jobs.inStates(['queued', 'running']).filter((j) => j.state === 'queued' || this.orphaned(j));
  }

  /** Runs pending jobs until none is left; returns at once (idle() waits for the end). */
  start(): void {
    if (this.controller.signal.aborted) return;
    if (this.loop) {
      this.again = true;
      return;
    }
    this.again = false;
    this.loop = this.drain()
      .catch((e: unknown) => {
        // the archive closed under a stopping queue, or a store failure: the job stays resumable
        if (!this.controller.signal.aborted) process.emitWarning(`analysis queue stopped: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.loop = undefined;
      });
  }

  /** Resolves when nothing is running. */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /** Runs one job to its end (or until it is paused, cancelled or stopped) in the caller's time. */
  async run(id: number): Promise<Job> {
    await this.idle();
    const job = this.claim(id);
    if (!job) {
      const now = this.archive.jobs.get(id);
      if (!now) throw new Error(`no analysis job ${id} in the archive`);
      return now;
    }
    this.inRun = this.runClaimed(job);
    try {
      return await this.inRun;
    } finally {
      this.inRun = undefined;
      await this.closeBackend();
    }
  }

  cancel(id: number, actor: string): Job | undefined {
    return cancelJob(this.archive, id, actor);
  }

  pause(id: number, actor: string): Job | undefined {
    return this.archive.jobs.transition(id, ['queued', 'running'], 'paused', actor);
  }

  resume(id: number, actor: string): Job | undefined {
    const job = this.archive.jobs.transition(id, ['paused'], 'queued', actor);
    if (job) this.start();
    return job;
  }

  /** Stops after the batch in flight; the running job stays resumable. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.idle();
    await this.inRun?.catch(() => undefined);
    await this.closeBackend();
    retireRunnerToken(this.runner);
  }

  /** Stops at once (the process is about to exit or close the archive): the batch in flight is dropped. */
  stopNow(): void {
    this.controller.abort();
    this.backend?.kill?.();
    retireRunnerToken(this.runner);
  }

  private orphaned(j: Job): boolean {
    return j.state === 'running' && j.runner !== this.runner && runnerGone(j.runner, j.heartbeatAt);
  }

  private claim(id: number): Job | undefined {
    return this.archive.jobs.claim(id, this.runner, (j) => j.state === 'queued' || this.orphaned(j) || (j.state === 'running' && j.runner === this.runner));
  }

  private async drain(): Promise<void> {
    const stopped = this.controller.signal;
    try {
      for (;;) {
        if (stopped.aborted) return;
        const next = this.pending()[0];
        if (next) {
          const job = this.claim(next.id);
          if (job) await this.runClaimed(job);
          continue;
        }
        await this.closeBackend();
        // a job queued while the backend closed
        if (!this.again) return;
        this.again = false;
      }
    } finally {
      await this.closeBackend();
    }
  }

  private async runClaimed(job: Job): Promise<Job> {
    this.current = job.id;
    try {
      let backend: AnalysisBackend;
      let options: JobBackendOptions;
      try {
        options = this.runOptions(job);
        backend = await this.backendFor({ ...options, modelDir: job.model.dir });
      } catch (e) {
        const why = `cannot load the model from ${job.model.dir} with the job's options: ${e instanceof Error ? e.message : String(e)}`;
        return this.ended(this.archive.jobs.transition(job.id, ['running'], 'failed', undefined, why) ?? this.archive.jobs.get(job.id)!);
      }
      return this.ended(
        await runJob(this.archive, job, backend, {
          runner: this.runner,
          signal: this.controller.signal,
          ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
          ...(this.options.progressEveryMs !== undefined ? { progressEveryMs: this.options.progressEveryMs } : {}),
          ...(options.mcPasses ? { mcPasses: options.mcPasses } : {}),
          ...(this.options.onProgress ? { onProgress: this.options.onProgress } : {}),
        }),
      );
    } finally {
      this.current = undefined;
    }
  }

  /** This process's backend options for a model. */
  private here(model: JobModel): JobBackendOptions {
    const o = this.options.backend;
    return typeof o === 'function' ? o(model) : (o ?? {});
  }

  /** Threads and batch size ride along: the store keeps only the options that make the analyses what they are. */
  private newJobOptions(model: JobModel): JobOptions {
    return this.options.jobOptions ? this.options.jobOptions(model) : this.here(model);
  }

  /** The job's own options with this process's threads and batch size; a job without options of its own runs as a new one would. */
  private runOptions(job: Job): JobBackendOptions {
    const here = this.here(job.model);
    const own = job.options ?? this.newJobOptions(job.model);
    const clusterDir = job.options && this.options.clusterDirFor ? this.options.clusterDirFor(job.model, own.clusterDir) : own.clusterDir;
    return {
      ...(here.threads !== undefined ? { threads: here.threads } : {}),
      ...(here.batchSize !== undefined ? { batchSize: here.batchSize } : {}),
      ...(own.provider ? { provider: own.provider as ProviderRequest } : {}),
      ...(own.mcPasses ? { mcPasses: own.mcPasses } : {}),
      ...(clusterDir ? { clusterDir } : {}),
    };
  }

  private ended(job: Job): Job {
    this.options.onJobEnd?.(job);
    return job;
  }

  private async backendFor(options: BackendOptions): Promise<AnalysisBackend> {
    const key = JSON.stringify(options, Object.keys(options).sort());
    if (this.backend && this.backendKey === key) return this.backend;
    await this.closeBackend();
    const open = this.options.openBackend ?? openPreferThread;
    this.backend = await open(options);
    this.backendKey = key;
    return this.backend;
  }

  private async closeBackend(): Promise<void> {
    const b = this.backend;
    this.backend = undefined;
    this.backendKey = undefined;
    await b?.close();
  }
}
