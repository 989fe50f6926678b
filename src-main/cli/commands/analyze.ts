/**
 * `ecg-tlc analyze [--json] [--model ID|DIR] [--provider P] [--batch N] [--db FILE] FILE…`: the model's probability
 * per class for each ECG file, a class called when its probability reaches the package's threshold.
 * Files are read, prepared and run a batch at a time (memory stays bounded for long lists). With --db each file is
 * imported into the archive (or found there) and the analysis stored against its study.
 * `ecg-tlc analyze --db FILE [filters] [--clusters DIR] [--force] [--resume]` without files: batch analysis of the
 * archive's studies, explanation included, through the persistent job queue (analyze-db.ts); a job keeps its
 * options and is resumed with them (../job-options.ts).
 * Exit 0 when at least one file was analysed (failures listed), 1 when none could be, 2 on usage errors.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { FormatError } from '../../formats/errors.js';
import { readEcgFile } from '../../formats/registry.js';
import { ModelInputError, ModelPackageError } from '../../model/errors.js';
import { loadModelPackage, type Manifest } from '../../model/manifest.js';
import { prepareRecord, type PreparedInput } from '../../model/prepare.js';
import { DEFAULT_PROVIDER, PROVIDER_REQUESTS, type ProviderRequest } from '../../model/providers.js';
import { DEFAULT_BATCH, ModelSession } from '../../model/session.js';
import { openArchive, type Archive } from '../../store/archive.js';
import { importOne } from '../../store/importer.js';
import { databasePath } from '../data-dir.js';
import { resolveModelDir } from '../model-arg.js';
import { addFilterOptions, filterQuery, type FilterOptions } from '../filter-options.js';
import { RESUME_HELP } from '../job-options.js';
import { analyzeArchive } from './analyze-db.js';

interface AnalyzeOptions {
  json?: boolean;
  model?: string;
  provider?: ProviderRequest;
  batch?: number;
  threads?: number;
  db?: string;
}

export type FileAnalysis =
  | { file: string; ok: true; probabilities: Record<string, number>; called: string[]; studyId?: number; storeError?: string }
  | { file: string; ok: false; reason: string };

export interface AnalyzeReport {
  model: { id: string; version: string; sha256: string; dir: string };
  /** class ids in the model's order */
  classes: string[];
  provider: string;
  fallbacks: Array<{ provider: string; error: string }>;
  dbPath?: string;
  results: FileAnalysis[];
}

const ADVISORY = 'Advisory output of a research model, unconfirmed: not a diagnosis.';

function reasonOf(e: unknown): string {
  if (e instanceof FormatError || e instanceof ModelInputError) return e.reason;
  return e instanceof Error ? e.message : String(e);
}

function byClass(m: Manifest, p: Float32Array): { probabilities: Record<string, number>; called: string[] } {
  const probabilities: Record<string, number> = {};
  const called: string[] = [];
  m.classes.forEach((c, i) => {
    probabilities[c.id] = p[i]!;
    if (p[i]! >= m.thresholds[c.id]!) called.push(c.id);
  });
  return { probabilities, called };
}

function store(archive: Archive, m: Manifest, sha256: string, provider: string, r: FileAnalysis & { ok: true }): void {
  const outcome = importOne(archive.studies, r.file);
  if (outcome.kind === 'failed') {
    r.storeError = outcome.reason;
    return;
  }
  r.studyId = outcome.studyId;
  archive.analyses.add({
    studyId: outcome.studyId,
    modelId: m.id,
    modelVersion: m.version,
    modelSha256: sha256,
    probabilities: r.probabilities,
    settings: { provider, thresholds: m.thresholds, called: r.called },
  });
}

export async function analyzeFiles(files: readonly string[], opts: AnalyzeOptions = {}): Promise<AnalyzeReport> {
  const pkg = loadModelPackage(resolveModelDir(opts.model));
  const m = pkg.manifest;
  const sha256 = m.files[m.model.file]!.sha256;
  const session = await ModelSession.open(pkg, { provider: opts.provider ?? DEFAULT_PROVIDER, ...(opts.threads ? { threads: opts.threads } : {}) });
  const dbPath = opts.db ? databasePath(opts.db) : undefined;
  const archive = dbPath ? openArchive(dbPath, { createDir: true }) : undefined;
  const batch = opts.batch ?? DEFAULT_BATCH;
  const results: FileAnalysis[] = [];
  try {
    for (let start = 0; start < files.length; start += batch) {
      const pending: Array<{ file: string; input: PreparedInput }> = [];
      for (const file of files.slice(start, start + batch)) {
        try {
          pending.push({ file, input: prepareRecord(readEcgFile(file), m.input) });
        } catch (e) {
          results.push({ file, ok: false, reason: reasonOf(e) });
        }
      }
      const outputs = await session.run(pending.map((p) => p.input), batch);
      pending.forEach((p, i) => {
        const r: FileAnalysis & { ok: true } = { file: p.file, ok: true, ...byClass(m, outputs[i]!.probabilities) };
        if (archive) store(archive, m, sha256, session.provider, r);
        results.push(r);
      });
    }
  } finally {
    archive?.close();
    await session.close();
  }
  const order = new Map(files.map((f, i) => [f, i]));
  results.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  return {
    model: { id: m.id, version: m.version, sha256, dir: pkg.dir },
    classes: m.classes.map((c) => c.id),
    provider: session.provider,
    fallbacks: session.fallbacks,
    ...(dbPath ? { dbPath } : {}),
    results,
  };
}

export function formatReport(report: AnalyzeReport): string {
  const classes = report.classes;
  const lines = [`Model ${report.model.id} ${report.model.version} (sha256 ${report.model.sha256.slice(0, 12)}…), provider ${report.provider}`];
  for (const f of report.fallbacks) lines.push(`  (${f.provider} not used: ${f.error})`);
  const width = Math.min(60, Math.max(4, ...report.results.map((r) => r.file.length)));
  lines.push(['file'.padEnd(width), ...classes.map((c) => c.padStart(7)), '  called'].join(' '));
  for (const r of report.results) {
    const name = r.file.length > width ? `…${r.file.slice(-(width - 1))}` : r.file.padEnd(width);
    if (!r.ok) {
      lines.push(`${name} failed: ${r.reason}`);
      continue;
    }
    const cells = classes.map((c) => `${r.probabilities[c]!.toFixed(3)}${r.called.includes(c) ? '*' : ' '}`.padStart(7));
    const stored = r.studyId !== undefined ? `  (study ${r.studyId})` : r.storeError ? `  (not stored: ${r.storeError})` : '';
    lines.push(`${name} ${cells.join(' ')}  ${r.called.join(', ') || '—'}${stored}`);
  }
  lines.push(`* probability at or above the class threshold. ${ADVISORY}`);
  if (report.dbPath) lines.push(`Archive: ${report.dbPath}`);
  return lines.join('\n');
}

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}

type CommandOptions = AnalyzeOptions & FilterOptions & { force?: boolean; resume?: boolean; mcPasses?: number; clusters?: string; notAnalysed?: boolean; unconfirmed?: boolean };

/** Options that select or steer archive jobs: meaningless with files. */
const BATCH_ONLY = ['force', 'resume', 'mcPasses', 'clusters', 'search', 'sex', 'from', 'to', 'format', 'statement', 'analysed', 'notAnalysed', 'topClass', 'confirmed', 'unconfirmed'];

export function register(program: Command): void {
  const command = program
    .command('analyze')
    .description('run the model on ECG files, or (--db without files) analyse and explain the archive\'s studies as a resumable job; advisory only')
    .argument('[files...]', 'ECG files (leave out, with --db, to analyse the studies of the archive the filters select)')
    .option('--json', 'print the results as JSON')
    .option('--model <id|dir>', 'model package folder or id under models/ (default: files, the shipped tlc-resnet1d-small-v1; --db, the app\'s choice in Settings, else the shipped one)')
    .option('--provider <name>', `execution provider: ${PROVIDER_REQUESTS.join(', ')}`, (v: string) => {
      if (!(PROVIDER_REQUESTS as readonly string[]).includes(v)) throw new InvalidArgumentError(`choose one of ${PROVIDER_REQUESTS.join(', ')}`);
      return v as ProviderRequest;
    }, DEFAULT_PROVIDER)
    .option('--batch <n>', `ECGs per model call (default ${DEFAULT_BATCH})`, positiveInt('--batch'))
    .option('--threads <n>', 'onnxruntime intra-op threads', positiveInt('--threads'))
    .option('--db <file>', 'with files: also store each result in this archive (importing the file); alone: analyse the archive\'s studies')
    .option('--force', 'archive: analyse again studies whose latest analysis used this model and cluster model')
    .option('--resume', 'archive: run the jobs an interruption (crash, quit, Ctrl-C) left unfinished, each with the options it was queued with')
    .option('--mc-passes <n>', 'archive: Monte-Carlo dropout passes for label-entropy uncertainty', positiveInt('--mc-passes'))
    .option('--clusters <dir>', 'archive: clusters.json + surrogate.json from `ecg-tlc fit --out DIR` instead of the model package\'s own')
    .addHelpText('after', RESUME_HELP);
  addFilterOptions(command).action(async function (this: Command, files: string[], opts: CommandOptions) {
    if (!files.length) {
      if (!opts.db) this.error('error: give ECG files, or --db FILE to analyse the studies of an archive', { exitCode: 2 });
      if (opts.resume && opts.force) this.error('error: --resume runs existing jobs; --force applies to a new one', { exitCode: 2 });
      process.exitCode = await analyzeArchive(this, filterQuery(this, opts), { ...opts, db: opts.db! });
      return;
    }
    const misplaced = Object.keys(opts).filter((k) => (BATCH_ONLY.includes(k) || /^(min|max)[A-Z]/.test(k)) && opts[k as keyof CommandOptions] !== undefined);
    if (misplaced.length) this.error(`error: ${misplaced.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} apply to the archive batch mode (--db without files)`, { exitCode: 2 });
    let report: AnalyzeReport;
    try {
      report = await analyzeFiles(files, opts);
    } catch (e) {
      if (!(e instanceof ModelPackageError)) throw e;
      console.error(`ecg-tlc: model package: ${e.message}`);
      process.exitCode = 1;
      return;
    }
    console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
    process.exitCode = report.results.some((r) => r.ok) ? 0 : 1;
  });
}
