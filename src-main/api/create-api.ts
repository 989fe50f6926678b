/**
 * createApi: the one place handlers are assembled from injected services (STYLE.md §4). Entry points open the
 * services (launch.ts does it for the desktop app and `ecg-tlc serve`; tests pass their own) and route to the
 * returned dispatch. A new API area adds its handlers here; the Handlers type fails to compile until every
 * method in the contract has one.
 */
import type { Archive } from '../store/archive.js';
import type { AppInfo } from './contract/app.js';
import { createDispatch, type Dispatch, type Handlers } from './dispatch.js';
import { ApiEvents } from './events.js';
import { appHandlers } from './handlers/app.js';
import { fileHandlers, type ReadFile } from './handlers/files.js';
import { importHandlers } from './handlers/import.js';
import { settingsHandlers } from './handlers/settings.js';
import { studyHandlers } from './handlers/studies.js';
import type { SettingsFile } from './services/settings-file.js';

export interface ApiServices {
  info: AppInfo;
  archive: Archive;
  settings: SettingsFile;
  /** defaults to the format registry's readEcgFile */
  readFile?: ReadFile;
  /** validate every result against the contract (tests) */
  checkResults?: boolean;
}

export interface Api {
  dispatch: Dispatch;
  events: ApiEvents;
  handlers: Handlers;
}

export function createApi(services: ApiServices): Api {
  const events = new ApiEvents();
  const handlers: Handlers = {
    ...appHandlers(services.info),
    ...fileHandlers(services.readFile),
    ...studyHandlers(services.archive.studies, services.archive.queries),
    ...importHandlers(services.archive, events),
    ...settingsHandlers(services.settings, { dbPath: services.info.dbPath }),
  };
  return { handlers, events, dispatch: createDispatch(handlers, { checkResults: services.checkResults ?? false }) };
}
