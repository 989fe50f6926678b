/**
 * Worker threads that parse and encode files while the importer's thread stores the previous ones (SQLite
 * writes and WAL syncs happen on the importer's thread). bench/import.ts measures one worker against parsing
 * in the importer's thread; the importer starts workers only where cores are left over (importer.ts).
 *
 * The constructor throws when no worker can be started (TypeScript sources without tsx); the importer then
 * parses in its own thread.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './module-worker.js';
import type { ReadOptions } from '../formats/types.js';
import type { ParseResult } from './parse-job.js';
import type { ParseRequest } from './parse-worker.js';

interface Pending {
  resolve(r: ParseResult): void;
  reject(e: Error): void;
}

/** The worker: parse-worker.js when built, parse-worker.ts through tsx from the sources (module-worker.ts). */
const startWorker = (): Worker => startModuleWorker(new URL('./parse-worker.js', import.meta.url));

export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: ParseRequest[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(
    size: number,
    private readonly readOptions?: ReadOptions,
  ) {
    for (let i = 0; i < size; i++) {
      const w = startWorker();
      w.on('message', (m: { id: number; result: ParseResult }) => this.done(w, m.id, (p) => p.resolve(m.result)));
      // A worker that dies takes only its file with it; the importer redoes that file in its own thread.
      w.on('error', (e) => this.fail(w, e));
      w.on('exit', (code) => code !== 0 && this.fail(w, new Error(`parse worker exited with code ${code}`)));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Parses and encodes one file in a worker; rejects when the pool itself failed (not when the file did). */
  parse(path: string): Promise<ParseResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const p = new Promise<ParseResult>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.queue.push({ id, path, ...(this.readOptions ? { readOptions: this.readOptions } : {}) });
    this.pump();
    return p;
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const req = this.queue.shift()!;
      this.busy.set(w, req.id);
      w.postMessage(req);
    }
  }

  private done(w: Worker, id: number, settle: (p: Pending) => void): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    this.busy.delete(w);
    this.idle.push(w);
    if (p) settle(p);
    this.pump();
  }

  private fail(w: Worker, e: Error): void {
    this.failure ??= e;
    const id = this.busy.get(w);
    this.busy.delete(w);
    if (id !== undefined) this.pending.get(id)?.reject(e);
    if (id !== undefined) this.pending.delete(id);
    for (const req of this.queue.splice(0)) {
      this.pending.get(req.id)?.reject(e);
      this.pending.delete(req.id);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
