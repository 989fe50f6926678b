/**
 * The worklist and one study. StudyQuery, StudySummary and StudyPage mirror src-main/store (study-query.ts,
 * study-summary.ts) field for field, so the store's own checks see only well-typed values; the handler's
 * assignment to the store's types is what keeps the two in step at compile time.
 */
import { z } from 'zod';
import { StudyExplanation } from './explanation.js';
import { MeasuredIntervals } from './intervals.js';
import { method } from './method.js';
import { OverreadState } from './overread-state.js';
import { AnalysisBrief } from './stored-analysis.js';
import { Annotation, Device, LeadInfo, Measurements, Patient, RecordCheck, Sex } from './record.js';

export const StudyId = z.number().int().positive();

/** Same list as STUDY_SORT_KEYS in store/study-query.ts (a test compares them). */
export const StudySortKey = z.enum(['acquired', 'imported', 'patient', 'age', 'probability', 'uncertainty']);

const NumberRange = z.strictObject({ min: z.number().optional(), max: z.number().optional() });
const IsoDateOrTime = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?$/, 'an ISO date (YYYY-MM-DD) or date-time');
const ShortList = z.array(z.string().min(1).max(64)).max(32);

export const StudyQuery = z.strictObject({
  /** words that must each occur in the patient id or name, the record id or the file name */
  text: z.string().max(200).optional(),
  sex: z.array(Sex).max(3).optional(),
  /** years at acquisition */
  age: NumberRange.optional(),
  acquiredFrom: IsoDateOrTime.optional(),
  /** a date alone includes that whole day */
  acquiredTo: IsoDateOrTime.optional(),
  /** reader ids: 'cinc', 'wfdb', … */
  formats: ShortList.optional(),
  /** text that must occur in one of the study's statements */
  statement: z.string().max(200).optional(),
  hasAnalysis: z.boolean().optional(),
  topClass: ShortList.optional(),
  maxProbability: NumberRange.optional(),
  uncertainty: NumberRange.optional(),
  surrogateAgreement: NumberRange.optional(),
  confirmed: z.boolean().optional(),
  /** default acquired, descending */
  sort: StudySortKey.optional(),
  direction: z.enum(['asc', 'desc']).optional(),
  /** rows per page, default 50 */
  limit: z.number().int().min(1).max(1000).optional(),
  offset: z.number().int().min(0).optional(),
  /** nextCursor of the previous page (same filters and sort); takes precedence over offset */
  cursor: z.string().max(1024).optional(),
});
export type StudyQuery = z.infer<typeof StudyQuery>;

/** Why a study's latest analysis is stale, and what it was made with (store/study-summary.ts StaleAnalysis). */
export const StaleAnalysis = z.object({
  reason: z.enum(['model', 'cluster-model']),
  modelId: z.string(),
  modelVersion: z.string(),
  clusterModel: z.string().optional(),
});
export type StaleAnalysis = z.infer<typeof StaleAnalysis>;

export const StudySummary = z.object({
  id: StudyId,
  recordId: z.string().optional(),
  fileName: z.string(),
  sourcePath: z.string(),
  format: z.string(),
  sourceSha256: z.string(),
  acquiredAt: z.string().optional(),
  importedAt: z.string(),
  patient: z.object({ archiveId: z.number().int(), label: z.string().optional(), sex: Sex.optional(), age: z.number().optional() }),
  fs: z.number(),
  samples: z.number().int(),
  durationS: z.number(),
  leads: z.array(z.string()),
  statements: z.array(z.string()),
  site: z.string().optional(),
  analysis: z
    .object({
      id: z.number().int(),
      topClass: z.string().optional(),
      maxProbability: z.number().optional(),
      uncertainty: z.number().optional(),
      surrogateAgreement: z.number().optional(),
      /** present when made with another model (sha256) or cluster model than analyses use now */
      stale: StaleAnalysis.optional(),
    })
    .optional(),
  confirmed: z.boolean(),
});
export type StudySummary = z.infer<typeof StudySummary>;

export const StudyPage = z.object({
  items: z.array(StudySummary),
  total: z.number().int(),
  offset: z.number().int().optional(),
  nextCursor: z.string().optional(),
});
export type StudyPage = z.infer<typeof StudyPage>;

/** mV, one array per lead, in the order of the `leads` beside it. */
const Samples = z.array(z.array(z.number()));

export const StudyDetail = z.object({
  summary: StudySummary,
  /** the patient as the file described it (the summary holds the archive's view) */
  patient: Patient,
  device: Device.optional(),
  measurements: Measurements.optional(),
  checks: z.array(RecordCheck),
  fs: z.number(),
  leads: z.array(LeadInfo),
  signals: Samples,
  annotations: z.array(Annotation),
  /** median / representative beats, when the file carries them */
  extraWaveforms: z.array(z.object({ kind: z.string(), fs: z.number(), leads: z.array(z.string()), signals: Samples })),
  sourceDetails: z.record(z.string(), z.unknown()).optional(),
  /** the latest analysis without its explanation (getAnalysis gives both in one object) */
  analysis: AnalysisBrief.optional(),
  /** the latest analysis's explanation with its legend, when it has one */
  explanation: StudyExplanation.optional(),
  /** our delineator's intervals: from the latest analysis, else measured now (records up to 2 minutes) */
  measured: MeasuredIntervals.optional(),
  /** the newest overread, or unconfirmed */
  overread: OverreadState.optional(),
});
export type StudyDetail = z.infer<typeof StudyDetail>;

export const studyMethods = {
  listStudies: method(StudyQuery, StudyPage, 'one page of the worklist, filtered and sorted'),
  getStudy: method(
    z.strictObject({ id: StudyId }),
    StudyDetail,
    'one study: metadata, signals in mV, leads with derived flags, annotations, latest analysis and explanation, intervals, overread',
  ),
};
