/**
 * WFDB records built in memory for the cases the fixtures do not cover: variable-layout multi-segment records
 * with gaps, null signals, format 8 with several signals and frames, unit conversion, uncalibrated gains and
 * missing-sample markers.
 */
import { describe, expect, it } from 'vitest';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { wfdbReader } from '../../../src-main/formats/wfdb.js';

const enc = (s: string) => new TextEncoder().encode(s);
function int16le(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => dv.setInt16(2 * i, v, true));
  return b;
}
function checksum(values: number[]): number {
  const s = values.reduce((a, v) => (a + v) % 65536, 0);
  return ((s % 65536) + 65536) % 65536;
}
const ramp = (n: number, from: number, step: number) => Array.from({ length: n }, (_, i) => from + i * step);
const interleave = (...cols: number[][]) => cols[0]!.flatMap((_, i) => cols.map((c) => c[i]!));

describe('WFDB multi-segment, variable layout with a gap', () => {
  const a1 = ramp(10, 0, 1), b1 = ramp(10, 100, -2), b2 = ramp(20, 7, 3);
  const files = {
    'v_layout.hea': enc('v_layout 2 100 0\n~ 0 100/mV 16 0 0 0 0 A\n~ 0 200/mV 16 0 0 0 0 B\n'),
    's1.hea': enc(`s1 2 100 10\ns1.dat 16 100/mV 16 0 ${a1[0]} ${checksum(a1)} 0 A\ns1.dat 16 200/mV 16 0 ${b1[0]} ${checksum(b1)} 0 B\n`),
    's1.dat': int16le(interleave(a1, b1)),
    's2.hea': enc(`s2 1 100 20\ns2.dat 16 400(4)/mV 16 0 ${b2[0]} ${checksum(b2)} 0 B\n`),
    's2.dat': int16le(b2),
  };
  const master = enc('v/4 2 100 40 10:00:00 01/02/2003\nv_layout 0\ns1 10\n~ 10\ns2 20\n');
  const r = wfdbReader.parse(memoryFileSource('v.hea', master, files));

  it('places each segment, fills the gap and absent signals with NaN', () => {
    expect([r.leads, r.fs, r.samples[0]!.length, r.startTime]).toEqual([['A', 'B'], 100, 40, '2003-02-01T10:00:00']);
    const A = Array.from(r.samples[0]!), B = Array.from(r.samples[1]!);
    expect(A.slice(0, 10)).toEqual(a1.map((v) => Math.fround(v / 100)));
    expect(A.slice(10).every(Number.isNaN)).toBe(true);
    expect(B.slice(0, 10)).toEqual(b1.map((v) => Math.fround(v / 200)));
    expect(B.slice(10, 20).every(Number.isNaN)).toBe(true);
    expect(B.slice(20)).toEqual(b2.map((v) => Math.fround((v - 4) / 400)));
  });

  it('keeps digital values only for leads calibrated alike in every segment', () => {
    expect(r.digital![0]).toMatchObject({ gain: 100, baseline: 0 });
    expect(Array.from(r.digital![0]!.values.slice(8, 12))).toEqual([8, 9, -32768, -32768]);
    expect(r.digital![1]).toBeUndefined();
    expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
  });

  it('refuses a fixed-layout segment with a different signal count, and a missing segment header', () => {
    const fixed = enc('f/2 2 100 30\ns1 10\ns2 20\n');
    expect(() => wfdbReader.parse(memoryFileSource('f.hea', fixed, files))).toThrow(/s2\.hea: segment has 1 signals; a fixed-layout record needs 2/);
    expect(() => wfdbReader.parse(memoryFileSource('d/f.hea', enc('f/1 2 100 10\nnothere 10\n'), files))).toThrow(/d\/nothere\.hea: segment header named by d\/f\.hea is missing/);
  });
});

describe('WFDB calibration and missing samples', () => {
  it('converts uV and V to mV, sets other units aside, defaults baseline to ADC zero and flags gain 0', () => {
    const d = [10, 20, 30, 40];
    const hea = 'u 4 500 1\nu.dat 16 2/uV 16 0\nu.dat 16 0.5/V 16 0\nu.dat 16 10/mmHg 16 0\nu.dat 16 0 12 20\n';
    const r = wfdbReader.parse(memoryFileSource('u.hea', enc(hea), { 'u.dat': int16le(d) }));
    expect(r.leads).toEqual(['signal 0', 'signal 1', 'signal 3']);
    expect(r.digital!.map((x) => [x!.gain, x!.baseline])).toEqual([[2000, 0], [0.0005, 0], [200, 20]]);
    expect(Array.from(r.samples[0]!)).toEqual([Math.fround(10 / 2000)]);
    expect(r.samples[1]![0]).toBe(40000); // 20 ADC units at 0.5 per V = 40 V
    const details = r.source.details as { signals: Array<Record<string, unknown>>; otherSignals: unknown[] };
    expect(details.signals.map((s) => s.units)).toEqual(['mV', 'mV', 'mV']);
    expect(details.signals[2]).toMatchObject({ uncalibrated: true, unitsAssumed: true });
    expect(details.otherSignals).toEqual([{ label: 'signal 2', unit: 'mmHg', fs: 500, reason: 'not a voltage (unit "mmHg")', file: 'u.dat', format: 16 }]);
    expect(r.samples[2]![0]).toBeCloseTo(0.1, 7); // (40 − 20)/200
  });

  it('turns each format’s missing-value marker into NaN and keeps the digital value (212: −2048)', () => {
    // one 3-byte group: s0 = 0x00 + (0x08 & 0x0F) << 8 = 0x800 → −2048, s1 = 0x05 + (0x08 & 0xF0) << 4 = 5
    const bytes = new Uint8Array([0x00, 0x08, 0x05]);
    const r = wfdbReader.parse(memoryFileSource('m.hea', enc('m 2 100 1\nm.dat 212 100 12 0 -2048 -2048 0 X\nm.dat 212 100 12 0 5 5 0 Y\n'), { 'm.dat': bytes }));
    expect(Number.isNaN(r.samples[0]![0])).toBe(true);
    expect(r.digital![0]!.values[0]).toBe(-2048);
    expect(r.samples[1]![0]).toBeCloseTo(0.05, 7);
    expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
  });

  it('reads a null signal (format 0, file "~") as all missing', () => {
    const r = wfdbReader.parse(memoryFileSource('n.hea', enc('n 2 100 3\nn.dat 16 100 16 0 1 6 0 X\n~ 0 100 16 0 0 0 0 Y\n'), { 'n.dat': int16le([1, 2, 3]) }));
    expect(Array.from(r.samples[1]!).every(Number.isNaN)).toBe(true);
    expect(r.checks!.find((c) => c.name === 'checksum:Y')?.status).toBe('absent');
  });

  it('sums format 8 differences per signal and per sample within frames (2 signals, 2 + 1 samples per frame)', () => {
    const x = [5, 7, 6, 10, 13, 13], y = [-3, -1, 4];
    const diffs: number[] = [];
    for (let f = 0; f < 3; f++) {
      diffs.push(x[2 * f]! - (f === 0 ? 5 : x[2 * f - 1]!), x[2 * f + 1]! - x[2 * f]!, y[f]! - (f === 0 ? -3 : y[f - 1]!));
    }
    const bytes = Uint8Array.from(diffs.map((d) => d & 0xff));
    const hea = `e 2 10 3\ne.dat 8x2 1 8 0 5 ${checksum(x)} 0 X\ne.dat 8 1 8 0 -3 ${checksum(y)} 0 Y\n`;
    const r = wfdbReader.parse(memoryFileSource('e.hea', enc(hea), { 'e.dat': bytes }));
    expect(r.fs).toBe(20);
    expect(Array.from(r.digital![0]!.values)).toEqual(x);
    expect(Array.from(r.digital![1]!.values)).toEqual([-3, -3, -1, -1, 4, 4]);
    expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
  });

  it('reports a checksum that does not match as a mismatch with both values', () => {
    const r = wfdbReader.parse(memoryFileSource('c.hea', enc('c 1 100 3\nc.dat 16 100 16 0 1 7 0 X\n'), { 'c.dat': int16le([1, 2, 3]) }));
    expect(r.checks).toEqual([
      { name: 'checksum:X', status: 'mismatch', detail: 'header 7, samples sum to 6 (mod 2^16)' },
      { name: 'initial-value:X', status: 'ok' },
    ]);
  });

  it('derives III, aVR, aVL, aVF when a record stores only I and II', () => {
    const hea = 'l 2 100 2\nl.dat 16 1000 16 0 100 300 0 I\nl.dat 16 1000 16 0 300 800 0 II\n';
    const r = wfdbReader.parse(memoryFileSource('l.hea', enc(hea), { 'l.dat': int16le([100, 300, 200, 500]) }));
    expect(r.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF']);
    expect(r.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(r.samples[2]![0]).toBeCloseTo(0.2, 6);
  });
});
