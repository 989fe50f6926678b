/**
 * Opening the services a long-running entry point needs (the desktop app, `ecg-tlc serve`): data folder,
 * settings, the archive at the configured path, and the API over them. Which archive: see data-paths.ts.
 * Analysis jobs a quit or crash interrupted resume at once (their finished studies are not redone); close()
 * stops the running one, which then resumes at the next launch.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openArchive, type Archive } from '../store/archive.js';
import type { AppInfo } from './contract/app.js';
import { createApi, type Api } from './create-api.js';
import type { PickPaths } from './handlers/files.js';
import { appVersion, findAppRoot } from './services/app-root.js';
import { PRODUCT_NAME, defaultDataDir } from './services/data-paths.js';
import { SettingsFile } from './services/settings-file.js';

export interface LaunchOptions {
  dataDir?: string;
  /** wins over $ECG_TLC_DB and the settings file, for this run only */
  dbPath?: string;
  electronVersion?: string;
  checkResults?: boolean;
  /** resume interrupted analysis jobs (default true) */
  resumeJobs?: boolean;
  /** the shell's native open dialog (the desktop app) */
  pickPaths?: PickPaths;
}

export interface Launched {
  api: Api;
  info: AppInfo;
  archive: Archive;
  close(): void;
}

export function launchApi(options: LaunchOptions = {}): Launched {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const settings = new SettingsFile(dataDir);
  // the folder the UI offers for PDF reports: exportPdf writes only into folders that exist
  mkdirSync(join(dataDir, 'reports'), { recursive: true });
  const dbPath = resolve(options.dbPath || process.env.ECG_TLC_DB || settings.read().dbPath);
  const archive = openArchive(dbPath, { createDir: true });
  const info: AppInfo = {
    name: PRODUCT_NAME,
    version: appVersion(findAppRoot()),
    dataDir,
    dbPath,
    platform: process.platform,
    versions: { node: process.versions.node, ...(options.electronVersion ? { electron: options.electronVersion } : {}) },
  };
  const api = createApi({ info, archive, settings, checkResults: options.checkResults ?? false, ...(options.pickPaths ? { pickPaths: options.pickPaths } : {}) });
  if (options.resumeJobs ?? true) api.analysis.queue.start();
  return {
    api,
    info,
    archive,
    close: () => {
      api.analysis.queue.stopNow();
      archive.close();
    },
  };
}
