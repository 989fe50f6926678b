/**
 * Where the command line keeps the archive when none is named: the desktop app's data folder and archive
 * (src-main/api/services/data-paths.ts is the one source of truth), so `ecg-tlc import` fills the archive the app
 * shows. Precedence: `--db FILE`, then $ECG_TLC_DB, then the app's settings (a database moved in Settings), then
 * archive.db in the data folder.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { DB_FILE_NAME, defaultDataDir } from '../api/services/data-paths.js';
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

export function databasePath(dbOption: string | undefined, environment: Environment = {}): string {
  if (dbOption) return dbOption;
  const env = environment.env ?? process.env;
  if (env.ECG_TLC_DB) return env.ECG_TLC_DB;
  const platform = environment.platform ?? process.platform;
  const dir = dataDirectory(environment);
  // The settings file is only ever on this machine's own platform; injected platforms (tests) skip it.
  if (platform === process.platform) {
    const saved = new SettingsFile(dir).saved().dbPath;
    if (saved) return saved;
  }
  return (platform === 'win32' ? win32 : posix).join(dir, ARCHIVE_FILE_NAME);
}
