/** Paper settings and calipers as the viewer drives them, with a storage stand-in for the browser's. */
import { beforeAll, describe, expect, it } from 'vitest';

type Settings = typeof import('../../../src-renderer/state/paper-settings.svelte.js');
type CalipersModule = typeof import('../../../src-renderer/state/calipers.svelte.js');

class MemoryStore {
  readonly items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
}

describe('paper settings', () => {
  let m: Settings;
  let c: CalipersModule;
  beforeAll(async () => {
    m = (await import('../../../src-renderer/state/paper-settings.svelte.js')) as unknown as Settings;
    c = (await import('../../../src-renderer/state/calipers.svelte.js')) as unknown as CalipersModule;
  });

  it('starts at 25 mm/s, 10 mm/mV, 3×4, filters off, 96 dpi', () => {
    const p = new m.PaperSettings();
    expect([p.speed, p.gain, p.layout, p.zoom]).toEqual([25, 10, '3x4', 1]);
    expect(p.filters).toEqual({ baseline: false, notch: 0, lowPass: false });
    expect(p.scale.pxPerMm).toBeCloseTo(96 / 25.4, 12);
  });

  it('keeps speed, gain, layout, filters and calibration for the next session, but not zoom', () => {
    const store = new MemoryStore();
    const a = new m.PaperSettings(store);
    a.setSpeed(50);
    a.setGain(5);
    a.setLayout('single', 'V2');
    a.setFilters({ notch: 60 });
    expect(a.setCalibration(4.2)).toBe(true);
    a.setZoom(3);
    const b = new m.PaperSettings(store);
    expect([b.speed, b.gain, b.layout, b.pxPerMm, b.zoom]).toEqual([50, 5, 'single', 4.2, 1]);
    expect(b.filters).toEqual({ baseline: false, notch: 60, lowPass: false });
    expect(b.scale).toEqual({ pxPerMm: 4.2, speed: 50, gain: 5 });
  });

  it('refuses impossible calibrations and ignores a damaged stored entry', () => {
    const store = new MemoryStore();
    const p = new m.PaperSettings(store);
    expect(p.setCalibration(0)).toBe(false);
    expect(p.setCalibration(Number.NaN)).toBe(false);
    expect(p.pxPerMm).toBeCloseTo(3.7795, 4);
    store.setItem('ecg-tlc.paper', '{"speed": 30, "gain": 10, "pxPerMm": 900, "filters": {"notch": 55}}');
    const q = new m.PaperSettings(store);
    expect([q.speed, q.gain, q.pxPerMm]).toEqual([25, 10, 96 / 25.4]);
    store.setItem('ecg-tlc.paper', 'not json');
    expect(new m.PaperSettings(store).speed).toBe(25);
  });

  it('clamps zoom to 50–800 %', () => {
    const p = new m.PaperSettings();
    p.zoomBy(100);
    expect(p.zoom).toBe(8);
    p.setZoom(0.01);
    expect(p.zoom).toBe(0.5);
  });

  it('places caliper points A then B, reads them, and starts over on a third click', () => {
    const k = new c.Calipers();
    k.place({ t: 1, lead: 'II', mv: 0 });
    expect(k.reading).toBeUndefined();
    k.place({ t: 1.8, lead: 'II', mv: 1.5 });
    expect(k.reading).toEqual({ ms: expect.closeTo(800, 9), bpm: expect.closeTo(75, 9), mv: 1.5 });
    k.place({ t: 3 });
    expect([k.a?.t, k.b]).toEqual([3, undefined]);
    k.clear();
    expect(k.a).toBeUndefined();
  });
});
