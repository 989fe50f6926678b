/**
 * A large reference set derived from the real 12-lead records in ../shared/data (LUDB and the three CinC
 * folders, ~344 records): each record is read once, and window v of record r is a view (subarray, no copy) of its
 * samples, so 20,000 distinct ECGs cost the memory of the few hundred real ones.
 *
 * | step   | rule for window v of a record of n samples at fs                                                   |
 * |--------|----------------------------------------------------------------------------------------------------|
 * | slide  | records longer than 10 s: a 10-s window starting at (v · 1.3 s) mod (n − 10 s + 1); else from 0   |
 * | trim   | v odd: ⌈v/2⌉ · 50 ms cut from the window's start; v even: v/2 · 50 ms cut from its end              |
 * | pad    | the model's preparation centre-pads the shortened window with zeros, which its input mask marks   |
 * | waves  | LUDB annotations move with the window; marks outside it are dropped (incomplete waves are unused) |
 *
 * Windows are taken record-major within a variant (all records' variant 0, then variant 1, …), so any prefix of
 * the sequence covers every record. (record, v) pairs never repeat, so no two windows hold the same samples.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EcgRecord } from '../../src-main/ecg/record.js';
import { readEcgFile } from '../../src-main/formats/registry.js';
import { sharedDir } from './shared.js';

export const DERIVATION =
  'windows of the real LUDB and CinC 12-lead records: records > 10 s slide a 10-s window by 1.3 s per variant; ' +
  'variant v trims ⌈v/2⌉·50 ms from the start (v odd) or v/2·50 ms from the end (v even), zero-padded and masked by ' +
  'the model preparation; LUDB annotations shift with the window';

const FOLDERS = [['ludb', 'data'], ['cinc', 'tuijalei'], ['cinc', 'awwong1'], ['cinc', 'torch_ecg']];

/** The real records, read once, without the digital copies the store needs (the fit uses mV only). */
export function realRecords(): EcgRecord[] {
  const out: EcgRecord[] = [];
  for (const parts of FOLDERS) {
    const dir = sharedDir('data', ...parts);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.hea')).sort()) {
      const { digital: _digital, ...record } = readEcgFile(join(dir, f));
      if (record.samples.length >= 12) out.push(record);
    }
  }
  if (out.length === 0) throw new Error('no 12-lead records under ../shared/data (ludb, cinc)');
  return out;
}

/** Window `v` of `record` (see the table above). */
export function window(record: EcgRecord, v: number): EcgRecord {
  const n = record.samples[0]!.length;
  const fs = record.fs;
  const w = Math.min(n, Math.round(10 * fs));
  const spare = n - w;
  const slide = spare > 0 ? Math.round(v * 1.3 * fs) % (spare + 1) : 0;
  const cut = Math.round(Math.ceil(v / 2) * 0.05 * fs);
  const start = slide + (v % 2 === 1 ? cut : 0);
  const end = slide + w - (v % 2 === 0 ? cut : 0);
  const annotations = record.annotations
    ?.filter((a) => a.sample >= start && a.sample < end)
    .map((a) => ({ ...a, sample: a.sample - start }));
  return {
    ...record,
    id: `${record.id ?? record.source.path}#${v}`,
    samples: record.samples.map((s) => s.subarray(start, end)),
    ...(annotations ? { annotations } : {}),
    source: { ...record.source, path: `${record.source.path}#w${v}` },
  };
}

/** The first `count` windows (record-major within a variant); generated lazily, one at a time. */
export function* derivedEcgs(records: readonly EcgRecord[], count: number): Generator<EcgRecord> {
  for (let i = 0; i < count; i++) yield window(records[i % records.length]!, Math.floor(i / records.length));
}

/** Largest variant the first `count` windows use and the share of trimmed signal it implies for a 10-s record. */
export function derivationSpan(records: readonly EcgRecord[], count: number): { variants: number; maxTrimSeconds: number } {
  const variants = Math.ceil(count / records.length);
  return { variants, maxTrimSeconds: Math.ceil((variants - 1) / 2) * 0.05 };
}
