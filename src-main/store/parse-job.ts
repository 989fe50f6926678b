/**
 * One file's CPU work before storing (read, hash, parse, encode), the same in the importer's thread and in a
 * parse worker, and the message shapes that carry it between threads.
 */
import type { EcgRecord } from '../ecg/record.js';
import { FormatError } from '../formats/errors.js';
import { nodeFileSource, sha256Hex } from '../formats/file-source.js';
import { parseSource } from '../formats/registry.js';
import type { FileSource, ReadOptions } from '../formats/types.js';
import { encodeStudy, type EncodedStudy } from './encode-study.js';

export type Parser = (src: FileSource, options?: ReadOptions) => EcgRecord;

export type ParseResult =
  | { ok: true; record: EcgRecord; encoded: EncodedStudy }
  | { ok: false; reason: string };

/** `src`: the file already read (the importer's thread has it from hashing); read from `path` when absent. */
export function parseAndEncode(path: string, readOptions: ReadOptions | undefined, parse: Parser = parseSource, read?: FileSource): ParseResult {
  let encoding = false;
  try {
    const src = read ?? nodeFileSource(path);
    const sha256 = sha256Hex(src.bytes);
    const parsed = parse(src, readOptions);
    // The importer read the bytes, so it is the authority on where they came from and what they hash to.
    const record: EcgRecord = { ...parsed, source: { ...parsed.source, path, sha256 } };
    encoding = true;
    return { ok: true, record, encoded: encodeStudy(record) };
  } catch (e) {
    const reason = e instanceof FormatError ? e.reason : e instanceof Error ? e.message : String(e);
    return { ok: false, reason: encoding ? `the record could not be stored: ${reason}` : reason };
  }
}

/**
 * Buffers to transfer (not copy) with a result. A typed array is transferred only when it spans its whole
 * buffer; a view into a larger or shared buffer (a Node Buffer pool slice, one allocation for all leads) is
 * copied into its own buffer first, since transferring would detach memory that others still use and cloning
 * would copy the whole underlying buffer once per view.
 */
export function detachable(result: ParseResult): ArrayBuffer[] {
  if (!result.ok) return [];
  const transfer = new Set<ArrayBuffer>();
  const own = <T extends Float32Array | Int32Array | Uint8Array>(a: T): T => {
    const whole = a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && !transfer.has(a.buffer);
    const out = whole ? a : (a.slice() as T);
    transfer.add(out.buffer as ArrayBuffer);
    return out;
  };
  const { record, encoded } = result;
  record.samples = record.samples.map(own);
  if (record.digital) record.digital = record.digital.map((d) => d && { ...d, values: own(d.values) });
  if (record.extraWaveforms) record.extraWaveforms = record.extraWaveforms.map((w) => ({ ...w, samples: w.samples.map(own) }));
  encoded.signals.blob = own(encoded.signals.blob);
  encoded.waveforms = encoded.waveforms.map((w) => ({ ...w, blob: own(w.blob) }));
  return [...transfer];
}
