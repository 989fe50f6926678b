/**
 * The explain contexts that made stored explanations, found by model id and cluster-model creation time among the
 * installed packages and the data folder's fitted cluster models (ModelCatalog.clusterDirFor), for the per-ECG
 * drivers that are computed when a study is shown (explain/local-drivers.ts).
 *
 * A loaded context is kept for the life of the process: a refit writes a new creation time, so a context never goes
 * out of date, and analyses made before a refit keep their drivers while the process has it. A miss is not kept:
 * the cluster model may be installed later.
 */
import { loadExplainContext, modelSha256 } from '../../explain/context.js';
import type { ExplainContext, Explanation } from '../../explain/explain-ecg.js';
import { completeExplanation, type ContextLookup } from '../../explain/local-drivers.js';
import { loadModelPackage } from '../../model/manifest.js';
import type { ModelCatalog } from './model-catalog.js';

export class ExplainContexts {
  private readonly loaded = new Map<string, ExplainContext>();

  /**
   * @param preferred the cluster-model folder to look in first for a package folder (the user's choice), if any
   */
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly preferred: (modelDir: string) => string | undefined = () => undefined,
  ) {}

  readonly lookup: ContextLookup = (modelId, createdAt) => {
    const key = `${modelId}\0${createdAt}`;
    const known = this.loaded.get(key);
    if (known) return known;
    for (const dir of this.packageDirs(modelId)) {
      const ctx = this.load(dir, modelId, createdAt);
      if (ctx) {
        this.loaded.set(key, ctx);
        return ctx;
      }
    }
    return undefined;
  };

  /** The chosen package first (its folder need not be named by its id), then the catalog's packages of that id. */
  private packageDirs(modelId: string): string[] {
    const dirs = this.catalog.defaultDir ? [this.catalog.defaultDir] : [];
    for (const p of this.catalog.packages()) if (p.ok && p.id === modelId && !dirs.includes(p.dir)) dirs.push(p.dir);
    return dirs;
  }

  private load(dir: string, modelId: string, createdAt: string): ExplainContext | undefined {
    try {
      const pkg = loadModelPackage(dir);
      if (pkg.manifest.id !== modelId) return undefined;
      const clusterDir = this.catalog.clusterDirFor({ id: modelId, version: pkg.manifest.version, sha256: modelSha256(pkg), dir, clusterModel: createdAt }, this.preferred(dir));
      const ctx = loadExplainContext(pkg, clusterDir ?? dir);
      return ctx?.clusters.fittedOn.createdAt === createdAt ? ctx : undefined;
    } catch {
      return undefined; // not this package, or its cluster model is no longer installed: drivers stay out
    }
  }

  /** The explanation with its per-ECG drivers when the surrogate that made it is here. */
  complete(e: Explanation): Explanation {
    return completeExplanation(e, this.lookup);
  }
}
