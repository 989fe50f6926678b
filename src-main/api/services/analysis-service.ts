/**
 * What the analysis, cohort and overread handlers share: the job queue of this process (progress forwarded as
 * `analysis:progress` events, the latest rate and ETA kept per running job), the current model's identity (the
 * key that tells current analyses from stale ones), the label tables and who the actor is.
 */
import { AnalysisJobs, type OpenBackend } from '../../analysis/job-queue.js';
import type { JobProgress } from '../../analysis/job-runner.js';
import { loadLabelMap, labelDir, type LabelMap } from '../../analysis/label-map.js';
import { modelDirById, modelIdentity, type ModelIdentity } from '../../analysis/model-identity.js';
import type { BackendOptions } from '../../analysis/backend.js';
import { currentActor } from '../../store/audit-log.js';
import type { Archive } from '../../store/archive.js';
import { defaultModelDir } from '../../model/default-model.js';
import { loadModelPackage } from '../../model/manifest.js';
import type { ApiEvents } from '../events.js';

export interface AnalysisServiceOptions {
  /** the package analyses use by default (default: the shipped model) */
  modelDir?: string;
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
  private readonly identities = new Map<string, ModelIdentity>();
  private labelMap: LabelMap | undefined;

  constructor(
    readonly archive: Archive,
    events: ApiEvents,
    private readonly options: AnalysisServiceOptions = {},
  ) {
    this.queue = new AnalysisJobs(archive, {
      ...(options.openBackend ? { openBackend: options.openBackend } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
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

  get defaultDir(): string {
    return this.options.modelDir ?? defaultModelDir();
  }

  /** The package folder for a model id (a sibling of the default package), or the default package. */
  modelDir(id?: string): string {
    return modelDirById(id, this.defaultDir);
  }

  /** Identity of a package (hashing its files once per process unless `fresh`). */
  identity(dir: string = this.defaultDir, fresh = false): ModelIdentity {
    let id = fresh ? undefined : this.identities.get(dir);
    if (!id) this.identities.set(dir, (id = modelIdentity(dir)));
    return id;
  }

  /** The default model's identity, or undefined when it cannot be loaded (staleness is then unknown). */
  current(): ModelIdentity | undefined {
    try {
      return this.identity();
    } catch {
      return undefined;
    }
  }

  /** The training label tables, mapped onto the default model's classes. */
  labels(): LabelMap {
    if (!this.labelMap) {
      const classes = loadModelPackage(this.defaultDir).manifest.classes.map((c) => c.id);
      this.labelMap = loadLabelMap(classes, this.options.labelDir ?? labelDir());
    }
    return this.labelMap;
  }
}
