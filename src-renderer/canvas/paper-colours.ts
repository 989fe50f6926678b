/**
 * Colours of the paper (DESIGN.md §5): pink/red grid, black traces. Cluster colours come from the cluster
 * model (a colour-blind-safe palette without red) and are drawn translucent behind the traces, at the report's
 * opacity (src-main/report/bands.ts BAND_OPACITY): the palette's separation is measured at that opacity over this
 * background (test/unit/explain/palette.test.ts), and a band looks the same on screen and on paper.
 */
export const PAPER = {
  background: '#fffafa',
  minor: '#f6c9c9',
  major: '#e58f8f',
  trace: '#000000',
  calibration: '#000000',
  separator: '#000000',
  bandAlpha: 0.25,
  stripAlpha: 0.85,
  uncertainty: '#3b4a5a',
  gradCam: '#6a3d9a',
  caliper: '#0b5cad',
  cursor: 'rgba(11, 92, 173, 0.55)',
} as const;

/** '#RRGGBB' with an alpha, as rgba(). */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
