/**
 * Philips channel layout: which label each decoded channel carries, and the reconstruction of the limb leads that
 * XLI-compressed files store as residuals against Einthoven/Goldberger (so that they compress to almost nothing).
 * The relations, with floor division, are those of sixlettervariables/sierra-ecg-tools (JS and Python readers);
 * the C# reader truncates toward zero, which differs by one LSB on odd negative sums.
 */
import { STANDARD_LEADS } from '../ecg/leads.js';

/** Acquisition types whose channels are the standard 12 leads in clinical order. */
const TWELVE_LEAD_TYPES = new Set(['STD-12', '10-WIRE']);

/** Channel labels for a 1.03 file, which lists none: standard order for 12-lead acquisitions, else 'Channel n'. */
export function labelsFor103(acquisitionType: string | undefined, channels: number): string[] {
  const std = acquisitionType !== undefined && TWELVE_LEAD_TYPES.has(acquisitionType.trim().toUpperCase());
  return Array.from({ length: channels }, (_, i) => (std && i < STANDARD_LEADS.length ? STANDARD_LEADS[i]! : `Channel ${i + 1}`));
}

/** True when channels 1–6 are I, II, III, aVR, aVL, aVF: the layout whose last four are stored as residuals. */
export function hasResidualLimbLayout(labels: readonly string[]): boolean {
  return ['I', 'II', 'III', 'aVR', 'aVL', 'aVF'].every((l, i) => labels[i] === l);
}

/**
 * Rebuilds III, aVR, aVL, aVF in place from I, II and the stored residuals r:
 *
 * | lead | value                    |
 * |------|--------------------------|
 * | III  | II − I − r               |
 * | aVR  | −r − ⌊(I + II) / 2⌋      |
 * | aVL  | ⌊(I − III) / 2⌋ − r      |
 * | aVF  | ⌊(II + III) / 2⌋ − r     |
 */
export function reconstructLimbLeads(ch: Int32Array[]): void {
  const [i, ii, iii, avr, avl, avf] = ch as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  for (let t = 0; t < i.length; t++) {
    const a = i[t]!;
    const b = ii[t]!;
    const c = b - a - iii[t]!;
    iii[t] = c;
    avr[t] = -avr[t]! - Math.floor((a + b) / 2);
    avl[t] = Math.floor((a - c) / 2) - avl[t]!;
    avf[t] = Math.floor((b + c) / 2) - avf[t]!;
  }
}

/**
 * The calibration pulse Philips devices append after the rhythm: a run where every channel holds the same
 * non-zero value, bounded by zeros. Returns [start, end) or undefined.
 */
export function findCalibrationPulse(ch: Int32Array[]): [number, number] | undefined {
  const first = ch[0];
  if (!first || ch.length < 2) return undefined;
  const n = first.length;
  let end = n;
  while (end > 0 && ch.every((c) => c[end - 1] === 0)) end--;
  const level = first[end - 1];
  if (end === 0 || end === n || level === undefined || level === 0) return undefined;
  let start = end;
  while (start > 0 && ch.every((c) => c[start - 1] === level)) start--;
  if (start === 0 || end - start < 10 || !ch.every((c) => c[start - 1] === 0)) return undefined;
  return [start, end];
}
