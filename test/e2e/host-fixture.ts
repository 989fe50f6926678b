/**
 * The e2e test bed: the real browser host (src-main/host) over a fresh temporary archive filled by the real
 * importer, serving the built renderer (dist/renderer). In process, so the test can also reach the API directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppInfo } from '../../src-main/api/contract/app.js';
import type { ImportSummary } from '../../src-main/api/contract/import.js';
import { createApi, type Api } from '../../src-main/api/create-api.js';
import { SettingsFile } from '../../src-main/api/services/settings-file.js';
import { startHost, type Host } from '../../src-main/host/server.js';
import { openArchive, type Archive } from '../../src-main/store/archive.js';
import { REPO_ROOT } from '../helpers/shared.js';

export const RENDERER_DIR = join(REPO_ROOT, 'dist', 'renderer');

export interface HostBed {
  host: Host;
  api: Api;
  archive: Archive;
  dir: string;
  imported: ImportSummary;
  close(): Promise<void>;
}

export async function startHostBed(importPaths: string[]): Promise<HostBed> {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-e2e-'));
  const dbPath = join(dir, 'archive.sqlite');
  const archive = openArchive(dbPath);
  const info: AppInfo = { name: 'ECG TLC Workstation', version: '0.0.0-e2e', dataDir: dir, dbPath, platform: process.platform, versions: { node: process.versions.node } };
  const api = createApi({ info, archive, settings: new SettingsFile(dir), checkResults: true });
  const imported = (await api.dispatch('importPaths', { paths: importPaths })) as ImportSummary;
  const host = await startHost({ api, root: RENDERER_DIR });
  return {
    host,
    api,
    archive,
    dir,
    imported,
    async close() {
      await host.close();
      archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
