/**
 * Studies: store an EcgRecord (one transaction: patient, study, details, signals, waveforms, search row, audit
 * entry) and read it back as the same EcgRecord. Statements are prepared once per repository.
 */
import type Database from 'better-sqlite3';
import { basename } from 'node:path';
import { patientAge } from '../ecg/age.js';
import type { EcgRecord, Patient, WaveformSet } from '../ecg/record.js';
import { AuditLog } from './audit-log.js';
import { durably } from './db.js';
import type { EncodedStudy } from './encode-study.js';
import { SIGNAL_CODEC_VERSION, decodeSignals } from './signal-codec.js';
import { SUMMARY_COLUMNS, toSummary, type StudySummary, type SummaryRow } from './study-summary.js';

export interface ImportFacts {
  /** who imported (audit log) */
  actor: string;
  /** ISO 8601; now when omitted */
  importedAt?: string;
  /** sync the WAL at this commit (db.ts `durably`): this study and all before it survive a power cut */
  durable?: boolean;
}

/** Below this many studies any plan is fast enough and statistics are not worth gathering. */
const STATISTICS_FROM = 1000;

export interface StoredStudy {
  summary: StudySummary;
  record: EcgRecord;
}

interface DetailsRow {
  patient: string | null;
  device: string | null;
  measurements: string | null;
  annotations: string | null;
  checks: string | null;
  source_details: string | null;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const parsed = <T>(s: string | null): T | undefined => (s === null ? undefined : (JSON.parse(s) as T));
const blobParam = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** The text the search index holds for a study: everything a user may type to find it. */
function identText(record: EcgRecord, fileName: string): string {
  return [record.patient.id, record.patient.name, record.id, fileName].filter((s) => s).join('\n');
}

export class StudyRepository {
  private readonly db: Database.Database;
  private readonly audit: AuditLog;
  private readonly s: Record<
    | 'bySourceHash' | 'bySignalHash' | 'insertPatient' | 'upsertPatient' | 'insertStudy' | 'insertDetails'
    | 'insertSignal' | 'insertWaveform' | 'insertSearch' | 'summary' | 'statements' | 'details' | 'signal' | 'waveforms'
    | 'count',
    Database.Statement
  >;
  private readonly insertTx: (record: EcgRecord, encoded: EncodedStudy, facts: ImportFacts) => number;

  constructor(db: Database.Database) {
    this.db = db;
    this.audit = new AuditLog(db);
    this.s = {
      bySourceHash: db.prepare('SELECT id FROM studies WHERE source_sha256 = ?').pluck(),
      bySignalHash: db.prepare('SELECT id FROM studies WHERE signal_sha256 = ? LIMIT 1').pluck(),
      insertPatient: db.prepare('INSERT INTO patients (source_id, name, sex, birth_date) VALUES (NULL, ?, ?, ?)'),
      // The first study to name a patient fixes the identity; later ones only fill fields still unknown.
      upsertPatient: db.prepare(
        `INSERT INTO patients (source_id, name, sex, birth_date) VALUES (?, ?, ?, ?)
         ON CONFLICT (source_id) WHERE source_id IS NOT NULL DO UPDATE SET
           name = coalesce(patients.name, excluded.name), sex = coalesce(patients.sex, excluded.sex),
           birth_date = coalesce(patients.birth_date, excluded.birth_date)
         RETURNING id`,
      ).pluck(),
      insertStudy: db.prepare(
        `INSERT INTO studies (patient_id, record_id, file_name, source_path, source_format, source_sha256,
           signal_sha256, acquired_at, imported_at, patient_label, sex, age, fs, samples, lead_count, leads, site, statements)
         VALUES (@patientId, @recordId, @fileName, @sourcePath, @format, @sourceSha256, @signalSha256, @acquiredAt,
           @importedAt, @patientLabel, @sex, @age, @fs, @samples, @leadCount, @leads, @site, @statements)`,
      ),
      insertDetails: db.prepare(
        `INSERT INTO study_details (study_id, patient, device, measurements, annotations, checks, source_details)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertSignal: db.prepare('INSERT INTO signals (study_id, codec, data) VALUES (?, ?, ?)'),
      insertWaveform: db.prepare('INSERT INTO waveforms (study_id, kind, codec, data) VALUES (?, ?, ?, ?)'),
      insertSearch: db.prepare('INSERT INTO study_search (rowid, ident, statements) VALUES (?, ?, ?)'),
      summary: db.prepare(`SELECT ${SUMMARY_COLUMNS.join(', ')} FROM studies WHERE id = ?`),
      statements: db.prepare('SELECT statements FROM studies WHERE id = ?').pluck(),
      details: db.prepare('SELECT * FROM study_details WHERE study_id = ?'),
      signal: db.prepare('SELECT codec, data FROM signals WHERE study_id = ?'),
      waveforms: db.prepare('SELECT kind, data FROM waveforms WHERE study_id = ? ORDER BY id'),
      count: db.prepare('SELECT count(*) FROM studies').pluck(),
    };
    this.insertTx = db.transaction((record: EcgRecord, encoded: EncodedStudy, facts: ImportFacts) => this.insertNow(record, encoded, facts));
  }

  idBySourceHash(sha256: string): number | undefined {
    return this.s.bySourceHash.get(sha256) as number | undefined;
  }

  idBySignalHash(sha256: string): number | undefined {
    return this.s.bySignalHash.get(sha256) as number | undefined;
  }

  count(): number {
    return this.s.count.get() as number;
  }

  /** Stores a record (encode it first with encodeStudy) in one transaction; returns the new study id. */
  insert(record: EcgRecord, encoded: EncodedStudy, facts: ImportFacts): number {
    return facts.durable ? durably(this.db, () => this.insertTx(record, encoded, facts)) : this.insertTx(record, encoded, facts);
  }

  /**
   * Refreshes the query planner's statistics (ANALYZE, with histograms) once the studies table has grown by a
   * quarter since they were last gathered. Without them SQLite misjudges range filters at 100k studies (an
   * uncertainty filter ran 700 ms instead of 12 ms in bench/worklist.ts). About 0.4 s at 100k studies.
   */
  refreshStatistics(): boolean {
    const n = this.count();
    if (n < STATISTICS_FROM) return false;
    const hasStats = this.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'").pluck().get() === 1;
    const stat = hasStats ? (this.db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'studies' LIMIT 1").pluck().get() as string | undefined) : undefined;
    const analyzed = stat ? Number.parseInt(stat, 10) : 0;
    if (n <= analyzed * 1.25) return false;
    this.db.exec('ANALYZE studies');
    return true;
  }

  /** Audit entry for an import batch as a whole (given paths, counts, failures), written durably. */
  logImportBatch(actor: string, details: Record<string, unknown>): void {
    durably(this.db, () => this.audit.append({ actor, action: 'import-batch', entity: 'import', details }));
  }

  private patientId(p: Patient): number {
    if (p.id) return this.s.upsertPatient.get(p.id, p.name ?? null, p.sex ?? null, p.birthDate ?? null) as number;
    return Number(this.s.insertPatient.run(p.name ?? null, p.sex ?? null, p.birthDate ?? null).lastInsertRowid);
  }

  private insertNow(record: EcgRecord, encoded: EncodedStudy, facts: ImportFacts): number {
    const fileName = basename(record.source.path);
    const p = record.patient;
    const studyId = Number(
      this.s.insertStudy.run({
        patientId: this.patientId(p),
        recordId: record.id ?? null,
        fileName,
        sourcePath: record.source.path,
        format: record.source.format,
        sourceSha256: record.source.sha256,
        signalSha256: encoded.signals.sha256,
        acquiredAt: record.startTime ?? null,
        importedAt: facts.importedAt ?? new Date().toISOString(),
        patientLabel: p.name ?? p.id ?? null,
        sex: p.sex ?? null,
        age: patientAge(record.patient, record.startTime) ?? null,
        fs: record.fs,
        samples: record.samples[0]?.length ?? 0,
        leadCount: record.leads.length,
        leads: JSON.stringify(record.leads),
        site: record.site ?? null,
        statements: json(record.statements),
      }).lastInsertRowid,
    );
    this.s.insertDetails.run(
      studyId, json(p), json(record.device), json(record.measurements), json(record.annotations), json(record.checks),
      json(record.source.details),
    );
    this.s.insertSignal.run(studyId, SIGNAL_CODEC_VERSION, blobParam(encoded.signals.blob));
    for (const w of encoded.waveforms) this.s.insertWaveform.run(studyId, w.kind, SIGNAL_CODEC_VERSION, blobParam(w.blob));
    this.s.insertSearch.run(studyId, identText(record, fileName), (record.statements ?? []).join('\n'));
    this.audit.append({
      actor: facts.actor,
      action: 'import',
      entity: 'study',
      entityId: studyId,
      details: { path: record.source.path, sha256: record.source.sha256, format: record.source.format },
    });
    return studyId;
  }

  summary(id: number): StudySummary | undefined {
    const row = this.s.summary.get(id) as SummaryRow | undefined;
    return row && toSummary(row);
  }

  /** The study as stored: its worklist summary and the EcgRecord it was imported from, signals decoded. */
  get(id: number): StoredStudy | undefined {
    const summary = this.summary(id);
    if (!summary) return undefined;
    const d = this.s.details.get(id) as DetailsRow | undefined;
    const sig = this.s.signal.get(id) as { codec: number; data: Buffer } | undefined;
    if (!d || !sig) throw new Error(`study ${id} is incomplete in the archive (details or signals missing)`);
    const set = decodeSignals(sig.data);
    const record: EcgRecord = {
      leads: set.leads,
      fs: set.fs,
      samples: set.samples,
      patient: parsed<Patient>(d.patient) ?? {},
      source: { format: summary.format, path: summary.sourcePath, sha256: summary.sourceSha256 },
    };
    if (set.derived) record.derived = set.derived;
    if (set.digital) record.digital = set.digital;
    const optional: Partial<EcgRecord> = {
      id: summary.recordId,
      startTime: summary.acquiredAt,
      site: summary.site,
      device: parsed(d.device),
      statements: parsed(this.s.statements.get(id) as string | null),
      measurements: parsed(d.measurements),
      annotations: parsed(d.annotations),
      checks: parsed(d.checks),
    };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) (record as unknown as Record<string, unknown>)[k] = v;
    const details = parsed<Record<string, unknown>>(d.source_details);
    if (details) record.source.details = details;
    const waves = this.s.waveforms.all(id) as Array<{ kind: WaveformSet['kind']; data: Buffer }>;
    if (waves.length) {
      record.extraWaveforms = waves.map((w) => {
        const ws = decodeSignals(w.data);
        return { kind: w.kind, fs: ws.fs, leads: ws.leads, samples: ws.samples };
      });
    }
    return { summary, record };
  }
}
