/**
 * The paper canvas as a layer lying on the paper, as map viewers lay tiles: it holds a region of the paper
 * (lib/paper/layer-region.ts) and scrolls with it, so a pan step draws nothing: the compositor moves pixels
 * drawn once. The canvas is drawn again only when
 *
 * | what changed                          | why                                                          |
 * |---------------------------------------|--------------------------------------------------------------|
 * | the scene object                      | data, filters, layout, scale, bands or tracks (each change   |
 * |                                       | makes a new scene)                                           |
 * | the device-pixel ratio                | the backing store's resolution                               |
 * | the view left the region              | high zoom: the region holds only the view and a margin; the  |
 * |                                       | pixels kept are moved and only the strips brought in drawn   |
 * | the canvas element                    | a new element is blank                                       |
 *
 * The region is drawn with the same code and at the same device-pixel grid as the view would be, so what is
 * shown does not depend on where the region starts, nor on whether it was drawn whole or in strips.
 */
import { covers, exposedStrips, layerRegion, type Rect } from '../lib/paper/layer-region.js';
import type { Viewport } from './draw-paper.js';

/** The members of a canvas element the layer uses (an HTMLCanvasElement, or a test's stand-in). */
export interface LayerCanvas<Ctx> {
  width: number;
  height: number;
  style: { left: string; top: string; width: string; height: string };
  getContext(kind: '2d'): Ctx | null;
}

export interface LayerContext<Source> {
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  save(): void;
  restore(): void;
  beginPath(): void;
  rect(x: number, y: number, width: number, height: number): void;
  clip(): void;
  globalCompositeOperation: string;
  drawImage(image: Source, dx: number, dy: number): void;
}

/** Canvas sides are kept within this many device px (a common GPU texture limit). */
export const MAX_DEVICE_SIDE = 8192;

export class PaperLayer<Scene, Ctx extends LayerContext<Canvas>, Canvas extends LayerCanvas<Ctx>> {
  #canvas: Canvas | undefined;
  #scene: Scene | undefined;
  #dpr = 0;
  #region: Rect | undefined;
  /** CSS px² drawn by the last draw: the whole region, or the strips a pan brought in */
  lastDrawnArea = 0;

  /** `render` draws the paper's view `v` with the context's transform mapping v's top-left to its origin. */
  constructor(private readonly render: (ctx: Ctx, scene: Scene, v: Viewport) => void) {}

  /** The region the canvas holds now, in paper CSS px. */
  get region(): Rect | undefined {
    return this.#region;
  }

  /**
   * Makes `canvas` show `scene` wherever the view `v` (CSS px, its x, y the scroll position) lies on a paper of
   * `paperWidth` × `paperHeight` CSS px; draws and places it only when stale. Returns whether it drew.
   */
  update(canvas: Canvas, scene: Scene, paperWidth: number, paperHeight: number, v: Viewport): boolean {
    const view = clampToPaper(v, paperWidth, paperHeight);
    const same = canvas === this.#canvas && scene === this.#scene && v.dpr === this.#dpr;
    if (same && this.#region && covers(this.#region, view)) return false;
    const region = layerRegion(view, paperWidth, paperHeight, Math.floor(MAX_DEVICE_SIDE / v.dpr));
    const w = Math.max(1, Math.round(region.width * v.dpr));
    const h = Math.max(1, Math.round(region.height * v.dpr));
    const strips = same && this.#region ? exposedStrips(this.#region, region) : undefined;
    const shift = this.#region ? { x: (this.#region.x - region.x) * v.dpr, y: (this.#region.y - region.y) * v.dpr } : undefined;
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    // CSS size = backing store ÷ dpr exactly, so the bitmap is never resampled (a blurred grid).
    setStyle(canvas.style, 'width', `${w / v.dpr}px`);
    setStyle(canvas.style, 'height', `${h / v.dpr}px`);
    setStyle(canvas.style, 'left', `${region.x}px`);
    setStyle(canvas.style, 'top', `${region.y}px`);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas context');
    // A pan past the region's edge keeps what the canvas already holds, moved by whole device px, and draws
    // only the strips that came into it.
    if (strips && shift && Number.isInteger(shift.x) && Number.isInteger(shift.y)) {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(canvas, shift.x, shift.y);
      ctx.restore();
      for (const strip of strips) this.#drawPart(ctx, scene, region, strip, v.dpr);
      this.lastDrawnArea = strips.reduce((a, r) => a + r.width * r.height, 0);
    } else {
      this.#drawPart(ctx, scene, region, { ...region, width: w / v.dpr, height: h / v.dpr }, v.dpr);
      this.lastDrawnArea = (w * h) / v.dpr ** 2;
    }
    this.#canvas = canvas;
    this.#scene = scene;
    this.#dpr = v.dpr;
    this.#region = region;
    return true;
  }

  /** Draws `part` of the paper where it lies on a canvas holding `region`, clipped to it. */
  #drawPart(ctx: Ctx, scene: Scene, region: Rect, part: Rect, dpr: number): void {
    ctx.save();
    ctx.setTransform(dpr, 0, 0, dpr, (part.x - region.x) * dpr, (part.y - region.y) * dpr);
    ctx.beginPath();
    ctx.rect(0, 0, part.width, part.height);
    ctx.clip();
    this.render(ctx, scene, { ...part, dpr });
    ctx.restore();
  }
}

/** Style writes only when the value changes: each write invalidates style. */
function setStyle(style: LayerCanvas<unknown>['style'], key: 'left' | 'top' | 'width' | 'height', value: string): void {
  if (style[key] !== value) style[key] = value;
}

/** The view within the paper: a stage a fraction of a px larger than the paper never forces a draw. */
function clampToPaper(v: Viewport, paperWidth: number, paperHeight: number): Rect {
  const pw = Math.ceil(paperWidth);
  const ph = Math.ceil(paperHeight);
  const width = Math.min(v.width, pw);
  const height = Math.min(v.height, ph);
  return { x: Math.max(0, Math.min(v.x, pw - width)), y: Math.max(0, Math.min(v.y, ph - height)), width, height };
}
