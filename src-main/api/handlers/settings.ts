/**
 * getSettings / setSettings over the settings file; `active` is what this process opened at launch. The view
 * lists what can be chosen for analyses (model-catalog.ts) and what the next analysis uses.
 *
 * A model package or cluster model is refused when saved if the analyser could not open it: the package must
 * load (every file matching its manifest's sha256) and the cluster model must pass loadExplainContext (fitted
 * for this model.onnx, its surrogate fitted on it). Choosing the default (the shipped package, the package's
 * own clusters) removes the key, so an app update that moves the shipped package keeps working.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { missingClusters } from '../../analysis/model-identity.js';
import { CLUSTERS_FILE, loadExplainContext } from '../../explain/context.js';
import { loadModelPackage } from '../../model/manifest.js';
import type { ModelChoiceView } from '../contract/model-choice.js';
import type { Settings, SettingsPatch, SettingsView } from '../contract/settings.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import type { AnalysisService } from '../services/analysis-service.js';
import type { SettingsFile } from '../services/settings-file.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && resolve(a) === resolve(b);

/** Why the analyser could not open this package with this cluster folder, or undefined when it could. */
function unusable(modelDir: string, clusterDir: string | undefined): string | undefined {
  let pkg;
  try {
    pkg = loadModelPackage(modelDir);
  } catch (e) {
    return `the model package in ${modelDir} cannot be used: ${message(e)}`;
  }
  if (clusterDir !== undefined && !existsSync(join(clusterDir, CLUSTERS_FILE))) return missingClusters(clusterDir);
  try {
    loadExplainContext(pkg, clusterDir);
  } catch (e) {
    return `the cluster model cannot be used with ${pkg.manifest.id}: ${message(e)}`;
  }
  return undefined;
}

export function settingsHandlers(file: SettingsFile, active: Pick<Settings, 'dbPath'>, analysis: AnalysisService): Pick<Handlers, 'getSettings' | 'setSettings'> {
  const catalog = analysis.catalog;
  const lastRunStmt = analysis.archive.db.prepare(
    `SELECT json_extract(settings, '$.provider') AS provider, model_id AS modelId, created_at AS createdAt
     FROM analyses WHERE json_extract(settings, '$.provider') IS NOT NULL ORDER BY id DESC LIMIT 1`,
  );

  const models = (): ModelChoiceView => {
    let current: ModelChoiceView['current'];
    try {
      const id = analysis.identity(analysis.defaultDir, true);
      current = { ok: true, id: id.id, version: id.version, sha256: id.sha256, dir: id.dir, ...(id.clusterModel ? { clusterModel: id.clusterModel } : {}) };
    } catch (e) {
      current = { ok: false, problem: message(e) };
    }
    const lastRun = lastRunStmt.get() as ModelChoiceView['lastRun'];
    const clusterModelFolder = catalog.clusterModelFolder;
    return {
      packageFolders: catalog.packageFolders,
      ...(clusterModelFolder ? { clusterModelFolder } : {}),
      packages: catalog.packages(),
      clusterModels: catalog.clusterModels(),
      providers: catalog.providers(),
      current,
      ...(lastRun ? { lastRun } : {}),
    };
  };

  const view = (saved: Partial<Settings>): SettingsView => {
    const shipped = catalog.defaultDir;
    const defaults: Settings = { ...file.defaults, ...(shipped ? { modelDir: shipped } : {}) };
    const settings: Settings = { ...defaults, ...saved };
    return { settings, defaults, file: file.file, restartRequired: settings.dbPath !== active.dbPath, models: models() };
  };

  return {
    getSettings: async () => view(file.saved()),
    setSettings: async (patch) => {
      const next: SettingsPatch = { ...patch };
      const saved = file.saved();
      if (patch.modelDir !== undefined || patch.clusterDir !== undefined) {
        const shipped = catalog.defaultDir;
        if (next.modelDir && same(next.modelDir, shipped)) next.modelDir = null;
        const modelDir = (next.modelDir === undefined ? saved.modelDir : (next.modelDir ?? undefined)) ?? shipped;
        if (next.clusterDir && same(next.clusterDir, modelDir)) next.clusterDir = null;
        const clusterDir = next.clusterDir === undefined ? saved.clusterDir : (next.clusterDir ?? undefined);
        if (!modelDir) throw new ApiError('invalid-arguments', 'choose a model package: the app has none of its own');
        const problem = unusable(modelDir, clusterDir);
        if (problem) throw new ApiError('invalid-arguments', problem);
      }
      file.write(next);
      return view(file.saved());
    },
  };
}
