/**
 * Which part of the paper the paper canvas holds (canvas/paper-layer.ts). The canvas lies on the paper like a
 * map tile and scrolls with it, so it is drawn once for as much of the paper as memory allows and drawn again
 * only when the view leaves it:
 *
 * | paper (CSS px)                                   | the canvas holds                                        |
 * |--------------------------------------------------|---------------------------------------------------------|
 * | area ≤ AREA_FACTOR × the view's, sides ≤ maxSide | the whole paper: panning never draws                     |
 * | larger (high zoom, long strips)                  | the view and up to half a view more on each side, within |
 * |                                                  | the paper and maxSide: drawn again after half a view    |
 *
 * Rectangles are in paper CSS px (the view's x, y are the scroll position); the region's edges are whole CSS px,
 * so at whole device-pixel ratios its device pixels line up with the view's.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The canvas may hold up to this many times the view's area. */
export const AREA_FACTOR = 4;

/** One axis: [start, start + length) holding [from, from + size), up to `margin` more on each side, within [0, total). */
function span(from: number, size: number, total: number, margin: number, maxLength: number): [number, number] {
  const length = Math.min(total, Math.max(Math.ceil(size), Math.min(maxLength, Math.ceil(size + 2 * margin))));
  const start = Math.max(0, Math.min(Math.floor(from - (length - size) / 2), total - length));
  return [start, length];
}

/** `maxSide`: the longest side (CSS px) a canvas may have, e.g. 8192 device px over the device-pixel ratio. */
export function layerRegion(view: Rect, paperWidth: number, paperHeight: number, maxSide: number): Rect {
  const width = Math.ceil(paperWidth);
  const height = Math.ceil(paperHeight);
  if (width * height <= AREA_FACTOR * Math.max(1, view.width * view.height) && width <= maxSide && height <= maxSide) return { x: 0, y: 0, width, height };
  const [x, w] = span(view.x, view.width, width, view.width / 2, maxSide);
  const [y, h] = span(view.y, view.height, height, view.height / 2, maxSide);
  return { x, y, width: w, height: h };
}

/** Whether `outer` holds all of `inner` (to within a hundredth of a px, for fractional scroll positions). */
export function covers(outer: Rect, inner: Rect): boolean {
  const e = 0.01;
  return inner.x >= outer.x - e && inner.y >= outer.y - e && inner.x + inner.width <= outer.x + outer.width + e && inner.y + inner.height <= outer.y + outer.height + e;
}

/**
 * The parts of `next` that `prev` does not hold, when both have the same size and overlap: a strip along x
 * (full height) and a strip along y (full width; their corner is listed twice, which costs a little and draws
 * the same pixels). Undefined when `next` shares nothing with `prev` or differs in size: draw it all.
 */
export function exposedStrips(prev: Rect, next: Rect): Rect[] | undefined {
  if (prev.width !== next.width || prev.height !== next.height) return undefined;
  const dx = next.x - prev.x;
  const dy = next.y - prev.y;
  if (Math.abs(dx) >= next.width || Math.abs(dy) >= next.height) return undefined;
  const strips: Rect[] = [];
  if (dx) strips.push({ x: dx > 0 ? prev.x + prev.width : next.x, y: next.y, width: Math.abs(dx), height: next.height });
  if (dy) strips.push({ x: next.x, y: dy > 0 ? prev.y + prev.height : next.y, width: next.width, height: Math.abs(dy) });
  return strips;
}
