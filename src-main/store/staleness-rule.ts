/**
 * The staleness rule, stated once. An analysis is current for a version key when it was made with the key's
 * weights (sha256) and the key's cluster model, "no cluster model" matching "no cluster model"; otherwise it is
 * stale: for its model when the weights differ, else for its cluster model. Model id and version do not count.
 *
 * | form                            | for                                                       |
 * |---------------------------------|-----------------------------------------------------------|
 * | isCurrent                       | an analysis or a version already read (API views, counts)  |
 * | CURRENT_ANALYSIS                | queries: staleStudyIds, the enqueue's skip                 |
 * | SAME_MODEL, SAME_CLUSTER_MODEL  | the worklist's stale column, which tells which one failed  |
 *
 * The SQL forms test the analyses row aliased `a` and take keyParams(key) in order (the sha256, then the cluster
 * model or NULL); IS rather than =, so that NULL compares as a value. study-query-stale.test checks the SQL and
 * isCurrent agree row by row.
 */

export interface VersionKey {
  sha256: string;
  clusterModel?: string;
}

export const SAME_MODEL = '(a.model_sha256 IS ?)';
export const SAME_CLUSTER_MODEL = '(a.cluster_model_version IS ?)';
export const CURRENT_ANALYSIS = `(${SAME_MODEL} AND ${SAME_CLUSTER_MODEL})`;

export function keyParams(key: VersionKey): [string, string | null] {
  return [key.sha256, key.clusterModel ?? null];
}

export function isCurrent(v: { modelSha256?: string; clusterModel?: string }, key: VersionKey): boolean {
  return v.modelSha256 === key.sha256 && (v.clusterModel ?? null) === (key.clusterModel ?? null);
}
