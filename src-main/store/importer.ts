/**
 * Import: paths → files → (read, hash, de-duplicate, parse, encode, store) per file. Each file is stored in its
 * own transaction, so a crash loses at most the file in flight and a re-run picks up where it stopped (files
 * already stored are recognised by hash). A file that cannot be read is listed with its reason and the batch
 * goes on; an archive that cannot be written (disk full, I/O error) stops the batch with ImportStoppedError.
 *
 * De-duplication, cheapest test first:
 * | match  | key                                   | catches                                              |
 * |--------|---------------------------------------|------------------------------------------------------|
 * | file   | sha256 of the primary file's bytes    | the same file imported again, from any path         |
 * | signal | sha256 of the encoded leads + layout  | the same recording under another name (a renamed copy with an edited header) |
 *
 * With cores to spare, parsing and encoding run in worker threads (parse-pool.ts) a few files ahead of the
 * store; results are stored in input order on this thread, never with an await inside a transaction.
 */
import { availableParallelism } from 'node:os';
import { nodeFileSource, sha256Hex } from '../formats/file-source.js';
import { FormatError } from '../formats/errors.js';
import type { FileSource, ReadOptions } from '../formats/types.js';
import { currentActor } from './audit-log.js';
import { expandPaths } from './expand-paths.js';
import { parseAndEncode, type ParseResult, type Parser } from './parse-job.js';
import { ParsePool } from './parse-pool.js';
import type { StudyRepository } from './study-repository.js';

export interface ImportProgress {
  /** files handled so far (imported + duplicates + failed) */
  done: number;
  total: number;
  imported: number;
  duplicates: number;
  failed: number;
  /** files per second since the batch started */
  rate: number;
  /** the file just handled */
  path?: string;
}

export interface ImportFailure {
  path: string;
  reason: string;
}

export interface ImportDuplicate {
  path: string;
  /** the study already holding this content */
  studyId: number;
  match: 'file' | 'signal';
}

export interface ImportSummary {
  /** record files found (after expanding folders) */
  total: number;
  imported: number;
  studyIds: number[];
  duplicates: ImportDuplicate[];
  failures: ImportFailure[];
  /** companion and hidden files left out of folder walks */
  skipped: number;
  cancelled: boolean;
  elapsedMs: number;
  /** files per second */
  rate: number;
  /** parse worker threads used (0: parsed in the importer's thread) */
  parseWorkers: number;
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  readOptions?: ReadOptions;
  /** who imports (audit log); the operating-system user by default */
  actor?: string;
  /** the parser; the format registry by default (tests inject one; an injected parser runs in this thread) */
  parse?: Parser;
  /** parse worker threads: 0 parses in this thread; by default, with more than 2 cores, one per spare core (up to 4) for batches of 32+ files */
  workers?: number;
  /**
   * Longest time between durable commits (ms, default 1000): a power cut loses at most this much of a batch,
   * which re-running the import restores. Every file is its own transaction whatever this is; a crash of the
   * program loses at most the file in flight.
   */
  syncEveryMs?: number;
}

/** The archive could not be written; `summary` tells what the batch had done up to `path`. */
export class ImportStoppedError extends Error {
  override readonly name = 'ImportStoppedError';
  constructor(
    readonly path: string,
    override readonly cause: unknown,
    readonly summary: ImportSummary,
  ) {
    super(`import stopped at ${path}: the archive could not be written (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

export type ImportOutcome =
  | { kind: 'imported'; studyId: number }
  | { kind: 'duplicate'; studyId: number; match: 'file' | 'signal' }
  | { kind: 'failed'; reason: string };

/** Smallest batch for which starting workers (0.2 s each, more from TypeScript sources) pays off. */
const MIN_FILES_FOR_WORKERS = 32;

/**
 * On 2 cores a parse worker did not pay in bench/import.ts (0.43–0.48× parse-only with one worker, 0.47–0.54×
 * without, runs interleaved on a shared machine), so workers start only where a core is left over for them.
 */
function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores > 2 ? Math.min(4, cores - 1) : 0;
}

/** Reads and hashes the file and looks the hash up: an outcome when that settles the file, else the bytes read. */
function checkFile(studies: StudyRepository, path: string): { settled: ImportOutcome } | { src: FileSource } {
  let src: FileSource;
  try {
    src = nodeFileSource(path);
  } catch (e) {
    return { settled: { kind: 'failed', reason: e instanceof FormatError ? e.reason : e instanceof Error ? e.message : String(e) } };
  }
  const id = studies.idBySourceHash(sha256Hex(src.bytes));
  return id === undefined ? { src } : { settled: { kind: 'duplicate', studyId: id, match: 'file' } };
}

function store(studies: StudyRepository, result: ParseResult, actor: string, durable: boolean): ImportOutcome {
  if (!result.ok) return { kind: 'failed', reason: result.reason };
  const { record, encoded } = result;
  // Checked again here: the same bytes may have been stored since the look-up (a copy earlier in the look-ahead).
  const sameFile = studies.idBySourceHash(record.source.sha256);
  if (sameFile !== undefined) return { kind: 'duplicate', studyId: sameFile, match: 'file' };
  const sameSignal = studies.idBySignalHash(encoded.signals.sha256);
  if (sameSignal !== undefined) return { kind: 'duplicate', studyId: sameSignal, match: 'signal' };
  try {
    return { kind: 'imported', studyId: studies.insert(record, encoded, { actor, durable }) };
  } catch (e) {
    // Stored by another process between the look-up and the insert: a duplicate, not a failure.
    const id = (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? studies.idBySourceHash(record.source.sha256) : undefined;
    if (id === undefined) throw e;
    return { kind: 'duplicate', studyId: id, match: 'file' };
  }
}

/** Imports one file in this thread (for callers that handle files one by one); throws only when the archive fails. */
export function importOne(studies: StudyRepository, path: string, options: Pick<ImportOptions, 'readOptions' | 'actor' | 'parse'> = {}): ImportOutcome {
  const checked = checkFile(studies, path);
  if ('settled' in checked) return checked.settled;
  return store(studies, parseAndEncode(path, options.readOptions, options.parse, checked.src), options.actor ?? currentActor(), true);
}

interface InFlight {
  path: string;
  settled?: ImportOutcome;
  /** parsing in a worker */
  parsing?: Promise<ParseResult>;
  /** the bytes read while hashing, to parse in this thread */
  src?: FileSource;
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

export async function importPaths(studies: StudyRepository, paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const { files, problems, skipped } = expandPaths(paths);
  const summary: ImportSummary = {
    total: files.length + problems.length,
    imported: 0,
    studyIds: [],
    duplicates: [],
    failures: [...problems],
    skipped,
    cancelled: false,
    elapsedMs: 0,
    rate: 0,
    parseWorkers: 0,
  };
  const done = () => summary.imported + summary.duplicates.length + summary.failures.length;
  const finish = () => {
    summary.elapsedMs = performance.now() - started;
    summary.rate = summary.elapsedMs > 0 ? (done() * 1000) / summary.elapsedMs : 0;
    return summary;
  };
  const report = (path?: string) => {
    if (!options.onProgress) return;
    const s = finish();
    options.onProgress({
      done: done(),
      total: s.total,
      imported: s.imported,
      duplicates: s.duplicates.length,
      failed: s.failures.length,
      rate: s.rate,
      ...(path !== undefined ? { path } : {}),
    });
  };
  const record = (path: string, o: ImportOutcome) => {
    if (o.kind === 'imported') {
      summary.imported++;
      summary.studyIds.push(o.studyId);
    } else if (o.kind === 'duplicate') summary.duplicates.push({ path, studyId: o.studyId, match: o.match });
    else summary.failures.push({ path, reason: o.reason });
    report(path);
  };
  /** Runs archive work; its failure stops the batch. */
  const archive = <T>(path: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw new ImportStoppedError(path, e, finish());
    }
  };

  const actor = options.actor ?? currentActor();
  const workers = options.parse ? 0 : (options.workers ?? (files.length >= MIN_FILES_FOR_WORKERS ? defaultWorkers() : 0));
  let pool: ParsePool | undefined;
  try {
    pool = workers > 0 ? new ParsePool(workers, options.readOptions) : undefined;
  } catch {
    pool = undefined; // no worker could start: parse here
  }
  summary.parseWorkers = pool ? workers : 0;
  const ahead = 2 * summary.parseWorkers;
  const inFlight: InFlight[] = [];
  const syncEveryMs = options.syncEveryMs ?? 1000;
  let lastSync = performance.now();
  const settle = async (item: InFlight) => {
    if (item.settled) return record(item.path, item.settled);
    let result: ParseResult;
    try {
      result = item.parsing ? await item.parsing : parseAndEncode(item.path, options.readOptions, options.parse, item.src);
    } catch {
      // the pool broke (a worker died): this file, and the rest, are parsed here
      result = parseAndEncode(item.path, options.readOptions, options.parse);
    }
    const durable = performance.now() - lastSync >= syncEveryMs;
    const outcome = archive(item.path, () => store(studies, result, actor, durable));
    if (durable && outcome.kind === 'imported') lastSync = performance.now();
    record(item.path, outcome);
  };

  report();
  try {
    for (const path of files) {
      if (options.signal?.aborted) {
        summary.cancelled = true;
        break;
      }
      const item: InFlight = { path };
      const checked = archive(path, () => checkFile(studies, path));
      if ('settled' in checked) item.settled = checked.settled;
      else if (!pool) item.src = checked.src;
      else {
        item.parsing = pool.parse(path);
        item.parsing.catch(() => undefined); // handled in settle; a cancelled batch never awaits it
      }
      inFlight.push(item);
      while (inFlight.length > ahead) await settle(inFlight.shift()!);
      // Between files (never inside a transaction): let cancellation, progress output and other callers in.
      if (!pool) await nextTurn();
    }
    // Files already parsed ahead are stored unless the batch was cancelled: cancelling stops after the file in hand.
    while (!summary.cancelled && inFlight.length) {
      if (options.signal?.aborted) summary.cancelled = true;
      else await settle(inFlight.shift()!);
    }
  } finally {
    await pool?.close();
  }
  if (summary.imported) archive('(end of batch)', () => studies.refreshStatistics());
  // The batch's audit entry is written durably, which makes every study stored before it durable too.
  archive('(end of batch)', () => studies.logImportBatch(actor, {
    paths: paths.slice(0, 100),
    total: summary.total,
    imported: summary.imported,
    duplicates: summary.duplicates.length,
    failures: summary.failures.slice(0, 100),
    cancelled: summary.cancelled,
  }));
  return finish();
}
