/**
 * The application's saved settings and facts about the running app. A new database path applies at the next
 * launch; the model package, cluster model and execution provider at the next analysis job (the API reads them
 * when a job starts). The three analysis choices are saved together: a cluster model only fits one model. The
 * report paper is saved as soon as it is chosen and applies to the next PDF export.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { AppInfo } from '../../src-main/api/contract/app.js';
import type { ProviderChoice } from '../../src-main/api/contract/model-choice.js';
import type { ReportPaper, SettingsView } from '../../src-main/api/contract/settings.js';
import { errorText } from '../api/error-text.js';
import { clusterChoices } from '../lib/settings/model-choices.js';

export class AppSettings {
  info = $state.raw<AppInfo | undefined>(undefined);
  view = $state.raw<SettingsView | undefined>(undefined);
  dbPathDraft = $state('');
  error = $state<string | undefined>(undefined);
  saved = $state(false);
  /** the model package folder chosen ('' when the app has none and none is chosen) */
  modelDirDraft = $state('');
  /** the cluster model folder chosen; '' for the package's own */
  clusterDirDraft = $state('');
  providerDraft = $state<ProviderChoice>('cpu');
  modelError = $state<string | undefined>(undefined);
  modelSaved = $state(false);
  paperError = $state<string | undefined>(undefined);
  paperSaved = $state(false);
  readonly #bridge: Pick<EcgBridge, 'invoke'>;

  constructor(bridge: Pick<EcgBridge, 'invoke'>) {
    this.#bridge = bridge;
  }

  async load(): Promise<void> {
    try {
      const [info, view] = await Promise.all([this.#bridge.invoke('getAppInfo', {}), this.#bridge.invoke('getSettings', {})]);
      this.info = info;
      this.view = view;
      this.dbPathDraft = view.settings.dbPath;
      this.resetModelDrafts(view);
      this.error = undefined;
    } catch (e) {
      this.error = errorText(e).message;
    }
  }

  async saveDbPath(): Promise<void> {
    this.saved = false;
    try {
      this.view = await this.#bridge.invoke('setSettings', { dbPath: this.dbPathDraft.trim() });
      this.error = undefined;
      this.saved = true;
    } catch (e) {
      this.error = errorText(e).message;
    }
  }

  async saveReportPaper(paper: ReportPaper): Promise<void> {
    this.paperSaved = false;
    try {
      this.view = await this.#bridge.invoke('setSettings', { reportPaper: paper });
      this.paperError = undefined;
      this.paperSaved = true;
    } catch (e) {
      this.paperError = errorText(e).message;
    }
  }

  /** The drafts differ from what is saved. */
  get modelChanged(): boolean {
    const s = this.view?.settings;
    return !!s && (this.modelDirDraft !== (s.modelDir ?? '') || this.clusterDirDraft !== (s.clusterDir ?? '') || this.providerDraft !== s.provider);
  }

  /** A new package: a cluster model fitted for another one falls back to the package's own. */
  chooseModel(dir: string): void {
    this.modelDirDraft = dir;
    if (!this.view) return;
    const fits = clusterChoices(this.view.models, dir).some((c) => c.value === this.clusterDirDraft && !c.refusal);
    if (!fits) this.clusterDirDraft = '';
  }

  async saveModelChoice(): Promise<void> {
    this.modelSaved = false;
    try {
      this.view = await this.#bridge.invoke('setSettings', {
        provider: this.providerDraft,
        modelDir: this.modelDirDraft || null,
        clusterDir: this.clusterDirDraft || null,
      });
      this.resetModelDrafts(this.view);
      this.modelError = undefined;
      this.modelSaved = true;
    } catch (e) {
      this.modelError = errorText(e).message;
    }
  }

  private resetModelDrafts(view: SettingsView): void {
    this.modelDirDraft = view.settings.modelDir ?? '';
    this.clusterDirDraft = view.settings.clusterDir ?? '';
    this.providerDraft = view.settings.provider;
  }
}
