/**
 * Opening the archive: WAL (readers never block the importer), foreign keys on, a busy timeout so a second
 * process waits instead of failing, then migrations to the current schema version; and durable writes.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrations.js';

export interface OpenOptions {
  /**
   * 'normal' (the default) syncs the WAL at checkpoints and on durable writes (see `durably`): a crash of the
   * program loses nothing committed; a power cut may lose commits made since the last sync, never consistency.
   * 'full' syncs on every commit: on the shared benchmark machine that cost from 2 % to 40 % of the import rate
   * depending on the disk's load (bench/import.ts measures it each run).
   */
  synchronous?: 'full' | 'normal';
  /** create the parent folder when missing (the default archive lives in a folder that may not exist yet) */
  createDir?: boolean;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  if (options.createDir && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'normal'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Lets SQLite refresh its planner statistics (cheap; run after large imports and before closing). */
export function optimize(db: Database.Database): void {
  db.pragma('optimize');
}

/**
 * Runs `fn` (which commits a transaction) with the WAL synced at its commit, so the change, and every commit
 * before it, survives a power cut: for what people do (overreads) and for sync points during an import.
 * Inside an enclosing transaction the commit is the outer one's, so `fn` just runs.
 */
export function durably<T>(db: Database.Database, fn: () => T): T {
  if (db.inTransaction) return fn();
  const previous = db.pragma('synchronous', { simple: true }) as number;
  if (previous >= 2) return fn();
  db.pragma('synchronous = FULL');
  try {
    return fn();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}
