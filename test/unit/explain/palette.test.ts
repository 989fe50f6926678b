import { describe, expect, it } from 'vitest';
import { CLUSTER_PALETTE, clusterColour } from '../../../src-main/explain/palette.js';
import { BAND_OPACITY, isReddish as reportIsReddish } from '../../../src-main/report/bands.js';
import { GRID_MAJOR, GRID_MINOR } from '../../../src-main/report/grid.js';
import { PAPER } from '../../../src-renderer/canvas/paper-colours.js';
import { isReddish as viewerIsReddish } from '../../../src-renderer/lib/explain/band-colour.js';
import { bandDistances, ciede2000, composite, hexRgb, hueAngle, hueDistance, overGrid, seenLab, VISIONS, type Vision } from './colour-difference.js';

/** Where a band is seen: the report draws on white, the viewer on its paper colour, both at the same opacity. */
const SURFACES = [
  { name: 'report', paper: '#ffffff', alpha: BAND_OPACITY },
  { name: 'viewer', paper: PAPER.background, alpha: PAPER.bandAlpha },
];

/**
 * Thresholds, in ΔE00 between two bands as seen (composited, per vision). About 1 is a just-noticeable difference
 * for patches side by side; the audit of issue 6 found bands 3.0–3.5 apart (normal vision: sky blue / light cyan,
 * bluish green / mint) hard to tell apart behind traces and against the legend. So: at least 6 for up to 9
 * clusters (the shipped model's views have 8 and 9), nearly twice what confused readers; at least 4 for up to 12
 * (the fit's K sweep), above the confusing pairs for every vision — the most 12 colours reach at this opacity
 * once they must survive all three dichromacies (a max–min search found 4.3–4.5). A band must also stand out
 * from the bare paper by as much.
 */
const MIN_DE_9 = 6;
const MIN_DE_12 = 4;

function smallest(colours: readonly string[], paper: string, alpha: number, vision: Vision) {
  const d = bandDistances(colours, paper, alpha, [vision]);
  const pairs = d.filter((p) => p.a >= 0).sort((x, y) => x.deltaE - y.deltaE);
  const paperMin = Math.min(...d.filter((p) => p.a < 0).map((p) => p.deltaE));
  return { pair: pairs[0]!.deltaE, paper: paperMin };
}

/**
 * Reddish, as a band looks on the sheet: seen through the grid's lines (30 % of the area, colour-difference.ts),
 * its hue within 50° of the grid-covered paper's own (≈ 9°). That takes in red, crimson, pink, salmon, Okabe–Ito's
 * reddish purple, and the browns and dark oranges that the pink lines turn red-brown.
 */
const MIN_HUE_FROM_GRID = 50;
const GRIDS = [
  { paper: hexRgb('#ffffff'), alpha: BAND_OPACITY, minor: hexRgb(GRID_MINOR), major: hexRgb(GRID_MAJOR) },
  { paper: hexRgb(PAPER.background), alpha: PAPER.bandAlpha, minor: hexRgb(PAPER.minor), major: hexRgb(PAPER.major) },
];
const GRID_COVERAGE = 0.3;
const reddish = (hex: string) =>
  GRIDS.some((g) => {
    const seenHue = (band: string | undefined) => hueAngle(overGrid(band ? hexRgb(band) : undefined, g.paper, g.alpha, g, GRID_COVERAGE));
    return hueDistance(seenHue(hex), seenHue(undefined)) < MIN_HUE_FROM_GRID;
  });

describe('colour difference (the measuring stick)', () => {
  it('CIEDE2000 reproduces Sharma, Wu & Dalal (2005) table 1', () => {
    const pairs: Array<[[number, number, number], [number, number, number], number]> = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
      [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
    ];
    for (const [a, b, want] of pairs) {
      expect(ciede2000(a, b)).toBeCloseTo(want, 4);
      expect(ciede2000(b, a)).toBeCloseTo(want, 4);
    }
  });

  it('sRGB to CIELAB matches the standard values; the dichromat simulations keep white and merge red with green', () => {
    const red = seenLab(hexRgb('#FF0000'), 'normal');
    expect(red[0]).toBeCloseTo(53.24, 1);
    expect(red[1]).toBeCloseTo(80.09, 1);
    expect(red[2]).toBeCloseTo(67.2, 1);
    for (const v of VISIONS) expect(ciede2000(seenLab([1, 1, 1], v), [100, 0, 0])).toBeLessThan(0.5);
    const normal = ciede2000(seenLab(hexRgb('#CC3311'), 'normal'), seenLab(hexRgb('#669900'), 'normal'));
    const deutan = ciede2000(seenLab(hexRgb('#CC3311'), 'deuteranopia'), seenLab(hexRgb('#669900'), 'deuteranopia'));
    expect(deutan).toBeLessThan(normal / 3);
  });
});

describe('cluster palette', () => {
  it('the viewer draws bands at the report’s opacity', () => {
    expect(PAPER.bandAlpha).toBe(BAND_OPACITY);
  });

  for (const s of SURFACES) {
    for (const vision of VISIONS) {
      it(`${s.name}, ${vision}: bands stay apart composited on the paper (≥ ${MIN_DE_9} up to 9 clusters, ≥ ${MIN_DE_12} up to 12)`, () => {
        const nine = smallest(CLUSTER_PALETTE.slice(0, 9), s.paper, s.alpha, vision);
        const twelve = smallest(CLUSTER_PALETTE.slice(0, 12), s.paper, s.alpha, vision);
        expect(nine.pair).toBeGreaterThanOrEqual(MIN_DE_9);
        expect(nine.paper).toBeGreaterThanOrEqual(MIN_DE_9);
        expect(twelve.pair).toBeGreaterThanOrEqual(MIN_DE_12);
        expect(twelve.paper).toBeGreaterThanOrEqual(MIN_DE_12);
      });
    }
  }

  it('the palette it replaced fails the same test (9 clusters, report paper)', () => {
    const before = ['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#0072B2', '#CC79A7', '#99DDFF', '#44BB99', '#BBCC33'];
    const worst = Math.min(...VISIONS.map((v) => smallest(before, '#ffffff', BAND_OPACITY, v).pair));
    expect(worst).toBeLessThan(2);
    expect(smallest(before, '#ffffff', BAND_OPACITY, 'normal').pair).toBeLessThan(3.5);
  });

  it(`has no red: seen through the grid, every band’s hue lies ≥ ${MIN_HUE_FROM_GRID}° from the grid’s, where red, pink, salmon and brown fall`, () => {
    for (const red of [GRID_MINOR, '#FF0000', '#D62728', '#E31A1C', '#CC79A7', '#EE8866', '#FFAABB', '#663311', '#CC6600']) expect(reddish(red), red).toBe(true);
    for (const notRed of ['#E69F00', '#0072B2', '#009E73']) expect(reddish(notRed), notRed).toBe(false);
    expect(CLUSTER_PALETTE.filter(reddish)).toEqual([]);
    expect(CLUSTER_PALETTE.filter((c) => reportIsReddish(c) || viewerIsReddish(c))).toEqual([]);
  });

  it('keeps the black trace legible: every band composited is light (L* ≥ 75)', () => {
    for (const s of SURFACES) for (const c of CLUSTER_PALETTE) expect(seenLab(composite(hexRgb(c), hexRgb(s.paper), s.alpha), 'normal')[0]).toBeGreaterThanOrEqual(75);
  });

  it('gives every cluster of a 14-cluster view its own colour, then repeats', () => {
    const ids = Array.from({ length: 14 }, (_, i) => clusterColour(i));
    expect(new Set(ids).size).toBe(14);
    expect(clusterColour(14)).toBe(clusterColour(0));
  });
});
