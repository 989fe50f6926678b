/**
 * Worker thread entry of the delineation pool (workerData: its claimant number, 1, 2, …): says it is ready once
 * its modules are loaded, then works through each batch it is sent from the first record on, delineating every
 * record it can claim and answering each at once (a record finished is never lost to a later crash).
 *
 * | message in   | answer                                                   |
 * |--------------|----------------------------------------------------------|
 * | (start)      | `{type: 'ready'}`                                        |
 * | PackedBatch  | `{type: 'done', batch, index, outcome}` per record claimed |
 */
import { parentPort, workerData } from 'node:worker_threads';
import { claim, delineateOutcome, unpackRecord, type DelineationReply, type PackedBatch } from './delineation-job.js';

const port = parentPort;
if (!port) throw new Error('delineation-worker.ts runs as a worker thread of the delineation pool, not on its own');
const me = workerData as number;
port.on('message', (b: PackedBatch) => {
  for (let index = 0; index < b.records.length; index++) {
    if (!claim(b.claims, index, me)) continue;
    const reply: DelineationReply = { batch: b.batch, index, outcome: delineateOutcome(unpackRecord(b, index)) };
    port.postMessage({ type: 'done', ...reply });
  }
});
port.postMessage({ type: 'ready' });
