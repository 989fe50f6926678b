/**
 * Overreads: a physician confirms, edits or rejects a study's interpretation (DESIGN.md §5: advisory until
 * confirmed). Each one is written together with its audit entry in one durable transaction; the overreads_to_worklist
 * trigger keeps the worklist's `confirmed` column in step.
 */
import type Database from 'better-sqlite3';
import { AuditLog } from './audit-log.js';
import { durably } from './db.js';

export type OverreadStatus = 'confirmed' | 'edited' | 'rejected';

export interface NewOverread {
  studyId: number;
  analysisId?: number;
  reader: string;
  status: OverreadStatus;
  statements?: string[];
  comment?: string;
}

/** A stored overread, newest last in `forStudy`. */
export interface Overread extends NewOverread {
  id: number;
  createdAt: string;
}

interface OverreadRow {
  id: number;
  study_id: number;
  analysis_id: number | null;
  reader: string;
  status: OverreadStatus;
  statements: string | null;
  comment: string | null;
  created_at: string;
}

function toOverread(r: OverreadRow): Overread {
  const o: Overread = { id: r.id, studyId: r.study_id, reader: r.reader, status: r.status, createdAt: r.created_at };
  if (r.analysis_id !== null) o.analysisId = r.analysis_id;
  if (r.statements !== null) o.statements = JSON.parse(r.statements) as string[];
  if (r.comment !== null) o.comment = r.comment;
  return o;
}

export class OverreadRepository {
  private readonly insertStmt: Database.Statement;
  private readonly latestStmt: Database.Statement;
  private readonly forStudyStmt: Database.Statement;
  private readonly addTx: (o: NewOverread) => number;

  constructor(private readonly db: Database.Database) {
    const audit = new AuditLog(db);
    this.insertStmt = db.prepare(
      `INSERT INTO overreads (study_id, analysis_id, reader, status, statements, comment, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.latestStmt = db.prepare('SELECT * FROM overreads WHERE study_id = ? ORDER BY id DESC LIMIT 1');
    this.forStudyStmt = db.prepare('SELECT * FROM overreads WHERE study_id = ? ORDER BY id');
    this.addTx = db.transaction((o: NewOverread) => {
      const at = new Date().toISOString();
      const id = Number(
        this.insertStmt.run(
          o.studyId, o.analysisId ?? null, o.reader, o.status,
          o.statements === undefined ? null : JSON.stringify(o.statements), o.comment ?? null, at,
        ).lastInsertRowid,
      );
      audit.append({
        at,
        actor: o.reader,
        action: `overread:${o.status}`,
        entity: 'study',
        entityId: o.studyId,
        details: { overreadId: id, analysisId: o.analysisId, statements: o.statements, comment: o.comment },
      });
      return id;
    });
  }

  /** Stores the overread and its audit entry durably: a physician's decision survives a power cut. */
  add(o: NewOverread): number {
    return durably(this.db, () => this.addTx(o));
  }

  /** The study's current interpretation state: its newest overread. */
  latest(studyId: number): Overread | undefined {
    const r = this.latestStmt.get(studyId) as OverreadRow | undefined;
    return r && toOverread(r);
  }

  forStudy(studyId: number): Overread[] {
    return (this.forStudyStmt.all(studyId) as OverreadRow[]).map(toOverread);
  }
}
