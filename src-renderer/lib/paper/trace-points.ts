/**
 * One lead's samples in a time window → polyline points in paper pixels, as uPlot draws dense series: when
 * more than two samples fall into a pixel column, the column keeps its first, lowest, highest and last sample
 * (in time order), so spikes survive and the path holds at most four points per column, whatever the rate.
 */
export interface TraceGeometry {
  fs: number;
  t0: number;
  t1: number;
  /** x (px) of time t0 */
  x0: number;
  pxPerSecond: number;
  /** y (px) of 0 mV */
  baseline: number;
  pxPerMv: number;
}

/** Interleaved x, y pairs. */
export function tracePoints(samples: Float32Array, g: TraceGeometry): Float32Array {
  const first = Math.max(0, Math.floor(g.t0 * g.fs));
  const end = Math.min(samples.length, Math.ceil(g.t1 * g.fs));
  if (end <= first) return new Float32Array(0);
  const xOf = (i: number) => g.x0 + (i / g.fs - g.t0) * g.pxPerSecond;
  const yOf = (v: number) => g.baseline - v * g.pxPerMv;
  const samplesPerPx = g.fs / g.pxPerSecond;
  if (samplesPerPx <= 2) {
    const out = new Float32Array((end - first) * 2);
    for (let i = first, o = 0; i < end; i++, o += 2) {
      out[o] = xOf(i);
      out[o + 1] = yOf(samples[i]!);
    }
    return out;
  }
  const out: number[] = [];
  let i = first;
  while (i < end) {
    const column = Math.floor(xOf(i));
    const x = column + 0.5;
    let lo = i;
    let hi = i;
    let j = i;
    for (; j < end && Math.floor(xOf(j)) === column; j++) {
      if (samples[j]! < samples[lo]!) lo = j;
      if (samples[j]! > samples[hi]!) hi = j;
    }
    const last = j - 1;
    for (const k of uniqueInOrder(i, lo, hi, last)) out.push(x, yOf(samples[k]!));
    i = j;
  }
  return Float32Array.from(out);
}

function uniqueInOrder(a: number, b: number, c: number, d: number): number[] {
  const mid = b <= c ? [b, c] : [c, b];
  const out = [a];
  for (const k of [...mid, d]) if (k !== out[out.length - 1]) out.push(k);
  return out;
}
