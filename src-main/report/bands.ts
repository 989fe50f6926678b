/**
 * The explanation on the sheet: translucent cluster bands behind each trace cell (the clusters are over time,
 * shared by all leads, so every cell shows the stretch of the segmentation its time window covers) and the
 * uncertainty strip, a filled area of the normalised entropy (0 certain, 1 uniform) on the rhythm strip's axis.
 */
import type { ViewExplanation } from '../explain/explain-ecg.js';
import type { ClusterInfo } from '../explain/cluster-model.js';
import { clusterColour } from '../explain/palette.js';
import type { Rect, TraceCell } from './layout.js';
import { mm } from './paper.js';
import type { Doc } from './text.js';

export const BAND_OPACITY = 0.25;
export const UNCERTAINTY_FILL = '#3C5A8C';

/** True for red and near-red hues, the grid's colour, which a band must never take (DESIGN.md §5). */
export function isReddish(hex: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return false;
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const sat = max === 0 ? 0 : (max - min) / max;
  if (max !== r || sat < 0.15 || max - min < 0.12) return false;
  const hue = ((((g - b) / (max - min)) % 6) + 6) % 6 * 60;
  return hue <= 10 || hue >= 340;
}

/** The colour of cluster `id`: the legend's, else the palette's; a reddish legend colour gives way to the palette. */
export function bandColour(id: number, legend: ClusterInfo[] | undefined): string {
  const c = legend?.find((l) => l.id === id)?.colour;
  return c && !isReddish(c) ? c : clusterColour(id);
}

export function drawBands(doc: Doc, view: ViewExplanation, legend: ClusterInfo[] | undefined, cell: TraceCell, speed: number): void {
  doc.save();
  for (const s of view.segments) {
    const a = Math.max(s.start, cell.t0);
    const b = Math.min(s.end, cell.t1);
    if (b <= a) continue;
    doc
      .rect(mm(cell.x + (a - cell.t0) * speed), mm(cell.top), mm((b - a) * speed), mm(cell.height))
      .fillOpacity(BAND_OPACITY)
      .fill(bandColour(s.cluster, legend));
  }
  doc.restore();
}

/**
 * Step-wise filled area of one per-step series (entropy or Grad-CAM, values in [0, 1]; null = padding, a gap)
 * over [0, seconds) of the record, inside `r` (0 at the bottom edge, 1 at the top).
 */
export function drawSeriesArea(
  doc: Doc,
  values: Array<number | null>,
  timing: { stepSeconds: number; offsetSeconds: number },
  r: Rect,
  seconds: number,
  colour: string,
  opacity = 0.85,
): void {
  const speed = r.w / seconds;
  const xOf = (t: number) => mm(r.x + Math.min(Math.max(t, 0), seconds) * speed);
  const yOf = (v: number) => mm(r.y + r.h - Math.min(Math.max(v, 0), 1) * r.h);
  const bottom = mm(r.y + r.h);
  doc.save();
  let open = false;
  let lastX = 0;
  const close = () => {
    if (!open) return;
    doc.lineTo(lastX, bottom).closePath();
    open = false;
  };
  values.forEach((v, i) => {
    const t0 = timing.offsetSeconds + i * timing.stepSeconds;
    const t1 = t0 + timing.stepSeconds;
    if (v === null || t1 <= 0 || t0 >= seconds) {
      close();
      return;
    }
    if (!open) {
      doc.moveTo(xOf(t0), bottom);
      open = true;
    }
    doc.lineTo(xOf(t0), yOf(v)).lineTo(xOf(t1), yOf(v));
    lastX = xOf(t1);
  });
  close();
  doc.fillOpacity(opacity).fill(colour);
  doc.restore();
  doc.save().lineWidth(mm(0.1)).strokeColor('#888888').rect(mm(r.x), mm(r.y), mm(r.w), mm(r.h)).stroke().restore();
}
