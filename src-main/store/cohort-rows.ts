/**
 * What cohort statistics and triage lists read: the latest analysis of every selected study, as small columns
 * only (never the explanation blob), and the SQL-ordered triage lists.
 *
 * | triage        | order                                                   | index              |
 * |---------------|---------------------------------------------------------|--------------------|
 * | disagreement  | surrogate agreement ascending, then top probability desc | scan (few rows < 1) |
 * | uncertainty   | mean uncertainty descending                              | studies_uncertainty |
 */
import type Database from 'better-sqlite3';
import { buildWhere, type StudyQuery } from './study-query.js';
import { SUMMARY_COLUMNS, toSummary, type StudySummary, type SummaryRow } from './study-summary.js';

export interface CohortRow {
  studyId: number;
  statements: string[];
  modelId: string;
  modelSha256?: string;
  clusterModel?: string;
  probabilities: Record<string, number>;
  topClass?: string;
  maxProbability?: number;
  /** classes at or above their threshold (settings.called); absent for analyses that did not record them */
  called?: string[];
  uncertainty?: number;
  surrogateAgreement?: number;
  proportions?: number[];
}

interface Row {
  id: number;
  statements: string | null;
  model_id: string;
  model_sha256: string | null;
  cluster_model_version: string | null;
  probabilities: string;
  top_class: string | null;
  max_probability: number | null;
  called: string | null;
  uncertainty: number | null;
  surrogate_agreement: number | null;
  proportions: string | null;
}

function toRow(r: Row): CohortRow {
  const c: CohortRow = {
    studyId: r.id,
    statements: r.statements ? (JSON.parse(r.statements) as string[]) : [],
    modelId: r.model_id,
    probabilities: JSON.parse(r.probabilities) as Record<string, number>,
  };
  const optional = {
    modelSha256: r.model_sha256,
    clusterModel: r.cluster_model_version,
    topClass: r.top_class,
    maxProbability: r.max_probability,
    called: r.called === null ? null : (JSON.parse(r.called) as string[]),
    uncertainty: r.uncertainty,
    surrogateAgreement: r.surrogate_agreement,
    proportions: r.proportions === null ? null : (JSON.parse(r.proportions) as number[]),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== null) (c as unknown as Record<string, unknown>)[k] = v;
  return c;
}

/** The latest analysis of every study the filters select (unanalysed studies are left out), by study id. */
export function cohortRows(db: Database.Database, filters: StudyQuery = {}): CohortRow[] {
  const { where, params } = buildWhere(filters);
  return (
    db
      .prepare(
        `SELECT s.id, s.statements, a.model_id, a.model_sha256, a.cluster_model_version, a.probabilities, a.top_class,
           a.max_probability, json_extract(a.settings, '$.called') AS called, a.uncertainty, a.surrogate_agreement, a.proportions
         FROM studies s JOIN analyses a ON a.id = s.analysis_id ${where} ORDER BY s.id`,
      )
      .all(...params) as Row[]
  ).map(toRow);
}

export type SqlTriageKind = 'disagreement' | 'uncertainty';

const TRIAGE_SQL: Record<SqlTriageKind, { clause: string; order: string }> = {
  disagreement: { clause: 's.surrogate_agreement < 1', order: 's.surrogate_agreement ASC, s.probability_key DESC, s.id' },
  uncertainty: { clause: 's.uncertainty IS NOT NULL', order: 's.uncertainty_key DESC, s.id' },
};

/** The first `limit` studies of a triage list, as worklist rows. */
export function triageSummaries(db: Database.Database, kind: SqlTriageKind, limit: number, filters: StudyQuery = {}): StudySummary[] {
  const { where, params } = buildWhere(filters);
  const t = TRIAGE_SQL[kind];
  const cols = SUMMARY_COLUMNS.map((c) => `s.${c}`).join(', ');
  const sql = `SELECT ${cols} FROM studies s ${where ? `${where} AND` : 'WHERE'} ${t.clause} ORDER BY ${t.order} LIMIT ?`;
  return (db.prepare(sql).all(...params, limit) as SummaryRow[]).map(toSummary);
}

/** The newest explanation blob made with a cluster model (its legend names the clusters of a cohort). */
export function explanationWithClusterModel(db: Database.Database, clusterModel: string): Uint8Array | undefined {
  return db
    .prepare('SELECT explanation FROM analyses WHERE cluster_model_version = ? AND explanation IS NOT NULL ORDER BY id DESC LIMIT 1')
    .pluck()
    .get(clusterModel) as Buffer | undefined;
}

/** Studies the filters select, analysed or not. */
export function countSelected(db: Database.Database, filters: StudyQuery = {}): number {
  const { where, params } = buildWhere(filters);
  return db.prepare(`SELECT count(*) FROM studies s ${where}`).pluck().get(...params) as number;
}
