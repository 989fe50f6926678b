/** The report's geometry and trace helpers, without a PDF: scale, layout at each speed, decimation, colours. */
import { describe, expect, it } from 'vitest';
import { bandColour, isReddish } from '../../../src-main/report/bands.js';
import { GRID_MAJOR, GRID_MINOR } from '../../../src-main/report/grid.js';
import { baseSheetHeight, HEADER_MM, LAYOUT_3X4, pageFrame, sheetLayout, spareBelowSheet } from '../../../src-main/report/layout.js';
import { resolveReportOptions, parseIsoAsUtc } from '../../../src-main/report/options.js';
import { mm, PT_PER_MM } from '../../../src-main/report/paper.js';
import { decimateIndices, windowMedian } from '../../../src-main/report/trace.js';
import { CLUSTER_PALETTE } from '../../../src-main/explain/palette.js';

describe('paper and scale', () => {
  it('1 mm is 72/25.4 pt, so A4 landscape is 841.89 × 595.28 pt and Letter 792 × 612 pt', () => {
    expect(PT_PER_MM).toBeCloseTo(2.834646, 6);
    const a4 = pageFrame('A4');
    expect([mm(a4.width), mm(a4.height)].map((v) => Number(v.toFixed(2)))).toEqual([841.89, 595.28]);
    const letter = pageFrame('Letter');
    expect([mm(letter.width), mm(letter.height)].map((v) => Number(v.toFixed(6)))).toEqual([792, 612]);
  });

  it('rejects speeds, gains and papers a report cannot print', () => {
    expect(() => resolveReportOptions({ speed: 30 as never })).toThrow(/speed must be one of 12.5, 25, 50/);
    expect(() => resolveReportOptions({ gain: 7 as never })).toThrow(/gain must be one of 5, 10, 20/);
    expect(() => resolveReportOptions({ paper: 'A3' as never })).toThrow(/paper must be one of A4, Letter/);
    expect(resolveReportOptions({ speed: 50, gain: undefined }).gain).toBe(10);
  });

  it('reads zone-less acquisition times as UTC so the PDF does not depend on the time zone', () => {
    expect(parseIsoAsUtc('2002-11-22T09:10:00.000')?.toISOString()).toBe('2002-11-22T09:10:00.000Z');
    expect(parseIsoAsUtc('2002-11-22T09:10:00+01:00')?.toISOString()).toBe('2002-11-22T08:10:00.000Z');
    expect(parseIsoAsUtc('not a date')).toBeUndefined();
  });
});

describe('3×4 + rhythm layout', () => {
  const a4 = pageFrame('A4').content;

  it('at 25 mm/s and 10 mm/mV: 2.5 s (62.5 mm) per column, 10 s rhythm strip, 1 mV pulse 10 mm high and 5 mm wide', () => {
    const s = sheetLayout(a4, 45, 25, 10, 'II');
    expect(s.columnSeconds).toBe(2.5);
    expect(s.rhythmSeconds).toBe(10);
    expect(s.pulseHeight).toBe(10);
    expect(s.pulseWidth).toBe(5);
    expect(s.grid).toMatchObject({ y: 45, w: 260, h: 100 });
    expect(s.cells.map((c) => c.lead)).toEqual([...LAYOUT_3X4.flat(), 'II']);
    const v1 = s.cells.find((c) => c.lead === 'V1')!;
    expect([v1.t0, v1.t1, v1.x - s.traceLeft, v1.row]).toEqual([5, 7.5, 125, 0]);
    const rhythm = s.cells[12]!;
    expect([rhythm.t0, rhythm.t1, rhythm.x, rhythm.row]).toEqual([0, 10, s.traceLeft, 3]);
    // the trace area ends on the grid's right edge and the grid is centred on the page's content
    expect(s.traceLeft + 250).toBeCloseTo(s.grid.x + s.grid.w, 9);
    expect(s.grid.x - a4.x).toBeCloseTo(a4.x + a4.w - (s.grid.x + s.grid.w), 9);
  });

  it('at 50 mm/s the same width holds half the time; at 20 mm/mV the pulse is 20 mm high', () => {
    const s = sheetLayout(a4, 45, 50, 20, 'II');
    expect(s.columnSeconds).toBe(1.3);
    expect(s.rhythmSeconds).toBeCloseTo(5.2, 9);
    expect([s.pulseWidth, s.pulseHeight]).toEqual([10, 20]);
    expect(s.grid.w % 5).toBe(0);
    const letter = sheetLayout(pageFrame('Letter').content, 45, 50, 10, 'II');
    expect(letter.columnSeconds).toBe(1.2);
    expect(letter.grid.x + letter.grid.w).toBeLessThanOrEqual(pageFrame('Letter').width - 8);
  });

  it('at 12.5 mm/s keeps 2.5 s per column (31.25 mm)', () => {
    const s = sheetLayout(a4, 45, 12.5, 5, 'V1');
    expect(s.columnSeconds).toBe(2.5);
    expect(s.cells[1]!.x - s.cells[0]!.x).toBe(31.25);
    expect(s.cells[12]!.lead).toBe('V1');
  });
});

describe('room left on the page', () => {
  const a4 = pageFrame('A4').content;
  const top = a4.y + HEADER_MM;
  const shape = (spare: number) => {
    const s = sheetLayout(a4, top, 25, 10, 'II', LAYOUT_3X4, spare);
    return { rows: s.rows.map((r) => r.height), strip: s.uncertainty.h, grid: s.grid.h, used: s.grid.h + s.uncertainty.h - 107 };
  };

  it('goes to the uncertainty strip (to 12 mm), then the rhythm row in 5 mm steps (to 35 mm), then the strip (to 15 mm)', () => {
    expect(shape(0)).toEqual({ rows: [25, 25, 25, 25], strip: 7, grid: 100, used: 0 });
    expect(shape(3)).toEqual({ rows: [25, 25, 25, 25], strip: 10, grid: 100, used: 3 });
    expect(shape(9.6)).toEqual({ rows: [25, 25, 25, 25], strip: 15, grid: 100, used: 8 });
    expect(shape(12.5)).toEqual({ rows: [25, 25, 25, 30], strip: 14.5, grid: 105, used: 12.5 });
    expect(shape(18.4)).toEqual({ rows: [25, 25, 25, 35], strip: 15, grid: 110, used: 18 });
    expect(shape(60)).toEqual({ rows: [25, 25, 25, 35], strip: 15, grid: 110, used: 18 });
  });

  it('keeps the scale: whole large squares, baselines on 5 mm lines, the rhythm cell as tall as its row, 1 mV = 10 mm', () => {
    for (const spare of [0, 7, 12.5, 18.4]) {
      const s = sheetLayout(a4, top, 25, 10, 'II', LAYOUT_3X4, spare);
      expect(s.grid.h % 5).toBe(0);
      for (const r of s.rows) expect([(r.baseline - s.grid.y) % 5, r.height % 5]).toEqual([0, 0]);
      expect(s.cells[12]).toMatchObject({ top: s.rows[3]!.top, height: s.rows[3]!.height, baseline: s.rows[3]!.baseline });
      expect([s.pulseHeight, s.columnSeconds, s.grid.w]).toEqual([10, 2.5, 260]);
      expect(s.uncertainty.y).toBe(s.grid.y + s.grid.h + 1.5);
    }
    expect(sheetLayout(a4, top, 25, 10, 'II', LAYOUT_3X4, 18.4).rows[3]!.baseline - (top + 75)).toBe(20);
  });

  it('is what the footer leaves: A4 and Letter below a 32 mm footer', () => {
    expect(baseSheetHeight()).toBeCloseTo(113.3, 9);
    expect(spareBelowSheet(a4, top, 32.2)).toBeCloseTo(203 - 32.2 - 158.3, 9);
    const letter = pageFrame('Letter').content;
    expect(spareBelowSheet(letter, top, 32.2)).toBeCloseTo(208.9 - 32.2 - 158.3, 9);
    expect(spareBelowSheet(a4, top, 90)).toBe(0);
  });
});

describe('trace decimation', () => {
  const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) + (i === 501 ? 5 : 0));

  it('keeps every sample when a 0.1 mm column holds two or fewer (500 Hz at 25 mm/s)', () => {
    expect(decimateIndices(x, 10, 20, 2)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it("keeps each column's minimum and maximum in time order, so spikes survive (1 kHz at 25 mm/s: 4 per column)", () => {
    const idx = decimateIndices(x, 0, 1000, 4);
    expect(idx.length).toBeLessThanOrEqual(500);
    expect(idx).toContain(501);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    for (let c = 0; c < 250; c++) {
      const col = Array.from(x.subarray(c * 4, c * 4 + 4));
      const kept = idx.filter((i) => i >= c * 4 && i < c * 4 + 4).map((i) => x[i]!);
      expect(Math.max(...kept)).toBe(Math.max(...col));
      expect(Math.min(...kept)).toBe(Math.min(...col));
    }
  });

  it('leaves a NaN where a whole column is missing, so the drawn path breaks there', () => {
    const y = Float32Array.from([0, 1, 2, 3, NaN, NaN, NaN, NaN, 4, 5, 6, 7]);
    const idx = decimateIndices(y, 0, 12, 4);
    expect(idx.map((i) => y[i])).toEqual([0, 3, NaN, 4, 7]);
    expect(windowMedian(y, 0, 12)).toBe(3.5);
  });
});

describe('band colours', () => {
  it('the grid colours count as red; no palette colour does', () => {
    expect(isReddish(GRID_MINOR)).toBe(true);
    expect(isReddish(GRID_MAJOR)).toBe(true);
    expect(isReddish('#FF0000')).toBe(true);
    expect(CLUSTER_PALETTE.filter((c) => isReddish(c))).toEqual([]);
  });

  it('a red legend colour gives way to the palette', () => {
    const legend = [{ id: 0, name: 'a', colour: '#D62728', share: 0.5 }, { id: 1, name: 'b', colour: '#0072B2', share: 0.5 }];
    expect(bandColour(0, legend)).toBe(CLUSTER_PALETTE[0]);
    expect(bandColour(1, legend)).toBe('#0072B2');
    expect(bandColour(2, legend)).toBe(CLUSTER_PALETTE[2]);
  });
});
