/**
 * One record's delineation as the Analyzer uses it, wherever it runs: in the Analyzer's thread or in a
 * delineation worker (delineation-worker.ts). A failure is that record's outcome, not an exception.
 *
 * A batch travels to the workers as shared memory, so every worker and the Analyzer's thread see the same copy:
 * `samples`, every lead of every record one after another (copied once from the records, whose own arrays stay
 * the caller's), and `claims`, one Int32 per record that whoever delineates it sets first with
 * Atomics.compareExchange (0 → its claimant number), so each record is delineated exactly once. The answer
 * carries the global marks and intervals only; the per-lead marks (leadBeats) are most of a Delineation's
 * objects and the Analyzer does not keep them.
 */
import { delineate } from '../ecg/delineate.js';
import type { Delineation } from '../ecg/delineate-types.js';
import type { LeadName } from '../ecg/leads.js';
import type { EcgRecord } from '../ecg/record.js';

export type RecordDelineation = Pick<Delineation, 'beats' | 'intervals'>;
export type DelineationOutcome = ({ ok: true } & RecordDelineation) | { ok: false; error: string };

/** `claims` values: unclaimed, the Analyzer's thread; a worker claims with its own number (1, 2, …) */
export const UNCLAIMED = 0;
export const CLAIMED_HERE = -1;

/** What the delineator reads of a record, and its source for error messages. */
export interface PackedRecord {
  fs: number;
  leads: LeadName[];
  /** where the record's first lead starts in the batch's samples */
  offset: number;
  /** samples per lead; the leads lie one after another */
  lengths: number[];
  source: { format: string; path: string; sha256: string };
}

export interface PackedBatch {
  batch: number;
  claims: Int32Array<SharedArrayBuffer>;
  samples: Float32Array<SharedArrayBuffer>;
  records: PackedRecord[];
}

/** worker → pool, one per record a worker delineated */
export interface DelineationReply {
  batch: number;
  index: number;
  outcome: DelineationOutcome;
}

export function delineateOutcome(record: EcgRecord): DelineationOutcome {
  try {
    const { beats, intervals } = delineate(record);
    return { ok: true, beats, intervals };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Floats a batch of these records needs. */
export function batchLength(records: readonly EcgRecord[]): number {
  let n = 0;
  for (const r of records) for (const x of r.samples) n += x.length;
  return n;
}

/** Copies the records into `memory` (at least batchLength floats), with fresh claims. */
export function packBatch(batch: number, records: readonly EcgRecord[], memory: SharedArrayBuffer): PackedBatch {
  const samples = new Float32Array(memory, 0, batchLength(records));
  let at = 0;
  const packed = records.map((record): PackedRecord => {
    const offset = at;
    for (const x of record.samples) {
      samples.set(x, at);
      at += x.length;
    }
    const { format, path, sha256 } = record.source;
    return { fs: record.fs, leads: [...record.leads], offset, lengths: record.samples.map((x) => x.length), source: { format, path, sha256 } };
  });
  return { batch, claims: new Int32Array(new SharedArrayBuffer(4 * records.length)), samples, records: packed };
}

/** Record `index` of a batch: what the delineator reads, nothing about the patient (an empty `patient`). */
export function unpackRecord(b: Pick<PackedBatch, 'samples' | 'records'>, index: number): EcgRecord {
  const r = b.records[index]!;
  let at = r.offset;
  const samples = r.lengths.map((n) => b.samples.subarray(at, (at += n)));
  return { fs: r.fs, leads: r.leads, samples, patient: {}, source: r.source };
}

/** Claims record `index` for `claimant`; false when someone else has it. */
export function claim(claims: Int32Array<SharedArrayBuffer>, index: number, claimant: number): boolean {
  return Atomics.compareExchange(claims, index, UNCLAIMED, claimant) === UNCLAIMED;
}
