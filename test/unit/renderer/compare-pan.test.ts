/**
 * The serial comparison's two papers: panned as one (same seconds, same leads, a clamped follower never drags the
 * leader back), the cluster strip laid under the traces as the paper maps time, and the older ECG first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { maxScroll, syncedScroll, viewWindow, type PaneGeometry } from '../../../src-renderer/lib/compare/pan-sync.js';
import { olderFirst } from '../../../src-renderer/lib/compare/serial-order.js';
import { stripSpans } from '../../../src-renderer/lib/compare/strip-spans.js';
import { paperLayout, timeToMm, type LayoutRequest } from '../../../src-renderer/lib/paper/layouts.js';

type PanModule = typeof import('../../../src-renderer/state/pan-group.svelte.js');

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const PX = 96 / 25.4;

function geometry(over: Partial<LayoutRequest> = {}, view = { viewWidth: 700, viewHeight: 300 }, pxPerMm = PX): PaneGeometry {
  const req: LayoutRequest = { layout: '3x4', leads: LEADS, durationS: 10, speed: 25, gain: 10, tracks: ['uncertainty'], ...over };
  return { layout: paperLayout(req), pxPerMm, speed: req.speed, ...view };
}

/** A scroller as the browser keeps one: positions clamped to [0, max], read back as set. */
class FakeScroller {
  #left = 0;
  #top = 0;
  /** the paper it shows; a zoom lays out a new one */
  constructor(public g: PaneGeometry) {}
  get scrollLeft() {
    return this.#left;
  }
  set scrollLeft(v: number) {
    this.#left = Math.max(0, Math.min(maxScroll(this.g).left, v));
  }
  get scrollTop() {
    return this.#top;
  }
  set scrollTop(v: number) {
    this.#top = Math.max(0, Math.min(maxScroll(this.g).top, v));
  }
}

describe('pan synchronisation of two papers', () => {
  it('carries the same scroll position between papers of one layout and scale', () => {
    const g = geometry();
    expect(syncedScroll(g, { left: 123.4, top: 56.7 }, g)).toEqual({ left: 123.4, top: 56.7 });
  });

  it('carries seconds, not pixels, when the two windows start at different seconds', () => {
    // a 30 s and a 25 s recording asked for page 20–30 s: the shorter one's page is clamped to 15–25 s
    const a = geometry({ durationS: 30, pageStart: 20, speed: 50 }, { viewWidth: 400, viewHeight: 300 });
    const b = geometry({ durationS: 25, pageStart: 20, speed: 50 }, { viewWidth: 400, viewHeight: 300 });
    expect([a.layout.t0, b.layout.t0]).toEqual([20, 15]);
    const from = { left: timeToMm(a.layout, 50, 22) * PX, top: 0 };
    const to = syncedScroll(a, from, b);
    expect(viewWindow(b, to.left).t0).toBeCloseTo(22, 9);
    expect(viewWindow(b, to.left).t0).toBeCloseTo(viewWindow(a, from.left).t0, 9);
  });

  it('clamps to the other paper: 12×1 of 10 s followed to the end of 20 s stops at its own end', () => {
    const a = geometry({ layout: '12x1', durationS: 20 });
    const b = geometry({ layout: '12x1', durationS: 10 });
    const to = syncedScroll(a, { left: maxScroll(a).left, top: 0 }, b);
    expect(to.left).toBeCloseTo(maxScroll(b).left, 9);
    expect(viewWindow(b, to.left).t1).toBeCloseTo(10, 9);
  });

  it('carries the lead at the top of the view to the same lead, wherever its row is', () => {
    // 12×1 rows in signal order: V1 is row 7 of A but row 2 of B
    const view = { viewWidth: 700, viewHeight: 60 };
    const a = geometry({ layout: '12x1' }, view);
    const b = geometry({ layout: '12x1', leads: ['II', 'V1', 'V5'] }, view);
    const rowA = a.layout.rows[6]!;
    const rowB = b.layout.rows[1]!;
    const to = syncedScroll(a, { left: 0, top: (rowA.y + 7) * PX }, b);
    expect(to.top / PX).toBeCloseTo(rowB.y + 7, 9);
    // the top margin stays the top margin
    expect(syncedScroll(a, { left: 0, top: 2 * PX }, b).top / PX).toBeCloseTo(2, 9);
  });

  it('tells the seconds in view between the view edges, within the page', () => {
    const g = geometry({ speed: 50 }, { viewWidth: 100 * PX, viewHeight: 300 });
    const w = viewWindow(g, (g.layout.left + 50) * PX);
    expect(w.t0).toBeCloseTo(1, 9);
    expect(w.t1).toBeCloseTo(3, 9);
    expect(viewWindow(g, 0).t0).toBe(0);
  });
});

describe('PanGroup', () => {
  let m: PanModule;
  beforeAll(async () => {
    m = (await import('../../../src-renderer/state/pan-group.svelte.js')) as unknown as PanModule;
  });

  function pair(ga: PaneGeometry, gb: PaneGeometry) {
    const group = new m.PanGroup();
    const a = group.pane();
    const b = group.pane();
    const ea = new FakeScroller(ga);
    const eb = new FakeScroller(gb);
    a.attach(ea);
    b.attach(eb);
    a.setGeometry(ga);
    b.setGeometry(gb);
    return { group, a, b, ea, eb };
  }

  it('moves the other paper when the reader scrolls one, both ways', () => {
    const g = geometry({ speed: 50, gain: 20 });
    const { a, b, ea, eb } = pair(g, g);
    ea.scrollLeft = 300;
    ea.scrollTop = 120;
    a.scrolled();
    expect([eb.scrollLeft, eb.scrollTop]).toEqual([300, 120]);
    expect([b.left, b.top]).toEqual([300, 120]);
    // B's own scroll event for that move comes back: recognised, nothing moves
    b.scrolled();
    expect([ea.scrollLeft, ea.scrollTop]).toEqual([300, 120]);
    // the reader now moves B
    eb.scrollLeft = 40;
    b.scrolled();
    expect(ea.scrollLeft).toBe(40);
    expect(a.left).toBe(40);
  });

  it('a follower clamped at its paper end does not drag the leader back', () => {
    const long = geometry({ layout: '12x1', durationS: 20 });
    const short = geometry({ layout: '12x1', durationS: 10 });
    const { a, b, ea, eb } = pair(long, short);
    ea.scrollLeft = maxScroll(long).left;
    a.scrolled();
    expect(eb.scrollLeft).toBeCloseTo(maxScroll(short).left, 9);
    b.scrolled(); // the echo of the clamped move
    expect(ea.scrollLeft).toBe(maxScroll(long).left);
  });

  it('lines a follower up with the leader again when its geometry changes (a zoom)', () => {
    // windows 5 s apart (20–30 s and 15–25 s): the same second lies 5 s · 50 mm/s further right on B, so a zoom
    // that keeps the leader's pixels leaves B on other seconds unless B is brought to the leader's seconds again
    const over = (durationS: number) => ({ durationS, pageStart: 20, speed: 50 });
    const { a, b, ea, eb } = pair(geometry(over(30)), geometry(over(25)));
    ea.scrollLeft = 200;
    a.scrolled();
    b.scrolled();
    expect(eb.scrollLeft).toBeCloseTo(200 + 5 * 50 * PX, 9);
    const view = { viewWidth: 700, viewHeight: 300 };
    const za = geometry(over(30), view, PX * 2);
    const zb = geometry(over(25), view, PX * 2);
    // the browser lays both papers out again at once; the leader keeps its pixels, now fewer seconds in
    ea.g = za;
    eb.g = zb;
    a.setGeometry(za);
    b.setGeometry(zb);
    expect(ea.scrollLeft).toBe(200);
    expect(eb.scrollLeft).toBeCloseTo(200 + 5 * 50 * PX * 2, 9);
    expect(viewWindow(zb, eb.scrollLeft).t0).toBeCloseTo(viewWindow(za, ea.scrollLeft).t0, 9);
  });
});

describe('cluster strip under the paper', () => {
  it('puts each segment at the x the paper gives its seconds, cut to the window', () => {
    const l = paperLayout({ layout: '3x4', leads: LEADS, durationS: 30, speed: 25, gain: 10, pageStart: 10, tracks: [] });
    const spans = stripSpans(
      [
        { start: 8, end: 10.5, cluster: 0 },
        { start: 10.5, end: 12, cluster: 1 },
        { start: 19.5, end: 21, cluster: 2 },
        { start: 22, end: 23, cluster: 3 },
      ],
      l,
      25,
      PX,
    );
    expect(spans.map((s) => s.cluster)).toEqual([0, 1, 2]);
    expect(spans[0]!.x).toBeCloseTo(l.left * PX, 9);
    expect(spans[0]!.width).toBeCloseTo(0.5 * 25 * PX, 9);
    expect(spans[1]!.x).toBeCloseTo(timeToMm(l, 25, 10.5) * PX, 9);
    expect(spans[2]!.x + spans[2]!.width).toBeCloseTo(timeToMm(l, 25, 20) * PX, 9);
  });
});

describe('older ECG first', () => {
  it('swaps only when both times are known and B is the earlier', () => {
    expect(olderFirst('2011-12-01T07:27:34', '2010-01-19T15:19:22')).toBe('swap');
    expect(olderFirst('2010-01-19T15:19:22', '2011-12-01T07:27:34')).toBe('keep');
    expect(olderFirst('2010-01-19T15:19:22', '2010-01-19T15:19:22')).toBe('keep');
    expect(olderFirst(undefined, '2010-01-19T15:19:22')).toBe('keep');
    expect(olderFirst('2011-12-01', 'not a date')).toBe('keep');
  });
});
