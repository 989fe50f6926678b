/**
 * Two papers panned as one: the scroll position of the paper moved by the reader, carried to the other so both
 * show the same seconds and the same leads. Both papers use one speed, gain and zoom, so the same time lies at the
 * same x on both unless their windows start at different seconds (page layouts of recordings of different
 * lengths); time is carried, not pixels, and leads by name, not by row number:
 *
 * | axis       | carried as                                                 | where it has no match          |
 * |------------|------------------------------------------------------------|--------------------------------|
 * | horizontal | the second at the view's left edge                         | clamped to the other's paper   |
 * | vertical   | the lead of the row at the view's top, and the mm into it  | the same mm from the rows' top |
 * |            | (the rhythm strip is its own lead)                         | or bottom (margin, tracks)     |
 */
import { mmToTime, timeToMm, type PaperLayout } from '../paper/layouts.js';

/** A paper as its scroller shows it: layout in mm, scale, and the view's size in CSS px. */
export interface PaneGeometry {
  layout: PaperLayout;
  pxPerMm: number;
  speed: number;
  /** the scroller's client size, CSS px */
  viewWidth: number;
  viewHeight: number;
}

export interface ScrollPos {
  left: number;
  top: number;
}

/** The seconds in view between the view's edges, within the paper's window. */
export function viewWindow(g: PaneGeometry, left: number): { t0: number; t1: number } {
  const clamp = (t: number) => Math.min(g.layout.t1, Math.max(g.layout.t0, t));
  return {
    t0: clamp(mmToTime(g.layout, g.speed, left / g.pxPerMm)),
    t1: clamp(mmToTime(g.layout, g.speed, (left + g.viewWidth) / g.pxPerMm)),
  };
}

/** The largest scroll positions of a paper in its view (its scrollWidth − clientWidth, by the layout). */
export function maxScroll(g: PaneGeometry): ScrollPos {
  return {
    left: Math.max(0, g.layout.width * g.pxPerMm - g.viewWidth),
    top: Math.max(0, g.layout.height * g.pxPerMm - g.viewHeight),
  };
}

type RowKey = { lead: string; rhythm: boolean };

// a layout is rebuilt, never changed, when its geometry changes: its row keys are worked out once, not per scroll event
const rowKeysOf = new WeakMap<PaperLayout, Array<RowKey | undefined>>();

/** The lead naming each row (its first column), in row order. */
function rowKeys(layout: PaperLayout): Array<RowKey | undefined> {
  let keys = rowKeysOf.get(layout);
  if (!keys) {
    keys = layout.rows.map((r) => {
      const p = layout.panels.find((q) => q.y === r.y);
      return p ? { lead: p.lead, rhythm: p.rhythm } : undefined;
    });
    rowKeysOf.set(layout, keys);
  }
  return keys;
}

/** y (mm) on `to` of the point at y (mm) on `from`. */
function carryY(from: PaperLayout, to: PaperLayout, y: number): number {
  const rowsTop = (l: PaperLayout) => l.rows[0]?.y ?? 0;
  const rowsEnd = (l: PaperLayout) => {
    const last = l.rows[l.rows.length - 1];
    return last ? last.y + last.height : rowsTop(l);
  };
  if (y < rowsTop(from) || from.rows.length === 0) return y - rowsTop(from) + rowsTop(to);
  if (y >= rowsEnd(from)) return y - rowsEnd(from) + rowsEnd(to);
  const i = from.rows.findIndex((r) => y >= r.y && y < r.y + r.height);
  const key = rowKeys(from)[i];
  const j = key ? rowKeys(to).findIndex((k) => k?.lead === key.lead && k.rhythm === key.rhythm) : -1;
  const src = from.rows[i]!;
  const dst = to.rows[j >= 0 ? j : Math.min(i, to.rows.length - 1)];
  return dst ? dst.y + Math.min(dst.height, y - src.y) : y;
}

/** Where `to` scrolls so that it shows what `from` shows at `pos`, within its own paper. */
export function syncedScroll(from: PaneGeometry, pos: ScrollPos, to: PaneGeometry): ScrollPos {
  const t = mmToTime(from.layout, from.speed, pos.left / from.pxPerMm);
  const max = maxScroll(to);
  const left = timeToMm(to.layout, to.speed, t) * to.pxPerMm;
  const top = carryY(from.layout, to.layout, pos.top / from.pxPerMm) * to.pxPerMm;
  return { left: Math.max(0, Math.min(max.left, left)), top: Math.max(0, Math.min(max.top, top)) };
}
