/**
 * The CPU-heavy half of storing a record (codec work), kept apart from the SQLite half so it runs before the
 * transaction opens (short write transactions) and can run off the main thread.
 */
import type { EcgRecord } from '../ecg/record.js';
import { encodeSignals, type EncodedSignals } from './signal-codec.js';

export interface EncodedStudy {
  signals: EncodedSignals;
  waveforms: Array<{ kind: string; blob: Uint8Array }>;
}

export function encodeStudy(record: EcgRecord): EncodedStudy {
  return {
    signals: encodeSignals(record),
    waveforms: (record.extraWaveforms ?? []).map((w) => ({ kind: w.kind, blob: encodeSignals(w).blob })),
  };
}
