/**
 * The paper canvas as a layer on the paper: which region it holds, and when it is drawn again. Panning within
 * the region must draw nothing; a new scene, a new device-pixel ratio, a new canvas element or a view outside
 * the region must draw once. A stand-in canvas records sizes, styles and draws, so no DOM is needed.
 */
import { describe, expect, it } from 'vitest';
import type { Viewport } from '../../../src-renderer/canvas/draw-paper.js';
import { overlayIsEmpty, type OverlayScene } from '../../../src-renderer/canvas/draw-overlay.js';
import { MAX_DEVICE_SIDE, PaperLayer, type LayerCanvas } from '../../../src-renderer/canvas/paper-layer.js';
import { AREA_FACTOR, covers, exposedStrips, layerRegion, type Rect } from '../../../src-renderer/lib/paper/layer-region.js';
import { paperLayout } from '../../../src-renderer/lib/paper/layouts.js';

const view = (x: number, y: number, width = 1000, height = 600): Rect => ({ x, y, width, height });

describe('layer region', () => {
  it('holds the whole paper when it is at most AREA_FACTOR views', () => {
    expect(AREA_FACTOR).toBe(4);
    // 195 % zoom of the 3×4 page: 1990.4 × 1253.2 px under a 1280 × 800 view (2.4 views)
    expect(layerRegion(view(300, 200, 1280, 800), 1990.4, 1253.2, 8192)).toEqual({ x: 0, y: 0, width: 1991, height: 1254 });
    expect(layerRegion(view(0, 0, 1000, 600), 2000, 1200, 8192)).toEqual({ x: 0, y: 0, width: 2000, height: 1200 });
  });

  it('holds the view and half a view around it on a larger paper, within the paper', () => {
    expect(layerRegion(view(3000, 1000), 8000, 5000, 8192)).toEqual({ x: 2500, y: 700, width: 2000, height: 1200 });
    // at the paper's start and end the region slides inside the paper, keeping its size
    expect(layerRegion(view(100, 0), 8000, 5000, 8192)).toEqual({ x: 0, y: 0, width: 2000, height: 1200 });
    expect(layerRegion(view(7000, 4400), 8000, 5000, 8192)).toEqual({ x: 6000, y: 3800, width: 2000, height: 1200 });
    // a paper shorter than region: the whole height, the margin along x only
    expect(layerRegion(view(3000, 0, 1000, 600), 20000, 700, 8192)).toEqual({ x: 2500, y: 0, width: 2000, height: 700 });
  });

  it('keeps the sides within maxSide, but never smaller than the view', () => {
    // a long strip: small area (under 4 views), but wider than a canvas may be
    expect(layerRegion(view(1200, 0, 1000, 100), 3500, 100, 2048)).toEqual({ x: 700, y: 0, width: 2000, height: 100 });
    expect(layerRegion(view(1200, 0, 1000, 100), 3500, 100, 1500)).toEqual({ x: 950, y: 0, width: 1500, height: 100 });
    expect(layerRegion(view(5000, 0, 3000, 400), 12000, 400, 2048)).toEqual({ x: 5000, y: 0, width: 3000, height: 400 });
  });

  it('always covers the view it was made for, at fractional scroll positions too', () => {
    for (const [x, y] of [[0, 0], [0.5, 0.25], [1234.5, 333.75], [6999.5, 4399.5], [7000, 4400]] as const) {
      const v = view(x, y);
      const r = layerRegion(v, 8000, 5000, 8192);
      expect(covers(r, v)).toBe(true);
      expect(Number.isInteger(r.x) && Number.isInteger(r.y)).toBe(true);
      expect(r.x >= 0 && r.y >= 0 && r.x + r.width <= 8000 && r.y + r.height <= 5000).toBe(true);
    }
  });

  it('lists the strips a moved region gains, or none to reuse when it moved too far or changed size', () => {
    const prev = { x: 1000, y: 500, width: 2000, height: 1200 };
    expect(exposedStrips(prev, { ...prev, x: 1300 })).toEqual([{ x: 3000, y: 500, width: 300, height: 1200 }]);
    expect(exposedStrips(prev, { ...prev, x: 900 })).toEqual([{ x: 900, y: 500, width: 100, height: 1200 }]);
    expect(exposedStrips(prev, { ...prev, x: 1300, y: 400 })).toEqual([
      { x: 3000, y: 400, width: 300, height: 1200 },
      { x: 1300, y: 400, width: 2000, height: 100 },
    ]);
    expect(exposedStrips(prev, { ...prev, y: 1700 })).toBeUndefined();
    expect(exposedStrips(prev, { ...prev, x: 3000 })).toBeUndefined();
    expect(exposedStrips(prev, { ...prev, width: 1999 })).toBeUndefined();
    expect(exposedStrips(prev, prev)).toEqual([]);
  });

  it('covers: inside or on the edge, not one px past it', () => {
    const r = { x: 100, y: 100, width: 500, height: 500 };
    expect(covers(r, { x: 100, y: 100, width: 500, height: 500 })).toBe(true);
    expect(covers(r, { x: 101, y: 100, width: 500, height: 500 })).toBe(false);
    expect(covers(r, { x: 99, y: 100, width: 10, height: 10 })).toBe(false);
    expect(covers(r, { x: 300, y: 599, width: 10, height: 2 })).toBe(false);
  });
});

/** A canvas and 2D context stand-in: sizes, styles, the transform and the operations that move pixels. */
interface Stub {
  transform: number[];
  ops: string[];
  globalCompositeOperation: string;
  setTransform(...m: number[]): void;
  save(): void;
  restore(): void;
  beginPath(): void;
  rect(x: number, y: number, width: number, height: number): void;
  clip(): void;
  drawImage(image: unknown, dx: number, dy: number): void;
}

type StubCanvas = LayerCanvas<Stub> & { resizes: number };

function stubCanvas(): StubCanvas {
  const saved: number[][] = [];
  const ctx: Stub = {
    transform: [1, 0, 0, 1, 0, 0],
    ops: [],
    globalCompositeOperation: 'source-over',
    setTransform(...m: number[]) {
      this.transform = m;
    },
    save() {
      saved.push(this.transform);
    },
    restore() {
      this.transform = saved.pop()!;
      this.globalCompositeOperation = 'source-over';
    },
    beginPath() {},
    rect(x, y, width, height) {
      this.ops.push(`clip ${x},${y} ${width}×${height} at ${this.transform.join(',')}`);
    },
    clip() {},
    drawImage(image, dx, dy) {
      this.ops.push(`${this.globalCompositeOperation} ${image === c ? 'itself' : 'another'} by ${dx},${dy}`);
    },
  };
  let width = 300;
  let height = 150;
  const c = {
    resizes: 0,
    style: { left: '', top: '', width: '', height: '' },
    get width() {
      return width;
    },
    set width(v: number) {
      width = v;
      c.resizes++;
    },
    get height() {
      return height;
    },
    set height(v: number) {
      height = v;
      c.resizes++;
    },
    getContext: () => ctx,
  };
  return c;
}

describe('paper layer', () => {
  const paperW = 1990.4;
  const paperH = 1253.2;
  const v = (x: number, y: number, dpr = 1): Viewport => ({ x, y, width: 1280, height: 800, dpr });

  function recording() {
    const drawn: Array<{ scene: object; region: Viewport }> = [];
    const layer = new PaperLayer<object, Stub, StubCanvas>((_ctx, scene, region) => drawn.push({ scene, region }));
    return { layer, drawn };
  }

  it('draws once for the whole paper, then pans without drawing', () => {
    const { layer, drawn } = recording();
    const canvas = stubCanvas();
    const scene = {};
    expect(layer.update(canvas, scene, paperW, paperH, v(0, 0))).toBe(true);
    for (let i = 1; i <= 60; i++) expect(layer.update(canvas, scene, paperW, paperH, v(i * 12, (i * 3) % 450))).toBe(false);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]!.region).toEqual({ x: 0, y: 0, width: 1991, height: 1254, dpr: 1 });
    expect(canvas.getContext('2d')!.ops).toEqual(['clip 0,0 1991×1254 at 1,0,0,1,0,0']);
    expect([canvas.width, canvas.height]).toEqual([1991, 1254]);
    expect(canvas.style).toEqual({ left: '0px', top: '0px', width: '1991px', height: '1254px' });
  });

  it('draws again for a new scene, a new device-pixel ratio and a new canvas element, once each', () => {
    const { layer, drawn } = recording();
    const canvas = stubCanvas();
    const a = {};
    const b = {};
    layer.update(canvas, a, paperW, paperH, v(0, 0));
    expect(layer.update(canvas, b, paperW, paperH, v(0, 0))).toBe(true);
    expect(layer.update(canvas, b, paperW, paperH, v(50, 0))).toBe(false);
    expect(layer.update(canvas, b, paperW, paperH, v(50, 0, 2))).toBe(true);
    // backing store at device resolution, CSS size unchanged, drawn with the context scaled to CSS px
    expect([canvas.width, canvas.height, canvas.style.width]).toEqual([3982, 2508, '1991px']);
    expect(canvas.getContext('2d')!.ops.at(-1)).toBe('clip 0,0 1991×1254 at 2,0,0,2,0,0');
    const other = stubCanvas();
    expect(layer.update(other, b, paperW, paperH, v(50, 0, 2))).toBe(true);
    expect(layer.update(other, b, paperW, paperH, v(60, 0, 2))).toBe(false);
    expect(drawn.map((d) => d.scene)).toEqual([a, b, b, b]);
  });

  it('at high zoom draws again only when the view leaves the region: moves the pixels it has, draws the strip that came in', () => {
    const { layer, drawn } = recording();
    const canvas = stubCanvas();
    const ctx = canvas.getContext('2d')!;
    const scene = {};
    const W = 8000;
    const H = 5000;
    layer.update(canvas, scene, W, H, v(2000, 1000, 2));
    expect(layer.region).toEqual({ x: 1360, y: 600, width: 2560, height: 1600 });
    expect(layer.lastDrawnArea).toBe(2560 * 1600);
    ctx.ops = [];
    let x = 2000;
    while (layer.update(canvas, scene, W, H, v((x += 12), 1000, 2)) === false);
    // 640 px (half a view) of panning drew nothing; the next step moved the region to centre the new view
    expect(x).toBe(2000 + 12 * Math.ceil(641 / 12));
    expect(layer.region).toEqual({ x: x - 640, y: 600, width: 2560, height: 1600 });
    expect(canvas.style.left).toBe(`${x - 640}px`);
    expect(canvas.resizes).toBe(2); // the first draw sized it; moving did not resize
    // the kept pixels move left by the region's step (device px); the strip on the right is drawn in place
    const step = x - 640 - 1360;
    expect(ctx.ops).toEqual([`copy itself by ${-step * 2},0`, `clip 0,0 ${step}×1600 at 2,0,0,2,${(2560 - step) * 2},0`]);
    expect(drawn.at(-1)!.region).toEqual({ x: 1360 + 2560, y: 600, width: step, height: 1600, dpr: 2 });
    expect(layer.lastDrawnArea).toBe(step * 1600);
    // panning back over the left edge: a strip on the left
    ctx.ops = [];
    while (layer.update(canvas, scene, W, H, v((x -= 12), 1000, 2)) === false);
    expect(ctx.ops[1]).toMatch(/^clip 0,0 \d+×1600 at 2,0,0,2,0,0$/);
    expect(drawn).toHaveLength(3);
  });

  it('draws the whole region when a new scene arrives at high zoom, or when the region moves farther than its size', () => {
    const { layer } = recording();
    const canvas = stubCanvas();
    const ctx = canvas.getContext('2d')!;
    layer.update(canvas, {}, 8000, 5000, v(2000, 1000));
    ctx.ops = [];
    layer.update(canvas, {}, 8000, 5000, v(2000, 1000));
    expect(ctx.ops).toEqual(['clip 0,0 2560×1600 at 1,0,0,1,0,0']);
    const scene = {};
    layer.update(canvas, scene, 8000, 5000, v(2000, 1000));
    ctx.ops = [];
    layer.update(canvas, scene, 8000, 5000, v(6000, 1000));
    expect(ctx.ops).toEqual(['clip 0,0 2560×1600 at 1,0,0,1,0,0']);
  });

  it('draws the whole region after a pan at a fractional device-pixel ratio, where moved pixels would not line up', () => {
    const { layer } = recording();
    const canvas = stubCanvas();
    const ctx = canvas.getContext('2d')!;
    const scene = {};
    layer.update(canvas, scene, 8000, 5000, v(2000, 1000, 1.25));
    ctx.ops = [];
    let x = 2000;
    while (layer.update(canvas, scene, 8000, 5000, v((x += 13), 1000, 1.25)) === false);
    expect(ctx.ops).toHaveLength(1);
    expect(ctx.ops[0]).toMatch(/^clip 0,0 /);
  });

  it('keeps canvas sides within the device limit', () => {
    const { layer } = recording();
    const canvas = stubCanvas();
    layer.update(canvas, {}, 30000, 700, { x: 10000, y: 0, width: 3000, height: 700, dpr: 2 });
    expect(canvas.width).toBeLessThanOrEqual(MAX_DEVICE_SIDE);
    expect(canvas.width).toBe(MAX_DEVICE_SIDE);
  });

  it('a stage a fraction of a px larger than the paper does not force a draw per frame', () => {
    const { layer, drawn } = recording();
    const canvas = stubCanvas();
    const scene = {};
    for (let i = 0; i < 5; i++) layer.update(canvas, scene, 1020.6, 643.2, { x: 0, y: 0, width: 1021, height: 644, dpr: 1 });
    expect(drawn).toHaveLength(1);
  });
});

describe('overlay', () => {
  const layout = paperLayout({ layout: '3x4', leads: ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'], durationS: 10, speed: 25, gain: 10, tracks: [] });
  const base: OverlayScene = { layout, pxPerMm: 3.78, speed: 25, gain: 10, calipers: [] };

  it('is empty without cursor, hovered band or caliper points, so scrolling need not clear it', () => {
    expect(overlayIsEmpty(base)).toBe(true);
    expect(overlayIsEmpty({ ...base, cursorT: 0 })).toBe(false);
    expect(overlayIsEmpty({ ...base, calipers: [{ t: 1 }] })).toBe(false);
    expect(overlayIsEmpty({ ...base, hoverBand: { panel: layout.panels[0]!, start: 0, end: 1 } })).toBe(false);
  });
});
