/**
 * The cluster sequence laid under a paper: each segment's seconds mapped to x as the paper maps them
 * (x = left + (t − t0)·speed, lib/paper/layouts.ts), cut to the paper's window, so a band in the strip sits
 * under the beat it explains in every column of a 3×4 page and in the rhythm strip.
 */
import { timeToMm, type PaperLayout } from '../paper/layouts.js';

export interface StripSegment {
  start: number;
  end: number;
  cluster: number;
}

export interface StripSpan {
  cluster: number;
  /** CSS px on the paper (not the view) */
  x: number;
  width: number;
}

export function stripSpans(segments: readonly StripSegment[], layout: Pick<PaperLayout, 'left' | 't0' | 't1'>, speed: number, pxPerMm: number): StripSpan[] {
  const out: StripSpan[] = [];
  for (const s of segments) {
    const a = Math.max(s.start, layout.t0);
    const b = Math.min(s.end, layout.t1);
    if (b <= a) continue;
    out.push({ cluster: s.cluster, x: timeToMm(layout, speed, a) * pxPerMm, width: (b - a) * speed * pxPerMm });
  }
  return out;
}
