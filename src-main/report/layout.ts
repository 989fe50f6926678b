/**
 * Where things go, in millimetres from the page's top-left corner; pure, so tests check it without a PDF.
 *
 * The ECG sheet is the classic 3×4 + rhythm layout: three rows of four leads, each column showing the next
 * stretch of time (2.5 s at 25 mm/s), then a lead II rhythm strip over the whole width (10 s at 25 mm/s).
 * At 50 mm/s the same width holds half the time (1.25 s per column, 5 s rhythm). A 1 mV calibration pulse
 * 200 ms wide starts each row. Rows are 25 mm apart, the baseline on the 5 mm line nearest 60 % down the row
 * (R waves are taller than S).
 *
 * Room the page has left once the footer's content is placed (`spare`, see spareBelowSheet) goes, in this order:
 *
 * | to                     | grows by                 | why                                                       |
 * |------------------------|--------------------------|-----------------------------------------------------------|
 * | the uncertainty strip  | up to 5 mm (7 → 12)      | a 7 mm strip flattens the entropy to a few steps of height |
 * | the rhythm strip's row | 5 mm steps, up to 10 mm  | room for tall R and deep S waves in the strip read for rhythm |
 * | the uncertainty strip  | the rest, up to 15 mm    | so no band of blank paper is left above the notice        |
 *
 * Rows grow in whole 5 mm steps so the grid stays whole large squares and every scale stays true.
 */
import type { LeadName } from '../ecg/leads.js';
import { PAPER_MM, type Gain, type Paper, type Speed } from './paper.js';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const LAYOUT_3X4: LeadName[][] = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];

export const MARGIN_MM = { side: 8, top: 7, bottom: 7 };
export const HEADER_MM = 38;
export const ROW_PITCH_MM = 25;
const BASELINE_FRACTION = 0.6;
const MAX_COLUMN_S = 2.5;
const PULSE_S = 0.2;
const UNCERTAINTY_MM = { min: 7, grow: 5, max: 15 };
const RHYTHM_GROW_MM = 10;
/** Between the grid and the uncertainty strip, and below the strip to the top of the footer (the scale line). */
const STRIP_GAP_MM = 1.5;
export const SCALE_LINE_MM = 4.8;

/** One lead drawn over [t0, t1) s of the record, time t at x = x + (t − t0)·speed, 0 mV at y = baseline. */
export interface TraceCell {
  lead: LeadName;
  row: number;
  t0: number;
  t1: number;
  x: number;
  baseline: number;
  /** the row's band: from the row's top, `height` mm high (cluster bands fill it) */
  top: number;
  height: number;
}

export interface SheetLayout {
  grid: Rect;
  speed: Speed;
  gain: Gain;
  columnSeconds: number;
  rhythmSeconds: number;
  /** x of the first trace column (the calibration pulses sit left of it) */
  traceLeft: number;
  rows: Array<{ top: number; baseline: number; height: number }>;
  /** calibration pulse per row: starts at x on the row's baseline, `pulseWidth` wide and `pulseHeight` high */
  pulses: Array<{ x: number; baseline: number }>;
  pulseWidth: number;
  pulseHeight: number;
  cells: TraceCell[];
  /** the uncertainty strip under the rhythm strip, on its time axis (0 at the bottom, 1 at the top) */
  uncertainty: Rect;
}

export interface PageFrame {
  width: number;
  height: number;
  content: Rect;
}

export function pageFrame(paper: Paper): PageFrame {
  const { width, height } = PAPER_MM[paper];
  return {
    width,
    height,
    content: { x: MARGIN_MM.side, y: MARGIN_MM.top, w: width - 2 * MARGIN_MM.side, h: height - MARGIN_MM.top - MARGIN_MM.bottom },
  };
}

const ceil5 = (v: number) => Math.ceil(v / 5 - 1e-9) * 5;
const floor5 = (v: number) => Math.floor(v / 5 + 1e-9) * 5;

/** Height (mm) from the sheet's top to the footer's top when nothing grows: rows, strip, gaps and scale line. */
export function baseSheetHeight(leadRows = LAYOUT_3X4): number {
  return (leadRows.length + 1) * ROW_PITCH_MM + STRIP_GAP_MM + UNCERTAINTY_MM.min + SCALE_LINE_MM;
}

/** What the page leaves unused under the sheet when the footer needs `footerHeight` mm at the content's bottom. */
export function spareBelowSheet(area: Rect, top: number, footerHeight: number, leadRows = LAYOUT_3X4): number {
  return Math.max(0, area.y + area.h - footerHeight - (top + baseSheetHeight(leadRows)));
}

/**
 * The sheet for an area `width` mm wide starting at `top`, centred in it. `rows` lead rows (3 for 3×4) plus the
 * rhythm strip; `rhythmLead` names the strip's lead; `spare` mm of page below it may be used (table above).
 */
export function sheetLayout(area: { x: number; w: number }, top: number, speed: Speed, gain: Gain, rhythmLead: LeadName, leadRows = LAYOUT_3X4, spare = 0): SheetLayout {
  const pulseWidth = PULSE_S * speed;
  const calWidth = ceil5(pulseWidth + 4);
  // rounded down to 0.05 s so the time per column prints as a short number
  const columnSeconds = Math.min(MAX_COLUMN_S, Math.floor(((area.w - calWidth) / (4 * speed)) * 20) / 20);
  const traceWidth = 4 * columnSeconds * speed;
  const gridWidth = ceil5(calWidth + traceWidth);
  const x = area.x + (area.w - gridWidth) / 2;
  const rowCount = leadRows.length + 1;
  const room = Math.max(0, spare);
  const firstGrow = Math.min(UNCERTAINTY_MM.grow, room);
  const rhythmGrow = Math.min(RHYTHM_GROW_MM, floor5(room - firstGrow));
  const stripGrow = Math.min(UNCERTAINTY_MM.max - UNCERTAINTY_MM.min, room - rhythmGrow);
  const heights = Array.from({ length: rowCount }, (_, i) => ROW_PITCH_MM + (i === rowCount - 1 ? rhythmGrow : 0));
  const grid: Rect = { x, y: top, w: gridWidth, h: heights.reduce((a, b) => a + b, 0) };
  const traceLeft = x + calWidth;
  let rowTop = top;
  const rows = heights.map((height) => {
    const row = { top: rowTop, baseline: rowTop + 5 * Math.round((BASELINE_FRACTION * height) / 5), height };
    rowTop += height;
    return row;
  });
  const cells: TraceCell[] = [];
  leadRows.forEach((leads, r) =>
    leads.forEach((lead, c) =>
      cells.push({ lead, row: r, t0: c * columnSeconds, t1: (c + 1) * columnSeconds, x: traceLeft + c * columnSeconds * speed, baseline: rows[r]!.baseline, top: rows[r]!.top, height: rows[r]!.height }),
    ),
  );
  const rhythmSeconds = 4 * columnSeconds;
  const last = rows[rowCount - 1]!;
  cells.push({ lead: rhythmLead, row: rowCount - 1, t0: 0, t1: rhythmSeconds, x: traceLeft, baseline: last.baseline, top: last.top, height: last.height });
  return {
    grid,
    speed,
    gain,
    columnSeconds,
    rhythmSeconds,
    traceLeft,
    rows,
    pulses: rows.map((row) => ({ x: x + (calWidth - pulseWidth) / 2, baseline: row.baseline })),
    pulseWidth,
    pulseHeight: gain,
    cells,
    uncertainty: { x: traceLeft, y: grid.y + grid.h + STRIP_GAP_MM, w: traceWidth, h: UNCERTAINTY_MM.min + stripGrow },
  };
}

/** x (mm) of time t (s) in a cell. */
export const cellX = (cell: TraceCell, speed: number, t: number): number => cell.x + (t - cell.t0) * speed;
