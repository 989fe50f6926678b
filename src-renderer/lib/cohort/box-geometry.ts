/**
 * Geometry of the cohort's charts in SVG user units, from d3 scales: a Tukey-style box (whiskers at min and max,
 * as cohortStats gives no outliers) per cluster, and the bars of a histogram. Pure, so the tests check it.
 */
import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3';
import type { BoxStats } from '../../../src-main/api/contract/cohort.js';

export interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface BoxShape {
  x: number;
  width: number;
  /** y of max, q3, median, q1, min (SVG y grows downwards, so whiskerTop ≤ boxTop ≤ median ≤ boxBottom ≤ whiskerBottom) */
  whiskerTop: number;
  boxTop: number;
  median: number;
  boxBottom: number;
  whiskerBottom: number;
}

export function boxScales(frame: Frame, keys: string[], domainMax = 1): { x: ScaleBand<string>; y: ScaleLinear<number, number> } {
  const { width, height, margin: m } = frame;
  return {
    x: scaleBand<string>().domain(keys).range([m.left, width - m.right]).paddingInner(0.3).paddingOuter(0.2),
    y: scaleLinear().domain([0, domainMax]).nice().range([height - m.bottom, m.top]),
  };
}

export function boxShape(b: BoxStats, key: string, x: ScaleBand<string>, y: ScaleLinear<number, number>): BoxShape {
  return {
    x: x(key) ?? 0,
    width: x.bandwidth(),
    whiskerTop: y(b.max),
    boxTop: y(b.q3),
    median: y(b.median),
    boxBottom: y(b.q1),
    whiskerBottom: y(b.min),
  };
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Histogram bins [from, to) as bars over a linear x axis spanning the bins. */
export function histogramBars(bins: ReadonlyArray<{ from: number; to: number; count: number }>, frame: Frame): { bars: Bar[]; x: ScaleLinear<number, number>; y: ScaleLinear<number, number> } {
  const { width, height, margin: m } = frame;
  const lo = bins.length ? bins[0]!.from : 0;
  const hi = bins.length ? bins[bins.length - 1]!.to : 1;
  const x = scaleLinear().domain([lo, hi]).range([m.left, width - m.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...bins.map((b) => b.count))])
    .nice()
    .range([height - m.bottom, m.top]);
  const bars = bins.map((b) => ({ x: x(b.from) + 0.5, y: y(b.count), width: Math.max(0, x(b.to) - x(b.from) - 1), height: y(0) - y(b.count) }));
  return { bars, x, y };
}
