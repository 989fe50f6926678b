/**
 * Cluster colours are the cluster model's (a colour-blind-safe palette without red), but a hand-edited model
 * could still name a red: red is the ECG paper's colour and means alarm, so such a colour is drawn neutral grey.
 */
export const NEUTRAL = '#9a9a9a';

/** Hue in degrees and saturation (HSL) of '#RRGGBB'. */
function hueSaturation(hex: string): { hue: number; saturation: number } {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => v / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  if (d === 0) return { hue: 0, saturation: 0 };
  const l = (max + min) / 2;
  const saturation = d / (1 - Math.abs(2 * l - 1));
  const hue = max === r ? 60 * (((g - b) / d + 6) % 6) : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4);
  return { hue, saturation };
}

export function isReddish(hex: string): boolean {
  const { hue, saturation } = hueSaturation(hex);
  return saturation > 0.35 && (hue < 15 || hue > 340);
}

export function bandColour(hex: string | undefined): string {
  return hex && /^#[0-9a-fA-F]{6}$/.test(hex) && !isReddish(hex) ? hex : NEUTRAL;
}
