/**
 * ECG paper lines inside a visible rectangle: minor every 1 mm, major every 5 mm, counted from the paper's origin
 * so the grid never shifts while scrolling. Positions in CSS px, for the canvas to snap to device pixels.
 */
export interface GridLines {
  minor: number[];
  major: number[];
}

/** Lines along one axis covering [from, to] px, for a paper of `lengthMm`. */
export function gridLines(from: number, to: number, pxPerMm: number, lengthMm: number): GridLines {
  const minor: number[] = [];
  const major: number[] = [];
  const firstMm = Math.max(0, Math.ceil(from / pxPerMm - 1e-9));
  const lastMm = Math.min(Math.floor(lengthMm), Math.floor(to / pxPerMm + 1e-9));
  for (let mm = firstMm; mm <= lastMm; mm++) (mm % 5 === 0 ? major : minor).push(mm * pxPerMm);
  return { minor, major };
}
