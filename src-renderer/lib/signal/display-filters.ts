/**
 * The display filters a reader can switch on. They change what is drawn, never what is stored; the settings
 * line printed on the paper says which are on. The designs and the wording are those of src-main/ecg/filters.ts
 * (which the renderer may not import), so the screen and the PDF report filter and describe alike.
 *
 * | filter         | design                                   | why                                  |
 * |----------------|------------------------------------------|--------------------------------------|
 * | baseline       | Butterworth high-pass, order 2, 0.5 Hz  | removes respiration / electrode drift |
 * | notch          | cookbook notch, 50 or 60 Hz, Q 30       | mains interference                    |
 * | lowPass        | Butterworth low-pass, order 4, 40 Hz    | muscle noise (monitoring bandwidth)   |
 *
 * Each section runs forward and backward, so the effective order doubles and the phase is zero. A cookbook
 * section with Q = 1/√2 is the order-2 Butterworth; order 4 is two sections with Q = 1/(2 cos(π/8)) and
 * 1/(2 cos(3π/8)).
 */
import { filtfilt, highPass, lowPass, notch, type Biquad } from './biquad.js';

export interface DisplayFilters {
  baseline: boolean;
  /** mains frequency to remove, or 0 for none */
  notch: 0 | 50 | 60;
  lowPass: boolean;
}

export const NO_FILTERS: DisplayFilters = { baseline: false, notch: 0, lowPass: false };
export const BASELINE_HZ = 0.5;
export const LOW_PASS_HZ = 40;
const BUTTERWORTH_4_Q = [1 / (2 * Math.cos(Math.PI / 8)), 1 / (2 * Math.cos((3 * Math.PI) / 8))];

export function filterSections(fs: number, f: DisplayFilters): Biquad[] {
  const nyquist = fs / 2;
  const out: Biquad[] = [];
  if (f.baseline) out.push(highPass(fs, BASELINE_HZ));
  if (f.notch && f.notch < nyquist * 0.95) out.push(notch(fs, f.notch));
  if (f.lowPass && LOW_PASS_HZ < nyquist * 0.95) out.push(...BUTTERWORTH_4_Q.map((q) => lowPass(fs, LOW_PASS_HZ, q)));
  return out;
}

export function applyDisplayFilters(signals: Float32Array[], fs: number, f: DisplayFilters): Float32Array[] {
  const sections = filterSections(fs, f);
  return sections.length ? signals.map((s) => filtfilt(s, sections)) : signals;
}

/** The words printed on the paper, e.g. "0.5–40 Hz, notch 50 Hz", "high-pass 0.5 Hz" or "unfiltered". */
export function describeFilters(f: DisplayFilters): string {
  const parts: string[] = [];
  if (f.baseline && f.lowPass) parts.push(`${BASELINE_HZ}–${LOW_PASS_HZ} Hz`);
  else if (f.baseline) parts.push(`high-pass ${BASELINE_HZ} Hz`);
  else if (f.lowPass) parts.push(`low-pass ${LOW_PASS_HZ} Hz`);
  if (f.notch) parts.push(`notch ${f.notch} Hz`);
  return parts.length ? parts.join(', ') : 'unfiltered';
}
