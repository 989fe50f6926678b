/**
 * What a user can choose for analyses: model packages, cluster models and execution providers, found on disk.
 *
 * | what           | where it is looked for                                                                   |
 * |----------------|------------------------------------------------------------------------------------------|
 * | model packages | the app's models/<id>/ holding manifest.json; every folder of <data folder>/models/      |
 * | cluster models | each package's own clusters.json; every folder of <data folder>/cluster-models/ (written |
 * |                | by `ecg-tlc fit --out <data folder>/cluster-models/NAME`)                                 |
 * | providers      | PROVIDER_REQUESTS, with what this onnxruntime-node build holds of each                    |
 *
 * A folder that cannot be used is listed with the reason (a package is loaded, so every file it lists is
 * verified against its sha256). Whether a cluster model fits a package is decided by the model sha256 it was
 * fitted for; loadExplainContext stays the judge when a choice is saved or a job starts.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadClusterModel } from '../../explain/cluster-model.js';
import { CLUSTERS_FILE, SURROGATE_FILE, modelSha256 } from '../../explain/context.js';
import { missingClusters, modelDirById } from '../../analysis/model-identity.js';
import { loadModelPackage, MANIFEST_FILE } from '../../model/manifest.js';
import { PROVIDER_REQUESTS, providerBuilds, providerCandidates } from '../../model/providers.js';
import type { JobModel } from '../../store/job-repository.js';
import type { ClusterModelEntry, ModelPackageEntry, ProviderEntry } from '../contract/model-choice.js';

export const DATA_MODELS_FOLDER = 'models';
export const CLUSTER_MODELS_FOLDER = 'cluster-models';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Sub-folders of `root` (symbolic links to folders included), by name; none when `root` does not exist. */
function subfolders(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .sort()
    .map((n) => join(root, n))
    .filter((p) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    });
}

/** What clusters.json in `dir` says of itself, or why it cannot be read. */
export function clusterModelEntry(dir: string, name: string): ClusterModelEntry {
  const path = join(dir, CLUSTERS_FILE);
  if (!existsSync(path)) return { ok: false, dir, name, problem: missingClusters(dir) };
  try {
    const c = loadClusterModel(path);
    return {
      ok: true,
      dir,
      name,
      modelId: c.modelId,
      modelSha256: c.modelSha256,
      views: c.views.map((v) => ({ view: v.view, k: v.k })),
      defaultView: c.defaultView,
      fittedOn: { description: c.fittedOn.description, ecgs: c.fittedOn.ecgs, createdAt: c.fittedOn.createdAt },
      surrogate: existsSync(join(dir, SURROGATE_FILE)),
    };
  } catch (e) {
    return { ok: false, dir, name, problem: message(e) };
  }
}

export class ModelCatalog {
  /**
   * @param dataDir the app's data folder (without one, only the app's own packages are offered)
   * @param defaultPackage the package analyses use when nothing is chosen (the shipped model); its folder's
   *   parent is the app's models folder
   */
  constructor(
    readonly dataDir: string | undefined,
    private readonly defaultPackage: () => string,
  ) {}

  /** The default package's folder, or undefined when the app has none (a build without models/). */
  get defaultDir(): string | undefined {
    try {
      return this.defaultPackage();
    } catch {
      return undefined;
    }
  }

  get packageFolders(): string[] {
    const shipped = this.defaultDir;
    return [...(shipped ? [dirname(shipped)] : []), ...(this.dataModels ? [this.dataModels] : [])];
  }

  private get dataModels(): string | undefined {
    return this.dataDir === undefined ? undefined : join(this.dataDir, DATA_MODELS_FOLDER);
  }

  /** <data folder>/cluster-models, or undefined without a data folder */
  get clusterModelFolder(): string | undefined {
    return this.dataDir === undefined ? undefined : join(this.dataDir, CLUSTER_MODELS_FOLDER);
  }

  private fittedFolders(): string[] {
    return this.clusterModelFolder ? subfolders(this.clusterModelFolder) : [];
  }

  /** Shipped packages (folders of the app's models/ holding manifest.json), then those of the data folder. */
  packages(): ModelPackageEntry[] {
    const shipped = this.defaultDir;
    const found: Array<{ dir: string; source: 'shipped' | 'data' }> = [
      ...(shipped ? subfolders(dirname(shipped)).filter((d) => existsSync(join(d, MANIFEST_FILE))).map((dir) => ({ dir, source: 'shipped' as const })) : []),
      ...(this.dataModels ? subfolders(this.dataModels) : []).map((dir) => ({ dir, source: 'data' as const })),
    ];
    return found.map(({ dir, source }): ModelPackageEntry => {
      try {
        const pkg = loadModelPackage(dir);
        const own = existsSync(join(dir, CLUSTERS_FILE)) ? clusterModelEntry(dir, 'package') : null;
        const m = pkg.manifest;
        return { ok: true, dir: pkg.dir, source, id: m.id, version: m.version, classes: m.classes.map((c) => c.id), sha256: modelSha256(pkg), clusters: own };
      } catch (e) {
        return { ok: false, dir, source, problem: message(e) };
      }
    });
  }

  /** The cluster models fitted into the data folder's cluster-models/. */
  clusterModels(): ClusterModelEntry[] {
    return this.fittedFolders().map((dir) => clusterModelEntry(dir, basename(dir)));
  }

  providers(): ProviderEntry[] {
    const builds = providerBuilds();
    return PROVIDER_REQUESTS.map((request) => {
      const candidates = providerCandidates(request);
      const first = candidates[0]!;
      const status = first === 'cpu' || builds.get(first) === true ? 'bundled' : builds.has(first) ? 'installable' : 'absent';
      return { request, candidates, status };
    });
  }

  /** A package by id (its folder's name): in the app's models folder, else in the data folder's models/. */
  dirById(id: string): string {
    const shipped = this.defaultDir;
    try {
      if (!shipped) throw new Error(`no model package "${id}": the app has no models folder`);
      return modelDirById(id, shipped);
    } catch (e) {
      // modelDirById checks the id's characters too; it looks among the siblings of its second argument
      if (this.dataModels && existsSync(join(this.dataModels, id, MANIFEST_FILE))) return modelDirById(id, join(this.dataModels, id));
      throw e;
    }
  }

  /**
   * The folder of the cluster model a job was queued with (found by the model sha256 and creation time it
   * recorded), `preferred` first; undefined for the package's own. A job queued before the user chose another
   * cluster model still runs with the one it was queued with.
   */
  clusterDirFor(model: JobModel, preferred?: string): string | undefined {
    if (model.clusterModel === undefined) return undefined;
    for (const dir of [...(preferred ? [preferred] : []), model.dir, ...this.fittedFolders()]) {
      const e = clusterModelEntry(dir, '');
      if (e.ok && e.modelSha256 === model.sha256 && e.fittedOn.createdAt === model.clusterModel) return dir === model.dir ? undefined : dir;
    }
    throw new Error(`the cluster model the job was queued with (fitted ${model.clusterModel} for ${model.id}) is neither in ${model.dir} nor in ${this.clusterModelFolder ?? 'a cluster-models folder'}; queue the studies again`);
  }
}
