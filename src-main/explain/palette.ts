/**
 * Cluster colours, chosen for how a band is SEEN: at the bands' 25 % opacity over white paper (report) or the
 * viewer's #fffafa, every colour is tinted towards white, and named qualitative schemes lose their separation there
 * (Okabe & Ito's blue and bluish green end up ΔE00 2.9 apart for a tritanope; the previous mix of Okabe–Ito and
 * Tol's "light" had bands 1.6 apart for a protanope and 3.0 for normal vision with 9 clusters). This set was
 * searched (greedy max–min over a 16-level sRGB grid, random restarts, then swaps) to maximise the smallest
 * CIEDE2000 difference between the composited bands, and between each band and the bare paper, under normal
 * vision and the protanopia, deuteranopia and tritanopia simulations of Machado et al. (2009): first for the first
 * 8 and 9 colours (the shipped model's views), then 12 (the K sweep of `npm run model:explain`), then 14 (the
 * fit's widest range). Lightness carries much of the difference, being what all three dichromacies keep, hence
 * the dark colours: composited they stay at L* ≥ 77, far from the black trace.
 *
 * | colours | smallest ΔE00, composited, any vision, either paper | normal vision only |
 * |---------|------------------------------------------------------|--------------------|
 * | 1–8     | 6.6                                                  | 6.8                |
 * | 1–9     | 6.0                                                  | 6.8                |
 * | 1–12    | 4.4                                                  | 5.3                |
 * | 1–14    | 4.0                                                  | 4.6                |
 *
 * No red: a band is seen through the grid's pink lines (bands are drawn over them), which pull a pale warm tint
 * towards red — a brown that composites to beige reads red-brown on the sheet. So each band's CIELAB hue, seen
 * through the grid (lines taking 30 % of the area), lies at least 54° from the grid-covered paper's own (9°;
 * red, crimson, pink, salmon, Okabe–Ito's reddish purple, brown and dark orange all fall within 50°). Red is the
 * ECG paper's colour and means alarm (DESIGN.md §5). test/unit/explain/palette.test.ts holds these figures.
 *
 * Order within the first eight does not change those figures, so it follows the fit's cluster order (by wave: P,
 * QRS, T, then TP, each by share): the strongest colours first, where the narrow QRS bands need them to show, the
 * greyer ones from 5 on, where the TP (baseline) clusters cover half the sheet and should not shout over it.
 */
export const CLUSTER_PALETTE = [
  '#0000FF', // blue
  '#AAFF00', // lime
  '#8866FF', // violet
  '#887700', // ochre
  '#88FF99', // mint
  '#110066', // indigo
  '#006666', // petrol
  '#336633', // dark green
  '#AABBFF', // pale blue
  '#11CC99', // sea green
  '#CCCC33', // mustard
  '#5511BB', // purple
  '#444499', // slate blue
  '#55AA55', // leaf green
] as const;

export function clusterColour(index: number): string {
  return CLUSTER_PALETTE[index % CLUSTER_PALETTE.length]!;
}
