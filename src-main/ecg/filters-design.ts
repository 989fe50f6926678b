/**
 * IIR filter design: Butterworth low/high-pass by the bilinear transform with frequency pre-warping, and the
 * RBJ Audio-EQ-Cookbook notch. Filters are cascades of second-order sections (biquads, a0 normalised to 1),
 * the form that stays numerically stable at the low cut-offs ECG baseline removal needs (0.05 Hz at 500 Hz).
 */

/** y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] − a1 y[n-1] − a2 y[n-2]; a first-order section has b2 = a2 = 0. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export type Sos = Biquad[];

export type ButterworthKind = 'lowpass' | 'highpass';

function checkCutoff(fc: number, fs: number): void {
  if (!(fs > 0) || !(fc > 0) || !(fc < fs / 2)) {
    throw new RangeError(`cut-off ${fc} Hz must lie strictly between 0 and the Nyquist frequency ${fs / 2} Hz`);
  }
}

/**
 * Butterworth filter of `order` (1–12) with its −3 dB point at `fc` Hz. Analog prototype poles
 * p_k = ω_c·exp(jπ(2k+n−1)/(2n)) with ω_c = 2·fs·tan(π·fc/fs) (pre-warped), mapped by z = (2fs+s)/(2fs−s);
 * zeros at z = −1 (low-pass) or z = +1 (high-pass); gain set to 1 at DC (low-pass) or Nyquist (high-pass).
 * Matches scipy.signal.butter(order, fc, btype, fs=fs) up to the order of sections.
 */
export function butterworth(kind: ButterworthKind, order: number, fc: number, fs: number): Sos {
  checkCutoff(fc, fs);
  if (!Number.isInteger(order) || order < 1 || order > 12) throw new RangeError(`Butterworth order ${order} must be an integer from 1 to 12`);
  const k2 = 2 * fs;
  const wc = k2 * Math.tan((Math.PI * fc) / fs);
  const zero = kind === 'lowpass' ? -1 : 1;
  const sos: Sos = [];
  // Each conjugate pair of analog poles (and the real pole of an odd order) becomes one section.
  for (let k = 1; k <= Math.floor(order / 2); k++) {
    const theta = (Math.PI * (2 * k + order - 1)) / (2 * order);
    // The high-pass transform s → ω_c²/s maps this circle of poles onto itself (p ↦ conj p), so both kinds
    // share poles and differ only in their zeros.
    const re = wc * Math.cos(theta);
    const im = wc * Math.sin(theta);
    // Bilinear map of p: z = (k2 + p)/(k2 − p).
    const dr = k2 - re;
    const di = -im;
    const d2 = dr * dr + di * di;
    const nr = k2 + re;
    const ni = im;
    const zr = (nr * dr + ni * di) / d2;
    const zi = (ni * dr - nr * di) / d2;
    sos.push({ b0: 1, b1: -2 * zero, b2: 1, a1: -2 * zr, a2: zr * zr + zi * zi });
  }
  if (order % 2 === 1) {
    const z = (k2 - wc) / (k2 + wc); // the real pole −ω_c
    sos.push({ b0: 1, b1: -zero, b2: 0, a1: -z, a2: 0 });
  }
  normaliseGain(sos, kind === 'lowpass' ? 0 : fs / 2, fs);
  return sos;
}

/** Scales each section so the cascade has unit gain at frequency f (DC or Nyquist for Butterworth). */
function normaliseGain(sos: Sos, f: number, fs: number): void {
  for (const s of sos) {
    const g = sectionMagnitude(s, f, fs);
    s.b0 /= g;
    s.b1 /= g;
    s.b2 /= g;
  }
}

/**
 * RBJ cookbook notch at f0 Hz with quality Q (bandwidth ≈ f0/Q at −3 dB):
 * b = [1, −2cos ω0, 1]/a0, a = [1, −2cos ω0, 1 − α]/a0 with a0 = 1 + α, α = sin ω0/(2Q).
 */
export function notch(f0: number, q: number, fs: number): Biquad {
  checkCutoff(f0, fs);
  if (!(q > 0)) throw new RangeError(`notch quality ${q} must be positive`);
  const w0 = (2 * Math.PI * f0) / fs;
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  const c = -2 * Math.cos(w0);
  return { b0: 1 / a0, b1: c / a0, b2: 1 / a0, a1: c / a0, a2: (1 - alpha) / a0 };
}

function sectionMagnitude(s: Biquad, f: number, fs: number): number {
  const w = (2 * Math.PI * f) / fs;
  const c1 = Math.cos(w), s1 = Math.sin(w), c2 = Math.cos(2 * w), s2 = Math.sin(2 * w);
  const nr = s.b0 + s.b1 * c1 + s.b2 * c2;
  const ni = -(s.b1 * s1 + s.b2 * s2);
  const dr = 1 + s.a1 * c1 + s.a2 * c2;
  const di = -(s.a1 * s1 + s.a2 * s2);
  return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
}

/** |H(e^{j2πf/fs})| of a cascade (one pass; a forward-backward pass squares it). */
export function magnitudeResponse(sos: Sos, f: number, fs: number): number {
  let m = 1;
  for (const s of sos) m *= sectionMagnitude(s, f, fs);
  return m;
}

/**
 * |H| of the digital Butterworth filter the bilinear transform gives:
 * 1/sqrt(1 + (tan(πf/fs)/tan(πfc/fs))^(±2n)), the reference our designs are tested against.
 */
export function butterworthMagnitude(kind: ButterworthKind, order: number, fc: number, f: number, fs: number): number {
  const r = Math.tan((Math.PI * f) / fs) / Math.tan((Math.PI * fc) / fs);
  const x = kind === 'lowpass' ? r : 1 / r;
  return 1 / Math.sqrt(1 + Math.pow(x, 2 * order));
}

/** Polynomial coefficients (b, a) of the whole cascade, highest power of z⁻¹ last: for comparing with scipy's 'ba'. */
export function sosToTransferFunction(sos: Sos): { b: number[]; a: number[] } {
  let b = [1];
  let a = [1];
  for (const s of sos) {
    b = polyMul(b, s.b2 === 0 && s.a2 === 0 ? [s.b0, s.b1] : [s.b0, s.b1, s.b2]);
    a = polyMul(a, s.b2 === 0 && s.a2 === 0 ? [1, s.a1] : [1, s.a1, s.a2]);
  }
  return { b, a };
}

function polyMul(p: number[], q: number[]): number[] {
  const out = new Array<number>(p.length + q.length - 1).fill(0);
  for (let i = 0; i < p.length; i++) for (let j = 0; j < q.length; j++) out[i + j]! += p[i]! * q[j]!;
  return out;
}
