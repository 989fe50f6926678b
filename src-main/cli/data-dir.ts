/**
 * Where the command line keeps the archive when none is named: the desktop app's data folder and archive
 * (src-main/api/services/data-paths.ts is the one source of truth), so `ecg-tlc import` fills the archive the app
 * shows. Precedence: `--db FILE`, then $ECG_TLC_DB, then the app's settings (a database moved in Settings), then
 * archive.db in the data folder.
 *
 * The app's settings file is read here and nowhere else in the CLI (appSettings): the archive, the model and
 * cluster model, the report paper.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { DB_FILE_NAME, defaultDataDir } from '../api/services/data-paths.js';
import type { Settings } from '../api/contract/settings.js';
import { SettingsFile } from '../api/services/settings-file.js';

export const ARCHIVE_FILE_NAME = DB_FILE_NAME;

export interface Environment {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export function dataDirectory({ env = process.env, platform = process.platform, home = homedir() }: Environment = {}): string {
  return defaultDataDir(env, platform, home);
}

/** The app's settings file cannot be read (not JSON, or a value its schema refuses). */
export class UnreadableSettings extends Error {}

/**
 * The app's settings: its settings file, defaults for what the file does not set. A file that cannot be read is
 * refused, as the app refuses to open with it: the command stops (exit 1) naming the file and its fault, rather
 * than work on another archive, model or paper than the app would. Fixing or deleting the file lifts it.
 */
export function appSettings(environment: Environment = {}): Settings {
  try {
    return new SettingsFile(dataDirectory(environment)).read();
  } catch (e) {
    throw new UnreadableSettings(`the app's settings cannot be read: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export function databasePath(dbOption: string | undefined, environment: Environment = {}): string {
  if (dbOption) return dbOption;
  const env = environment.env ?? process.env;
  if (env.ECG_TLC_DB) return env.ECG_TLC_DB;
  const platform = environment.platform ?? process.platform;
  // The settings file is only ever on this machine's own platform; injected platforms (tests) skip it.
  if (platform === process.platform) {
    const { dbPath } = appSettings(environment);
    if (dbPath) return dbPath;
  }
  return (platform === 'win32' ? win32 : posix).join(dataDirectory(environment), ARCHIVE_FILE_NAME);
}
