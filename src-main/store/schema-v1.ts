/**
 * Schema version 1: the archive as first shipped.
 *
 * | table        | holds                                                                                   |
 * |--------------|-----------------------------------------------------------------------------------------|
 * | patients     | identity across studies: the source's patient id (unique when present), name, sex, birth |
 * | studies      | one row per imported record: worklist columns only (lean rows keep listing scans cheap)  |
 * | study_details| the rest of the record: patient as the file gave it, device, measurements, annotations,  |
 * |              | checks, source details                                                                  |
 * | signals      | the rhythm leads, one compact lossless blob per study (signal-codec.ts)                 |
 * | waveforms    | extra waveform sets (median / representative beats), same codec                          |
 * | analyses     | model outputs, one row per run (filled by the analysis issue)                            |
 * | overreads    | a physician's confirmation / edit / rejection of a study's interpretation               |
 * | audit_log    | append-only: who did what when; triggers refuse UPDATE and DELETE                       |
 * | study_search | FTS5 trigram index over identifying text and statements (substring search, indexed)      |
 *
 * Worklist columns of the latest analysis (top class, max probability, uncertainty, surrogate agreement) and of
 * the latest overread (confirmed) are copied onto `studies` by triggers, so the worklist filters and sorts on
 * indexed columns of one table instead of a join per row.
 *
 * Filter indexes end in acquired_key, the default sort, so a filtered worklist in its usual order reads its first
 * page straight off one index; studies_sex_age answers the count of a sex + age filter from the index alone.
 *
 * Sort keys are virtual generated columns that fold NULL into a value (unknown dates sort as '' and unknown
 * numbers as -1), so one index per sort serves both directions and keyset paging compares plain row values.
 */
export const SCHEMA_V1 = `
CREATE TABLE patients (
  id          INTEGER PRIMARY KEY,
  source_id   TEXT,
  name        TEXT,
  sex         TEXT CHECK (sex IN ('M', 'F', 'U')),
  birth_date  TEXT
);
CREATE UNIQUE INDEX patients_source_id ON patients(source_id) WHERE source_id IS NOT NULL;

CREATE TABLE studies (
  id              INTEGER PRIMARY KEY,
  patient_id      INTEGER NOT NULL REFERENCES patients(id),
  record_id       TEXT,
  file_name       TEXT NOT NULL,
  source_path     TEXT NOT NULL,
  source_format   TEXT NOT NULL,
  source_sha256   TEXT NOT NULL UNIQUE,
  signal_sha256   TEXT NOT NULL,
  acquired_at     TEXT,
  imported_at     TEXT NOT NULL,
  patient_label   TEXT,
  sex             TEXT CHECK (sex IN ('M', 'F', 'U')),
  age             REAL,
  fs              REAL NOT NULL,
  samples         INTEGER NOT NULL,
  lead_count      INTEGER NOT NULL,
  leads           TEXT NOT NULL,
  site            TEXT,
  statements      TEXT,
  analysis_id     INTEGER,
  top_class       TEXT,
  max_probability REAL,
  uncertainty     REAL,
  surrogate_agreement REAL,
  confirmed       INTEGER NOT NULL DEFAULT 0,
  acquired_key    TEXT GENERATED ALWAYS AS (coalesce(acquired_at, '')) VIRTUAL,
  patient_key     TEXT GENERATED ALWAYS AS (lower(coalesce(patient_label, ''))) VIRTUAL,
  age_key         REAL GENERATED ALWAYS AS (coalesce(age, -1)) VIRTUAL,
  probability_key REAL GENERATED ALWAYS AS (coalesce(max_probability, -1)) VIRTUAL,
  uncertainty_key REAL GENERATED ALWAYS AS (coalesce(uncertainty, -1)) VIRTUAL
);
CREATE INDEX studies_acquired    ON studies(acquired_key, id);
CREATE INDEX studies_imported    ON studies(imported_at, id);
CREATE INDEX studies_patient_key ON studies(patient_key, id);
CREATE INDEX studies_age         ON studies(age_key, id);
CREATE INDEX studies_probability ON studies(probability_key, id);
CREATE INDEX studies_uncertainty ON studies(uncertainty_key, id);
CREATE INDEX studies_sex         ON studies(sex, acquired_key);
CREATE INDEX studies_sex_age     ON studies(sex, age_key);
CREATE INDEX studies_format      ON studies(source_format, acquired_key);
CREATE INDEX studies_top_class   ON studies(top_class, probability_key);
CREATE INDEX studies_confirmed   ON studies(confirmed, acquired_key);
CREATE INDEX studies_signal      ON studies(signal_sha256);
CREATE INDEX studies_patient     ON studies(patient_id);

CREATE TABLE study_details (
  study_id        INTEGER PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
  patient         TEXT,
  device          TEXT,
  measurements    TEXT,
  annotations     TEXT,
  checks          TEXT,
  source_details  TEXT
);

CREATE TABLE signals (
  study_id  INTEGER PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
  codec     INTEGER NOT NULL,
  data      BLOB NOT NULL
);

CREATE TABLE waveforms (
  id        INTEGER PRIMARY KEY,
  study_id  INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  kind      TEXT NOT NULL,
  codec     INTEGER NOT NULL,
  data      BLOB NOT NULL
);
CREATE INDEX waveforms_study ON waveforms(study_id);

CREATE TABLE analyses (
  id                    INTEGER PRIMARY KEY,
  study_id              INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  model_id              TEXT NOT NULL,
  model_version         TEXT NOT NULL,
  model_sha256          TEXT,
  cluster_model_version TEXT,
  probabilities         TEXT NOT NULL CHECK (json_valid(probabilities)),
  top_class             TEXT,
  max_probability       REAL,
  uncertainty           REAL,
  surrogate_agreement   REAL,
  settings              TEXT CHECK (settings IS NULL OR json_valid(settings)),
  explanation           BLOB,
  created_at            TEXT NOT NULL
);
CREATE INDEX analyses_study ON analyses(study_id, id);

CREATE TRIGGER analyses_to_worklist AFTER INSERT ON analyses BEGIN
  UPDATE studies SET analysis_id = NEW.id, top_class = NEW.top_class, max_probability = NEW.max_probability,
    uncertainty = NEW.uncertainty, surrogate_agreement = NEW.surrogate_agreement
  WHERE id = NEW.study_id;
END;

CREATE TABLE overreads (
  id          INTEGER PRIMARY KEY,
  study_id    INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  analysis_id INTEGER REFERENCES analyses(id),
  reader      TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('confirmed', 'edited', 'rejected')),
  statements  TEXT CHECK (statements IS NULL OR json_valid(statements)),
  comment     TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX overreads_study ON overreads(study_id, id);

CREATE TRIGGER overreads_to_worklist AFTER INSERT ON overreads BEGIN
  UPDATE studies SET confirmed = (NEW.status IN ('confirmed', 'edited')) WHERE id = NEW.study_id;
END;

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER,
  details   TEXT CHECK (details IS NULL OR json_valid(details))
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;
-- INSERT OR REPLACE deletes the old row without firing DELETE triggers: refuse reusing an id instead.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be replaced');
END;

CREATE VIRTUAL TABLE study_search USING fts5(ident, statements, tokenize = 'trigram');
CREATE TRIGGER studies_unsearch AFTER DELETE ON studies BEGIN
  DELETE FROM study_search WHERE rowid = OLD.id;
END;
`;
