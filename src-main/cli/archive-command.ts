/**
 * The frame of a command that reads or writes an existing archive: find it (--db, $ECG_TLC_DB, the settings,
 * the data folder), refuse with exit 1 when there is none, run the work, close it. The errors that mean the
 * caller asked for something invalid (a bad filter, an edit without its statement) become usage errors (exit 2).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { openArchive, type Archive } from '../store/archive.js';
import { StudyQueryError } from '../store/study-query.js';
import { databasePath } from './data-dir.js';

type ErrorClass = abstract new (...args: never[]) => Error;

export function onArchive(command: Command, db: string | undefined, work: (archive: Archive) => void, usageErrors: ErrorClass[] = [StudyQueryError]): void {
  const dbPath = databasePath(db);
  if (!existsSync(dbPath)) {
    console.error(`ecg-tlc: no archive at ${dbPath}; import ECG files first (ecg-tlc import FOLDER) or name one with --db`);
    process.exitCode = 1;
    return;
  }
  const archive = openArchive(dbPath);
  try {
    process.exitCode = 0;
    work(archive);
  } catch (e) {
    if (usageErrors.some((c) => e instanceof c)) command.error(`error: ${(e as Error).message}`, { exitCode: 2 });
    throw e;
  } finally {
    archive.close();
  }
}
