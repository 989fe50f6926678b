/**
 * How the paper is drawn: speed, gain, layout, zoom, display filters, and the screen calibration that makes a
 * millimetre on screen a millimetre on a ruler. Kept between sessions in the renderer's local storage (these
 * are the reader's preferences for this screen, not the archive's).
 */
import { LAYOUTS, type Layout } from '../lib/paper/layouts.js';
import {
  DEFAULT_GAIN,
  DEFAULT_PX_PER_MM,
  DEFAULT_SPEED,
  GAINS,
  PX_PER_MM_MAX,
  PX_PER_MM_MIN,
  SPEEDS,
  clampZoom,
  paperScale,
  type Gain,
  type PaperScale,
  type Speed,
} from '../lib/paper/scale.js';
import { NO_FILTERS, type DisplayFilters } from '../lib/signal/display-filters.js';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = 'ecg-tlc.paper';

interface Saved {
  speed: Speed;
  gain: Gain;
  layout: Layout;
  filters: DisplayFilters;
  pxPerMm: number;
}

function restore(store: KeyValueStore | undefined): Partial<Saved> {
  try {
    const raw = store?.getItem(STORAGE_KEY);
    if (!raw) return {};
    const v = JSON.parse(raw) as Partial<Saved>;
    const out: Partial<Saved> = {};
    if (SPEEDS.includes(v.speed as Speed)) out.speed = v.speed!;
    if (GAINS.includes(v.gain as Gain)) out.gain = v.gain!;
    if (LAYOUTS.includes(v.layout as Layout)) out.layout = v.layout!;
    if (typeof v.pxPerMm === 'number' && v.pxPerMm >= PX_PER_MM_MIN && v.pxPerMm <= PX_PER_MM_MAX) out.pxPerMm = v.pxPerMm;
    const f = v.filters;
    if (f && typeof f.baseline === 'boolean' && typeof f.lowPass === 'boolean' && [0, 50, 60].includes(f.notch)) out.filters = f;
    return out;
  } catch {
    return {}; // a damaged entry costs the preferences, never the app
  }
}

export class PaperSettings {
  speed = $state<Speed>(DEFAULT_SPEED);
  gain = $state<Gain>(DEFAULT_GAIN);
  layout = $state<Layout>('3x4');
  /** the lead the single-lead layout shows */
  singleLead = $state('II');
  zoom = $state(1);
  filters = $state<DisplayFilters>({ ...NO_FILTERS });
  /** CSS px per mm of this screen */
  pxPerMm = $state(DEFAULT_PX_PER_MM);
  /** first second shown by page layouts (3x4, 6x2) of long recordings */
  pageStart = $state(0);
  readonly #store: KeyValueStore | undefined;

  constructor(store?: KeyValueStore) {
    this.#store = store;
    Object.assign(this, restore(store));
  }

  get scale(): PaperScale {
    return paperScale(this.pxPerMm, this.zoom, this.speed, this.gain);
  }

  setSpeed(v: Speed): void {
    this.speed = v;
    this.#save();
  }

  setGain(v: Gain): void {
    this.gain = v;
    this.#save();
  }

  setLayout(v: Layout, lead?: string): void {
    this.layout = v;
    if (lead) this.singleLead = lead;
    this.#save();
  }

  setFilters(patch: Partial<DisplayFilters>): void {
    this.filters = { ...this.filters, ...patch };
    this.#save();
  }

  setZoom(z: number): void {
    this.zoom = clampZoom(Number(z.toFixed(3)));
  }

  zoomBy(factor: number): void {
    this.setZoom(this.zoom * factor);
  }

  /** Sets the calibration; values outside 1–40 px/mm are refused (returns false). */
  setCalibration(pxPerMm: number): boolean {
    if (!Number.isFinite(pxPerMm) || pxPerMm < PX_PER_MM_MIN || pxPerMm > PX_PER_MM_MAX) return false;
    this.pxPerMm = pxPerMm;
    this.#save();
    return true;
  }

  #save(): void {
    const saved: Saved = { speed: this.speed, gain: this.gain, layout: this.layout, filters: this.filters, pxPerMm: this.pxPerMm };
    try {
      this.#store?.setItem(STORAGE_KEY, JSON.stringify(saved));
    } catch {
      // storage full or disabled: the settings still hold for this session
    }
  }
}
