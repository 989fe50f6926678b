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

export class OverreadRepository {
  private readonly insertStmt: Database.Statement;
  private readonly addTx: (o: NewOverread) => number;

  constructor(private readonly db: Database.Database) {
    const audit = new AuditLog(db);
    this.insertStmt = db.prepare(
      `INSERT INTO overreads (study_id, analysis_id, reader, status, statements, comment, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
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
}
