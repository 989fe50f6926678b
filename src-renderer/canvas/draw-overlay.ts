/**
 * The overlay layer: the time cursor, the outline of the hovered cluster band and the calipers. It is redrawn
 * on every pointer move, so it holds nothing costly; the paper layer beneath is left alone.
 */
import type { CaliperPoint } from '../lib/paper/caliper.js';
import type { Panel, PaperLayout } from '../lib/paper/layouts.js';
import { PAPER } from './paper-colours.js';
import type { Viewport } from './draw-paper.js';

export interface OverlayScene {
  layout: PaperLayout;
  pxPerMm: number;
  speed: number;
  gain: number;
  cursorT?: number;
  /** the hovered band: its panel and time span */
  hoverBand?: { panel: Panel; start: number; end: number };
  calipers: CaliperPoint[];
}

export const timeToPx = (s: Pick<OverlayScene, 'layout' | 'pxPerMm' | 'speed'>, t: number): number =>
  (s.layout.left + (t - s.layout.t0) * s.speed) * s.pxPerMm;

/** Nothing to draw: no cursor, no hovered band, no caliper points. */
export const overlayIsEmpty = (s: OverlayScene): boolean => s.cursorT === undefined && !s.hoverBand && s.calipers.length === 0;

function caliperY(s: OverlayScene, p: CaliperPoint): number | undefined {
  if (p.mv === undefined || p.lead === undefined) return undefined;
  const panel = s.layout.panels.find((q) => q.lead === p.lead && !!q.rhythm === !!p.rhythm && p.t >= q.t0 && p.t < q.t1);
  return panel ? (panel.baseline - p.mv * s.gain) * s.pxPerMm : undefined;
}

export function drawOverlay(ctx: CanvasRenderingContext2D, s: OverlayScene, v: Viewport): void {
  ctx.clearRect(0, 0, v.width, v.height);
  ctx.save();
  ctx.translate(-v.x, -v.y);
  const mm = s.pxPerMm;
  const bottom = s.layout.footerY * mm;
  if (s.hoverBand) {
    const { panel, start, end } = s.hoverBand;
    const a = Math.max(start, panel.t0);
    const b = Math.min(end, panel.t1);
    ctx.strokeStyle = PAPER.caliper;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(timeToPx(s, a), panel.y * mm, (b - a) * s.speed * mm, panel.height * mm);
  }
  if (s.cursorT !== undefined) {
    const x = Math.round(timeToPx(s, s.cursorT)) + 0.5;
    ctx.strokeStyle = PAPER.cursor;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, bottom);
    ctx.stroke();
  }
  ctx.strokeStyle = PAPER.caliper;
  ctx.fillStyle = PAPER.caliper;
  ctx.lineWidth = 1.5;
  const points = s.calipers.map((p) => ({ x: timeToPx(s, p.t), y: caliperY(s, p) }));
  for (const p of points) {
    ctx.beginPath();
    ctx.moveTo(p.x, 0);
    ctx.lineTo(p.x, bottom);
    ctx.stroke();
    if (p.y !== undefined) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  const [a, b] = points;
  if (a && b) {
    const y = a.y ?? 12;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(a.x, y);
    ctx.lineTo(b.x, y);
    if (b.y !== undefined) ctx.lineTo(b.x, b.y);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.restore();
}
