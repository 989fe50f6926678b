/// <reference lib="dom" />
/**
 * Timings taken inside the page (performance.now(), requestAnimationFrame), so no DevTools round trip is in
 * them. The renderer sets no paint mark, so "painted" is read from the paper canvas's own pixels: eight device
 * columns across the stage must cross ≥ 40 dark grey trace pixels and, when bands are expected, cluster-band pixels
 * (≥ 40 of a translucent palette colour without red over the pink paper, so green or blue above red).
 */
import type { Page } from 'playwright-core';

export interface OpenTiming {
  /** dblclick → the first check, after a frame's rAF callbacks and rendering, that finds the paper drawn */
  paintedMs: number;
}

/** Double-clicks worklist row `index` and waits for the study's paper canvas to hold traces (and bands). */
export function openStudyTimed(page: Page, index: number, expectBands: boolean): Promise<OpenTiming> {
  return page.evaluate(
    ([index, expectBands]) =>
      new Promise<OpenTiming>((resolve, reject) => {
        const row = document.getElementById(`study-row-${index}`);
        if (!row) return reject(new Error(`no worklist row ${index}`));
        const drawn = (c: HTMLCanvasElement) => {
          const ctx = c.getContext('2d');
          if (!ctx || c.width < 2 || c.height < 2) return false;
          let dark = 0;
          let band = 0;
          for (const f of [0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85]) {
            const d = ctx.getImageData(Math.floor(c.width * f), 0, 1, c.height).data;
            for (let i = 0; i < d.length; i += 4) {
              const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
              if (r < 128 && g < 128 && b < 128 && Math.max(r, g, b) - Math.min(r, g, b) < 40) dark++;
              else if (g > r + 8 || b > r + 8) band++;
            }
          }
          return dark >= 40 && (!expectBands || band >= 40);
        };
        const t0 = performance.now();
        const deadline = t0 + 15_000;
        const check = () => {
          const c = document.querySelector<HTMLCanvasElement>('[aria-label^="ECG paper"] canvas');
          if (c && drawn(c)) return resolve({ paintedMs: performance.now() - t0 });
          if (performance.now() > deadline) return reject(new Error(`study row ${index}: paper not drawn within 15 s`));
          requestAnimationFrame(() => setTimeout(check, 0));
        };
        row.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
        requestAnimationFrame(() => setTimeout(check, 0));
      }),
    [index, expectBands] as const,
  );
}

export interface Frames {
  /** requestAnimationFrame intervals: paced by the 60 Hz begin-frame tick headless Chromium keeps */
  intervals: number[];
  /**
   * main-thread time of each frame: its rAF timestamp → a message posted from the first rAF callback, which
   * runs once the frame's callbacks (the paper redraw among them), style, layout and paint are done
   */
  work: number[];
}

/** Frames over `frames` frames; with 'pan-paper' each frame starts by panning the paper one step. */
export function frameTimes(page: Page, frames: number, step: 'idle' | 'pan-paper'): Promise<Frames> {
  return page.evaluate(
    ([frames, step]) =>
      new Promise<Frames>((resolve, reject) => {
        const scroller = document.querySelector<HTMLElement>('[aria-label^="ECG paper"]');
        if (step === 'pan-paper' && (!scroller || scroller.scrollWidth <= scroller.clientWidth)) return reject(new Error('the paper is not wider than its view: nothing to pan'));
        const times: number[] = [];
        const work: number[] = [];
        const channel = new MessageChannel();
        let frameStart = 0;
        channel.port1.onmessage = () => work.push(performance.now() - frameStart);
        let dx = 12;
        const tick = (t: number) => {
          frameStart = t;
          times.push(t);
          if (times.length > 1) channel.port2.postMessage(0);
          if (step === 'pan-paper' && scroller) {
            const max = scroller.scrollWidth - scroller.clientWidth;
            if (scroller.scrollLeft + dx > max || scroller.scrollLeft + dx < 0) dx = -dx;
            scroller.scrollLeft += dx;
            scroller.scrollTop = (scroller.scrollTop + 3) % Math.max(1, scroller.scrollHeight - scroller.clientHeight);
          }
          if (times.length > frames) return setTimeout(() => resolve({ intervals: times.slice(1).map((x, i) => x - times[i]!), work }), 50);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [frames, step] as const,
  );
}

export interface JumpTiming {
  /** scrollTop set → every row in view shows its study (no "loading…") */
  rowsMs: number[];
  /** main-thread time of each frame over the whole run, as in `Frames.work` */
  frames: number[];
}

/** Scrolls the worklist's virtual table to each row of `targets` in turn, timing until its rows are filled. */
export function worklistJumps(page: Page, targets: readonly number[]): Promise<JumpTiming> {
  return page.evaluate(
    (targets) =>
      new Promise<JumpTiming>((resolve, reject) => {
        const viewport = document.querySelector<HTMLElement>('[role=grid] .viewport');
        if (!viewport) return reject(new Error('no worklist viewport'));
        const ROW = 30;
        const frames: number[] = [];
        const channel = new MessageChannel();
        let frameStart = 0;
        channel.port1.onmessage = () => frames.push(performance.now() - frameStart);
        let running = true;
        const frame = (t: number) => {
          frameStart = t;
          channel.port2.postMessage(0);
          if (running) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
        const rowsMs: number[] = [];
        const filled = (first: number, n: number) => {
          for (let i = first; i < first + n; i++) {
            const row = document.getElementById(`study-row-${i}`);
            if (!row || row.querySelector('.muted')?.textContent === 'loading…') return false;
          }
          return true;
        };
        let k = 0;
        const next = () => {
          if (k === targets.length) {
            running = false;
            return resolve({ rowsMs, frames });
          }
          const first = targets[k++]!;
          const visible = Math.floor(viewport.clientHeight / ROW);
          const t0 = performance.now();
          viewport.scrollTop = first * ROW;
          const check = () => {
            if (filled(first, visible)) {
              rowsMs.push(performance.now() - t0);
              return requestAnimationFrame(next);
            }
            if (performance.now() - t0 > 10_000) return reject(new Error(`rows ${first}… not filled within 10 s`));
            requestAnimationFrame(() => setTimeout(check, 0));
          };
          requestAnimationFrame(() => setTimeout(check, 0));
        };
        next();
      }),
    targets,
  );
}
