/**
 * Traces as black vector paths. Where more than two samples fall in one 0.1 mm column (1 kHz at 25 mm/s has
 * four) only each column's minimum and maximum are kept, in time order: the drawn envelope is the same to the
 * eye and the file stays small. Traces are never rasterised.
 */
import type { Gain, Speed } from './paper.js';
import { mm } from './paper.js';
import type { TraceCell } from './layout.js';
import type { Doc } from './text.js';

export const COLUMN_MM = 0.1;
export const TRACE_WIDTH_MM = 0.22;

/** Indices of samples [start, end) to draw when `perColumn` samples share one drawing column. */
export function decimateIndices(x: ArrayLike<number>, start: number, end: number, perColumn: number): number[] {
  const out: number[] = [];
  if (perColumn <= 2) {
    for (let i = start; i < end; i++) out.push(i);
    return out;
  }
  const columns = Math.ceil((end - start) / perColumn);
  for (let c = 0; c < columns; c++) {
    const a = start + Math.floor(c * perColumn);
    const b = Math.min(end, start + Math.floor((c + 1) * perColumn));
    let lo = -1;
    let hi = -1;
    for (let i = a; i < b; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < x[lo]!) lo = i;
      if (hi < 0 || v > x[hi]!) hi = i;
    }
    if (lo < 0) {
      out.push(a); // a gap: keep one NaN so the path breaks here
      continue;
    }
    if (lo === hi) out.push(lo);
    else out.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return out;
}

/** Median of the finite samples in [start, end): the level drawn on the baseline (removes DC offset only). */
export function windowMedian(x: ArrayLike<number>, start: number, end: number): number {
  const v: number[] = [];
  for (let i = start; i < end; i++) if (Number.isFinite(x[i]!)) v.push(x[i]!);
  if (!v.length) return 0;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Draws one lead over the cell's time window; returns how many points the path has. */
export function drawTrace(doc: Doc, x: ArrayLike<number>, fs: number, cell: TraceCell, speed: Speed, gain: Gain): number {
  const start = Math.max(0, Math.round(cell.t0 * fs));
  const end = Math.min(x.length, Math.round(cell.t1 * fs));
  if (end - start < 2) return 0;
  const perColumn = fs / (speed / COLUMN_MM);
  const level = windowMedian(x, start, end);
  let points = 0;
  let pen = false;
  for (const i of decimateIndices(x, start, end, perColumn)) {
    const v = x[i]!;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const px = r2(mm(cell.x + (i / fs - cell.t0) * speed));
    const py = r2(mm(cell.baseline - (v - level) * gain));
    if (pen) doc.lineTo(px, py);
    else doc.moveTo(px, py);
    pen = true;
    points++;
  }
  return points;
}

/** Strokes what drawTrace built, in black. */
export function strokeTraces(doc: Doc): void {
  doc.lineWidth(mm(TRACE_WIDTH_MM)).lineJoin('round').strokeColor('#000000').stroke();
}

/** 1 mV for 200 ms, drawn as a step up and back down on the row's baseline. */
export function drawPulse(doc: Doc, p: { x: number; baseline: number }, width: number, height: number): void {
  const lead = 1.5;
  doc
    .moveTo(mm(p.x - lead), mm(p.baseline))
    .lineTo(mm(p.x), mm(p.baseline))
    .lineTo(mm(p.x), mm(p.baseline - height))
    .lineTo(mm(p.x + width), mm(p.baseline - height))
    .lineTo(mm(p.x + width), mm(p.baseline))
    .lineTo(mm(p.x + width + lead), mm(p.baseline));
}
