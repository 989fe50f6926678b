/**
 * An AnalysisBackend whose Analyzer lives in a worker thread (analyzer-worker.ts), so the thread that owns the
 * event loop (the Electron main process, the browser host) only decodes studies and stores results while
 * onnxruntime, the explanation and the delineator run elsewhere. bench/analysis-job.ts measures the event-loop
 * delay with and without it.
 * The worker starts through store/module-worker.ts (compiled entry, or the TypeScript one through tsx).
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../store/module-worker.js';
import type { EcgRecord } from '../ecg/record.js';
import type { AnalysisOutcome } from './analyzer.js';
import type { AnalysisBackend, BackendOptions } from './backend.js';
import type { ModelIdentity } from './model-identity.js';
import type { WorkerRequest } from './analyzer-worker.js';

type WorkerReply =
  | { type: 'ready'; identity: ModelIdentity; provider: string }
  | { type: 'result'; id: number; outcomes: AnalysisOutcome[] }
  | { type: 'error'; id?: number; message: string }
  | { type: 'closed' };

function spawnWorker(options: BackendOptions): Worker {
  return startModuleWorker(new URL('./analyzer-worker.js', import.meta.url), { workerData: options });
}

export async function openInThread(options: BackendOptions): Promise<AnalysisBackend> {
  const worker = spawnWorker(options);
  const waiting = new Map<number, { resolve(o: AnalysisOutcome[]): void; reject(e: Error): void }>();
  let broken: Error | undefined;
  let nextId = 0;
  let closed: (() => void) | undefined;

  const ready = new Promise<{ identity: ModelIdentity; provider: string }>((resolve, reject) => {
    const failAll = (e: Error) => {
      broken ??= e;
      reject(e);
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    };
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'closed') closed?.();
      else if (m.type === 'result' || m.id !== undefined) {
        const w = waiting.get(m.id!);
        waiting.delete(m.id!);
        if (m.type === 'result') w?.resolve(m.outcomes);
        else w?.reject(new Error(m.message));
      } else failAll(new Error(m.message));
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the analysis worker thread ended (exit code ${code})`)));
  });
  let started: { identity: ModelIdentity; provider: string };
  try {
    started = await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }

  return {
    identity: started.identity,
    provider: started.provider,
    where: 'thread',
    analyze(records: readonly EcgRecord[]) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      return new Promise<AnalysisOutcome[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ type: 'analyze', id, records: [...records] } satisfies WorkerRequest);
      });
    },
    kill() {
      void worker.terminate();
    },
    async close() {
      if (broken) {
        await worker.terminate();
        return;
      }
      const done = new Promise<void>((resolve) => (closed = resolve));
      worker.postMessage({ type: 'close' } satisfies WorkerRequest);
      // a worker stuck in a batch is not waited for longer than it takes to end it
      await Promise.race([done, new Promise((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
    },
  };
}
