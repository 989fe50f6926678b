/**
 * Which rows of a long list to render: those in the viewport plus a few either side, so scrolling 100 000
 * studies keeps a few dozen rows in the DOM.
 */
export interface VirtualWindow {
  /** first rendered row */
  first: number;
  /** one past the last rendered row */
  end: number;
  /** px above the first rendered row */
  offset: number;
}

export function virtualWindow(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): VirtualWindow {
  if (total <= 0 || rowHeight <= 0) return { first: 0, end: 0, offset: 0 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const first = Math.min(top, total - 1);
  const end = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, end: Math.max(first, end), offset: first * rowHeight };
}

/** The scrollTop that brings row `index` fully into view, or undefined if it is visible already. */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | undefined {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return undefined;
}

/** Pages (of `pageSize` rows) that rows [first, end) fall on. */
export function pagesFor(first: number, end: number, pageSize: number): number[] {
  if (end <= first) return [];
  const out: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((end - 1) / pageSize); p++) out.push(p);
  return out;
}
