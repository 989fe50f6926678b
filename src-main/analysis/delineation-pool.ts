/**
 * Worker threads that delineate a batch's records while the Analyzer's thread runs onnxruntime and the
 * explanation of the same batch: onnxruntime-node's `session.run` is a synchronous native call on the calling
 * thread, so nothing else overlaps it there. `begin` hands the whole batch to every worker at once (shared memory,
 * delineation-job.ts), since the Analyzer's thread cannot pass out work while onnxruntime holds it; the workers
 * take records from the first on, and `finish` delineates in the Analyzer's thread, from the last on, every record
 * no worker has begun, then waits for those in progress. Every record is delineated once, by the same code on the
 * same float32 samples wherever it runs (delineation-pool.test.ts compares with delineating here).
 *
 * Failures stay with their record:
 * | what                                            | outcome                                                   |
 * |-------------------------------------------------|-----------------------------------------------------------|
 * | the delineator throws on a record               | that record's `{ok: false, error}`                        |
 * | a worker ends while on a record (crash, memory) | that record fails; a new worker takes up the rest         |
 * | no worker starts (`open`)                       | `open` rejects; the caller delineates in its own thread   |
 * | the last worker ends and no new one starts      | the rest is delineated in the caller's thread             |
 * | `close` with a batch in progress                | its records not yet done fail                             |
 *
 * Workers without a batch are unreferenced, so an Analyzer left open never keeps a process alive; `close` ends them.
 */
import type { Worker } from 'node:worker_threads';
import type { EcgRecord } from '../ecg/record.js';
import {
  batchLength, claim, CLAIMED_HERE, delineateOutcome, packBatch, unpackRecord,
  type DelineationOutcome, type DelineationReply, type PackedBatch,
} from './delineation-job.js';
import { startModuleWorker } from '../store/module-worker.js';

/** a batch's shared memory is kept for the next one up to this size (a batch of 32 ten-second 12-lead ECGs: 8.6 MB) */
const KEEP_BYTES = 64 << 20;

const CANCELLED: DelineationOutcome = { ok: false, error: 'the analysis of the batch failed' };

type WorkerMessage = { type: 'ready' } | ({ type: 'done' } & DelineationReply);

/** A worker and its claimant number. */
interface Slot {
  worker: Worker;
  id: number;
  ready: boolean;
  /** why it ended, from its 'error' event */
  error?: string;
}

interface OpenBatch {
  packed: PackedBatch;
  outcomes: Array<DelineationOutcome | undefined>;
  left: number;
  resolve(outcomes: DelineationOutcome[]): void;
}

export interface DelineationBatch {
  /** every record's outcome, in the records' order, once the workers (or, without workers, this thread) are through */
  readonly done: Promise<DelineationOutcome[]>;
  /** Delineates here what no worker has begun, then waits for the rest: `done`. */
  finish(): Promise<DelineationOutcome[]>;
  /** Leaves what no worker has begun undone (the caller failed); the records in progress end in their worker. */
  cancel(): void;
}

/** Starts worker number `claimant` (tests hand in their own starter to stop one on purpose). */
export type StartWorker = (claimant: number) => Worker;

export const startDelineationWorker: StartWorker = (claimant) =>
  startModuleWorker(new URL('./delineation-worker.js', import.meta.url), { workerData: claimant });

export class DelineationPool {
  private readonly slots = new Set<Slot>();
  private readonly open = new Map<number, OpenBatch>();
  private nextBatch = 0;
  private nextClaimant = 1;
  private closed = false;
  /** false once a worker ended before it was ready: workers cannot start here */
  private restart = true;
  /** the shared memory of the last finished batch, reused by the next (no page faults on a fresh allocation) */
  private spare: SharedArrayBuffer | undefined;
  private onSlotChange: (() => void) | undefined;

  private constructor(private readonly start: StartWorker) {}

  /** Starts `size` workers and waits until each is ready or has ended; rejects when none is ready. */
  static async open(size: number, start: StartWorker = startDelineationWorker): Promise<DelineationPool> {
    if (!(size >= 1)) throw new Error(`a delineation pool needs at least one worker (asked for ${size})`);
    const pool = new DelineationPool(start);
    const starting: Slot[] = [];
    try {
      for (let i = 0; i < size; i++) starting.push(pool.spawn());
    } catch (e) {
      await pool.close();
      throw e;
    }
    await new Promise<void>((resolve) => {
      pool.onSlotChange = () => starting.every((s) => s.ready || !pool.slots.has(s)) && resolve();
      pool.onSlotChange();
    });
    pool.onSlotChange = undefined;
    if (!starting.some((s) => s.ready)) {
      const why = starting.find((s) => s.error)?.error ?? 'it ended before it was ready';
      await pool.close();
      throw new Error(`no delineation worker could start: ${why}`);
    }
    return pool;
  }

  /** workers running */
  get workers(): number {
    return this.slots.size;
  }

  /** Hands the records to the workers; they start at once, while the caller goes on. */
  begin(records: readonly EcgRecord[]): DelineationBatch {
    if (!records.length || !this.slots.size || this.closed) {
      let outcomes: Promise<DelineationOutcome[]> | undefined;
      const here = () => (outcomes ??= Promise.resolve(records.map((r) => delineateOutcome(r))));
      return {
        get done() {
          return here();
        },
        finish: here,
        cancel: () => void (outcomes ??= Promise.resolve(records.map(() => CANCELLED))),
      };
    }
    const need = 4 * batchLength(records);
    const memory = this.spare && this.spare.byteLength >= need ? this.spare : new SharedArrayBuffer(need);
    if (memory === this.spare) this.spare = undefined;
    let resolve!: (outcomes: DelineationOutcome[]) => void;
    const done = new Promise<DelineationOutcome[]>((r) => (resolve = r));
    const b: OpenBatch = { packed: packBatch(this.nextBatch++, records, memory), outcomes: new Array(records.length), left: records.length, resolve };
    this.open.set(b.packed.batch, b);
    for (const s of this.slots) this.post(s, b);
    return {
      done,
      finish: () => {
        // from the last record on, towards the workers coming from the first
        for (let i = records.length - 1; i >= 0; i--) {
          if (claim(b.packed.claims, i, CLAIMED_HERE)) this.settle(b, i, delineateOutcome(records[i]!));
        }
        return done;
      },
      cancel: () => this.settleUnclaimed(b, () => CANCELLED),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
  }

  private post(s: Slot, b: OpenBatch): void {
    s.worker.ref();
    s.worker.postMessage(b.packed);
  }

  private spawn(): Slot {
    const id = this.nextClaimant++;
    const slot: Slot = { worker: this.start(id), id, ready: false };
    const w = slot.worker;
    this.slots.add(slot);
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        slot.ready = true;
        if (!this.open.size) w.unref();
        this.onSlotChange?.();
        return;
      }
      const b = this.open.get(m.batch);
      if (b) this.settle(b, m.index, m.outcome);
    });
    w.on('error', (e) => (slot.error = e.message));
    w.on('exit', (code) => this.ended(slot, code));
    // a replacement takes up the batches in progress
    for (const b of this.open.values()) this.post(slot, b);
    return slot;
  }

  private ended(slot: Slot, code: number): void {
    this.slots.delete(slot);
    if (!slot.ready) this.restart = false;
    const why = this.closed ? 'the delineation pool was closed' : `the delineation worker stopped on this record (${slot.error ?? `exit code ${code}`})`;
    for (const b of this.open.values()) {
      for (let i = 0; i < b.outcomes.length; i++) {
        if (Atomics.load(b.packed.claims, i) === slot.id) this.settle(b, i, { ok: false, error: why });
      }
    }
    if (slot.ready && this.restart && !this.closed) {
      try {
        this.spawn();
      } catch {
        this.restart = false;
      }
    }
    if (!this.slots.size) {
      // nobody left to take the rest: this thread does (or, closing, fails it)
      for (const b of [...this.open.values()]) this.settleUnclaimed(b, (i) => (this.closed ? { ok: false, error: why } : delineateOutcome(unpackRecord(b.packed, i))));
    }
    this.onSlotChange?.();
  }

  /** Claims here every record of `b` nobody has begun and settles it with `outcome(index)`. */
  private settleUnclaimed(b: OpenBatch, outcome: (index: number) => DelineationOutcome): void {
    for (let i = 0; i < b.outcomes.length; i++) if (claim(b.packed.claims, i, CLAIMED_HERE)) this.settle(b, i, outcome(i));
  }

  private settle(b: OpenBatch, index: number, outcome: DelineationOutcome): void {
    if (b.outcomes[index] !== undefined) return;
    b.outcomes[index] = outcome;
    if (--b.left > 0) return;
    this.open.delete(b.packed.batch);
    const memory = b.packed.samples.buffer;
    if (memory.byteLength <= KEEP_BYTES && (!this.spare || memory.byteLength > this.spare.byteLength)) this.spare = memory;
    if (!this.open.size) for (const s of this.slots) if (s.ready) s.worker.unref();
    b.resolve(b.outcomes as DelineationOutcome[]);
  }
}
