/**
 * The ECG sheet of page 1: grid, cluster bands, calibration pulses, the twelve leads and the rhythm strip, lead
 * labels, the uncertainty strip and the line that states the scale. Bands go first so traces sit on top of them.
 */
import type { EcgRecord } from '../ecg/record.js';
import type { ClusterInfo } from '../explain/cluster-model.js';
import type { ViewExplanation } from '../explain/explain-ecg.js';
import { drawBands, drawSeriesArea, UNCERTAINTY_FILL } from './bands.js';
import { drawGrid } from './grid.js';
import type { SheetLayout, TraceCell } from './layout.js';
import { mm } from './paper.js';
import { MUTED, text, textWidth, type Doc } from './text.js';
import { drawPulse, drawTrace, strokeTraces } from './trace.js';

export function leadIndex(record: EcgRecord, lead: string): number {
  return record.leads.indexOf(lead as EcgRecord['leads'][number]);
}

/** Short ticks where one lead column gives way to the next (the row's other columns show other leads). */
function drawColumnTicks(doc: Doc, cells: TraceCell[]): void {
  for (const c of cells) {
    if (c.t0 === 0) continue;
    doc.moveTo(mm(c.x), mm(c.baseline - 3)).lineTo(mm(c.x), mm(c.baseline + 3));
  }
}

function drawLabels(doc: Doc, record: EcgRecord, cells: TraceCell[]): void {
  for (const c of cells) {
    const k = leadIndex(record, c.lead);
    const derived = record.derived?.includes(c.lead) ? '*' : '';
    const label = k < 0 ? `${c.lead} (not recorded)` : `${c.lead}${derived}`;
    text(doc, label, c.x + 0.8, c.top + 0.8, 30, { font: 'bold', size: 8 });
  }
}

export interface SheetBands {
  view: ViewExplanation;
  legend: ClusterInfo[];
}

/** Draws the sheet; clipping keeps a wild trace (or a gain of 20) inside the grid. */
export function drawSheet(doc: Doc, record: EcgRecord, layout: SheetLayout, bands: SheetBands | undefined): void {
  const { grid, speed, gain } = layout;
  drawGrid(doc, grid);
  doc.save();
  doc.rect(mm(grid.x), mm(grid.y), mm(grid.w), mm(grid.h)).clip();
  if (bands) for (const cell of layout.cells) drawBands(doc, bands.view, bands.legend, cell, speed);
  for (const p of layout.pulses) drawPulse(doc, p, layout.pulseWidth, layout.pulseHeight);
  drawColumnTicks(doc, layout.cells);
  for (const cell of layout.cells) {
    const k = leadIndex(record, cell.lead);
    if (k >= 0) drawTrace(doc, record.samples[k]!, record.fs, cell, speed, gain);
  }
  strokeTraces(doc);
  doc.restore();
  drawLabels(doc, record, layout.cells);

  const u = layout.uncertainty;
  if (bands) {
    drawSeriesArea(doc, bands.view.entropy, bands.view, u, layout.rhythmSeconds, UNCERTAINTY_FILL);
    text(doc, '1', u.x - 3, u.y - 0.6, 2.5, { size: 5.5, color: MUTED, align: 'right' });
    text(doc, '0', u.x - 3, u.y + u.h - 2, 2.5, { size: 5.5, color: MUTED, align: 'right' });
    const lw = textWidth(doc, 'uncertainty (entropy)', { size: 5 }) + 1;
    doc.save().rect(mm(u.x + 0.3), mm(u.y + 0.3), mm(lw), mm(2.2)).fillOpacity(0.8).fill('#FFFFFF').restore();
    text(doc, 'uncertainty (entropy)', u.x + 0.8, u.y + 0.6, lw, { size: 5, color: MUTED });
  } else {
    text(doc, 'Explanation not analysed: no cluster bands, no uncertainty strip', u.x, u.y + u.h / 2 - 1.3, u.w, { size: 7, color: MUTED });
  }
}

/** The scale line printed under the sheet (speed and gain always shown, DESIGN.md §5). */
export function scaleLine(record: EcgRecord, layout: SheetLayout, filters: string): string {
  const seconds = (record.samples[0]?.length ?? 0) / record.fs;
  const derived = record.derived?.length ? ` · * derived from I and II` : '';
  return (
    `${layout.speed} mm/s   ${layout.gain} mm/mV   Filters: ${filters}   ` +
    `Layout 3×4 (${layout.columnSeconds} s per column) + ${layout.rhythmSeconds} s rhythm strip   ` +
    `${record.fs} Hz · ${seconds.toFixed(1)} s recorded${derived}`
  );
}
