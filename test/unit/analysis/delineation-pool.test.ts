/**
 * The delineation pool gives exactly what delineating in the caller's thread gives, on real LUDB and CinC records,
 * whichever thread takes a record; a worker that ends on a record fails that record alone; a pool whose workers
 * cannot start says so, or, mid-batch, leaves the rest to the caller's thread. Workers that stop on purpose are
 * small eval'd scripts that follow the worker protocol (delineation-worker.ts) and then exit.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delineateOutcome, type DelineationOutcome } from '../../../src-main/analysis/delineation-job.js';
import { DelineationPool, startDelineationWorker, type StartWorker } from '../../../src-main/analysis/delineation-pool.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared, sharedPath } from '../../helpers/shared.js';

/** claims the batch's first record, then ends with exit code 7, as a worker that crashes on a record would */
const CRASHES_ON_FIRST = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', (b) => { Atomics.compareExchange(b.claims, 0, 0, workerData); process.exit(7); });
parentPort.postMessage({ type: 'ready' });`;
const CANNOT_LOAD = `throw new Error('the delineator cannot load here');`;
const evalWorker = (code: string, claimant: number) => new Worker(code, { eval: true, workerData: claimant });

/** Starts the given kinds of worker in turn, then real ones; keeps every worker it started. */
function starter(...first: string[]): StartWorker & { started: Worker[] } {
  const started: Worker[] = [];
  const start = (claimant: number) => {
    const code = first.shift();
    const w = code ? evalWorker(code, claimant) : startDelineationWorker(claimant);
    started.push(w);
    return w;
  };
  return Object.assign(start, { started });
}

const here = (records: EcgRecord[]) => records.map((r) => delineateOutcome(r));

describe.skipIf(!hasShared('data', 'ludb') || !hasShared('fixtures', 'cinc'))('delineation pool', () => {
  let records: EcgRecord[];
  let expected: DelineationOutcome[];
  beforeAll(() => {
    const ludb = [1, 2, 3, 4, 5, 6].map((n) => sharedPath('data', 'ludb', 'data', `${n}.hea`));
    const cinc = ['HR00001', 'E07500', 'JS20001', 'HR06001'].map((n) => fixture('cinc', `${n}.hea`));
    records = [...ludb, ...cinc].map((f) => readEcgFile(f));
    expected = here(records);
  });

  describe('with real workers', () => {
    let pool: DelineationPool;
    beforeAll(async () => {
      pool = await DelineationPool.open(2);
    });
    afterAll(() => pool.close());

    it('gives the outcomes of delineating here, from the workers alone and with this thread helping', async () => {
      expect(pool.workers).toBe(2);
      expect(expected.every((o) => o.ok && o.beats.length > 5)).toBe(true);
      expect(await pool.begin(records).done).toEqual(expected);
      expect(await pool.begin(records).finish()).toEqual(expected);
      // a shorter batch in the memory the first one left
      expect(await pool.begin(records.slice(3, 5)).finish()).toEqual(expected.slice(3, 5));
    });

    it('leaves the caller’s records as they were', async () => {
      const copy = records.map((r) => r.samples.map((x) => x.slice()));
      await pool.begin(records).done;
      records.forEach((r, i) => r.samples.forEach((x, l) => expect(x).toEqual(copy[i]![l])));
    });

    it('a cancelled batch ends with the records no worker had begun failed', async () => {
      const b = pool.begin(records);
      b.cancel();
      const outcomes = await b.done;
      outcomes.forEach((o, i) => expect(o.ok ? o : o.error).toEqual(o.ok ? expected[i] : 'the analysis of the batch failed'));
    });
  });

  it('a worker that ends on a record fails that record; a new worker delineates the rest', async () => {
    const start = starter(CRASHES_ON_FIRST);
    const pool = await DelineationPool.open(1, start);
    try {
      const b = pool.begin(records.slice(0, 4));
      await once(start.started[0]!, 'exit');
      const outcomes = await b.done;
      expect(outcomes[0]).toEqual({ ok: false, error: 'the delineation worker stopped on this record (exit code 7)' });
      expect(outcomes.slice(1)).toEqual(expected.slice(1, 4));
      expect(start.started).toHaveLength(2);
      expect(pool.workers).toBe(1);
      expect(await pool.begin(records).finish()).toEqual(expected);
    } finally {
      await pool.close();
    }
  });

  it('when no new worker can start, the rest of the batch and the next batches are delineated here', async () => {
    const start = starter(CRASHES_ON_FIRST, CANNOT_LOAD);
    const pool = await DelineationPool.open(1, start);
    try {
      const b = pool.begin(records.slice(0, 4));
      const outcomes = await b.done;
      expect(outcomes[0]!.ok).toBe(false);
      expect(outcomes.slice(1)).toEqual(expected.slice(1, 4));
      expect(pool.workers).toBe(0);
      expect(await pool.begin(records).finish()).toEqual(expected);
      expect(start.started).toHaveLength(2);
    } finally {
      await pool.close();
    }
  });

  it('open says why when no worker can start', async () => {
    await expect(DelineationPool.open(2, starter(CANNOT_LOAD, CANNOT_LOAD))).rejects.toThrow(/no delineation worker could start: .*the delineator cannot load here/);
    await expect(DelineationPool.open(0)).rejects.toThrow(/at least one worker/);
  });

  it('close fails the records of a batch in progress and ends every worker', async () => {
    const start = starter();
    const pool = await DelineationPool.open(2, start);
    const b = pool.begin(records);
    await pool.close();
    const outcomes = await b.done;
    outcomes.forEach((o, i) => expect(o.ok ? o : o.error).toEqual(o.ok ? expected[i] : 'the delineation pool was closed'));
    expect(pool.workers).toBe(0);
    expect(start.started.every((w) => w.threadId === -1)).toBe(true);
  });

  it('a worker started by a worker thread (the analysis job’s Analyzer) starts its own pool', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
    const poolModule = new URL('../../../src-main/analysis/delineation-pool.ts', import.meta.url).href;
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(poolModule)}); })
        .then(async ({ DelineationPool }) => {
          const pool = await DelineationPool.open(1);
          const batch = pool.begin(workerData);
          const outcomes = await batch.done;
          parentPort.postMessage({ workers: pool.workers, outcomes });
          await pool.close();
        });`;
    const outer = new Worker(code, { eval: true, workerData: records.slice(0, 3) });
    const [reply] = (await once(outer, 'message')) as [{ workers: number; outcomes: DelineationOutcome[] }];
    await once(outer, 'exit');
    expect(reply).toEqual({ workers: 1, outcomes: expected.slice(0, 3) });
  });

  it('a record the delineator throws on is that record’s failure', () => {
    const broken = { ...records[0]!, samples: [null as unknown as Float32Array] };
    expect(delineateOutcome(broken)).toMatchObject({ ok: false, error: expect.stringMatching(/null/) });
  });
});
