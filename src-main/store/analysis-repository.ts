/**
 * Analyses: one row per model run on a study. The analysis issue fills these; the shape is fixed now so the
 * worklist can already filter and sort on their summary (copied onto `studies` by the analyses_to_worklist
 * trigger). The top class and its probability are computed here so no caller can store them inconsistently.
 */
import type Database from 'better-sqlite3';

export interface NewAnalysis {
  studyId: number;
  modelId: string;
  modelVersion: string;
  modelSha256?: string;
  clusterModelVersion?: string;
  /** class → probability */
  probabilities: Record<string, number>;
  /** normalised entropy in [0, 1] (DESIGN.md §4) */
  uncertainty?: number;
  /** surrogate forest's agreement with the CNN, [0, 1] */
  surrogateAgreement?: number;
  settings?: Record<string, unknown>;
  /** serialized explanation (clusters, segments, Grad-CAM), format owned by src-main/explain */
  explanation?: Uint8Array;
  /** cluster proportions of the explanation's default view (schema v2), read by cohort statistics */
  proportions?: number[];
  /** our delineator's result (schema v2): format owned by src-main/analysis */
  measurements?: Record<string, unknown>;
  createdAt?: string;
}

export interface Analysis extends Omit<NewAnalysis, 'explanation'> {
  id: number;
  topClass?: string;
  maxProbability?: number;
  explanation?: Uint8Array;
  createdAt: string;
}

interface AnalysisRow {
  id: number;
  study_id: number;
  model_id: string;
  model_version: string;
  model_sha256: string | null;
  cluster_model_version: string | null;
  probabilities: string;
  top_class: string | null;
  max_probability: number | null;
  uncertainty: number | null;
  surrogate_agreement: number | null;
  settings: string | null;
  explanation: Buffer | null;
  proportions: string | null;
  measurements: string | null;
  created_at: string;
}

export function topClass(probabilities: Record<string, number>): { topClass?: string; maxProbability?: number } {
  let best: [string, number] | undefined;
  for (const [k, p] of Object.entries(probabilities)) if (!best || p > best[1]) best = [k, p];
  return best ? { topClass: best[0], maxProbability: best[1] } : {};
}

export class AnalysisRepository {
  private readonly insertStmt: Database.Statement;
  private readonly latestStmt: Database.Statement;
  private readonly byIdStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO analyses (study_id, model_id, model_version, model_sha256, cluster_model_version, probabilities,
         top_class, max_probability, uncertainty, surrogate_agreement, settings, explanation, proportions, measurements,
         created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.latestStmt = db.prepare('SELECT * FROM analyses WHERE study_id = ? ORDER BY id DESC LIMIT 1');
    this.byIdStmt = db.prepare('SELECT * FROM analyses WHERE id = ?');
  }

  add(a: NewAnalysis): number {
    const top = topClass(a.probabilities);
    const r = this.insertStmt.run(
      a.studyId, a.modelId, a.modelVersion, a.modelSha256 ?? null, a.clusterModelVersion ?? null,
      JSON.stringify(a.probabilities), top.topClass ?? null, top.maxProbability ?? null, a.uncertainty ?? null,
      a.surrogateAgreement ?? null, a.settings === undefined ? null : JSON.stringify(a.settings),
      a.explanation ? Buffer.from(a.explanation.buffer, a.explanation.byteOffset, a.explanation.byteLength) : null,
      a.proportions === undefined ? null : JSON.stringify(a.proportions),
      a.measurements === undefined ? null : JSON.stringify(a.measurements),
      a.createdAt ?? new Date().toISOString(),
    );
    return Number(r.lastInsertRowid);
  }

  latest(studyId: number): Analysis | undefined {
    return toAnalysis(this.latestStmt.get(studyId) as AnalysisRow | undefined);
  }

  byId(id: number): Analysis | undefined {
    return toAnalysis(this.byIdStmt.get(id) as AnalysisRow | undefined);
  }
}

function toAnalysis(r: AnalysisRow | undefined): Analysis | undefined {
  if (!r) return undefined;
  const a: Analysis = {
    id: r.id,
    studyId: r.study_id,
    modelId: r.model_id,
    modelVersion: r.model_version,
    probabilities: JSON.parse(r.probabilities) as Record<string, number>,
    createdAt: r.created_at,
  };
  const optional: Partial<Analysis> = {
    modelSha256: r.model_sha256 ?? undefined,
    clusterModelVersion: r.cluster_model_version ?? undefined,
    topClass: r.top_class ?? undefined,
    maxProbability: r.max_probability ?? undefined,
    uncertainty: r.uncertainty ?? undefined,
    surrogateAgreement: r.surrogate_agreement ?? undefined,
    settings: r.settings === null ? undefined : (JSON.parse(r.settings) as Record<string, unknown>),
    explanation: r.explanation ?? undefined,
    proportions: r.proportions === null ? undefined : (JSON.parse(r.proportions) as number[]),
    measurements: r.measurements === null ? undefined : (JSON.parse(r.measurements) as Record<string, unknown>),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (a as unknown as Record<string, unknown>)[k] = v;
  return a;
}
