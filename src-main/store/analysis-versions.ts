/**
 * Staleness: which model and cluster model produced each study's latest analysis. A study is current for a
 * model when its latest analysis is (staleness-rule.ts); analysed otherwise, it is stale; without an analysis,
 * unanalysed. Only latest analyses count (studies.analysis_id, kept by the analyses_to_worklist trigger): older
 * rows stay as history.
 */
import type Database from 'better-sqlite3';
import { CURRENT_ANALYSIS, isCurrent, keyParams, type VersionKey } from './staleness-rule.js';
import { buildWhere, type StudyQuery } from './study-query.js';

export interface AnalysisVersion {
  modelId: string;
  modelVersion: string;
  modelSha256?: string;
  clusterModel?: string;
  /** studies whose latest analysis came from this model and cluster model */
  studies: number;
}

export interface Staleness {
  total: number;
  current: number;
  stale: number;
  unanalysed: number;
  versions: AnalysisVersion[];
}

interface VersionRow {
  model_id: string;
  model_version: string;
  model_sha256: string | null;
  cluster_model_version: string | null;
  n: number;
}

function and(where: string, clause: string): string {
  return where ? `${where} AND ${clause}` : `WHERE ${clause}`;
}

/** Counts of current, stale and unanalysed studies among those the filters select, and the versions in use. */
export function staleness(db: Database.Database, key: VersionKey, filters: StudyQuery = {}): Staleness {
  const { where, params } = buildWhere(filters);
  const total = db.prepare(`SELECT count(*) FROM studies s ${where}`).pluck().get(...params) as number;
  const rows = db
    .prepare(
      `SELECT a.model_id, a.model_version, a.model_sha256, a.cluster_model_version, count(*) AS n
       FROM studies s JOIN analyses a ON a.id = s.analysis_id ${where}
       GROUP BY a.model_id, a.model_version, a.model_sha256, a.cluster_model_version ORDER BY n DESC`,
    )
    .all(...params) as VersionRow[];
  const versions = rows.map((r): AnalysisVersion => ({
    modelId: r.model_id,
    modelVersion: r.model_version,
    ...(r.model_sha256 !== null ? { modelSha256: r.model_sha256 } : {}),
    ...(r.cluster_model_version !== null ? { clusterModel: r.cluster_model_version } : {}),
    studies: r.n,
  }));
  const analysed = versions.reduce((n, v) => n + v.studies, 0);
  const current = versions.filter((v) => isCurrent(v, key)).reduce((n, v) => n + v.studies, 0);
  return { total, current, stale: analysed - current, unanalysed: total - analysed, versions };
}

/** Ids of the selected studies whose latest analysis is stale for `key`, lowest id first. */
export function staleStudyIds(db: Database.Database, key: VersionKey, filters: StudyQuery = {}, limit = 1000): number[] {
  const { where, params } = buildWhere(filters);
  return db
    .prepare(
      `SELECT s.id FROM studies s JOIN analyses a ON a.id = s.analysis_id
       ${and(where, `NOT ${CURRENT_ANALYSIS}`)} ORDER BY s.id LIMIT ?`,
    )
    .pluck()
    .all(...params, ...keyParams(key), limit) as number[];
}
