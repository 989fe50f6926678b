/**
 * `ecg-tlc import PATH… [--db FILE] [--json] [--verbose]`: import ECG files and folders into the archive.
 * A progress bar with counts and rate goes to stderr (when it is a terminal); the summary goes to stdout.
 * Exit 0 when the batch ran (failures listed), 1 when nothing could be imported or the archive failed, 2 on
 * usage errors. Ctrl+C stops after the file in hand; everything stored so far stays stored.
 */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { openArchive } from '../../store/archive.js';
import { ImportStoppedError, importPaths, type ImportProgress, type ImportSummary } from '../../store/importer.js';
import { databasePath } from '../data-dir.js';
import { fsOption, readOptions } from '../fs-option.js';

interface ImportOptions {
  db?: string;
  json?: boolean;
  verbose?: boolean;
  fs?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatImportSummary(s: ImportSummary, dbPath: string, verbose = false): string {
  const lines = [
    `${s.cancelled ? 'Cancelled: ' : ''}imported ${s.imported}, duplicates ${s.duplicates.length}, failed ${s.failures.length}` +
      ` (of ${plural(s.total, 'file')}${s.skipped ? `; ${s.skipped} companion or hidden skipped` : ''})` +
      ` in ${(s.elapsedMs / 1000).toFixed(1)} s, ${s.rate.toFixed(1)} files/s`,
    `Archive: ${dbPath}`,
  ];
  if (s.failures.length) {
    lines.push('Failed:');
    for (const f of s.failures) lines.push(`  ${f.path}: ${f.reason}`);
  }
  if (verbose && s.duplicates.length) {
    lines.push('Duplicates:');
    for (const d of s.duplicates) lines.push(`  ${d.path}: same ${d.match === 'file' ? 'file' : 'signal'} as study ${d.studyId}`);
  }
  return lines.join('\n');
}

/** Exit status for a batch that ran: 1 when files were found but none ended up in the archive, or none were found. */
export function importExitCode(s: ImportSummary): number {
  if (s.total === 0) return 1;
  return s.imported + s.duplicates.length === 0 && s.failures.length > 0 ? 1 : 0;
}

function progressBar(): { update(p: ImportProgress): void; stop(): void } {
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{bar} {value}/{total} files | {imported} imported, {duplicates} duplicates, {failed} failed | {rate} files/s',
    hideCursor: true,
    barsize: 30,
    etaBuffer: 50,
  });
  let started = false;
  return {
    update(p) {
      const payload = { imported: p.imported, duplicates: p.duplicates, failed: p.failed, rate: p.rate.toFixed(1) };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else bar.update(p.done, payload);
    },
    stop: () => started && bar.stop(),
  };
}

export async function runImport(paths: string[], opts: ImportOptions): Promise<number> {
  const dbPath = databasePath(opts.db);
  const archive = openArchive(dbPath, { createDir: true });
  const bar = opts.json ? undefined : progressBar();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await importPaths(archive.studies, paths, {
      signal: controller.signal,
      onProgress: (p) => bar?.update(p),
      readOptions: readOptions(opts.fs),
    });
    bar?.stop();
    if (opts.json) console.log(JSON.stringify({ dbPath, ...summary }, null, 2));
    else console.log(formatImportSummary(summary, dbPath, opts.verbose));
    if (summary.total === 0 && !opts.json) console.error('No ECG files found in the paths given.');
    return importExitCode(summary);
  } catch (e) {
    bar?.stop();
    if (!(e instanceof ImportStoppedError)) throw e;
    console.error(`ecg-tlc: ${e.message}`);
    console.error(formatImportSummary(e.summary, dbPath, opts.verbose));
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
    archive.close();
  }
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import ECG files and folders (recursively) into the archive, skipping files already there')
    .argument('<paths...>', 'files or folders')
    .option('--db <file>', 'archive database (default: $ECG_TLC_DB, else archive.db in the user data folder)')
    .option('--json', 'print the summary as JSON instead of text, without a progress bar')
    .option('--verbose', 'also list each duplicate and the study that already holds it')
    .addOption(fsOption())
    .action(async (paths: string[], opts: ImportOptions) => {
      process.exitCode = await runImport(paths, opts);
    });
}
