/**
 * User settings kept in a JSON file in the data folder.
 *
 * | setting    | absent means                          | takes effect                                       |
 * |------------|---------------------------------------|----------------------------------------------------|
 * | dbPath     | archive.db in the data folder         | at the next launch (never swapped under a job)     |
 * | modelDir   | the model package shipped with the app | at the next analysis job                           |
 * | clusterDir | the model package's own clusters.json | at the next analysis job                           |
 * | provider   | cpu                                   | at the next analysis job                           |
 * | reportPaper | A4                                   | at the next PDF export (study viewer and worklist) |
 *
 * A patch sets a folder back to its default with null.
 */
import { z } from 'zod';
import { method } from './method.js';
import { ModelChoiceView, ProviderChoice } from './model-choice.js';

/** Same list as PAPERS in src-main/report/paper.ts (this folder imports nothing but zod; a test compares them). */
export const ReportPaper = z.enum(['A4', 'Letter']);
export type ReportPaper = z.infer<typeof ReportPaper>;

export const Settings = z.object({
  /** absolute path of the SQLite database */
  dbPath: z.string(),
  /** execution provider of the model sessions */
  provider: ProviderChoice,
  /** folder of the model package analyses use */
  modelDir: z.string().optional(),
  /** folder of the clusters.json + surrogate.json pair explanations use */
  clusterDir: z.string().optional(),
  /** landscape page size of PDF reports exported from the app */
  reportPaper: ReportPaper,
});
export type Settings = z.infer<typeof Settings>;

export const SettingsView = z.object({
  settings: Settings,
  /** what each setting is when the file does not set it */
  defaults: Settings,
  /** where the settings are stored */
  file: z.string(),
  /** true when a saved setting differs from what this process runs with (the database path) */
  restartRequired: z.boolean(),
  /** what can be chosen for analyses, and what the next analysis uses */
  models: ModelChoiceView,
});
export type SettingsView = z.infer<typeof SettingsView>;

const absolutePath = (name: string) =>
  z
    .string()
    .min(1)
    .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), `${name} must be an absolute path`)
    .refine((p) => !p.includes('\0'), `${name} must not contain NUL characters`);

export const SettingsPatch = z.strictObject({
  dbPath: absolutePath('dbPath').optional(),
  provider: ProviderChoice.optional(),
  /** null: the shipped model package */
  modelDir: absolutePath('modelDir').nullable().optional(),
  /** null: the model package's own cluster model */
  clusterDir: absolutePath('clusterDir').nullable().optional(),
  reportPaper: ReportPaper.optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const settingsMethods = {
  getSettings: method(z.strictObject({}), SettingsView, 'the saved settings, their defaults, the settings file and the model packages, cluster models and providers to choose from'),
  setSettings: method(
    SettingsPatch,
    SettingsView,
    'change settings (dbPath applies at the next launch; model, cluster model and provider at the next analysis job; reportPaper at the next PDF export); a model or cluster model that cannot be used is refused with the reason',
  ),
};
