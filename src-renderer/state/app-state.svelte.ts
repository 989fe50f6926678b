/**
 * The composition root of the renderer: one instance of each screen's state over the one bridge, built in
 * main.ts and handed to components through a typed context.
 */
import { getContext, setContext } from 'svelte';
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import { AnalysisJobState } from './analysis-job.svelte.js';
import { PdfExportState } from './pdf-export.svelte.js';
import { CompareState } from './compare.svelte.js';
import { CohortState } from './cohort.svelte.js';
import { AppSettings } from './app-settings.svelte.js';
import { ImportJob } from './import-job.svelte.js';
import { PaperSettings, type KeyValueStore } from './paper-settings.svelte.js';
import { Router } from './router.svelte.js';
import { StudyState } from './study.svelte.js';
import { WorklistState } from './worklist.svelte.js';

export class AppState {
  readonly router: Router;
  readonly paper: PaperSettings;
  readonly worklist: WorklistState;
  readonly study: StudyState;
  readonly importJob: ImportJob;
  readonly settings: AppSettings;
  readonly analysisJob: AnalysisJobState;
  /** kept here, not in the panel, so an export keeps its progress when the user leaves the worklist */
  readonly pdfExport: PdfExportState;
  readonly cohort: CohortState;
  readonly compare: CompareState;
  /** set when the bridge's connection is gone (browser host stopped) */
  disconnected = $state<string | undefined>(undefined);

  constructor(
    readonly bridge: EcgBridge,
    hash: string,
    store?: KeyValueStore,
  ) {
    this.router = new Router(hash);
    this.paper = new PaperSettings(store);
    this.worklist = new WorklistState((q) => bridge.invoke('listStudies', q));
    this.study = new StudyState((id) => bridge.invoke('getStudy', { id }));
    this.importJob = new ImportJob(bridge);
    this.settings = new AppSettings(bridge);
    this.cohort = new CohortState(bridge);
    this.compare = new CompareState(bridge);
    this.analysisJob = new AnalysisJobState(bridge, () => void this.worklist.reloadPages());
    this.pdfExport = new PdfExportState(bridge);
  }

  connectionLost(reason: string): void {
    this.disconnected = reason;
  }
}

export function createAppState(bridge: EcgBridge, hash: string, store?: KeyValueStore): AppState {
  return new AppState(bridge, hash, store);
}

const KEY = Symbol('ecg-tlc.app');
export const setAppContext = (app: AppState): AppState => setContext(KEY, app);
export const getAppContext = (): AppState => getContext<AppState>(KEY);
