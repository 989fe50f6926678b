/**
 * What the analysis, cohort, overread and settings handlers share: the job queue of this process (progress
 * forwarded as `analysis:progress` events, the latest rate and ETA kept per running job), the current model's
 * identity (the key that tells current analyses from stale ones), the label tables and who the actor is.
 *
 * The user's choice of model package, cluster model and execution provider (the settings file) is read each time
 * a job is queued and whenever the current identity is asked for: a new choice applies to the next job, and the
 * worklist shows analyses of the previous choice as stale at once (SettingsFile reads the file again only when it
 * has changed, so asking on every worklist page costs a stat). A queued job keeps the choice it was queued
 * with (its cluster model found again by its version key, see ModelCatalog.clusterDirFor), whenever it runs.
 */
import { resolve } from 'node:path';
import { AnalysisJobs, type OpenBackend } from '../../analysis/job-queue.js';
import type { JobProgress } from '../../analysis/job-runner.js';
import { loadLabelMap, labelDir, type LabelMap } from '../../analysis/label-map.js';
import { modelIdentity, type ModelIdentity } from '../../analysis/model-identity.js';
import type { BackendOptions } from '../../analysis/backend.js';
import type { ProviderRequest } from '../../model/providers.js';
import { currentActor } from '../../store/audit-log.js';
import type { Archive } from '../../store/archive.js';
import { defaultModelDir } from '../../model/default-model.js';
import { loadModelPackage } from '../../model/manifest.js';
import type { ApiEvents } from '../events.js';
import { ExplainContexts } from './explain-contexts.js';
import { ModelCatalog } from './model-catalog.js';

/** What the user chose (absent: the defaults below). */
export interface ModelChoice {
  modelDir?: string;
  /** clusters.json + surrogate.json for the chosen package, instead of its own */
  clusterDir?: string;
  provider?: ProviderRequest;
}

export interface AnalysisServiceOptions {
  /** the package analyses use when the choice names none (default: the shipped model) */
  modelDir?: string;
  /** the user's current choice (create-api reads the settings file) */
  choice?: () => ModelChoice;
  /** the data folder, whose models/ and cluster-models/ hold packages and cluster models to choose from */
  dataDir?: string;
  /** where inference runs (default: a worker thread when one starts) */
  openBackend?: OpenBackend;
  backend?: Omit<BackendOptions, 'modelDir'>;
  batchSize?: number;
  /** who acts (overreads, jobs): the settings' reader name when the app has one, else the OS user */
  actor?: () => string;
  /** the training label tables (default: models/training/labels of the app) */
  labelDir?: string;
}

export class AnalysisService {
  readonly queue: AnalysisJobs;
  /** the latest progress of each job this process is running */
  readonly live = new Map<number, JobProgress>();
  readonly catalog: ModelCatalog;
  /** the surrogates of stored explanations, for the per-ECG drivers shown with them */
  readonly contexts: ExplainContexts;
  private readonly identities = new Map<string, ModelIdentity>();
  private labelMap: { dir: string; map: LabelMap } | undefined;

  constructor(
    readonly archive: Archive,
    events: ApiEvents,
    private readonly options: AnalysisServiceOptions = {},
  ) {
    this.catalog = new ModelCatalog(options.dataDir, () => options.modelDir ?? defaultModelDir());
    this.contexts = new ExplainContexts(this.catalog, (dir) => this.clusterDir(dir));
    this.queue = new AnalysisJobs(archive, {
      ...(options.openBackend ? { openBackend: options.openBackend } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      // unset options stay undefined here: the store keeps only those that make a difference
      jobOptions: (model) => {
        const choice = this.choice();
        return {
          provider: choice.provider ?? options.backend?.provider,
          clusterDir: this.catalog.clusterDirFor(model, choice.clusterDir),
          mcPasses: options.backend?.mcPasses,
        };
      },
      clusterDirFor: (model, queuedWith) => this.catalog.clusterDirFor(model, queuedWith),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      onProgress: (p) => {
        if (p.state === 'running') this.live.set(p.jobId, p);
        else this.live.delete(p.jobId);
        events.emit('analysis:progress', p);
      },
      onJobEnd: (job) => this.live.delete(job.id),
    });
  }

  actor(): string {
    return this.options.actor?.() ?? currentActor();
  }

  choice(): ModelChoice {
    return this.options.choice?.() ?? {};
  }

  /** The chosen package's folder. */
  get defaultDir(): string {
    return this.chosenDir(this.choice());
  }

  private chosenDir(choice: ModelChoice): string {
    return choice.modelDir ?? this.options.modelDir ?? defaultModelDir();
  }

  /** The package folder for a model id (in the app's or the data folder's models/), or the chosen package. */
  modelDir(id?: string): string {
    return id === undefined ? this.defaultDir : this.catalog.dirById(id);
  }

  /** The chosen cluster-model folder when `dir` is the chosen package; undefined: the package's own. */
  clusterDir(dir?: string): string | undefined {
    return this.clusterDirIn(this.choice(), dir);
  }

  /** clusterDir for one reading of the choice. */
  private clusterDirIn(choice: ModelChoice, dir: string | undefined): string | undefined {
    return dir === undefined || resolve(dir) === resolve(this.chosenDir(choice)) ? choice.clusterDir : undefined;
  }

  /**
   * Identity of a package with its cluster model (hashing its files once per process unless `fresh`); the
   * chosen package by default. The choice is read once per call: the worklist asks on every page.
   */
  identity(given?: string, fresh = false): ModelIdentity {
    const choice = this.choice();
    const dir = given ?? this.chosenDir(choice);
    const clusterDir = this.clusterDirIn(choice, dir);
    const key = `${dir}\0${clusterDir ?? ''}`;
    let id = fresh ? undefined : this.identities.get(key);
    if (!id) this.identities.set(key, (id = modelIdentity(dir, clusterDir)));
    return id;
  }

  /** The chosen model's identity, or undefined when it cannot be loaded (staleness is then unknown). */
  current(): ModelIdentity | undefined {
    try {
      return this.identity();
    } catch {
      return undefined;
    }
  }

  /** The training label tables, mapped onto the chosen model's classes. */
  labels(): LabelMap {
    const dir = this.defaultDir;
    if (this.labelMap?.dir !== dir) {
      const classes = loadModelPackage(dir).manifest.classes.map((c) => c.id);
      this.labelMap = { dir, map: loadLabelMap(classes, this.options.labelDir ?? labelDir()) };
    }
    return this.labelMap.map;
  }
}
