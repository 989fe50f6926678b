/**
 * Worker thread entry of the parse pool: parses and encodes the files it is sent, one at a time, and posts back
 * the record and its encoded blobs with their buffers transferred.
 */
import { parentPort } from 'node:worker_threads';
import type { ReadOptions } from '../formats/types.js';
import { detachable, parseAndEncode } from './parse-job.js';

export interface ParseRequest {
  id: number;
  path: string;
  readOptions?: ReadOptions;
}

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread of the importer, not on its own');
port.on('message', (req: ParseRequest) => {
  const result = parseAndEncode(req.path, req.readOptions);
  port.postMessage({ id: req.id, result }, detachable(result));
});
