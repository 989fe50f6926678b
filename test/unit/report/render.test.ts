/**
 * PDFs of a real 12-lead ECG (PTB-XL HR00001 in the CinC layout, read through the registry), with and without a
 * constructed explanation. Checked with poppler (text, page size, rendering, no raster images) and by reading the
 * drawing operators back: the grid's lines are exactly 72/25.4 pt apart, the calibration pulse is gain mm high,
 * and a trace point sits where its sample's time and voltage put it.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { GRID_MAJOR, GRID_MINOR } from '../../../src-main/report/grid.js';
import { HEADER_MM, pageFrame, sheetLayout } from '../../../src-main/report/layout.js';
import { mm, PT_PER_MM } from '../../../src-main/report/paper.js';
import { renderReport } from '../../../src-main/report/render.js';
import { windowMedian } from '../../../src-main/report/trace.js';
import { fixture, hasShared, REPO_ROOT } from '../../helpers/shared.js';
import { hasPoppler, pageContents, pageOps, pdfImages, pdfinfo, pdftotext, renderPng, type StrokedPath } from './pdf-content.js';
import { baseInput, CLASSES, COMBINED_NAMES, constructedExplanation, MODEL } from './report-fixtures.js';

const OUT = join(REPO_ROOT, 'test-results', 'report');
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const sameColour = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-6);

/** Distinct x of vertical segments and y of horizontal ones, over the given stroked paths. */
function gridLines(paths: StrokedPath[]): { xs: number[]; ys: number[]; spanX: number; spanY: number } {
  const xs = new Set<number>();
  const ys = new Set<number>();
  let spanX = 0;
  let spanY = 0;
  for (const p of paths) {
    for (const [[x1, y1], [x2, y2]] of p.subpaths as Array<[[number, number], [number, number]]>) {
      if (x1 === x2) (xs.add(x1), (spanY = Math.max(spanY, Math.abs(y2 - y1))));
      else if (y1 === y2) (ys.add(y1), (spanX = Math.max(spanX, Math.abs(x2 - x1))));
    }
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { xs: sorted(xs), ys: sorted(ys), spanX, spanY };
}

const steps = (v: number[]) => v.slice(1).map((x, i) => x - v[i]!);

describe.skipIf(!hasShared('fixtures', 'cinc') || !hasPoppler)('PDF report of a real 12-lead ECG', () => {
  let record: EcgRecord;
  let explained: Buffer;
  let plain: Buffer;
  const files = { explained: join(OUT, 'hr00001-explained.pdf'), plain: join(OUT, 'hr00001-plain-letter.pdf') };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    record = readEcgFile(fixture('cinc', 'HR00001.hea'));
    const ex = constructedExplanation(record);
    explained = (await renderReport(baseInput(record, ex), { details: true, compress: false })).pdf;
    plain = (await renderReport(baseInput(record), { paper: 'Letter' })).pdf;
    writeFileSync(files.explained, explained);
    writeFileSync(files.plain, plain);
  });

  it('prints the record ID, the scale, every class name and the model id (pdftotext)', () => {
    const t = pdftotext(files.explained);
    for (const s of ['HR00001', '25 mm/s', '10 mm/mV', MODEL.id, MODEL.sha256, ...CLASSES, ...MODEL.classes.map((c) => c.name)]) expect(t).toContain(s);
    for (const s of ['UNCONFIRMED', 'Advisory', 'Identified report', 'Filters: unfiltered', 'agrees with the CNN on 5 of 5 classes']) expect(t).toContain(s);
    for (const name of COMBINED_NAMES) expect(t).toContain(name);
    expect(t).toContain('Grad-CAM per class');
    expect(t).not.toContain('not analysed');
  });

  it('says "not analysed" and draws no bands when there is no explanation', () => {
    const t = pdftotext(files.plain);
    expect(t).toContain('Explanation: not analysed');
    expect(t).toContain('Model predictions (advisory)');
    expect(t).not.toContain('Clusters of view');
    // bands are the only translucent fills on page 1: an explained page uses an ExtGState, a plain page none
    expect(pageOps(pageContents(explained)[0]!).gs.length).toBeGreaterThan(50);
    expect(pageContents(explained)).toHaveLength(2);
  });

  it('has landscape pages of the chosen paper: A4 842 × 595 pt, Letter 792 × 612 pt', () => {
    const a4 = pdfinfo(files.explained);
    expect(a4['Pages']).toBe('2');
    const [w, h] = a4['Page size']!.split(' ').filter((s) => /^[\d.]+$/.test(s)).map(Number) as [number, number];
    expect([Math.round(w), Math.round(h)]).toEqual([842, 595]);
    expect(pdfinfo(files.plain)['Page size']).toMatch(/^792 x 612 pts \(letter\)/);
    expect(pdfinfo(files.explained)['CreationDate']).toMatch(/1970/);
  });

  it('holds no raster image: traces, grid and bands are vector (pdfimages lists none)', () => {
    expect(pdfImages(files.explained)).toEqual([]);
    expect(pdfImages(files.plain)).toEqual([]);
  });

  it('renders with pdftoppm (test-results/report/hr00001-explained-1.png)', () => {
    const png = renderPng(files.explained, join(OUT, 'hr00001-explained'), 100);
    expect([png.width, png.height]).toEqual([Math.ceil((841.89 / 72) * 100), Math.ceil((595.28 / 72) * 100)]);
    // a blank page compresses to a few KiB; grid and traces do not
    expect(statSync(png.path).size).toBeGreaterThan(100_000);
  });

  it('draws the grid at exactly 1 mm = 72/25.4 pt: minor lines every mm, major every 5 mm, 260 × 100 mm', () => {
    const ops = pageOps(pageContents(explained)[0]!);
    // no scaling anywhere: every transform is the y-flip pdfkit starts pages with
    for (const t of ops.transforms) expect([Math.abs(t[0]!), t[1], t[2], Math.abs(t[3]!)]).toEqual([1, 0, 0, 1]);
    const minor = ops.strokes.filter((s) => sameColour(s.colour, rgb(GRID_MINOR)));
    const major = ops.strokes.filter((s) => sameColour(s.colour, rgb(GRID_MAJOR)));
    expect(minor.length).toBeGreaterThan(0);
    expect(major.length).toBeGreaterThan(0);
    const all = gridLines([...minor.slice(0, 1), ...major.slice(0, 1)]);
    expect(all.xs).toHaveLength(261);
    expect(all.ys).toHaveLength(101);
    for (const d of [...steps(all.xs), ...steps(all.ys)]) expect(Math.abs(d - PT_PER_MM)).toBeLessThan(2e-6);
    expect(all.spanX).toBeCloseTo(260 * PT_PER_MM, 5);
    expect(all.spanY).toBeCloseTo(100 * PT_PER_MM, 5);
    for (const d of [...steps(gridLines(major.slice(0, 1)).xs), ...steps(gridLines(major.slice(0, 1)).ys)]) expect(d).toBeCloseTo(5 * PT_PER_MM, 5);
  });

  it('draws four 1 mV calibration pulses 10 mm high and 200 ms (5 mm) wide, and traces at true scale', () => {
    const ops = pageOps(pageContents(explained)[0]!);
    const black = ops.strokes.filter((s) => sameColour(s.colour, [0, 0, 0]) && s.subpaths.length > 12);
    expect(black).toHaveLength(1);
    const pulses = black[0]!.subpaths.filter((p) => p.length === 6);
    expect(pulses).toHaveLength(4);
    for (const p of pulses) {
      expect(p[1]![1] - p[2]![1]).toBeCloseTo(10 * PT_PER_MM, 5);
      expect(p[3]![0] - p[2]![0]).toBeCloseTo(5 * PT_PER_MM, 5);
    }
    // lead V1 shows 5.0–7.5 s: its first point is sample 2500 at the column's left edge, at 10 mm/mV from the baseline
    const sheet = sheetLayout(pageFrame('A4').content, pageFrame('A4').content.y + HEADER_MM, 25, 10, 'II');
    const cell = sheet.cells.find((c) => c.lead === 'V1')!;
    const v1 = record.samples[record.leads.indexOf('V1')]!;
    const level = windowMedian(v1, 2500, 3750);
    const path = black[0]!.subpaths.find((p) => Math.abs(p[0]![0] - mm(cell.x)) < 0.01 && p.length === 1250)!;
    expect(path).toBeDefined();
    for (const i of [0, 100, 777, 1249]) {
      const [px, py] = path[i]!;
      expect(px).toBeCloseTo(mm(cell.x + (i / 500) * 25), 2);
      expect(py).toBeCloseTo(mm(cell.baseline - (v1[2500 + i]! - level) * 10), 2);
    }
  });

  it('gives Letter\'s spare height to a 35 mm rhythm row, still 1 mm = 72/25.4 pt, 1 mV = 10 mm', () => {
    const ops = pageOps(pageContents(plain)[0]!);
    const minor = ops.strokes.find((s) => sameColour(s.colour, rgb(GRID_MINOR)))!;
    const major = ops.strokes.find((s) => sameColour(s.colour, rgb(GRID_MAJOR)))!;
    const all = gridLines([minor, major]);
    expect([all.xs.length, all.ys.length]).toEqual([261, 111]);
    for (const d of [...steps(all.xs), ...steps(all.ys)]) expect(Math.abs(d - PT_PER_MM)).toBeLessThan(2e-6);
    const pulses = ops.strokes.filter((s) => sameColour(s.colour, [0, 0, 0])).flatMap((s) => s.subpaths.filter((p) => p.length === 6));
    expect(pulses).toHaveLength(4);
    for (const p of pulses) expect(p[1]![1] - p[2]![1]).toBeCloseTo(10 * PT_PER_MM, 5);
    // pulses start on their baselines: 15, 40, 65 mm below the grid's top, then the rhythm row's 20 mm into its 35
    const top = Math.min(...all.ys);
    expect(pulses.map((p) => Number(((Math.abs(p[0]![1] - top)) / PT_PER_MM).toFixed(6))).sort((a, b) => a - b)).toEqual([15, 40, 65, 95]);
  });

  it('is deterministic: the same inputs give the same bytes', async () => {
    const again = (await renderReport(baseInput(record, constructedExplanation(record)), { details: true, compress: false })).pdf;
    expect(again.equals(explained)).toBe(true);
  });
});
