/** Where leads go on the paper: the layouts' geometry in mm, which every drawing and hit test relies on. */
import { describe, expect, it } from 'vitest';
import { leftMarginMm, panelAt, paperLayout, rowHeightMm, timeToMm, mmToTime, type LayoutRequest } from '../../../src-renderer/lib/paper/layouts.js';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const req = (over: Partial<LayoutRequest>): LayoutRequest => ({ layout: '3x4', leads: LEADS, durationS: 10, speed: 25, gain: 10, tracks: [], ...over });

describe('paper layouts', () => {
  it('3×4 shows four consecutive 2.5 s columns and a 10 s lead II rhythm strip', () => {
    const l = paperLayout(req({}));
    expect(l.panels).toHaveLength(13);
    const rhythm = l.panels.filter((p) => p.rhythm);
    expect(rhythm).toEqual([expect.objectContaining({ lead: 'II', t0: 0, t1: 10, width: 250 })]);
    expect(l.panels.filter((p) => p.lead === 'V4')).toEqual([expect.objectContaining({ t0: 7.5, t1: 10, width: 62.5 })]);
    expect(l.rows).toHaveLength(4);
    expect(l.width).toBe(leftMarginMm(25) + 250 + 5);
  });

  it('maps time to x the same way in every panel of every layout, so tracks share one axis', () => {
    for (const layout of ['3x4', '6x2', '12x1', 'single'] as const) {
      for (const speed of [12.5, 25, 50]) {
        const l = paperLayout(req({ layout, speed }));
        for (const p of l.panels) {
          expect(p.x).toBeCloseTo(timeToMm(l, speed, p.t0), 9);
          expect(mmToTime(l, speed, p.x + p.width)).toBeCloseTo(p.t1, 9);
        }
      }
    }
  });

  it('puts baselines and row edges on 5 mm major lines and sizes rows by gain', () => {
    for (const gain of [5, 10, 20]) {
      const l = paperLayout(req({ gain }));
      expect(rowHeightMm('3x4', gain)).toBe(Math.ceil((3.5 * gain) / 5) * 5);
      for (const r of l.rows) {
        expect(r.y % 5).toBe(0);
        expect(r.baseline % 5).toBe(0);
        // 1 mV up from the baseline stays inside the row
        expect(r.baseline - gain).toBeGreaterThanOrEqual(r.y);
      }
    }
    expect(leftMarginMm(50) % 5).toBe(0);
    expect(leftMarginMm(50)).toBeGreaterThanOrEqual(0.2 * 50 + 4); // the 0.2 s calibration pulse fits
  });

  it('6×2 pairs limb and chest leads over 0–5 s and 5–10 s; 12×1 and single show the whole recording', () => {
    const six = paperLayout(req({ layout: '6x2' }));
    expect(six.panels.map((p) => `${p.lead}@${p.t0}`).slice(0, 4)).toEqual(['I@0', 'V1@5', 'II@0', 'V2@5']);
    const twelve = paperLayout(req({ layout: '12x1', durationS: 38 }));
    expect(twelve.panels).toHaveLength(12);
    expect(twelve.panels[0]).toMatchObject({ t0: 0, t1: 38, width: 38 * 25 });
    const single = paperLayout(req({ layout: 'single', singleLead: 'V5' }));
    expect(single.panels).toEqual([expect.objectContaining({ lead: 'V5', leadIndex: 10 })]);
  });

  it('pages long recordings in 10 s windows and clamps the last page', () => {
    const l = paperLayout(req({ durationS: 38, pageStart: 35 }));
    expect([l.t0, l.t1]).toEqual([28, 38]);
    expect(l.panels.find((p) => p.lead === 'I')).toMatchObject({ t0: 28, t1: 30.5 });
  });

  it('falls back to one row per lead for studies without the standard leads', () => {
    const l = paperLayout(req({ leads: ['MLII', 'V5'], layout: '6x2' }));
    // V5 exists, so the 6×2 grid is kept with only that cell
    expect(l.panels.map((p) => p.lead)).toEqual(['V5']);
    const holter = paperLayout(req({ leads: ['MLII', 'V1-mod'] }));
    expect(holter.panels.map((p) => p.lead)).toEqual(['MLII', 'V1-mod']);
  });

  it('stacks the explanation tracks under the leads and finds panels under a point', () => {
    const l = paperLayout(req({ tracks: ['uncertainty', 'gradcam'] }));
    const lastRow = l.rows.at(-1)!;
    expect(l.tracks.map((t) => [t.kind, t.y])).toEqual([
      ['uncertainty', lastRow.y + lastRow.height],
      ['gradcam', lastRow.y + lastRow.height + 15],
    ]);
    expect(l.footerY).toBe(l.tracks[1]!.y + 15);
    const v2 = l.panels.find((p) => p.lead === 'V2')!;
    expect(panelAt(l, v2.x + 1, v2.baseline)).toBe(v2);
    expect(panelAt(l, 1, v2.baseline)).toBeUndefined(); // the calibration margin
  });
});
