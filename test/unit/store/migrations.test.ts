import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from '../../../src-main/store/migrations.js';
import { StudyRepository } from '../../../src-main/store/study-repository.js';
import { encodeStudy } from '../../../src-main/store/encode-study.js';
import { JobRepository } from '../../../src-main/store/job-repository.js';
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

  /** A file as a program at schema `version` left it: its migrations applied to a raw database, nothing newer. */
  function oldArchive(path: string, version: number): Database.Database {
    const raw = new Database(path);
    for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
      m.up(raw);
      raw.pragma(`user_version = ${m.version}`);
    }
    return raw;
  }

  it('a version 2 archive with a half-done job upgrades in place: the job and its items kept, options absent', () => {
    const path = join(dir, 'v2.db');
    const raw = oldArchive(path, 2);
    const studies = new StudyRepository(raw);
    const ids = [1, 2].map((seed) => {
      const rec = synthRecord({ seed, n: 500 });
      rec.source.sha256 = String(seed).repeat(64);
      return studies.insert(rec, encodeStudy(rec), { actor: 'test' });
    });
    // what the version 2 JobRepository wrote: no options column
    raw.prepare(`INSERT INTO jobs (id, kind, model_id, model_version, model_sha256, model_dir, cluster_model, selection, force, state, total, actor, created_at)
                 VALUES (7, 'analyze', 'm', '1.0.0', ?, '/models/m', '2025-01-01T00:00:00Z', '{"query":{}}', 0, 'running', 2, 'ana', '2025-01-02T00:00:00Z')`).run('b'.repeat(64));
    const analysis = raw.prepare(`INSERT INTO analyses (study_id, created_at, model_id, model_version, model_sha256, cluster_model_version, probabilities, settings)
                                  VALUES (?, '2025-01-02T00:01:00Z', 'm', '1.0.0', ?, '2025-01-01T00:00:00Z', '{"NORM":0.9}', '{"jobId":7}')`).run(ids[0], 'b'.repeat(64)).lastInsertRowid;
    raw.prepare(`INSERT INTO job_items (job_id, study_id, state, analysis_id) VALUES (7, ?, 'done', ?), (7, ?, 'queued', NULL)`).run(ids[0], analysis, ids[1]);
    expect(raw.prepare("SELECT count(*) FROM pragma_table_info('jobs') WHERE name = 'options'").pluck().get()).toBe(0);
    raw.close();

    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('jobs') WHERE name = 'options'").pluck().get()).toBe(1);
    const jobs = new JobRepository(db);
    const job = jobs.get(7)!;
    expect(job).toMatchObject({ id: 7, state: 'running', total: 2, model: { id: 'm', dir: '/models/m', clusterModel: '2025-01-01T00:00:00Z' }, counts: { done: 1, queued: 1 } });
    expect(job.options).toBeUndefined();
    expect(jobs.items(7)).toEqual([{ studyId: ids[0], state: 'done', analysisId: Number(analysis) }, { studyId: ids[1], state: 'queued' }]);
    // a job queued after the upgrade keeps its options
    const next = jobs.enqueue({ model: { id: 'm', version: '1.0.0', sha256: 'b'.repeat(64), dir: '/models/m' }, options: { clusterDir: '/k4', provider: 'cpu', mcPasses: 2 }, selection: { ids }, force: true, actor: 'ana' });
    expect(jobs.get(next.id)!.options).toEqual({ clusterDir: '/k4', provider: 'cpu', mcPasses: 2 });
    expect(() => db.prepare("UPDATE jobs SET options = '{not json' WHERE id = 7").run()).toThrow(/CHECK constraint failed/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('a version 3 archive gets the ages its rows lacked: whole years from birth date to acquisition, stated ages kept', () => {
    const path = join(dir, 'v3.db');
    const raw = oldArchive(path, 3);
    const studies = new StudyRepository(raw);
    // [birth date, acquisition, stated age] → the age listed after the upgrade
    const cases: Array<[string | undefined, string | undefined, number | undefined, number | null]> = [
      ['1953-05-08', '2002-11-22T09:10:00', undefined, 49], // the SCP example: tag 5 without tag 4
      ['1957-06-24', '2004-06-24T16:52:16', undefined, 47], // acquired on the birthday
      ['1953-05-08', '2002-11-22T09:10:00', 46, 46], // the file's own age wins
      [undefined, '2002-11-22T09:10:00', undefined, null],
      ['1953-05-08', undefined, undefined, null],
    ];
    const ids = cases.map(([birthDate, startTime, age], k) => {
      const rec = synthRecord({ seed: k + 1, n: 500, ...(startTime ? { startTime } : {}), ...(age !== undefined ? { age } : {}) });
      if (birthDate) rec.patient.birthDate = birthDate;
      rec.source.sha256 = String(k + 1).repeat(64);
      return studies.insert(rec, encodeStudy(rec), { actor: 'test' });
    });
    // what version 3 listed: only the stated age
    raw.prepare('UPDATE studies SET age = NULL WHERE id IN (?, ?, ?, ?)').run(ids[0], ids[1], ids[3], ids[4]);
    raw.close();
    const db = new Database(path);
    expect(migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 3).map((m) => m.version));
    const ages = ids.map((id) => db.prepare('SELECT age FROM studies WHERE id = ?').pluck().get(id));
    expect(ages).toEqual(cases.map((c) => c[3]));
    db.close();
  });

  it('a version 1 archive goes through every migration to the current version', () => {
    const path = join(dir, 'v1.db');
    oldArchive(path, 1).close();
    const db = new Database(path);
    expect(migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version));
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('jobs') WHERE name = 'options'").pluck().get()).toBe(1);
    db.close();
  });
});
