/**
 * The append-only audit log (who did what, when). The schema's triggers refuse UPDATE and DELETE, so this
 * repository only appends and reads. Callers append inside the transaction of the change they record, so an
 * entry exists exactly when its change does.
 */
import type Database from 'better-sqlite3';
import { userInfo } from 'node:os';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId?: number;
  details?: unknown;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: number | null;
  details: string | null;
}

/** The operating-system user, the actor of command-line and desktop actions when no one else is named. */
export function currentActor(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

export class AuditLog {
  private readonly insert: Database.Statement;
  private readonly byEntity: Database.Statement;
  private readonly recent: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byEntity = db.prepare('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id');
    this.recent = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  }

  append(e: NewAuditEntry): number {
    const details = e.details === undefined ? null : JSON.stringify(e.details);
    const r = this.insert.run(e.at ?? new Date().toISOString(), e.actor, e.action, e.entity, e.entityId ?? null, details);
    return Number(r.lastInsertRowid);
  }

  forEntity(entity: string, entityId: number): AuditEntry[] {
    return (this.byEntity.all(entity, entityId) as AuditRow[]).map(toEntry);
  }

  latest(limit: number): AuditEntry[] {
    return (this.recent.all(limit) as AuditRow[]).map(toEntry);
  }
}

function toEntry(r: AuditRow): AuditEntry {
  const e: AuditEntry = { id: r.id, at: r.at, actor: r.actor, action: r.action, entity: r.entity };
  if (r.entity_id !== null) e.entityId = r.entity_id;
  if (r.details !== null) e.details = JSON.parse(r.details);
  return e;
}
