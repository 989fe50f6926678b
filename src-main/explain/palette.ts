/**
 * Cluster colours: colour-blind-safe qualitative colours (Okabe & Ito 2008, then Paul Tol's "light" scheme),
 * with red and black left out — red is the ECG paper grid's colour and black is the trace's (DESIGN.md §5).
 * Drawn as translucent bands, so mid-to-light tones read best.
 */
export const CLUSTER_PALETTE = [
  '#56B4E9', // sky blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#CC79A7', // reddish purple (distinct from grid pink at band opacity)
  '#99DDFF', // light cyan
  '#44BB99', // mint
  '#BBCC33', // pear
  '#AAAA00', // olive
  '#EEDD88', // light yellow
  '#77AADD', // light blue
  '#EE8866', // light orange
  '#DDDDDD', // pale grey
  '#332288', // indigo
  '#117733', // green
] as const;

export function clusterColour(index: number): string {
  return CLUSTER_PALETTE[index % CLUSTER_PALETTE.length]!;
}
