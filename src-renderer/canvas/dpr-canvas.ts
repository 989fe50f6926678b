/**
 * Device-pixel-ratio aware canvas sizing (LayerCake's scaleCanvas): the backing store holds css × dpr pixels and
 * the context is scaled so drawing code works in CSS px. Sizes and styles are written only when they change,
 * since each write clears the canvas or forces style recalculation.
 */
export interface CanvasSize {
  width: number;
  height: number;
  dpr: number;
}

export function fitCanvas(canvas: HTMLCanvasElement, size: CanvasSize): CanvasRenderingContext2D {
  const w = Math.max(1, Math.round(size.width * size.dpr));
  const h = Math.max(1, Math.round(size.height * size.dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const cssW = `${size.width}px`;
  const cssH = `${size.height}px`;
  if (canvas.style.width !== cssW) canvas.style.width = cssW;
  if (canvas.style.height !== cssH) canvas.style.height = cssH;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas context');
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  return ctx;
}

/** Coalesces redraw requests into one call per animation frame. */
export class FrameLoop {
  #pending = 0;
  constructor(private readonly draw: () => void) {}

  request(): void {
    if (this.#pending) return;
    this.#pending = requestAnimationFrame(() => {
      this.#pending = 0;
      this.draw();
    });
  }

  cancel(): void {
    if (this.#pending) cancelAnimationFrame(this.#pending);
    this.#pending = 0;
  }
}
