/**
 * The paper layer: grid, cluster bands, calibration pulses, traces and the uncertainty / Grad-CAM tracks, for the
 * part of the paper in view. Everything is laid out in mm (lib/paper/layouts.ts) and drawn at pxPerMm; the grid
 * is snapped to device pixels so 1 mm squares stay crisp and square at any calibration.
 */
import type { ExplanationSegment } from '../../src-main/api/contract/explanation.js';
import { gridLines } from '../lib/paper/grid-lines.js';
import type { Panel, PaperLayout, Track } from '../lib/paper/layouts.js';
import { drawBands } from './draw-bands.js';
import { PAPER, withAlpha } from './paper-colours.js';
import type { TracePaths } from './trace-paths.js';

export interface Viewport {
  /** paper px at the canvas's top-left corner */
  x: number;
  y: number;
  width: number;
  height: number;
  dpr: number;
}

export interface StepSeries {
  stepSeconds: number;
  offsetSeconds: number;
  values: ReadonlyArray<number | null>;
}

export interface PaperScene {
  layout: PaperLayout;
  pxPerMm: number;
  speed: number;
  gain: number;
  fs: number;
  signals: Float32Array[];
  /** changes whenever `signals` or the layout/scale change (the trace cache key) */
  tracesKey: string;
  colours: ReadonlyMap<number, string>;
  bands?: readonly ExplanationSegment[];
  uncertainty?: StepSeries & { labels: readonly number[] };
  gradCam?: StepSeries;
}

function drawGrid(ctx: CanvasRenderingContext2D, s: PaperScene, v: Viewport): void {
  const mm = s.pxPerMm;
  const xs = gridLines(v.x, v.x + v.width, mm, s.layout.width);
  const ys = gridLines(v.y, v.y + v.height, mm, s.layout.footerY);
  const x0 = (0 - v.x) * v.dpr;
  const x1 = (s.layout.width * mm - v.x) * v.dpr;
  const y0 = (0 - v.y) * v.dpr;
  const y1 = (s.layout.footerY * mm - v.y) * v.dpr;
  ctx.save();
  // Device px from here on, keeping the context's offset: the paper layer draws strips of a region this way.
  const base = ctx.getTransform();
  ctx.setTransform(1, 0, 0, 1, base.e, base.f);
  for (const [vertical, horizontal, colour, cssWidth] of [
    [xs.minor, ys.minor, PAPER.minor, 0.5],
    [xs.major, ys.major, PAPER.major, 1],
  ] as const) {
    // Whole device pixels, centred so that odd widths land on pixel centres: crisp lines at any calibration.
    const width = Math.max(1, Math.round(v.dpr * cssWidth));
    const snap = (p: number) => Math.round(p) + (width % 2) / 2;
    ctx.beginPath();
    for (const x of vertical) {
      ctx.moveTo(snap((x - v.x) * v.dpr), y0);
      ctx.lineTo(snap((x - v.x) * v.dpr), y1);
    }
    for (const y of horizontal) {
      ctx.moveTo(x0, snap((y - v.y) * v.dpr));
      ctx.lineTo(x1, snap((y - v.y) * v.dpr));
    }
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }
  ctx.restore();
}

const visible = (v: Viewport, x: number, y: number, w: number, h: number) => x < v.x + v.width && x + w > v.x && y < v.y + v.height && y + h > v.y;

function drawCalibration(ctx: CanvasRenderingContext2D, s: PaperScene): void {
  const mm = s.pxPerMm;
  const pulseMm = 0.2 * s.speed;
  ctx.beginPath();
  for (const r of s.layout.rows) {
    const y = r.baseline * mm;
    const top = (r.baseline - s.gain) * mm;
    const a = 2 * mm;
    const b = 3 * mm;
    const c = (3 + pulseMm) * mm;
    const d = (4 + pulseMm) * mm;
    ctx.moveTo(a, y);
    ctx.lineTo(b, y);
    ctx.lineTo(b, top);
    ctx.lineTo(c, top);
    ctx.lineTo(c, y);
    ctx.lineTo(d, y);
  }
  ctx.strokeStyle = PAPER.calibration;
  ctx.lineWidth = 1.2;
  ctx.stroke();
}

function drawTraces(ctx: CanvasRenderingContext2D, s: PaperScene, panels: Panel[], paths: TracePaths): void {
  const mm = s.pxPerMm;
  ctx.strokeStyle = PAPER.trace;
  ctx.lineWidth = 1.1;
  ctx.lineJoin = 'round';
  for (const p of panels) {
    // Column boundaries: a short tick, as printed ECGs mark where one lead group gives way to the next.
    if (p.t0 > s.layout.t0) {
      ctx.fillStyle = PAPER.separator;
      ctx.fillRect(p.x * mm - 0.5, (p.baseline - 3) * mm, 1, 6 * mm);
    }
    const path = paths.path(s.tracesKey, p, s.signals[p.leadIndex], s.fs, mm, s.speed, s.gain);
    if (!path) continue;
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x * mm, 0, p.width * mm, s.layout.footerY * mm);
    ctx.clip();
    ctx.stroke(path);
    ctx.restore();
  }
}

/** Steps of a series as x spans (px) within the page window, with their index. */
function* stepSpans(series: StepSeries, s: PaperScene): Generator<{ i: number; x: number; w: number }> {
  const mm = s.pxPerMm;
  const { t0, t1, left } = s.layout;
  const first = Math.max(0, Math.floor((t0 - series.offsetSeconds) / series.stepSeconds));
  const last = Math.min(series.values.length, Math.ceil((t1 - series.offsetSeconds) / series.stepSeconds));
  for (let i = first; i < last; i++) {
    const a = Math.max(t0, series.offsetSeconds + i * series.stepSeconds);
    const b = Math.min(t1, series.offsetSeconds + (i + 1) * series.stepSeconds);
    if (b > a) yield { i, x: (left + (a - t0) * s.speed) * mm, w: (b - a) * s.speed * mm };
  }
}

const STRIP_MM = 3;

function drawTrack(ctx: CanvasRenderingContext2D, s: PaperScene, track: Track): void {
  const mm = s.pxPerMm;
  const top = track.y * mm;
  const bottom = (track.y + track.height - 1) * mm;
  if (track.kind === 'uncertainty' && s.uncertainty) {
    const u = s.uncertainty;
    for (const { i, x, w } of stepSpans(u, s)) {
      const label = u.labels[i];
      if (label !== undefined && label >= 0) {
        ctx.fillStyle = withAlpha(s.colours.get(label) ?? '#999999', PAPER.stripAlpha);
        ctx.fillRect(x, top, w, STRIP_MM * mm);
      }
    }
    areaPlot(ctx, u, s, top + (STRIP_MM + 1) * mm, bottom, PAPER.uncertainty);
  } else if (track.kind === 'gradcam' && s.gradCam) areaPlot(ctx, s.gradCam, s, top + mm, bottom, PAPER.gradCam);
}

/** A 0–1 series as a stepped filled area between `top` (1) and `bottom` (0). */
function areaPlot(ctx: CanvasRenderingContext2D, series: StepSeries, s: PaperScene, top: number, bottom: number, colour: string): void {
  const h = bottom - top;
  ctx.fillStyle = withAlpha(colour, 0.45);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  const line = new Path2D();
  let open = false;
  for (const { i, x, w } of stepSpans(series, s)) {
    const v = series.values[i];
    if (v === null || v === undefined) {
      open = false;
      continue;
    }
    const y = bottom - Math.max(0, Math.min(1, v)) * h;
    ctx.fillRect(x, y, w, bottom - y);
    if (open) line.lineTo(x, y);
    else line.moveTo(x, y);
    line.lineTo(x + w, y);
    open = true;
  }
  ctx.stroke(line);
}

export function drawPaper(ctx: CanvasRenderingContext2D, s: PaperScene, v: Viewport, paths: TracePaths): void {
  const mm = s.pxPerMm;
  ctx.fillStyle = PAPER.background;
  ctx.fillRect(0, 0, v.width, v.height);
  ctx.save();
  ctx.translate(-v.x, -v.y);
  const panels = s.layout.panels.filter((p) => visible(v, p.x * mm, p.y * mm, p.width * mm, p.height * mm));
  drawBands(ctx, s, panels);
  ctx.restore();
  drawGrid(ctx, s, v);
  ctx.save();
  ctx.translate(-v.x, -v.y);
  drawCalibration(ctx, s);
  drawTraces(ctx, s, panels, paths);
  for (const t of s.layout.tracks) drawTrack(ctx, s, t);
  ctx.restore();
}
