/**
 * analyzeStudies and the job methods over this process's queue; getAnalysis and analysisStatus over the store.
 * A job answers at once: it runs in the background (inference in a worker thread) and reports by events.
 */
import type { Job } from '../../store/job-repository.js';
import type { Analysis } from '../../store/analysis-repository.js';
import { staleness, staleStudyIds } from '../../store/analysis-versions.js';
import { isCurrent } from '../../store/staleness-rule.js';
import { StudyQueryError } from '../../store/study-query.js';
import { fromStored } from '../../analysis/stored-analysis.js';
import type { ModelIdentity } from '../../analysis/model-identity.js';
import type { AnalysisJob } from '../contract/analysis.js';
import type { AnalysisBrief, ModelRef, StoredAnalysis } from '../contract/stored-analysis.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import type { AnalysisService } from '../services/analysis-service.js';
import type { ExplainContexts } from '../services/explain-contexts.js';

export function modelRef(m: ModelIdentity): ModelRef {
  return { id: m.id, version: m.version, sha256: m.sha256, ...(m.clusterModel ? { clusterModel: m.clusterModel } : {}) };
}

export function jobView(job: Job, service: AnalysisService): AnalysisJob {
  const live = job.state === 'running' ? service.live.get(job.id) : undefined;
  const optional = { error: job.error, startedAt: job.startedAt, finishedAt: job.finishedAt, rate: live?.rate, etaSeconds: live?.etaSeconds };
  const view: AnalysisJob = {
    id: job.id,
    kind: job.kind,
    state: job.state,
    model: modelRef(job.model),
    selection: 'ids' in job.selection ? { by: 'ids', count: job.selection.ids.length } : { by: 'query', query: job.selection.query as Record<string, unknown> },
    force: job.force,
    total: job.total,
    skipped: job.skipped,
    done: job.counts.done,
    failed: job.counts.failed,
    remaining: job.counts.queued + job.counts.running,
    actor: job.actor,
    createdAt: job.createdAt,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (view as Record<string, unknown>)[k] = v;
  return view;
}

/** A stored analysis for the API; `stale` compares it with the current model when that is known. */
export function analysisView(a: Analysis, current: ModelIdentity | undefined, withExplanation: true, contexts?: ExplainContexts): StoredAnalysis;
export function analysisView(a: Analysis, current: ModelIdentity | undefined, withExplanation: false): AnalysisBrief;
/** With `contexts`, the explanation gets its per-ECG drivers (computed on showing, not stored: local-drivers.ts). */
export function analysisView(a: Analysis, current: ModelIdentity | undefined, withExplanation: boolean, contexts?: ExplainContexts): StoredAnalysis {
  const { explanation, ...brief } = fromStored(withExplanation ? a : { ...a, explanation: undefined });
  const out: StoredAnalysis = {
    ...brief,
    ...(current ? { stale: !isCurrent({ ...(a.modelSha256 ? { modelSha256: a.modelSha256 } : {}), ...(a.clusterModelVersion ? { clusterModel: a.clusterModelVersion } : {}) }, current) } : {}),
  };
  if (explanation) {
    out.explanation = contexts ? contexts.complete(explanation) : explanation;
    out.legend = explanation.views.map((v) => ({ view: v.view, clusters: v.clusters }));
  }
  return out;
}

function badQuery<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StudyQueryError) throw new ApiError('invalid-arguments', e.message);
    throw e;
  }
}

function modelFor(service: AnalysisService, id: string | undefined): ModelIdentity {
  let dir: string;
  try {
    dir = service.modelDir(id);
  } catch (e) {
    throw new ApiError('not-found', e instanceof Error ? e.message : String(e));
  }
  try {
    // hashed afresh: a package replaced since the last job is seen as the new version it is
    return service.identity(dir, true);
  } catch (e) {
    throw new ApiError('unavailable', `the model package cannot be used: ${e instanceof Error ? e.message : String(e)}`);
  }
}

type AnalysisMethods = 'analyzeStudies' | 'getJob' | 'listJobs' | 'cancelJob' | 'pauseJob' | 'resumeJob' | 'getAnalysis' | 'analysisStatus';

export function analysisHandlers(service: AnalysisService): Pick<Handlers, AnalysisMethods> {
  const jobs = service.archive.jobs;
  const existing = (id: number): Job => {
    const job = jobs.get(id);
    if (!job) throw new ApiError('not-found', `analysis job ${id} is not in the archive`);
    return job;
  };
  return {
    analyzeStudies: async ({ query, ids, force, model }) => {
      const identity = modelFor(service, model);
      const job = badQuery(() =>
        service.queue.enqueue({ selection: ids ? { ids } : { query: query ?? {} }, model: identity, force: force ?? false, actor: service.actor() }),
      );
      service.queue.start();
      return { job: jobView(job, service) };
    },
    getJob: async ({ id }) => jobView(existing(id), service),
    listJobs: async ({ limit, states }) => {
      const all = states ? jobs.inStates(states, limit ?? 50).reverse() : jobs.list(limit ?? 50);
      return { jobs: all.map((j) => jobView(j, service)) };
    },
    cancelJob: async ({ id }) => jobView(service.queue.cancel(id, service.actor()) ?? existing(id), service),
    pauseJob: async ({ id }) => jobView(service.queue.pause(id, service.actor()) ?? existing(id), service),
    resumeJob: async ({ id }) => jobView(service.queue.resume(id, service.actor()) ?? existing(id), service),
    getAnalysis: async ({ studyId }) => {
      if (!service.archive.studies.summary(studyId)) throw new ApiError('not-found', `study ${studyId} is not in the archive`);
      const a = service.archive.analyses.latest(studyId);
      return a ? analysisView(a, service.current(), true, service.contexts) : null;
    },
    analysisStatus: async ({ query, model, staleIds }) => {
      const identity = modelFor(service, model);
      const s = badQuery(() => staleness(service.archive.db, identity, query ?? {}));
      return {
        model: modelRef(identity),
        total: s.total,
        current: s.current,
        stale: s.stale,
        unanalysed: s.unanalysed,
        versions: s.versions.map((v) => ({ ...v, current: isCurrent(v, identity) })),
        staleIds: staleIds ? staleStudyIds(service.archive.db, identity, query ?? {}, staleIds) : [],
      };
    },
  };
}
