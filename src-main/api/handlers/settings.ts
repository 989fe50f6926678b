/** getSettings / setSettings over the settings file; `active` is what this process opened at launch. */
import type { Settings, SettingsView } from '../contract/settings.js';
import type { Handlers } from '../dispatch.js';
import type { SettingsFile } from '../services/settings-file.js';

export function settingsHandlers(file: SettingsFile, active: Settings): Pick<Handlers, 'getSettings' | 'setSettings'> {
  const view = (settings: Settings): SettingsView => ({
    settings,
    defaults: { ...file.defaults },
    file: file.file,
    restartRequired: settings.dbPath !== active.dbPath,
  });
  return {
    getSettings: async () => view(file.read()),
    setSettings: async (patch) => view(file.write(patch)),
  };
}
