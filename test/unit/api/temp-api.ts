/**
 * A real API over a fresh temporary archive and data folder, for tests of the API and its transports.
 * Results are checked against the contract (checkResults).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppInfo } from '../../../src-main/api/contract/app.js';
import { createApi, type Api } from '../../../src-main/api/create-api.js';
import { SettingsFile } from '../../../src-main/api/services/settings-file.js';
import { openArchive, type Archive } from '../../../src-main/store/archive.js';

export interface TempApi {
  api: Api;
  archive: Archive;
  info: AppInfo;
  dir: string;
  settings: SettingsFile;
  dispose(): void;
}

export function tempApi(): TempApi {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-api-'));
  const dbPath = join(dir, 'archive.sqlite');
  const archive = openArchive(dbPath);
  const settings = new SettingsFile(dir);
  const info: AppInfo = { name: 'ECG TLC Workstation', version: '0.0.0-test', dataDir: dir, dbPath, platform: process.platform, versions: { node: process.versions.node } };
  const api = createApi({ info, archive, settings, checkResults: true });
  return {
    api,
    archive,
    info,
    dir,
    settings,
    dispose() {
      archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
