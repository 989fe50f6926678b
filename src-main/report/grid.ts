/**
 * ECG paper: 1 mm minor lines (light pink) and 5 mm major lines (darker red), drawn as vector strokes at exact
 * multiples of 72/25.4 pt from the grid's corner, so a ruler on a 100 % print reads true millimetres.
 */
import type { Rect } from './layout.js';
import { mm } from './paper.js';
import type { Doc } from './text.js';

export const GRID_MINOR = '#F7C4CC';
export const GRID_MAJOR = '#E8788A';
const MINOR_WIDTH_MM = 0.08;
const MAJOR_WIDTH_MM = 0.18;

function lines(doc: Doc, r: Rect, keep: (i: number) => boolean): void {
  for (let i = 0; i <= Math.round(r.w); i++) {
    if (!keep(i)) continue;
    doc.moveTo(mm(r.x + i), mm(r.y)).lineTo(mm(r.x + i), mm(r.y + r.h));
  }
  for (let j = 0; j <= Math.round(r.h); j++) {
    if (!keep(j)) continue;
    doc.moveTo(mm(r.x), mm(r.y + j)).lineTo(mm(r.x + r.w), mm(r.y + j));
  }
}

/** The rectangle must be a whole number of millimetres wide and high (layout.ts makes it a multiple of 5). */
export function drawGrid(doc: Doc, r: Rect): void {
  doc.save();
  doc.lineWidth(mm(MINOR_WIDTH_MM)).strokeColor(GRID_MINOR);
  lines(doc, r, (i) => i % 5 !== 0);
  doc.stroke();
  doc.lineWidth(mm(MAJOR_WIDTH_MM)).strokeColor(GRID_MAJOR);
  lines(doc, r, (i) => i % 5 === 0);
  doc.stroke();
  doc.restore();
}
