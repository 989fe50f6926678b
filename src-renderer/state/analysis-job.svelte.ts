/**
 * The batch analysis started from the worklist: the job, its progress as 'analysis:progress' events push it
 * (done, failed, rate, ETA), pause, resume, cancel. Each stored result calls `onResults` (at most once per `refreshMs`) so the
 * worklist can show the new figures while the job runs, and once more when the job ends.
 */
import type { AnalysisJob, AnalysisProgress, JobState, StudyFilter } from '../../src-main/api/contract/analysis.js';
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import { errorText } from '../api/error-text.js';

const FINISHED: ReadonlySet<JobState> = new Set(['cancelled', 'done', 'failed']);

export interface JobView {
  id: number;
  state: JobState;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  rate: number | undefined;
  etaSeconds: number | undefined;
}

export class AnalysisJobState {
  job = $state<JobView | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  starting = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = false;
  readonly #bridge: EcgBridge;
  readonly #onResults: () => void;
  readonly #refreshMs: number;

  constructor(bridge: EcgBridge, onResults: () => void, refreshMs = 750) {
    this.#bridge = bridge;
    this.#onResults = onResults;
    this.#refreshMs = refreshMs;
    bridge.on('analysis:progress', (p) => this.#progress(p));
  }

  get running(): boolean {
    return this.job !== undefined && !FINISHED.has(this.job.state);
  }

  /** 0–1 of the queued studies finished (done or failed). */
  get fraction(): number {
    const j = this.job;
    return j && j.total ? Math.min(1, (j.done + j.failed) / j.total) : j && FINISHED.has(j.state) ? 1 : 0;
  }

  /** Analyses the studies the filter selects (all when it is undefined). */
  async start(query: StudyFilter | undefined): Promise<void> {
    this.starting = true;
    this.error = undefined;
    try {
      const { job } = await this.#bridge.invoke('analyzeStudies', query ? { query } : {});
      this.#adopt(job);
      if (FINISHED.has(job.state)) this.#onResults();
    } catch (e) {
      this.error = errorText(e).message;
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.job) return;
    try {
      this.#adopt(await this.#bridge.invoke('cancelJob', { id: this.job.id }));
    } catch (e) {
      this.error = errorText(e).message;
    }
  }

  /** Pause keeps the job's place; resume queues it again (the answer's state wins over what events said). */
  async pause(): Promise<void> {
    await this.#setState('pauseJob');
  }

  async resume(): Promise<void> {
    await this.#setState('resumeJob');
  }

  async #setState(method: 'pauseJob' | 'resumeJob'): Promise<void> {
    if (!this.job) return;
    try {
      const j = await this.#bridge.invoke(method, { id: this.job.id });
      this.#adopt(j);
      if (this.job?.id === j.id) this.job = { ...this.job, state: j.state };
    } catch (e) {
      this.error = errorText(e).message;
    }
  }

  #adopt(j: AnalysisJob): void {
    // an event may have told us more than the answer that started the job
    const seen = this.job?.id === j.id ? this.job : undefined;
    const newer = seen && seen.done + seen.failed > j.done + j.failed;
    this.job = newer
      ? { ...seen, skipped: j.skipped, state: FINISHED.has(j.state) ? j.state : seen.state }
      : { id: j.id, state: j.state, total: j.total, done: j.done, failed: j.failed, skipped: j.skipped, rate: j.rate, etaSeconds: j.etaSeconds };
  }

  #progress(p: AnalysisProgress): void {
    if (this.job && this.job.id !== p.jobId) return;
    const prev = this.job;
    this.job = { id: p.jobId, state: p.state, total: p.total, done: p.done, failed: p.failed, skipped: prev?.skipped ?? 0, rate: p.rate, etaSeconds: p.etaSeconds };
    if (FINISHED.has(p.state)) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#pending = false;
      this.#onResults();
    } else if (p.studyId !== undefined) this.#schedule();
  }

  #schedule(): void {
    if (this.#timer) {
      this.#pending = true;
      return;
    }
    this.#onResults();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#pending) {
        this.#pending = false;
        this.#schedule();
      }
    }, this.#refreshMs);
  }
}
