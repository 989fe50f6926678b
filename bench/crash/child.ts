/**
 * The process the crash loop kills: imports folders into an archive, or enqueues (first run) / resumes (later
 * runs) the archive's analysis job and runs it. Prints one progress line per stored study, "finished" at the end.
 *
 * | usage                                        | prints                   |
 * |----------------------------------------------|--------------------------|
 * | child.ts import ARCHIVE FOLDER...            | `ready`, `stored N`      |
 * | child.ts analyze ARCHIVE MODEL_DIR           | `job ID`, `ready`, `stored N` |
 */
import { openInProcess } from '../../src-main/analysis/backend.js';
import { AnalysisJobs } from '../../src-main/analysis/job-queue.js';
import { modelIdentity } from '../../src-main/analysis/model-identity.js';
import { openArchive } from '../../src-main/store/archive.js';
import { importPaths } from '../../src-main/store/importer.js';

const [mode, dbPath, ...rest] = process.argv.slice(2);
if (!dbPath || (mode !== 'import' && mode !== 'analyze') || rest.length === 0) {
  throw new Error('usage: child.ts import ARCHIVE FOLDER... | child.ts analyze ARCHIVE MODEL_DIR');
}
const say = (line: string) => process.stdout.write(`${line}\n`);
const archive = openArchive(dbPath);

if (mode === 'import') {
  say('ready');
  let last = -1;
  const r = await importPaths(archive.studies, rest, {
    actor: 'crash-loop',
    onProgress: (p) => {
      if (p.imported !== last) say(`stored ${(last = p.imported)}`);
    },
  });
  say(`summary ${JSON.stringify({ total: r.total, imported: r.imported, duplicates: r.duplicates.length, failures: r.failures.length })}`);
} else {
  const queue = new AnalysisJobs(archive, {
    // "ready" once the model is loaded: the parent times its kill from there
    openBackend: async (options) => {
      const backend = await openInProcess(options);
      say('ready');
      return backend;
    },
    backend: { threads: 1 },
    batchSize: 8,
    progressEveryMs: 0,
    onProgress: (p) => say(`stored ${p.done}`),
  });
  // a job left 'running' by a killed child is resumed by start(); the first run queues it
  const existing = archive.jobs.inStates(['queued', 'running', 'paused', 'done'])[0];
  const id = existing?.id ?? queue.enqueue({ selection: { query: {} }, model: modelIdentity(rest[0]!), actor: 'crash-loop' }).id;
  say(`job ${id}`);
  queue.start();
  await queue.idle();
  say(`state ${archive.jobs.get(id)!.state}`);
}
archive.close();
say('finished');
