/**
 * Starts a worker thread on an entry module that lies beside the caller: the compiled `.js` when it exists
 * (dist/, the app), else the TypeScript source through tsx's loader (tests, `tsx`). On Node 20 `--import tsx` in
 * a worker's execArgv does not reach the worker's entry module; registering the loader from a bootstrap before
 * importing the entry does, in a worker started from another worker too (the analysis job's Analyzer starts
 * its delineation workers that way).
 *
 * Throws when neither can start (TypeScript sources without tsx installed).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `entry` is the compiled module's URL (`new URL('./x-worker.js', import.meta.url)`). */
export function startModuleWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (existsSync(fileURLToPath(entry))) return new Worker(entry, options);
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const source = new URL(entry.href.replace(/\.js$/, '.ts')).href;
  const boot = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
