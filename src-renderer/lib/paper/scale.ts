/**
 * True scale: CSS pixels per millimetre come from a calibration setting (96 CSS px per inch by definition, so
 * 3.7795 px/mm until the user measures their screen); paper speed and gain turn seconds and millivolts into mm.
 *
 * | setting | values            | default | meaning                     |
 * |---------|-------------------|---------|-----------------------------|
 * | speed   | 12.5, 25, 50      | 25      | mm of paper per second      |
 * | gain    | 5, 10, 20         | 10      | mm of paper per millivolt   |
 * | zoom    | 0.5 … 8           | 1       | magnifies paper and traces alike |
 */
export const MM_PER_INCH = 25.4;
export const CSS_PX_PER_INCH = 96;
export const DEFAULT_PX_PER_MM = CSS_PX_PER_INCH / MM_PER_INCH;

export const SPEEDS = [12.5, 25, 50] as const;
export const GAINS = [5, 10, 20] as const;
export type Speed = (typeof SPEEDS)[number];
export type Gain = (typeof GAINS)[number];
export const DEFAULT_SPEED: Speed = 25;
export const DEFAULT_GAIN: Gain = 10;

export const ZOOM_MIN = 0.5;
export const ZOOM_MAX = 8;

/** A calibration outside this range is a typo, not a screen. */
export const PX_PER_MM_MIN = 1;
export const PX_PER_MM_MAX = 40;

export interface PaperScale {
  /** CSS px per mm of paper, calibration × zoom */
  pxPerMm: number;
  speed: number;
  gain: number;
}

export function paperScale(calibrationPxPerMm: number, zoom: number, speed: number, gain: number): PaperScale {
  return { pxPerMm: calibrationPxPerMm * zoom, speed, gain };
}

export const pxPerSecond = (s: PaperScale): number => s.speed * s.pxPerMm;
export const pxPerMillivolt = (s: PaperScale): number => s.gain * s.pxPerMm;

export function clampZoom(z: number): number {
  return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));
}
