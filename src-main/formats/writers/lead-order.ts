/** Lead indices of a record in canonical order (I … V6, then others as given), shared by the writers. */
import { leadOrder } from '../../ecg/leads.js';
import type { EcgRecord } from '../../ecg/record.js';

export function canonicalLeadIndices(record: EcgRecord): number[] {
  return record.leads
    .map((name, i) => ({ name, i }))
    .sort((a, b) => leadOrder(a.name) - leadOrder(b.name) || a.i - b.i)
    .map((o) => o.i);
}

/** Throws unless every lead has as many samples as the first: writers put one row per sample instant. */
export function assertEqualLengths(record: EcgRecord): number {
  const n = record.samples[0]?.length ?? 0;
  record.samples.forEach((s, k) => {
    if (s.length !== n) throw new RangeError(`lead ${record.leads[k]} has ${s.length} samples where lead ${record.leads[0]} has ${n}`);
  });
  return n;
}
