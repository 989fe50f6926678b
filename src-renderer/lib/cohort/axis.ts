/** A Svelte action that draws a d3 axis into an SVG <g> and redraws it when its scale changes. */
import { axisBottom, axisLeft, select, type AxisDomain, type AxisScale, type ScaleBand, type ScaleLinear } from 'd3';

export interface AxisSpec {
  scale: ScaleBand<string> | ScaleLinear<number, number>;
  side: 'left' | 'bottom';
  ticks?: number;
  format?: (v: AxisDomain) => string;
  /** degrees to turn the tick labels (long category names) */
  rotate?: number;
}

function draw(node: SVGGElement, spec: AxisSpec): void {
  // d3's axis typing wants one domain type; both scales here take the values their own ticks produce
  const scale = spec.scale as unknown as AxisScale<AxisDomain>;
  const axis = spec.side === 'left' ? axisLeft(scale) : axisBottom(scale);
  if (spec.ticks !== undefined) axis.ticks(spec.ticks);
  if (spec.format) axis.tickFormat(spec.format);
  const g = select(node).call(axis);
  if (spec.rotate) g.selectAll('text').attr('transform', `rotate(${spec.rotate})`).attr('dx', '-0.4em').attr('dy', '0.6em').style('text-anchor', 'end');
}

export function axis(node: SVGGElement, spec: AxisSpec) {
  draw(node, spec);
  return { update: (next: AxisSpec) => draw(node, next) };
}
