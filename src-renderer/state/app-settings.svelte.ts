/**
 * The application's saved settings (the archive database's location today) and facts about the running app.
 * A new database path applies at the next launch; the API says so and the view shows it.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { AppInfo } from '../../src-main/api/contract/app.js';
import type { SettingsView } from '../../src-main/api/contract/settings.js';
import { errorText } from '../api/error-text.js';

export class AppSettings {
  info = $state.raw<AppInfo | undefined>(undefined);
  view = $state.raw<SettingsView | undefined>(undefined);
  dbPathDraft = $state('');
  error = $state<string | undefined>(undefined);
  saved = $state(false);
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
}
