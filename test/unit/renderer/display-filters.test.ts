/** Display filters: each removes what it names, passes the ECG band, and never shifts a wave in time. */
import { describe, expect, it } from 'vitest';
import { applyDisplayFilters, describeFilters } from '../../../src-renderer/lib/signal/display-filters.js';

const FS = 500;
const sine = (hz: number, amp = 1, n = 5000) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / FS));
/** RMS over the middle half, away from the ends. */
function rms(x: Float32Array): number {
  let s = 0;
  const a = x.length / 4;
  const b = (3 * x.length) / 4;
  for (let i = a; i < b; i++) s += x[i]! ** 2;
  return Math.sqrt(s / (b - a));
}
const db = (out: Float32Array, input: Float32Array) => 20 * Math.log10(rms(out) / rms(input));

describe('display filters', () => {
  it('notch removes mains at 50 or 60 Hz and keeps 10 Hz', () => {
    for (const mains of [50, 60] as const) {
      const f = { baseline: false, notch: mains, lowPass: false };
      expect(db(applyDisplayFilters([sine(mains)], FS, f)[0]!, sine(mains))).toBeLessThan(-30);
      expect(Math.abs(db(applyDisplayFilters([sine(10)], FS, f)[0]!, sine(10)))).toBeLessThan(0.1);
    }
  });

  it('baseline filter removes 0.1 Hz drift and keeps 5 Hz; low-pass removes 100 Hz and keeps 10 Hz', () => {
    const base = { baseline: true, notch: 0, lowPass: false } as const;
    expect(db(applyDisplayFilters([sine(0.1, 1, 10_000)], FS, base)[0]!, sine(0.1, 1, 10_000))).toBeLessThan(-20);
    expect(Math.abs(db(applyDisplayFilters([sine(5)], FS, base)[0]!, sine(5)))).toBeLessThan(0.1);
    const lp = { baseline: false, notch: 0, lowPass: true } as const;
    expect(db(applyDisplayFilters([sine(100)], FS, lp)[0]!, sine(100))).toBeLessThan(-20);
    expect(Math.abs(db(applyDisplayFilters([sine(10)], FS, lp)[0]!, sine(10)))).toBeLessThan(0.3);
  });

  it('does not move a QRS-like pulse in time (zero phase)', () => {
    const pulse = Float32Array.from({ length: 5000 }, (_, i) => Math.exp(-(((i - 2500) / 10) ** 2)));
    const out = applyDisplayFilters([pulse], FS, { baseline: true, notch: 50, lowPass: true })[0]!;
    let peak = 0;
    for (let i = 1; i < out.length; i++) if (out[i]! > out[peak]!) peak = i;
    expect(peak).toBe(2500);
  });

  it('matches the order-4 Butterworth low-pass of the report: −3 dB at 40 Hz each way, −6 dB forward-backward', () => {
    // Digital Butterworth (bilinear, pre-warped): |H(f)|² = 1 / (1 + (tan(πf/fs) / tan(πfc/fs))^(2·order)) per pass.
    const perPassDb = (f: number) => 10 * Math.log10(1 / (1 + (Math.tan((Math.PI * f) / FS) / Math.tan((Math.PI * 40) / FS)) ** 8));
    const lp = { baseline: false, notch: 0, lowPass: true } as const;
    expect(db(applyDisplayFilters([sine(40)], FS, lp)[0]!, sine(40))).toBeCloseTo(2 * perPassDb(40), 1); // −6.02
    expect(db(applyDisplayFilters([sine(80)], FS, lp)[0]!, sine(80))).toBeCloseTo(2 * perPassDb(80), 1); // −52.9
  });

  it('leaves signals untouched with filters off, and says which are on', () => {
    const x = sine(3);
    expect(applyDisplayFilters([x], FS, { baseline: false, notch: 0, lowPass: false })[0]).toBe(x);
    expect(describeFilters({ baseline: false, notch: 0, lowPass: false })).toBe('unfiltered');
    expect(describeFilters({ baseline: true, notch: 60, lowPass: true })).toBe('0.5–40 Hz, notch 60 Hz');
    expect(describeFilters({ baseline: true, notch: 0, lowPass: false })).toBe('high-pass 0.5 Hz');
    expect(describeFilters({ baseline: false, notch: 50, lowPass: true })).toBe('low-pass 40 Hz, notch 50 Hz');
  });
});
