/**
 * Reading the paper canvas's own pixels in the page: where the major (5 mm) grid lines fall along a row and
 * along a column, in device pixels. A major line is a run of pixels in the major grid colour; its centre is
 * the run's middle.
 */
import type { Locator } from 'playwright-core';

export interface GridProbe {
  canvasWidth: number;
  canvasHeight: number;
  cssWidth: number;
  /** centres of major vertical lines met along device row y */
  columns: number[];
  /** centres of major horizontal lines met along device column x */
  rows: number[];
}

/** `row` and `column` in device pixels; `major` the grid colour as [r, g, b]. */
export async function probeGrid(canvas: Locator, row: number, column: number, major: [number, number, number]): Promise<GridProbe> {
  return canvas.evaluate(
    (el, [y, x, rgb]) => {
      const c = el as unknown as {
        width: number;
        height: number;
        getBoundingClientRect(): { width: number };
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      };
      const ctx = c.getContext('2d');
      const near = (d: Uint8ClampedArray, i: number) => Math.abs(d[i]! - rgb[0]) + Math.abs(d[i + 1]! - rgb[1]) + Math.abs(d[i + 2]! - rgb[2]) < 24;
      const centres = (d: Uint8ClampedArray, n: number) => {
        const out: number[] = [];
        let start = -1;
        for (let i = 0; i <= n; i++) {
          const hit = i < n && near(d, 4 * i);
          if (hit && start < 0) start = i;
          if (!hit && start >= 0) {
            out.push((start + i - 1) / 2);
            start = -1;
          }
        }
        return out;
      };
      return {
        canvasWidth: c.width,
        canvasHeight: c.height,
        cssWidth: c.getBoundingClientRect().width,
        columns: centres(ctx.getImageData(0, y, c.width, 1).data, c.width),
        rows: centres(ctx.getImageData(x, 0, 1, c.height).data, c.height),
      };
    },
    [row, column, major] as const,
  );
}

export function spacings(centres: number[]): number[] {
  return centres.slice(1).map((c, i) => c - centres[i]!);
}
