/**
 * Schema migrations by version. `PRAGMA user_version` holds the version the file is at; each migration moves it
 * from N-1 to N inside one transaction, so a crash mid-migration leaves the file at N-1, never half-migrated.
 * Append new migrations; never edit a shipped one.
 */
import type Database from 'better-sqlite3';
import { SCHEMA_V1 } from './schema-v1.js';
import { SCHEMA_V2 } from './schema-v2.js';
import { SCHEMA_V3 } from './schema-v3.js';
import { backfillAges } from './age-backfill.js';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'patients, studies, signals, analyses, overreads, audit log, search', up: (db) => db.exec(SCHEMA_V1) },
  { version: 2, description: 'analysis job queue; cluster proportions and measurements of analyses', up: (db) => db.exec(SCHEMA_V2) },
  { version: 3, description: 'a job keeps its options (cluster-model folder, provider, Monte-Carlo passes)', up: (db) => db.exec(SCHEMA_V3) },
  { version: 4, description: 'ages derived from the birth date where the file states none (rows imported before)', up: backfillAges },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the database to SCHEMA_VERSION; returns the versions applied (empty when already current). */
export function migrate(db: Database.Database): number[] {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `the archive ${db.name} is at schema version ${current}, newer than this program understands (${SCHEMA_VERSION}); ` +
        'update ECG TLC Workstation or open another archive',
    );
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
