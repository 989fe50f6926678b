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
import { analysisHandlers } from './handlers/analysis.js';
import { appHandlers } from './handlers/app.js';
import { cohortHandlers } from './handlers/cohort.js';
import { compareHandlers } from './handlers/compare.js';
import { fileHandlers, type PickPaths, type ReadFile } from './handlers/files.js';
import { importHandlers } from './handlers/import.js';
import { overreadHandlers } from './handlers/overread.js';
import { reportHandlers } from './handlers/report.js';
import { settingsHandlers } from './handlers/settings.js';
import { studyHandlers } from './handlers/studies.js';
import { AnalysisService, type AnalysisServiceOptions } from './services/analysis-service.js';
import type { SettingsFile } from './services/settings-file.js';

export interface ApiServices {
  info: AppInfo;
  archive: Archive;
  settings: SettingsFile;
  /** defaults to the format registry's readEcgFile */
  readFile?: ReadFile;
  /** the shell's native open dialog (the desktop app); without it pickPaths answers 'unavailable' */
  pickPaths?: PickPaths;
  /** validate every result against the contract (tests) */
  checkResults?: boolean;
  /**
   * the analysis queue's model, inference backend and actor (defaults: the settings' choice of model, cluster
   * model and provider, else the shipped model on cpu; worker thread; OS user)
   */
  analysis?: AnalysisServiceOptions;
}

export interface Api {
  dispatch: Dispatch;
  events: ApiEvents;
  handlers: Handlers;
  /** the analysis job queue and model identity: the entry point resumes jobs and stops them at exit */
  analysis: AnalysisService;
}

export function createApi(services: ApiServices): Api {
  const events = new ApiEvents();
  // the settings file's choice of model, cluster model and provider is read at each use: it applies to the next job
  const analysis = new AnalysisService(services.archive, events, { dataDir: services.info.dataDir, choice: () => services.settings.saved(), ...services.analysis });
  const handlers: Handlers = {
    ...appHandlers({ ...services.info, nativeDialogs: services.pickPaths !== undefined }),
    ...fileHandlers(services.readFile, services.pickPaths),
    ...studyHandlers(services.archive, analysis),
    ...importHandlers(services.archive, events),
    ...settingsHandlers(services.settings, { dbPath: services.info.dbPath }, analysis),
    ...analysisHandlers(analysis),
    ...overreadHandlers(analysis),
    ...cohortHandlers(analysis),
    ...compareHandlers(services.archive),
    ...reportHandlers(services.archive, services.info.dataDir, { contexts: analysis.contexts.lookup, paper: () => services.settings.saved().reportPaper }),
  };
  return { handlers, events, analysis, dispatch: createDispatch(handlers, { checkResults: services.checkResults ?? false }) };
}
