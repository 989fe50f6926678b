/** Looking up and laying out cluster segments (seconds) for hover and for the bands behind the traces. */
import type { ExplanationSegment } from '../../../src-main/api/contract/explanation.js';

/** The segment covering time t (segments are sorted and do not overlap), by binary search. */
export function segmentAt(segments: readonly ExplanationSegment[], t: number): ExplanationSegment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (t < s.start) hi = mid - 1;
    else if (t >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

export interface Band {
  cluster: number;
  /** px, clipped to the window */
  x: number;
  width: number;
}

/** Segments overlapping [t0, t1] as horizontal spans, x = x0 + (t − t0)·pxPerSecond. */
export function bandsInWindow(
  segments: readonly ExplanationSegment[],
  t0: number,
  t1: number,
  x0: number,
  pxPerSecond: number,
): Band[] {
  const out: Band[] = [];
  for (const s of segments) {
    if (s.end <= t0 || s.start >= t1) continue;
    const a = Math.max(s.start, t0);
    const b = Math.min(s.end, t1);
    out.push({ cluster: s.cluster, x: x0 + (a - t0) * pxPerSecond, width: (b - a) * pxPerSecond });
  }
  return out;
}
