/** Min/max decimation: bounded points per pixel column, spikes kept, exact geometry when samples are sparse. */
import { describe, expect, it } from 'vitest';
import { tracePoints, type TraceGeometry } from '../../../src-renderer/lib/paper/trace-points.js';

const geometry = (over: Partial<TraceGeometry>): TraceGeometry => ({ fs: 500, t0: 0, t1: 10, x0: 0, pxPerSecond: 94.49, baseline: 100, pxPerMv: 37.8, ...over });

function xs(points: Float32Array): number[] {
  return Array.from({ length: points.length / 2 }, (_, i) => points[2 * i]!);
}

describe('trace points', () => {
  it('keeps at most four points per pixel column and every column’s extremes', () => {
    const fs = 1000;
    const samples = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 7) * 0.5);
    samples[4321] = 3; // a one-sample pacing-like spike
    const g = geometry({ fs });
    const pts = tracePoints(samples, g);
    const columns = new Map<number, number>();
    for (const x of xs(pts)) columns.set(x, (columns.get(x) ?? 0) + 1);
    expect(Math.max(...columns.values())).toBeLessThanOrEqual(4);
    expect(columns.size).toBeGreaterThanOrEqual(940);
    const ys = Array.from({ length: pts.length / 2 }, (_, i) => pts[2 * i + 1]!);
    expect(Math.min(...ys)).toBeCloseTo(100 - 3 * 37.8, 3); // the spike survives decimation
  });

  it('keeps every sample, at its exact position, when samples are sparser than pixels', () => {
    const samples = Float32Array.from([0, 1, -0.5, 0.25]);
    const pts = tracePoints(samples, geometry({ fs: 2, t1: 2, x0: 10, pxPerSecond: 100 }));
    expect(Array.from(pts)).toEqual([10, 100, 60, 100 - 37.8, 110, 100 + 18.9, 160, 100 - 9.45].map((v) => Math.fround(v)));
  });

  it('draws only the window [t0, t1) of the lead', () => {
    const samples = new Float32Array(5000);
    const pts = tracePoints(samples, geometry({ t0: 2.5, t1: 5, x0: 50, pxPerSecond: 1000 }));
    const x = xs(pts);
    expect(x[0]).toBe(50);
    expect(x.at(-1)!).toBeCloseTo(50 + (2499 / 500) * 1000 - 2.5 * 1000, 3);
    expect(pts.length / 2).toBe(1250);
  });
});
