/**
 * Schema version 2: the persistent analysis job queue, and the parts of an analysis the cohort view and the
 * viewer read without opening the explanation blob.
 *
 * | table / column           | holds                                                                            |
 * |--------------------------|----------------------------------------------------------------------------------|
 * | jobs                     | one batch analysis: the model (id, version, sha256, folder), the cluster model   |
 * |                          | key, what selected the studies (JSON), state, who queued it, when it ran, and    |
 * |                          | which process runs it (runner) with its last sign of life (heartbeat_at)         |
 * | job_items                | one row per study of a job: queued → running → done / failed; the analysis made   |
 * | analyses.proportions     | cluster proportions of the explanation's default view (JSON array), for cohorts  |
 * | analyses.measurements    | our delineator's result: {fs, intervals, beats} (JSON)                           |
 *
 * Counts of a job are not stored: they are counted from job_items (job_items_state), so they can never disagree
 * with the items. A study is analysed and its item marked done in one transaction (job-repository.ts), so a
 * crash leaves either both or neither; items left 'running' by a crash go back to 'queued' when the job resumes.
 */
export const SCHEMA_V2 = `
CREATE TABLE jobs (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('analyze')),
  model_id       TEXT NOT NULL,
  model_version  TEXT NOT NULL,
  model_sha256   TEXT NOT NULL,
  model_dir      TEXT NOT NULL,
  cluster_model  TEXT,
  selection      TEXT NOT NULL CHECK (json_valid(selection)),
  force          INTEGER NOT NULL DEFAULT 0,
  state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'cancelled', 'done', 'failed')),
  total          INTEGER NOT NULL DEFAULT 0,
  skipped        INTEGER NOT NULL DEFAULT 0,
  actor          TEXT NOT NULL,
  error          TEXT,
  runner         TEXT,
  heartbeat_at   TEXT,
  created_at     TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT
);
CREATE INDEX jobs_state ON jobs(state, id);

CREATE TABLE job_items (
  job_id      INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  study_id    INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  analysis_id INTEGER REFERENCES analyses(id),
  error       TEXT,
  PRIMARY KEY (job_id, study_id)
) WITHOUT ROWID;
CREATE INDEX job_items_state ON job_items(job_id, state, study_id);
CREATE INDEX job_items_study ON job_items(study_id);

ALTER TABLE analyses ADD COLUMN proportions TEXT CHECK (proportions IS NULL OR json_valid(proportions));
ALTER TABLE analyses ADD COLUMN measurements TEXT CHECK (measurements IS NULL OR json_valid(measurements));
`;
