/**
 * Cluster bands: a translucent rectangle in the cluster's colour behind each panel's trace for every segment
 * overlapping the panel's window. Written against the two members of a 2D context it uses, so it runs (and is
 * tested) without a DOM.
 */
import type { ExplanationSegment } from '../../src-main/api/contract/explanation.js';
import { bandsInWindow } from '../lib/explain/segments.js';
import type { Panel } from '../lib/paper/layouts.js';
import { PAPER, withAlpha } from './paper-colours.js';

export interface RectPainter {
  fillStyle: unknown;
  fillRect(x: number, y: number, width: number, height: number): void;
}

export interface BandScene {
  bands?: readonly ExplanationSegment[];
  colours: ReadonlyMap<number, string>;
  pxPerMm: number;
  speed: number;
}

export function drawBands(ctx: RectPainter, s: BandScene, panels: readonly Panel[]): void {
  if (!s.bands) return;
  const mm = s.pxPerMm;
  for (const p of panels) {
    for (const b of bandsInWindow(s.bands, p.t0, p.t1, p.x * mm, s.speed * mm)) {
      ctx.fillStyle = withAlpha(s.colours.get(b.cluster) ?? '#999999', PAPER.bandAlpha);
      ctx.fillRect(b.x, p.y * mm, b.width, p.height * mm);
    }
  }
}
