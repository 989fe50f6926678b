/**
 * StudySummary: one worklist row, read from the lean `studies` table (no blob), so that a page of the worklist
 * costs a page of index lookups; the only other table a page reads is `analyses`, by primary key and only for the
 * stale mark of the rows it returns (STALE_COLUMN).
 */
import type { LeadName } from '../ecg/leads.js';
import type { Sex } from '../ecg/record.js';
import { SAME_CLUSTER_MODEL, SAME_MODEL } from './staleness-rule.js';

export interface StudySummary {
  id: number;
  /** the source's own record / study identifier */
  recordId?: string;
  fileName: string;
  sourcePath: string;
  format: string;
  sourceSha256: string;
  /** ISO 8601 as the file gives it */
  acquiredAt?: string;
  importedAt: string;
  patient: { archiveId: number; label?: string; sex?: Sex; age?: number };
  fs: number;
  samples: number;
  durationS: number;
  leads: LeadName[];
  statements: string[];
  site?: string;
  /** worklist view of the latest analysis, when one exists */
  analysis?: { id: number; topClass?: string; maxProbability?: number; uncertainty?: number; surrogateAgreement?: number; stale?: StaleAnalysis };
  confirmed: boolean;
}

/**
 * Why the latest analysis is stale, when the worklist was asked with the current model's version key: made with
 * other weights ('model': another sha256, whatever the id says) or, same weights, with another cluster model.
 */
export interface StaleAnalysis {
  reason: 'model' | 'cluster-model';
  /** what the analysis was made with */
  modelId: string;
  modelVersion: string;
  clusterModel?: string;
}

/**
 * Columns of `studies` a summary needs; every query that returns summaries selects these, and the worklist page,
 * asked with a version key, STALE_COLUMN besides.
 */
export const SUMMARY_COLUMNS = [
  'id', 'patient_id', 'record_id', 'file_name', 'source_path', 'source_format', 'source_sha256', 'acquired_at',
  'imported_at', 'patient_label', 'sex', 'age', 'fs', 'samples', 'leads', 'site', 'statements', 'analysis_id',
  'top_class', 'max_probability', 'uncertainty', 'surrogate_agreement', 'confirmed',
] as const;

export type SummaryRow = {
  id: number;
  patient_id: number;
  record_id: string | null;
  file_name: string;
  source_path: string;
  source_format: string;
  source_sha256: string;
  acquired_at: string | null;
  imported_at: string;
  patient_label: string | null;
  sex: Sex | null;
  age: number | null;
  fs: number;
  samples: number;
  leads: string;
  site: string | null;
  statements: string | null;
  analysis_id: number | null;
  top_class: string | null;
  max_probability: number | null;
  uncertainty: number | null;
  surrogate_agreement: number | null;
  confirmed: number;
  /** JSON [reason, model id, model version, cluster model | null] for a stale analysis (STALE_COLUMN), else null */
  stale?: string | null;
};

/**
 * The staleness of a row's latest analysis against a version key (staleness-rule.ts), as one more output column:
 * a scalar subquery by primary key, so SQLite evaluates it for the rows a page returns only (not the ones OFFSET
 * skips) and the page keeps its index walk. Parameters: keyParams(key).
 */
export const STALE_COLUMN = `(SELECT CASE
    WHEN NOT ${SAME_MODEL} THEN json_array('model', a.model_id, a.model_version, a.cluster_model_version)
    WHEN NOT ${SAME_CLUSTER_MODEL} THEN json_array('cluster-model', a.model_id, a.model_version, a.cluster_model_version)
  END FROM analyses a WHERE a.id = s.analysis_id) AS stale`;

function staleFrom(json: string): StaleAnalysis {
  const [reason, modelId, modelVersion, clusterModel] = JSON.parse(json) as [StaleAnalysis['reason'], string, string, string | null];
  return { reason, modelId, modelVersion, ...(clusterModel !== null ? { clusterModel } : {}) };
}

/** Copies the non-null values of `from` onto `to` under the given names (missing stays missing). */
function assignPresent<T extends object>(to: T, from: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(from)) if (v !== null && v !== undefined) (to as Record<string, unknown>)[k] = v;
  return to;
}

export function toSummary(r: SummaryRow): StudySummary {
  const s: StudySummary = {
    id: r.id,
    fileName: r.file_name,
    sourcePath: r.source_path,
    format: r.source_format,
    sourceSha256: r.source_sha256,
    importedAt: r.imported_at,
    patient: assignPresent({ archiveId: r.patient_id }, { label: r.patient_label, sex: r.sex, age: r.age }),
    fs: r.fs,
    samples: r.samples,
    durationS: r.samples / r.fs,
    leads: JSON.parse(r.leads) as LeadName[],
    statements: r.statements ? (JSON.parse(r.statements) as string[]) : [],
    confirmed: r.confirmed !== 0,
  };
  assignPresent(s, { recordId: r.record_id, acquiredAt: r.acquired_at, site: r.site });
  if (r.analysis_id !== null) {
    s.analysis = assignPresent({ id: r.analysis_id }, {
      topClass: r.top_class,
      maxProbability: r.max_probability,
      uncertainty: r.uncertainty,
      surrogateAgreement: r.surrogate_agreement,
    });
    if (r.stale) s.analysis.stale = staleFrom(r.stale);
  }
  return s;
}
