/**
 * Page 2 (optional): every view's segmentation (one per explained block and their combination) and its
 * uncertainty on the same time axis as a lead II strip at true scale, then Grad-CAM per class over the clusters
 * with the share of Grad-CAM mass each cluster holds, and the surrogate's drivers per class.
 */
import type { EcgRecord } from '../ecg/record.js';
import type { Explanation, ViewExplanation } from '../explain/explain-ecg.js';
import type { ClusterInfo } from '../explain/cluster-model.js';
import { bandColour, drawBands, drawSeriesArea, UNCERTAINTY_FILL } from './bands.js';
import { shownView } from './footer.js';
import { drawGrid } from './grid.js';
import type { ReportInput } from './input.js';
import { ROW_PITCH_MM, type Rect, type SheetLayout, type TraceCell } from './layout.js';
import { mm } from './paper.js';
import { leadIndex } from './sheet.js';
import { fmt, MUTED, text, textWidth, type Doc } from './text.js';
import { drawPulse, drawTrace, strokeTraces } from './trace.js';

const CAM_FILL = '#333333';

/**
 * Share of a class's Grad-CAM mass that falls in each cluster of a view: every Grad-CAM step's value goes to the
 * cluster of the view step under its midpoint (steps over padding count for nothing).
 */
export function camMassByCluster(cam: number[], camTiming: { stepSeconds: number; offsetSeconds: number }, view: ViewExplanation): number[] {
  const mass = new Array<number>(view.k).fill(0);
  let total = 0;
  cam.forEach((v, i) => {
    const t = camTiming.offsetSeconds + (i + 0.5) * camTiming.stepSeconds;
    const step = Math.floor((t - view.offsetSeconds) / view.stepSeconds);
    const label = view.labels[step];
    if (label === undefined || label < 0 || !(v > 0)) return;
    mass[label]! += v;
    total += v;
  });
  return total > 0 ? mass.map((m) => m / total) : mass;
}

const clusterName = (legend: ClusterInfo[] | undefined, id: number) => legend?.find((l) => l.id === id)?.name ?? `cluster ${id}`;

/** The n clusters with the largest values (largest magnitudes when signed); zeros are not listed. */
export function topClusters(values: number[], legend: ClusterInfo[] | undefined, n: number, signed = false): string {
  const top = values
    .map((v, id) => ({ v, id }))
    .filter(({ v }) => Math.abs(v) >= 0.005)
    .sort((a, b) => (signed ? Math.abs(b.v) - Math.abs(a.v) : b.v - a.v))
    .slice(0, n);
  if (!top.length) return 'none';
  return top
    .map(({ v, id }) => `${clusterName(legend, id)} ${signed ? (v >= 0 ? '+' : '\u2212') + Math.abs(v).toFixed(2) : `${Math.round(v * 100)} %`}`)
    .join(', ');
}

function segmentStrip(doc: Doc, view: ViewExplanation, legend: ClusterInfo[] | undefined, r: Rect, seconds: number): void {
  doc.save();
  for (const s of view.segments) {
    const a = Math.max(0, s.start);
    const b = Math.min(seconds, s.end);
    if (b <= a) continue;
    doc.rect(mm(r.x + (a * r.w) / seconds), mm(r.y), mm(((b - a) * r.w) / seconds), mm(r.h)).fillOpacity(0.8).fill(bandColour(s.cluster, legend));
  }
  doc.restore();
  doc.save().lineWidth(mm(0.1)).strokeColor('#888888').rect(mm(r.x), mm(r.y), mm(r.w), mm(r.h)).stroke().restore();
}

function viewLegendLine(doc: Doc, view: ViewExplanation, legend: ClusterInfo[] | undefined, x: number, y: number, w: number): void {
  let cx = x;
  for (let id = 0; id < view.k && cx < x + w - 10; id++) {
    doc.save().rect(mm(cx), mm(y + 0.3), mm(2.2), mm(1.8)).fillOpacity(0.8).fill(bandColour(id, legend)).restore();
    const name = clusterName(legend, id);
    const nw = Math.min(textWidth(doc, name, { size: 5.5 }), x + w - cx - 3);
    text(doc, name, cx + 2.8, y, nw + 0.5, { size: 5.5 });
    cx += 2.8 + nw + 2.5;
  }
}

function drawStripWithTrace(doc: Doc, record: EcgRecord, sheet: SheetLayout, lead: string, top: number, bands: ReturnType<typeof shownView>): number {
  const grid: Rect = { x: sheet.grid.x, y: top, w: sheet.grid.w, h: ROW_PITCH_MM };
  drawGrid(doc, grid);
  const cell: TraceCell = { lead, row: 0, t0: 0, t1: sheet.rhythmSeconds, x: sheet.traceLeft, baseline: top + 0.6 * ROW_PITCH_MM, top, height: ROW_PITCH_MM };
  doc.save().rect(mm(grid.x), mm(grid.y), mm(grid.w), mm(grid.h)).clip();
  if (bands) drawBands(doc, bands.view, bands.legend, cell, sheet.speed);
  drawPulse(doc, { x: sheet.pulses[0]!.x, baseline: cell.baseline }, sheet.pulseWidth, sheet.pulseHeight);
  const k = leadIndex(record, lead);
  if (k >= 0) drawTrace(doc, record.samples[k]!, record.fs, cell, sheet.speed, sheet.gain);
  strokeTraces(doc);
  doc.restore();
  text(doc, lead, cell.x + 0.8, top + 0.8, 20, { font: 'bold', size: 8 });
  return top + ROW_PITCH_MM;
}

function drawViews(doc: Doc, e: Explanation, input: ReportInput, sheet: SheetLayout, top: number): number {
  let y = top;
  const w = sheet.rhythmSeconds * sheet.speed;
  for (const v of e.views) {
    const legend = v.clusters;
    const head = `${v.view}${v.view === e.defaultView ? ' (default)' : ''}: K = ${v.k}, step ${(v.stepSeconds * 1000).toFixed(0)} ms, mean uncertainty ${v.meanUncertainty.toFixed(2)}`;
    const hw = text(doc, head, sheet.grid.x, y, w * 0.5, { font: 'bold', size: 6.5 });
    viewLegendLine(doc, v, legend, sheet.grid.x + hw + 3, y + 0.2, sheet.traceLeft + w - (sheet.grid.x + hw + 3));
    segmentStrip(doc, v, legend, { x: sheet.traceLeft, y: y + 2.8, w, h: 4 }, sheet.rhythmSeconds);
    drawSeriesArea(doc, v.entropy, v, { x: sheet.traceLeft, y: y + 7.2, w, h: 2.8 }, sheet.rhythmSeconds, UNCERTAINTY_FILL);
    text(doc, 'clusters', sheet.grid.x, y + 3.6, sheet.traceLeft - sheet.grid.x - 0.5, { size: 5, color: MUTED });
    text(doc, 'entropy', sheet.grid.x, y + 7.5, sheet.traceLeft - sheet.grid.x - 0.5, { size: 5, color: MUTED });
    y += 11.5;
  }
  return y;
}

function drawGradCam(doc: Doc, e: Explanation, input: ReportInput, sheet: SheetLayout, top: number, bottom: number): number {
  const shown = shownView(input)!;
  const w = sheet.rhythmSeconds * sheet.speed;
  const rowH = 8;
  const order = e.classes
    .map((c, i) => ({ c, i, p: e.cnn.probabilities[i] ?? 0, called: e.cnn.predicted[i] ?? false }))
    .sort((a, b) => Number(b.called) - Number(a.called) || b.p - a.p);
  const fits = Math.max(0, Math.floor((bottom - top - 4) / rowH));
  text(doc, `Grad-CAM per class (last block), over the clusters of \u201c${shown.view.view}\u201d; share of Grad-CAM mass per cluster`, sheet.grid.x, top, sheet.grid.w, { font: 'bold', size: 7 });
  let y = top + 3.6;
  for (const { c, i, p, called } of order.slice(0, fits).sort((a, b) => a.i - b.i)) {
    const cam = e.gradCam.classes.find((g) => g.class === c)?.values ?? [];
    const share = camMassByCluster(cam, e.gradCam, shown.view);
    const mass = share.some((v) => v > 0) ? `Grad-CAM mass: ${topClusters(share, shown.legend, 4)}` : 'no positive Grad-CAM';
    text(doc, `${c}  CNN p ${fmt(p, '', 3)}${called ? ' (called)' : ''}  \u2014  ${mass}`, sheet.grid.x, y, sheet.grid.w, { size: 6.5, font: called ? 'bold' : 'body' });
    const r: Rect = { x: sheet.traceLeft, y: y + 2.6, w, h: 4.6 };
    const cell: TraceCell = { lead: c, row: 0, t0: 0, t1: sheet.rhythmSeconds, x: r.x, baseline: r.y, top: r.y, height: r.h };
    drawBands(doc, shown.view, shown.legend, cell, sheet.speed);
    drawSeriesArea(doc, cam, e.gradCam, r, sheet.rhythmSeconds, CAM_FILL, 0.5);
    y += rowH;
  }
  if (order.length > fits) text(doc, `${order.length - fits} less probable classes not shown`, sheet.grid.x, y, sheet.grid.w, { size: 6, color: MUTED });
  return y + 1;
}

function drawDrivers(doc: Doc, e: Explanation, input: ReportInput, area: Rect, top: number): void {
  const s = e.surrogate;
  text(doc, 'Surrogate forest on cluster shares: drivers per class', area.x, top, area.w, { font: 'bold', size: 7 });
  if (!s) {
    text(doc, 'no surrogate in this cluster model', area.x, top + 3.4, area.w, { color: MUTED });
    return;
  }
  const legend = shownView(input)!.legend;
  const rows = Math.max(0, Math.floor((area.y + area.h - top - 3.4) / 3));
  s.drivers.slice(0, rows).forEach((d, i) => {
    const c = e.classes.indexOf(d.class);
    const line = `${d.class}: surrogate p ${fmt(s.probabilities[c], '', 3)} \u00b7 importance ${topClusters(d.global, legend, 3)} \u00b7 this ECG moves p: ${d.local ? topClusters(d.local, legend, 3, true) : 'not known (its surrogate is not installed)'}`;
    text(doc, line, area.x, top + 3.4 + i * 3, area.w, { size: 6.5 });
  });
}

/** Draws page 2 below `top` inside `area`; the caller has added the page. */
export function drawDetails(doc: Doc, input: ReportInput, sheet: SheetLayout, area: Rect, top: number, lead: string): void {
  const e = input.explanation;
  if (!e) {
    text(doc, 'Explanation not analysed: no segmentation or Grad-CAM to show.', area.x, top, area.w, { size: 8, color: MUTED });
    return;
  }
  let y = drawStripWithTrace(doc, input.record, sheet, lead, top, shownView(input));
  y = drawViews(doc, e, input, sheet, y + 2);
  const driversH = 3.4 + 3 * Math.min(e.classes.length, 8) + 1;
  y = drawGradCam(doc, e, input, sheet, y + 1, area.y + area.h - driversH);
  drawDrivers(doc, e, input, area, y + 2);
}
