/**
 * `ecg-tlc fit --model ID --on PATH… | --db FILE [--k K | --k-sweep 4..16] [--out DIR] [--json]`: fits the
 * time-localized cluster model and the surrogate forest for a model on a reference set (files, folders or the
 * archive), reports the K sweep and the cluster ↔ wave alignment, and writes clusters.json and surrogate.json
 * next to the model (or into --out). Progress per stage goes to stderr (fit-progress.ts), the report to stdout.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { EcgRecord } from '../../ecg/record.js';
import { readEcgFile } from '../../formats/registry.js';
import { fitReference } from '../../analysis/fit-reference.js';
import { openArchive } from '../../store/archive.js';
import { expandPaths } from '../../store/expand-paths.js';
import { databasePath } from '../data-dir.js';
import { resolveModelDir } from '../model-arg.js';
import { fitProgress } from './fit-progress.js';

interface FitOptions {
  model?: string;
  on?: string[];
  db?: string;
  k?: number;
  kSweep?: [number, number];
  seed?: number;
  out?: string;
  json?: boolean;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2 || n > 64) throw new InvalidArgumentError('K must be a whole number from 2 to 64');
  return n;
}

function range(v: string): [number, number] {
  const m = /^(\d+)\.\.(\d+)$/.exec(v);
  if (!m) throw new InvalidArgumentError('give the sweep as FROM..TO, e.g. 4..16');
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (a < 2 || b < a || b > 64) throw new InvalidArgumentError('the sweep must satisfy 2 ≤ FROM ≤ TO ≤ 64');
  return [a, b];
}

function* recordsFromFiles(files: string[], failures: Array<{ file: string; reason: string }>, first: { pass: boolean }): Generator<EcgRecord> {
  for (const f of files) {
    try {
      yield readEcgFile(f);
    } catch (e) {
      if (first.pass) failures.push({ file: f, reason: (e as Error).message });
    }
  }
  first.pass = false;
}

export function register(program: Command): void {
  program
    .command('fit')
    .description('fit the time-localized cluster model and the surrogate forest for a model on reference ECGs')
    .option('--model <id|dir>', 'model package id or folder (default: the shipped model)')
    .option('--on <path...>', 'reference ECG files or folders (recursive)')
    .option('--db <file>', 'use every study in this archive as the reference set')
    .option('--k <K>', 'number of clusters (skips the sweep)', positiveInt)
    .option('--k-sweep <from..to>', 'choose K by silhouette and stability over this range (default 6..14)', range)
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10))
    .option('--out <dir>', 'write clusters.json and surrogate.json here instead of the model folder')
    .option('--json', 'print the report as JSON (progress still goes to stderr)')
    .action(async (opts: FitOptions) => {
      if (!opts.on?.length && !opts.db) throw new InvalidArgumentError('give the reference set with --on PATH… or --db FILE');
      if (opts.k && opts.kSweep) throw new InvalidArgumentError('--k and --k-sweep exclude each other');
      const modelDir = resolveModelDir(opts.model);
      const failures: Array<{ file: string; reason: string }> = [];
      let records: () => Iterable<EcgRecord>;
      let description: string;
      let count: number;
      let close = () => {};
      if (opts.db) {
        const path = databasePath(opts.db, process.env);
        const archive = openArchive(path);
        close = () => archive.close();
        const ids = archive.db.prepare('SELECT id FROM studies ORDER BY id').pluck().all() as number[];
        description = `${ids.length} studies of ${path}`;
        count = ids.length;
        records = function* () {
          for (const id of ids) {
            const stored = archive.studies.get(id);
            if (stored) yield stored.record;
          }
        };
      } else {
        const expanded = expandPaths(opts.on!);
        for (const p of expanded.problems) failures.push({ file: p.path, reason: p.reason });
        const first = { pass: true };
        records = () => recordsFromFiles(expanded.files, failures, first);
        description = `${expanded.files.length} files under ${opts.on!.join(', ')}`;
        count = expanded.files.length;
      }
      const started = Date.now();
      const progress = fitProgress({ stream: process.stderr });
      let result: Awaited<ReturnType<typeof fitReference>>;
      try {
        result = await fitReference({
          modelDir,
          records,
          count,
          description,
          ...(opts.k ? { k: opts.k } : {}),
          ...(opts.kSweep ? { kRange: opts.kSweep } : {}),
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          ...(opts.out ? { outDir: opts.out } : {}),
          onProgress: (stage, done, total) => progress.update(stage, done, total),
        });
      } finally {
        progress.stop();
        close();
      }
      const report = {
        model: modelDir,
        written: opts.out ?? modelDir,
        ecgs: result.report.ecgs,
        seconds: (Date.now() - started) / 1000,
        waveSources: result.waveSources,
        surrogateTrainingAgreement: result.report.surrogateTrainingAgreement,
        views: result.clusters.views.map((v, i) => ({
          view: v.view,
          k: v.k,
          temperature: v.temperature,
          sweep: v.sweep,
          purity: result.report.views[i]!.purity,
          clusters: v.clusters,
        })),
        skipped: [...failures, ...result.skipped.map((s) => ({ file: s.record, reason: s.reason }))],
      };
      if (opts.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      console.log(`Fitted on ${report.ecgs} ECGs in ${report.seconds.toFixed(1)} s → ${report.written}`);
      for (const v of report.views) {
        console.log(`\n${v.view}: K = ${v.k}${v.sweep.length ? ` (sweep ${v.sweep.map((s) => `${s.k}: sil ${s.silhouette.toFixed(3)} stab ${s.stability.toFixed(2)}`).join(', ')})` : ''}`);
        for (const c of v.clusters) {
          const a = c.alignment;
          console.log(`  ${String(c.id).padStart(2)} ${c.name.padEnd(22)} ${c.colour}  share ${(c.share * 100).toFixed(1).padStart(5)} %` +
            (a ? `  P ${(a.P * 100).toFixed(0)}% QRS ${(a.QRS * 100).toFixed(0)}% T ${(a.T * 100).toFixed(0)}% TP ${(a.TP * 100).toFixed(0)}%` : ''));
        }
        console.log(`  purity: ${v.purity.map((p) => `${p.wave} ${(p.purity * 100).toFixed(1)} % (cluster ${p.bestCluster})`).join(', ')}`);
      }
      console.log(`\nSurrogate agreement with the CNN on the reference set: ${(report.surrogateTrainingAgreement * 100).toFixed(1)} %`);
      if (report.skipped.length) {
        console.log(`\nSkipped ${report.skipped.length}:`);
        for (const s of report.skipped) console.log(`  ${s.file}: ${s.reason}`);
      }
    });
}
