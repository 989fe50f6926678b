/**
 * User settings kept in a JSON file in the data folder. Changing the database path takes effect at the next
 * launch (the open database is never swapped under a running job); the result says so.
 */
import { z } from 'zod';
import { method } from './method.js';

export const Settings = z.object({
  /** absolute path of the SQLite database */
  dbPath: z.string(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsView = z.object({
  settings: Settings,
  /** what each setting is when the file does not set it */
  defaults: Settings,
  /** where the settings are stored */
  file: z.string(),
  /** true when a saved setting differs from what this process runs with */
  restartRequired: z.boolean(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SettingsPatch = z.strictObject({
  dbPath: z
    .string()
    .min(1)
    .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'dbPath must be an absolute path')
    .refine((p) => !p.includes('\0'), 'dbPath must not contain NUL characters')
    .optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const settingsMethods = {
  getSettings: method(z.strictObject({}), SettingsView, 'the saved settings, their defaults and the settings file'),
  setSettings: method(SettingsPatch, SettingsView, 'change settings (dbPath applies at the next launch)'),
};
