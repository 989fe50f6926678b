/**
 * What the viewer derives from an explanation: bands behind each panel, the segment under the pointer, legend
 * rows and class drivers, and the band rectangles the paper layer fills (recorded from a stand-in context).
 */
import { describe, expect, it } from 'vitest';
import { drawBands } from '../../../src-renderer/canvas/draw-bands.js';
import { bandsInWindow, segmentAt } from '../../../src-renderer/lib/explain/segments.js';
import { bandColour, isReddish, NEUTRAL } from '../../../src-renderer/lib/explain/band-colour.js';
import { alignmentText, classRows, legendRows } from '../../../src-renderer/lib/explain/legend-rows.js';
import { paperLayout } from '../../../src-renderer/lib/paper/layouts.js';
import { handExplanation } from './explanation-fixture.js';

const segments = handExplanation().explanation.views[0]!.segments;

describe('explanation in the viewer', () => {
  it('finds the segment under a time, none in padding or past the end', () => {
    expect(segmentAt(segments, 0.05)).toBeUndefined();
    expect(segmentAt(segments, 0.3)).toMatchObject({ cluster: 1, start: 0.3 });
    expect(segmentAt(segments, 1.99)).toMatchObject({ cluster: 2, end: 2 });
    expect(segmentAt(segments, 2)).toBeUndefined();
  });

  it('clips bands to a panel’s window on the shared time axis', () => {
    const bands = bandsInWindow(segments, 0.5, 1.1, 100, 100);
    expect(bands).toEqual([
      { cluster: 1, x: 100, width: expect.closeTo(10, 9) },
      { cluster: 2, x: expect.closeTo(110, 9), width: expect.closeTo(40, 9) },
      { cluster: 0, x: expect.closeTo(150, 9), width: expect.closeTo(10, 9) },
    ]);
  });

  it('fills one translucent rectangle per band and panel, in the cluster’s colour, never over other panels', () => {
    const layout = paperLayout({ layout: 'single', leads: ['II'], durationS: 2, speed: 25, gain: 10, tracks: [] });
    const calls: Array<{ fill: string; rect: number[] }> = [];
    const ctx = {
      fillStyle: '',
      fillRect(...rect: number[]) {
        calls.push({ fill: String(this.fillStyle), rect });
      },
    };
    const colours = new Map(handExplanation().legend[0]!.clusters.map((c) => [c.id, c.colour] as const));
    const mm = 4;
    drawBands(ctx, { bands: segments, colours, pxPerMm: mm, speed: 25 }, layout.panels);
    expect(calls).toHaveLength(6);
    const p = layout.panels[0]!;
    expect(calls[1]).toEqual({ fill: 'rgba(230, 159, 0, 0.25)', rect: [expect.closeTo((p.x + 0.3 * 25) * mm, 6), p.y * mm, expect.closeTo(0.3 * 25 * mm, 6), p.height * mm] });
  });

  it('lists each cluster with its share of this ECG and wave alignment', () => {
    const rows = legendRows(handExplanation(), 'combined');
    expect(rows.map((r) => [r.name, r.share.toFixed(3), r.alignmentText])).toEqual([
      ['P-dominant', '0.211', 'P 90%, TP 5%'],
      ['QRS-dominant', '0.316', 'QRS 72%, T 18%, TP 10%'],
      ['TP (baseline)', '0.474', 'alignment unknown'],
    ]);
    expect(alignmentText({ P: 0, QRS: 0, T: 0, TP: 0 })).toBe('no annotated time');
  });

  it('never draws a cluster in red: a reddish colour from a hand-edited model turns neutral grey', () => {
    for (const ok of ['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#0072B2', '#CC79A7', '#EE8866', '#332288']) expect(bandColour(ok)).toBe(ok);
    for (const red of ['#FF0000', '#D62728', '#E31A1C', '#C0392B']) expect(isReddish(red)).toBe(true);
    const e = handExplanation();
    e.explanation.views[0]!.clusters[1]!.colour = '#E31A1C';
    expect(legendRows(e, 'combined')[1]!.colour).toBe(NEUTRAL);
  });

  it('names the clusters that raise each class’s surrogate probability for this ECG', () => {
    const rows = classRows(handExplanation());
    expect(rows[1]).toMatchObject({ name: 'CD', probability: 0.85, predicted: true, surrogateProbability: 0.7 });
    expect(rows[1]!.drivers.map((d) => d.name)).toEqual(['QRS-dominant', 'TP (baseline)']);
    expect(rows[0]!.drivers.map((d) => d.name)).toEqual(['TP (baseline)', 'P-dominant']);
  });

  it('names none when the per-ECG drivers are absent (the surrogate of the analysis is gone), not the global ones', () => {
    const e = handExplanation();
    for (const d of e.explanation.surrogate!.drivers) delete d.local;
    const rows = classRows(e);
    expect(rows.map((r) => r.drivers)).toEqual([[], []]);
    expect(rows[1]).toMatchObject({ name: 'CD', surrogateProbability: 0.7 });
  });
});
