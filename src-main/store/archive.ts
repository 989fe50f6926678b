/**
 * The archive: one open database and the repositories over it. Entry points (CLI, API handlers, the Electron
 * main process) open one per database file and pass it in; nothing here is global.
 */
import type Database from 'better-sqlite3';
import { AnalysisRepository } from './analysis-repository.js';
import { AuditLog } from './audit-log.js';
import { openDatabase, optimize, type OpenOptions } from './db.js';
import { JobRepository } from './job-repository.js';
import { OverreadRepository } from './overread-repository.js';
import { StudyQueries } from './study-query.js';
import { StudyRepository } from './study-repository.js';

export class Archive {
  readonly studies: StudyRepository;
  readonly queries: StudyQueries;
  readonly analyses: AnalysisRepository;
  readonly overreads: OverreadRepository;
  readonly audit: AuditLog;
  readonly jobs: JobRepository;

  constructor(readonly db: Database.Database) {
    this.studies = new StudyRepository(db);
    this.queries = new StudyQueries(db);
    this.analyses = new AnalysisRepository(db);
    this.overreads = new OverreadRepository(db);
    this.audit = new AuditLog(db);
    this.jobs = new JobRepository(db);
  }

  close(): void {
    if (!this.db.open) return;
    try {
      optimize(this.db);
    } catch {
      // statistics are an optimisation: a read-only or failing archive still closes
    } finally {
      this.db.close();
    }
  }
}

export function openArchive(path: string, options?: OpenOptions): Archive {
  return new Archive(openDatabase(path, options));
}
