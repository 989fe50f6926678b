/**
 * Schema version 3: a job keeps the options its analyses are made with, so that a resume (after a crash, a quit,
 * Ctrl-C, in another process or from the app) makes the same analyses as the first run instead of mixing in the
 * flags or settings of the moment.
 *
 * | column       | holds                                                                                     |
 * |--------------|-------------------------------------------------------------------------------------------|
 * | jobs.options | JSON {clusterDir?, provider?, mcPasses?}: the cluster-model folder when not the package's  |
 * |              | own, the execution provider asked for, Monte-Carlo dropout passes. NULL on jobs queued by  |
 * |              | version 2, which knew none: those run with the options of the process that resumes them.  |
 *
 * The model package (folder, id, version, sha256) and the cluster model's version key were kept from version 2 on.
 */
export const SCHEMA_V3 = `
ALTER TABLE jobs ADD COLUMN options TEXT CHECK (options IS NULL OR json_valid(options));
`;
