/**
 * The persistent analysis job queue (schema-v2.ts). What the store guarantees, whatever process runs a job:
 *
 * | operation | transaction                                                                              |
 * |-----------|------------------------------------------------------------------------------------------|
 * | enqueue   | the job, an item per selected study and the audit entry: all or nothing                  |
 * | claim     | the job becomes this runner's; items a dead runner left 'running' go back to 'queued'    |
 * | takeBatch | the next queued items become 'running' (the batch in flight) and the heartbeat is renewed |
 * | complete  | the study's analysis row and its item marked done: a crash never leaves one without the other |
 *
 * State of a job: queued → running → done | failed; paused and cancelled by the user (paused → queued again).
 * Counts per item state are counted from job_items, never stored beside them. A job keeps the options its
 * analyses are made with (JobOptions, schema-v3.ts) beside its model: whoever resumes it runs it with those.
 */
import type Database from 'better-sqlite3';
import { AnalysisRepository, type NewAnalysis } from './analysis-repository.js';
import { AuditLog } from './audit-log.js';
import { CURRENT_ANALYSIS, keyParams } from './staleness-rule.js';
import { buildWhere, type StudyQuery } from './study-query.js';

export const JOB_STATES = ['queued', 'running', 'paused', 'cancelled', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];
/** States in which a job still owns its queued items (a new job skips studies queued in one of these). */
export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'running', 'paused'];

export interface JobModel {
  id: string;
  version: string;
  sha256: string;
  /** the package folder, so a resumed job loads the same model */
  dir: string;
  /** creation time of the cluster model (its version key); absent when the package has none */
  clusterModel?: string;
}

/**
 * What a job's analyses are made with besides the model package, kept with the job so that every resume makes the
 * analyses the first run made. Jobs queued before schema version 3 have none (Job.options absent).
 */
export interface JobOptions {
  /** the cluster model's folder (clusters.json + surrogate.json) when it is not the package's own */
  clusterDir?: string;
  /** the execution provider asked for (cpu, auto, cuda, …), not the one that opened */
  provider?: string;
  /** Monte-Carlo dropout passes; absent: none */
  mcPasses?: number;
}

/** Worklist filters (paging and sort are ignored), or explicit study ids. */
export type JobSelection = { query: StudyQuery } | { ids: number[] };

export interface NewJob {
  model: JobModel;
  /** default {}: the package's own clusters, the default provider, no Monte-Carlo passes */
  options?: JobOptions;
  selection: JobSelection;
  /** analyse studies again even when their latest analysis used this model and cluster model */
  force: boolean;
  actor: string;
}

export interface JobCounts {
  queued: number;
  running: number;
  done: number;
  failed: number;
}

export interface Job {
  id: number;
  kind: 'analyze';
  model: JobModel;
  /** absent on a job queued before jobs kept their options (schema version 2) */
  options?: JobOptions;
  selection: JobSelection;
  force: boolean;
  state: JobState;
  /** studies queued when the job was created */
  total: number;
  /** studies the selection matched but the job left out (already analysed with this model, or queued elsewhere) */
  skipped: number;
  counts: JobCounts;
  actor: string;
  error?: string;
  runner?: string;
  heartbeatAt?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

interface JobRow {
  id: number;
  kind: 'analyze';
  model_id: string;
  model_version: string;
  model_sha256: string;
  model_dir: string;
  cluster_model: string | null;
  options: string | null;
  selection: string;
  force: number;
  state: JobState;
  total: number;
  skipped: number;
  actor: string;
  error: string | null;
  runner: string | null;
  heartbeat_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** Paging and order do not select studies; only filters travel with a job. */
function filtersOnly(q: StudyQuery): StudyQuery {
  const { sort: _s, direction: _d, limit: _l, offset: _o, cursor: _c, ...filters } = q;
  return filters;
}

/** Only the options that make a difference, so that equal options are stored (and compared) alike. */
function jobOptions(o: JobOptions): JobOptions {
  if (o.mcPasses !== undefined && (!Number.isInteger(o.mcPasses) || o.mcPasses < 0)) throw new Error(`Monte-Carlo passes must be a whole number ≥ 0, not ${o.mcPasses}`);
  return {
    ...(o.clusterDir ? { clusterDir: o.clusterDir } : {}),
    ...(o.provider ? { provider: o.provider } : {}),
    ...(o.mcPasses ? { mcPasses: o.mcPasses } : {}),
  };
}

const now = () => new Date().toISOString();
const active = ACTIVE_JOB_STATES.map((s) => `'${s}'`).join(', ');

export class JobRepository {
  private readonly audit: AuditLog;
  private readonly analyses: AnalysisRepository;
  private readonly s: Record<
    'insertJob' | 'setTotals' | 'get' | 'list' | 'listByState' | 'counts' | 'requeueRunning' | 'claim' | 'next'
    | 'markRunning' | 'heartbeat' | 'itemDone' | 'itemFailed' | 'setState' | 'items',
    Database.Statement
  >;
  private readonly enqueueTx: Database.Transaction<(job: NewJob & { options: JobOptions }) => number>;
  private readonly claimTx: Database.Transaction<(id: number, runner: string, canTake: (job: Job) => boolean) => Job | undefined>;
  private readonly batchTx: Database.Transaction<(id: number, size: number) => number[]>;
  private readonly completeTx: Database.Transaction<(id: number, studyId: number, analysis: NewAnalysis) => number>;
  private readonly transitionTx: Database.Transaction<
    (id: number, from: readonly JobState[], to: JobState, actor: string | undefined, error?: string) => Job | undefined
  >;

  constructor(private readonly db: Database.Database) {
    this.audit = new AuditLog(db);
    this.analyses = new AnalysisRepository(db);
    this.s = {
      insertJob: db.prepare(
        `INSERT INTO jobs (kind, model_id, model_version, model_sha256, model_dir, cluster_model, options, selection, force, state, actor, created_at)
         VALUES ('analyze', ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      ),
      setTotals: db.prepare('UPDATE jobs SET total = ?, skipped = ?, state = ?, finished_at = ? WHERE id = ?'),
      get: db.prepare('SELECT * FROM jobs WHERE id = ?'),
      list: db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?'),
      listByState: db.prepare(`SELECT * FROM jobs WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`),
      counts: db.prepare('SELECT state, count(*) AS n FROM job_items WHERE job_id = ? GROUP BY state'),
      requeueRunning: db.prepare(`UPDATE job_items SET state = 'queued' WHERE job_id = ? AND state = 'running'`),
      claim: db.prepare(`UPDATE jobs SET state = 'running', runner = ?, heartbeat_at = ?, started_at = coalesce(started_at, ?) WHERE id = ?`),
      next: db.prepare(`SELECT study_id FROM job_items WHERE job_id = ? AND state = 'queued' ORDER BY study_id LIMIT ?`).pluck(),
      markRunning: db.prepare(`UPDATE job_items SET state = 'running' WHERE job_id = ? AND study_id = ?`),
      heartbeat: db.prepare('UPDATE jobs SET heartbeat_at = ? WHERE id = ?'),
      itemDone: db.prepare(`UPDATE job_items SET state = 'done', analysis_id = ?, error = NULL WHERE job_id = ? AND study_id = ?`),
      itemFailed: db.prepare(`UPDATE job_items SET state = 'failed', error = ? WHERE job_id = ? AND study_id = ?`),
      setState: db.prepare('UPDATE jobs SET state = ?, error = ?, finished_at = ?, runner = ? WHERE id = ?'),
      items: db.prepare('SELECT study_id, state, analysis_id, error FROM job_items WHERE job_id = ? ORDER BY study_id'),
    };

    this.enqueueTx = db.transaction((job: NewJob & { options: JobOptions }) => {
      const m = job.model;
      const id = Number(
        this.s.insertJob.run(m.id, m.version, m.sha256, m.dir, m.clusterModel ?? null, JSON.stringify(job.options), JSON.stringify(job.selection), job.force ? 1 : 0, job.actor, now())
          .lastInsertRowid,
      );
      const { where, params } = this.selectionWhere(job.selection);
      const matched = db.prepare(`SELECT count(*) FROM studies s ${where}`).pluck().get(...params) as number;
      // Studies an active job for the same model already holds are never queued twice; without force, neither
      // are studies whose latest analysis used this model and this cluster model.
      const skip = [
        `NOT EXISTS (SELECT 1 FROM job_items i JOIN jobs j ON j.id = i.job_id WHERE i.study_id = s.id AND i.job_id <> ?
           AND i.state IN ('queued', 'running') AND j.state IN (${active}) AND j.model_sha256 = ? AND j.cluster_model IS ?)`,
      ];
      const skipParams: unknown[] = [id, m.sha256, m.clusterModel ?? null];
      if (!job.force) {
        skip.push(`NOT EXISTS (SELECT 1 FROM analyses a WHERE a.id = s.analysis_id AND ${CURRENT_ANALYSIS})`);
        skipParams.push(...keyParams(m));
      }
      const inserted = db
        .prepare(`INSERT INTO job_items (job_id, study_id, state) SELECT ?, s.id, 'queued' FROM studies s ${where ? `${where} AND` : 'WHERE'} ${skip.join(' AND ')}`)
        .run(id, ...params, ...skipParams).changes;
      const empty = inserted === 0;
      this.s.setTotals.run(inserted, matched - inserted, empty ? 'done' : 'queued', empty ? now() : null, id);
      this.audit.append({
        actor: job.actor,
        action: 'analysis-queued',
        entity: 'job',
        entityId: id,
        details: {
          model: { id: m.id, version: m.version, sha256: m.sha256, clusterModel: m.clusterModel },
          options: job.options,
          selection: job.selection,
          force: job.force,
          total: inserted,
          skipped: matched - inserted,
        },
      });
      return id;
    });

    this.claimTx = db.transaction((id: number, runner: string, canTake: (job: Job) => boolean) => {
      const job = this.get(id);
      if (!job || !canTake(job)) return undefined;
      this.s.requeueRunning.run(id);
      const at = now();
      this.s.claim.run(runner, at, at, id);
      return this.get(id);
    });

    this.batchTx = db.transaction((id: number, size: number) => {
      const ids = this.s.next.all(id, size) as number[];
      for (const studyId of ids) this.s.markRunning.run(id, studyId);
      this.s.heartbeat.run(now(), id);
      return ids;
    });

    this.completeTx = db.transaction((id: number, studyId: number, analysis: NewAnalysis) => {
      const analysisId = this.analyses.add(analysis);
      this.s.itemDone.run(analysisId, id, studyId);
      return analysisId;
    });

    this.transitionTx = db.transaction((id: number, from: readonly JobState[], to: JobState, actor: string | undefined, error?: string) => {
      const job = this.get(id);
      if (!job || !from.includes(job.state)) return undefined;
      const final = to === 'done' || to === 'failed' || to === 'cancelled';
      this.s.setState.run(to, error ?? null, final ? now() : null, to === 'running' ? (job.runner ?? null) : null, id);
      if (actor) this.audit.append({ actor, action: `analysis-${to}`, entity: 'job', entityId: id, ...(error ? { details: { error } } : {}) });
      return this.get(id);
    });
  }

  private selectionWhere(sel: JobSelection): { where: string; params: unknown[] } {
    if ('ids' in sel) return { where: 'WHERE s.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(sel.ids)] };
    return buildWhere(filtersOnly(sel.query));
  }

  /** Queues a job for the selected studies; a selection with nothing left to do gives a job that is already done. */
  enqueue(job: NewJob): Job {
    const selection: JobSelection = 'ids' in job.selection ? { ids: [...new Set(job.selection.ids)] } : { query: filtersOnly(job.selection.query) };
    const id = this.enqueueTx.immediate({ ...job, options: jobOptions(job.options ?? {}), selection });
    return this.get(id)!;
  }

  get(id: number): Job | undefined {
    const r = this.s.get.get(id) as JobRow | undefined;
    return r && this.toJob(r);
  }

  /** Newest first. */
  list(limit = 50): Job[] {
    return (this.s.list.all(limit) as JobRow[]).map((r) => this.toJob(r));
  }

  /** Oldest first: the order a queue runs them. */
  inStates(states: readonly JobState[], limit = 1000): Job[] {
    return (this.s.listByState.all(JSON.stringify(states), limit) as JobRow[]).map((r) => this.toJob(r));
  }

  counts(id: number): JobCounts {
    const c: JobCounts = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of this.s.counts.all(id) as Array<{ state: keyof JobCounts; n: number }>) c[r.state] = r.n;
    return c;
  }

  items(id: number): Array<{ studyId: number; state: keyof JobCounts; analysisId?: number; error?: string }> {
    return (this.s.items.all(id) as Array<{ study_id: number; state: keyof JobCounts; analysis_id: number | null; error: string | null }>).map((r) => ({
      studyId: r.study_id,
      state: r.state,
      ...(r.analysis_id !== null ? { analysisId: r.analysis_id } : {}),
      ...(r.error !== null ? { error: r.error } : {}),
    }));
  }

  /**
   * Makes `runner` the job's runner when `canTake` allows (a queued job, or a running one whose runner died):
   * the items its previous runner had in flight are queued again. Undefined when the job cannot be taken.
   */
  claim(id: number, runner: string, canTake: (job: Job) => boolean): Job | undefined {
    return this.claimTx.immediate(id, runner, canTake);
  }

  /** The next `size` queued studies, now marked running; empty when none are left. */
  takeBatch(id: number, size: number): number[] {
    return this.batchTx.immediate(id, size);
  }

  /** Stores the study's analysis and marks its item done, in one transaction; returns the analysis id. */
  complete(id: number, studyId: number, analysis: NewAnalysis): number {
    return this.completeTx.immediate(id, studyId, analysis);
  }

  fail(id: number, studyId: number, error: string): void {
    this.s.itemFailed.run(error, id, studyId);
  }

  /** Moves the job from one of `from` to `to` (audited when an actor is given); undefined when it was in no such state. */
  transition(id: number, from: readonly JobState[], to: JobState, actor?: string, error?: string): Job | undefined {
    return this.transitionTx.immediate(id, from, to, actor, error);
  }

  private toJob(r: JobRow): Job {
    const job: Job = {
      id: r.id,
      kind: r.kind,
      model: { id: r.model_id, version: r.model_version, sha256: r.model_sha256, dir: r.model_dir, ...(r.cluster_model !== null ? { clusterModel: r.cluster_model } : {}) },
      ...(r.options !== null ? { options: JSON.parse(r.options) as JobOptions } : {}),
      selection: JSON.parse(r.selection) as JobSelection,
      force: r.force !== 0,
      state: r.state,
      total: r.total,
      skipped: r.skipped,
      counts: this.counts(r.id),
      actor: r.actor,
      createdAt: r.created_at,
    };
    const optional = { error: r.error, runner: r.runner, heartbeatAt: r.heartbeat_at, startedAt: r.started_at, finishedAt: r.finished_at };
    for (const [k, v] of Object.entries(optional)) if (v !== null) (job as unknown as Record<string, unknown>)[k] = v;
    return job;
  }
}
