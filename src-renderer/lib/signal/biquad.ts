/**
 * Second-order IIR sections from the Audio EQ Cookbook (R. Bristow-Johnson), run forward and backward so the
 * displayed trace has zero phase shift: a filter may change a wave's shape on screen but never move it in time,
 * which would break the alignment with cluster bands and calipers.
 */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function normalise(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): Biquad {
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

export function lowPass(fs: number, f0: number, q = Math.SQRT1_2): Biquad {
  const w = (2 * Math.PI * f0) / fs;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalise((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

export function highPass(fs: number, f0: number, q = Math.SQRT1_2): Biquad {
  const w = (2 * Math.PI * f0) / fs;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalise((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

export function notch(fs: number, f0: number, q = 30): Biquad {
  const w = (2 * Math.PI * f0) / fs;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalise(1, -2 * c, 1, 1 + alpha, -2 * c, 1 - alpha);
}

/** Direct form II transposed, in place, starting from the steady state for a constant input x[0]. */
function runInPlace(x: Float64Array, f: Biquad): void {
  const dc = (f.b0 + f.b1 + f.b2) / (1 + f.a1 + f.a2);
  const y0 = x[0]! * dc;
  let z1 = y0 - f.b0 * x[0]!;
  let z2 = f.b2 * x[0]! - f.a2 * y0;
  for (let n = 0; n < x.length; n++) {
    const xn = x[n]!;
    const yn = f.b0 * xn + z1;
    z1 = f.b1 * xn - f.a1 * yn + z2;
    z2 = f.b2 * xn - f.a2 * yn;
    x[n] = yn;
  }
}

/**
 * Zero-phase filtering through a cascade of sections. The signal is extended at both ends by odd reflection
 * (as scipy's filtfilt does) so the start and end of the trace do not ring.
 */
export function filtfilt(samples: Float32Array, sections: Biquad[]): Float32Array {
  if (!sections.length || samples.length < 2) return samples;
  const n = samples.length;
  const pad = Math.min(n - 1, 3 * 512);
  const x = new Float64Array(n + 2 * pad);
  const s0 = samples[0]!;
  const sN = samples[n - 1]!;
  for (let i = 0; i < pad; i++) {
    x[i] = 2 * s0 - samples[pad - i]!;
    x[pad + n + i] = 2 * sN - samples[n - 2 - i]!;
  }
  for (let i = 0; i < n; i++) x[pad + i] = samples[i]!;
  for (const f of sections) runInPlace(x, f);
  x.reverse();
  for (const f of sections) runInPlace(x, f);
  x.reverse();
  return Float32Array.from(x.subarray(pad, pad + n));
}
