/**
 * Batch analysis of the archive and the stored analyses. analyzeStudies queues a persistent job and answers at
 * once; the job runs in the background (inference off the main thread), pushing `analysis:progress` events, and
 * survives a quit or crash: it resumes at the next launch without redoing finished studies. Studies whose
 * latest analysis already used the current model and cluster model are skipped unless `force`.
 *
 * | method          | answers                                                                      |
 * |-----------------|------------------------------------------------------------------------------|
 * | analyzeStudies  | the queued job (state 'done' at once when nothing was left to do)            |
 * | getJob/listJobs | jobs with their counts; a running one with its rate and ETA                  |
 * | cancelJob       | stops after the batch in flight; the studies analysed so far stay            |
 * | pauseJob/resumeJob | a paused job keeps its place and continues when resumed                    |
 * | getAnalysis     | the study's latest analysis with its explanation, or null when it has none   |
 * | analysisStatus  | current / stale / unanalysed counts for the current model, versions in use   |
 */
import { z } from 'zod';
import { method } from './method.js';
import { ModelRef, StoredAnalysis } from './stored-analysis.js';
import { StudyId, StudyQuery } from './studies.js';

/** Worklist filters without paging or order: what selects studies for a job, a cohort or a triage list. */
export const StudyFilter = StudyQuery.omit({ sort: true, direction: true, limit: true, offset: true, cursor: true });
export type StudyFilter = z.infer<typeof StudyFilter>;

export const AnalysisJobId = z.number().int().positive();
/** An installed model package, by id (a folder name under models/, never a path). */
export const ModelId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a model package id: letters, digits, ".", "_" or "-"');

export const JobState = z.enum(['queued', 'running', 'paused', 'cancelled', 'done', 'failed']);
export type JobState = z.infer<typeof JobState>;

export const AnalysisJob = z.object({
  id: AnalysisJobId,
  kind: z.literal('analyze'),
  state: JobState,
  model: ModelRef,
  /** what selected the studies: worklist filters, or a list of ids (counted, not repeated) */
  selection: z.union([z.object({ by: z.literal('query'), query: z.record(z.string(), z.unknown()) }), z.object({ by: z.literal('ids'), count: z.number().int() })]),
  force: z.boolean(),
  /** studies queued */
  total: z.number().int(),
  /** studies selected but left out: already analysed with this model, or queued in another job */
  skipped: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  /** queued + in flight */
  remaining: z.number().int(),
  /** who queued it */
  actor: z.string(),
  error: z.string().optional(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** while this process runs it: studies per second and the estimated seconds left */
  rate: z.number().optional(),
  etaSeconds: z.number().optional(),
});
export type AnalysisJob = z.infer<typeof AnalysisJob>;

export const AnalysisProgress = z.object({
  jobId: AnalysisJobId,
  state: JobState,
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  remaining: z.number().int(),
  /** studies per second in this run */
  rate: z.number(),
  etaSeconds: z.number().optional(),
  /** the study just stored */
  studyId: z.number().int().optional(),
});
export type AnalysisProgress = z.infer<typeof AnalysisProgress>;

export const AnalyzeStudiesArgs = z
  .strictObject({
    /** the studies the worklist filters select (all studies when neither query nor ids is given) */
    query: StudyFilter.optional(),
    ids: z.array(StudyId).min(1).max(100_000).optional(),
    /** analyse again even when the latest analysis used the current model and cluster model */
    force: z.boolean().optional(),
    /** default: the shipped model */
    model: ModelId.optional(),
  })
  .refine((a) => !(a.query && a.ids), 'give query or ids, not both');

export const AnalysisStatus = z.object({
  model: ModelRef,
  /** studies the filter selects */
  total: z.number().int(),
  current: z.number().int(),
  stale: z.number().int(),
  unanalysed: z.number().int(),
  /** model and cluster model of the selected studies' latest analyses, most used first */
  versions: z.array(
    z.object({
      modelId: z.string(),
      modelVersion: z.string(),
      modelSha256: z.string().optional(),
      clusterModel: z.string().optional(),
      studies: z.number().int(),
      current: z.boolean(),
    }),
  ),
  /** the first stale study ids (up to staleIds asked for) */
  staleIds: z.array(StudyId),
});
export type AnalysisStatus = z.infer<typeof AnalysisStatus>;

const JobRef = z.strictObject({ id: AnalysisJobId });

export const analysisMethods = {
  analyzeStudies: method(AnalyzeStudiesArgs, z.object({ job: AnalysisJob }), 'queue a batch analysis of the selected studies; progress as analysis:progress events'),
  getJob: method(JobRef, AnalysisJob, 'one analysis job with its counts (and rate and ETA while running)'),
  listJobs: method(
    z.strictObject({ limit: z.number().int().min(1).max(500).optional(), states: z.array(JobState).max(6).optional() }),
    z.object({ jobs: z.array(AnalysisJob) }),
    'analysis jobs, newest first',
  ),
  cancelJob: method(JobRef, AnalysisJob, 'cancel a job (stops after the batch in flight; finished studies keep their analyses)'),
  pauseJob: method(JobRef, AnalysisJob, 'pause a queued or running job'),
  resumeJob: method(JobRef, AnalysisJob, 'queue a paused job again'),
  getAnalysis: method(z.strictObject({ studyId: StudyId }), StoredAnalysis.nullable(), "a study's latest analysis with its explanation and legend, or null"),
  analysisStatus: method(
    z.strictObject({ query: StudyFilter.optional(), model: ModelId.optional(), staleIds: z.number().int().min(0).max(10_000).optional() }),
    AnalysisStatus,
    'how many selected studies are current, stale (another model or cluster model) or unanalysed',
  ),
};

export const analysisEvents = {
  'analysis:progress': AnalysisProgress,
};
