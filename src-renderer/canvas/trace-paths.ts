/**
 * Cached Path2D per panel, in paper px (uPlot's habit): rebuilt only when the signals (filters) or the scale
 * change, never on scroll, hover or caliper moves, which only translate the canvas.
 */
import type { Panel } from '../lib/paper/layouts.js';
import { tracePoints } from '../lib/paper/trace-points.js';

export class TracePaths {
  #key = '';
  #paths = new Map<string, Path2D>();

  /** `key` names what the paths depend on besides the panel: signals identity, layout, scale. */
  path(key: string, panel: Panel, samples: Float32Array | undefined, fs: number, pxPerMm: number, speed: number, gain: number): Path2D | undefined {
    if (key !== this.#key) {
      this.#key = key;
      this.#paths = new Map();
    }
    if (!samples) return undefined;
    const id = `${panel.lead}:${panel.t0}:${panel.rhythm}`;
    let p = this.#paths.get(id);
    if (!p) {
      const pts = tracePoints(samples, {
        fs,
        t0: panel.t0,
        t1: panel.t1,
        x0: panel.x * pxPerMm,
        pxPerSecond: speed * pxPerMm,
        baseline: panel.baseline * pxPerMm,
        pxPerMv: gain * pxPerMm,
      });
      p = new Path2D();
      for (let i = 0; i < pts.length; i += 2) (i ? p.lineTo(pts[i]!, pts[i + 1]!) : p.moveTo(pts[i]!, pts[i + 1]!));
      this.#paths.set(id, p);
    }
    return p;
  }
}
