/**
 * Worker thread entry of analyzer-thread.ts: opens one Analyzer with the options in workerData, then analyses
 * the batches it is sent, one at a time, and answers each with its outcomes.
 *
 * | message in                     | answer                                        |
 * |--------------------------------|-----------------------------------------------|
 * | (start, workerData = options)  | `{type: 'ready', identity, provider}` or `{type: 'error', message}` |
 * | `{type: 'analyze', id, records}` | `{type: 'result', id, outcomes}` or `{type: 'error', id, message}` |
 * | `{type: 'close'}`              | `{type: 'closed'}`, then the thread ends       |
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EcgRecord } from '../ecg/record.js';
import { Analyzer } from './analyzer.js';
import { identityOf, type BackendOptions } from './backend.js';

export type WorkerRequest = { type: 'analyze'; id: number; records: EcgRecord[] } | { type: 'close' };

const port = parentPort;
if (!port) throw new Error('analyzer-worker.ts runs as a worker thread of analyzer-thread.ts, not on its own');
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

try {
  const analyzer = await Analyzer.open(workerData as BackendOptions);
  port.on('message', (req: WorkerRequest) => {
    if (req.type === 'close') {
      void analyzer.close().finally(() => {
        port.postMessage({ type: 'closed' });
        port.close();
      });
      return;
    }
    analyzer.analyze(req.records).then(
      (outcomes) => port.postMessage({ type: 'result', id: req.id, outcomes }),
      (e: unknown) => port.postMessage({ type: 'error', id: req.id, message: message(e) }),
    );
  });
  port.postMessage({ type: 'ready', identity: identityOf(analyzer), provider: analyzer.provider });
} catch (e) {
  port.postMessage({ type: 'error', message: message(e) });
  port.close();
}
