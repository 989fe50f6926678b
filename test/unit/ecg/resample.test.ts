import { describe, expect, it } from 'vitest';
import { resampledLength, resampleLinear } from '../../../src-main/ecg/resample.js';

describe('resampledLength', () => {
  it.each([
    [5000, 500, 4000], // 10 s PTB-XL / LUDB
    [5001, 500, 4001], // the last output lands exactly on the last input
    [115200, 1000, 46080], // PTB at 1 kHz
    [2500, 250, 3999], // upsampling: never past the last input sample (2499 · 1.6 = 3998.4)
    [1, 500, 1],
    [0, 500, 0],
  ])('%i samples at %i Hz → %i at 400 Hz', (n, fs, m) => {
    expect(resampledLength(n, fs, 400)).toBe(m);
  });
});

describe('resampleLinear', () => {
  it('reproduces a ramp exactly (linear interpolation is exact on lines)', () => {
    const ramp = Float32Array.from({ length: 101 }, (_, i) => i);
    const down = resampleLinear(ramp, 500, 400);
    expect(down.length).toBe(81);
    down.forEach((v, k) => expect(v).toBeCloseTo((k * 500) / 400, 5));
    const up = resampleLinear(ramp, 250, 400);
    expect(up.length).toBe(161);
    up.forEach((v, k) => expect(v).toBeCloseTo((k * 250) / 400, 5));
  });

  it('follows a 10 Hz sine from 500 Hz within the linear-interpolation error bound h²/8·max|f″|', () => {
    const f = 10;
    const x = Float32Array.from({ length: 5000 }, (_, i) => Math.sin((2 * Math.PI * f * i) / 500));
    const y = resampleLinear(x, 500, 400);
    const bound = ((1 / 500) ** 2 / 8) * (2 * Math.PI * f) ** 2;
    let worst = 0;
    y.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - Math.sin((2 * Math.PI * f * k) / 400)))));
    expect(worst).toBeLessThanOrEqual(bound + 1e-6);
    expect(worst).toBeGreaterThan(0); // 500 → 400 Hz does interpolate
  });

  it('computes a range of the output exactly as slicing the whole output would', () => {
    const x = Float32Array.from({ length: 3000 }, (_, i) => Math.sin(i / 7) + i / 1000);
    const whole = resampleLinear(x, 1000, 400);
    expect(Array.from(resampleLinear(x, 1000, 400, 100, 500))).toEqual(Array.from(whole.subarray(100, 600)));
    expect(Array.from(resampleLinear(x, 400, 400, 10, 5))).toEqual(Array.from(x.subarray(10, 15)));
    expect(() => resampleLinear(x, 1000, 400, whole.length - 2, 3)).toThrow(/outside the 1200 resampled ones/);
  });

  it('copies at equal rates and refuses non-positive rates', () => {
    const x = Float32Array.of(1, 2, 3);
    const y = resampleLinear(x, 400, 400);
    expect(Array.from(y)).toEqual([1, 2, 3]);
    expect(y).not.toBe(x);
    expect(() => resampleLinear(x, 0, 400)).toThrow(/positive/);
    expect(() => resampleLinear(x, Number.NaN, 400)).toThrow(/positive/);
  });
});
