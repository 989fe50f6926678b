import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from '../../../src-main/store/migrations.js';
import { StudyRepository } from '../../../src-main/store/study-repository.js';
import { encodeStudy } from '../../../src-main/store/encode-study.js';
import { synthRecord } from './synthetic.js';

describe('migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('bring an empty file to the current version with every table, in WAL mode', () => {
    const db = openDatabase(join(dir, 'a.db'));
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).sort();
    for (const t of ['analyses', 'audit_log', 'overreads', 'patients', 'signals', 'studies', 'study_details', 'study_search', 'waveforms']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('re-opening is idempotent: nothing re-applied, data kept', () => {
    const path = join(dir, 'b.db');
    const db = openDatabase(path);
    const rec = synthRecord({ seed: 1, n: 100 });
    rec.source.sha256 = 'a'.repeat(64);
    new StudyRepository(db).insert(rec, encodeStudy(rec), { actor: 'test' });
    db.close();
    const again = new Database(path);
    expect(migrate(again)).toEqual([]);
    again.close();
    const reopened = openDatabase(path);
    expect(schemaVersion(reopened)).toBe(SCHEMA_VERSION);
    expect(new StudyRepository(reopened).count()).toBe(1);
    reopened.close();
  });

  it('refuses a file from a newer version instead of guessing', () => {
    const path = join(dir, 'c.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(/newer than this program understands/);
  });

  it('a failing migration leaves the file at its previous version', () => {
    const raw = new Database(join(dir, 'd.db'));
    raw.exec('CREATE TABLE studies (x)'); // collides with version 1
    expect(() => migrate(raw)).toThrow(/already exists/);
    expect(schemaVersion(raw)).toBe(0);
    expect(raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'patients'").pluck().get()).toBe(0);
    raw.close();
  });
});
