/**
 * `ecg-tlc analyze --db FILE [filters] [--model ID] [--clusters DIR] [--force] [--resume]`: batch analysis of the archive's
 * studies through the persistent job queue (src-main/analysis/job-queue.ts). Without --resume, a new job is
 * queued for the studies the filters select (studies already analysed with this model and cluster model are
 * skipped unless --force) and run here; with --resume, the jobs a crash, a quit or Ctrl-C interrupted are run to
 * their end, without redoing finished studies, each with the options it was queued with (cluster model,
 * provider, Monte-Carlo passes: ../job-options.ts says what a resume does with flags that name them).
 * A progress bar (count, rate, ETA) goes to stderr; a summary to stdout. Ctrl-C stops after the batch in flight;
 * the job stays resumable; `ecg-tlc jobs --cancel ID` ends it for good.
 */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openInProcess } from '../../analysis/backend.js';
import { AnalysisJobs } from '../../analysis/job-queue.js';
import type { JobProgress } from '../../analysis/job-runner.js';
import { modelIdentity } from '../../analysis/model-identity.js';
import type { ProviderRequest } from '../../model/providers.js';
import { openArchive } from '../../store/archive.js';
import { currentActor } from '../../store/audit-log.js';
import type { Job } from '../../store/job-repository.js';
import { StudyQueryError, type StudyQuery } from '../../store/study-query.js';
import { databasePath } from '../data-dir.js';
import { contradictions, describeJobOptions, type ResumeFlags } from '../job-options.js';
import { chosenModel, resolveModelDir } from '../model-arg.js';

export interface ArchiveAnalyzeOptions {
  db: string;
  model?: string;
  /** clusters.json + surrogate.json from `ecg-tlc fit --out DIR` instead of the package's own */
  clusters?: string;
  provider?: ProviderRequest;
  batch?: number;
  threads?: number;
  mcPasses?: number;
  force?: boolean;
  resume?: boolean;
  json?: boolean;
}

export interface JobReport {
  job: Job;
  failures: Array<{ studyId: number; reason: string }>;
  seconds: number;
}

function duration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '—';
  const t = Math.round(s);
  return t >= 3600 ? `${Math.floor(t / 3600)} h ${Math.floor((t % 3600) / 60)} min` : t >= 60 ? `${Math.floor(t / 60)} min ${t % 60} s` : `${t} s`;
}

export function formatJobReport(r: JobReport): string {
  const j = r.job;
  const c = j.counts;
  const lines = [
    `Job ${j.id} ${j.state}: ${c.done} of ${j.total} studies analysed, ${c.failed} failed, ${j.skipped} skipped (current or queued elsewhere)` +
      ` in ${duration(r.seconds)}; model ${j.model.id} ${j.model.version} (sha256 ${j.model.sha256.slice(0, 12)}…), cluster model ${j.model.clusterModel ?? 'none'}`,
    `  options: ${describeJobOptions(j)}`,
  ];
  if (j.error) lines.push(`  ${j.error}`);
  for (const f of r.failures.slice(0, 20)) lines.push(`  study ${f.studyId}: ${f.reason}`);
  if (r.failures.length > 20) lines.push(`  … and ${r.failures.length - 20} more`);
  if (j.state === 'running' || j.state === 'queued') lines.push(`  interrupted: ${c.queued + c.running} studies left; run again with --resume`);
  return lines.join('\n');
}

function progressBar(enabled: boolean) {
  const bar = new SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} ECGs | {rate}/s | ETA {etaText} | {failed} failed', hideCursor: true, barsize: 30 });
  let started = false;
  return {
    update(p: JobProgress) {
      if (!enabled) return;
      const payload = { rate: p.rate.toFixed(1), etaText: duration(p.etaSeconds), failed: p.failed };
      if (!started) {
        bar.start(p.total, p.done + p.failed, payload);
        started = true;
      } else bar.update(p.done + p.failed, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** The flags of a --resume that name a job option, when typed (commander's defaults are not the user's word). */
function resumeFlags(command: Command, o: ArchiveAnalyzeOptions): ResumeFlags {
  const typed = (key: string) => command.getOptionValueSource(key) === 'cli';
  return {
    ...(o.model !== undefined ? { modelDir: resolveModelDir(o.model) } : {}),
    ...(o.clusters !== undefined ? { clusterDir: resolve(o.clusters) } : {}),
    ...(o.provider !== undefined && typed('provider') ? { provider: o.provider } : {}),
    ...(o.mcPasses !== undefined ? { mcPasses: o.mcPasses } : {}),
  };
}

/** Runs the batch mode; returns the exit code (0 ran, 1 nothing could be done or a job failed or was interrupted). */
export async function analyzeArchive(command: Command, query: StudyQuery, o: ArchiveAnalyzeOptions): Promise<number> {
  if (o.resume && Object.keys(query).length) {
    command.error('error: --resume runs the interrupted jobs on the studies they were queued for; filters select the studies of a new job', { exitCode: 2 });
  }
  const dbPath = databasePath(o.db);
  if (!existsSync(dbPath)) {
    console.error(`ecg-tlc: no archive at ${dbPath}; import ECG files first (ecg-tlc import FOLDER)`);
    return 1;
  }
  // a new job's model and cluster model: the flags, else the app's choice in Settings, else the shipped package. A
  // resume reads no settings: each job has its own, and an old job without them takes only the typed flags.
  const chosen = o.resume ? undefined : chosenModel(o);
  const clusterDir = chosen ? chosen.clusterDir : o.clusters !== undefined ? resolve(o.clusters) : undefined;
  const archive = openArchive(dbPath);
  const bar = progressBar(!o.json);
  // the options of a new job; a resumed job runs with its own (a job queued by an older version, with these)
  const backend = {
    ...(o.provider ? { provider: o.provider } : {}),
    ...(o.threads ? { threads: o.threads } : {}),
    ...(o.mcPasses ? { mcPasses: o.mcPasses } : {}),
    ...(clusterDir ? { clusterDir } : {}),
  };
  const queue = new AnalysisJobs(archive, {
    openBackend: openInProcess,
    backend,
    ...(o.batch ? { batchSize: o.batch } : {}),
    onProgress: (p) => bar.update(p),
  });
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    void queue.stop();
  };
  process.once('SIGINT', onSigint);
  const reports: JobReport[] = [];
  const runOne = async (id: number) => {
    const t = performance.now();
    const job = await queue.run(id);
    bar.stop();
    reports.push({ job, failures: archive.jobs.items(id).flatMap((i) => (i.state === 'failed' ? [{ studyId: i.studyId, reason: i.error ?? 'failed' }] : [])), seconds: (performance.now() - t) / 1000 });
  };
  try {
    if (o.resume) {
      const pending = queue.pending();
      if (!pending.length) console.error('ecg-tlc: no interrupted or queued analysis job in this archive');
      const flags = resumeFlags(command, o);
      const refused = pending.map((j) => ({ id: j.id, why: contradictions(j, flags) })).filter((r) => r.why.length);
      if (refused.length) {
        command.error(
          `error: a job is resumed with the options it was queued with:\n  ${refused.flatMap((r) => r.why).join('\n  ')}\n` +
            `leave those flags out, or cancel the job (${refused.map((r) => `ecg-tlc jobs --db ${o.db} --cancel ${r.id}`).join('; ')}) and queue the studies again with the new options`,
          { exitCode: 2 },
        );
      }
      for (const j of pending) {
        if (!j.options) console.error(`ecg-tlc: job ${j.id} was queued by an older version that kept no options; it runs with this command's --clusters, --provider and --mc-passes`);
      }
      for (const j of pending) if (!interrupted) await runOne(j.id);
    } else {
      const model = modelIdentity(chosen!.modelDir, clusterDir);
      const waiting = queue.pending();
      if (waiting.length) console.error(`ecg-tlc: job${waiting.length > 1 ? 's' : ''} ${waiting.map((j) => j.id).join(', ')} ${waiting.length > 1 ? 'were' : 'was'} interrupted or queued earlier; their studies are skipped here (run them with --resume)`);
      let job: Job;
      try {
        job = queue.enqueue({ selection: { query }, model, force: o.force ?? false, actor: currentActor() });
      } catch (e) {
        if (e instanceof StudyQueryError) command.error(`error: ${e.message}`, { exitCode: 2 });
        throw e;
      }
      if (job.total === 0) reports.push({ job, failures: [], seconds: 0 });
      else await runOne(job.id);
    }
  } finally {
    process.off('SIGINT', onSigint);
    bar.stop();
    await queue.stop();
    archive.close();
  }
  if (o.json) console.log(JSON.stringify({ dbPath, jobs: reports }, null, 2));
  else {
    for (const r of reports) console.log(formatJobReport(r));
    console.log(`Archive: ${dbPath}. Advisory output of a research model, unconfirmed: not a diagnosis.`);
  }
  const ok = reports.every((r) => r.job.state === 'done');
  return ok && !interrupted ? 0 : 1;
}
