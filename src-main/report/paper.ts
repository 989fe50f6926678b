/**
 * Paper and scale facts. PDF user space is 1/72 inch, so 1 mm = 72/25.4 pt exactly; every length on the page is
 * written in millimetres and converted once, which is what makes a printed report match a ruler at 100 % scale.
 *
 * | paper  | landscape (mm)  | landscape (pt)      |
 * |--------|-----------------|---------------------|
 * | A4     | 297 × 210       | 841.89 × 595.28     |
 * | Letter | 279.4 × 215.9   | 792 × 612           |
 */
export const PT_PER_MM = 72 / 25.4;

export const mm = (v: number): number => v * PT_PER_MM;

export const PAPERS = ['A4', 'Letter'] as const;
export type Paper = (typeof PAPERS)[number];

/** Landscape page size in millimetres. */
export const PAPER_MM: Record<Paper, { width: number; height: number }> = {
  A4: { width: 297, height: 210 },
  Letter: { width: 279.4, height: 215.9 },
};

/** ECG paper speeds (mm/s) and gains (mm/mV) a report may use (DESIGN.md §5). */
export const SPEEDS = [12.5, 25, 50] as const;
export type Speed = (typeof SPEEDS)[number];
export const GAINS = [5, 10, 20] as const;
export type Gain = (typeof GAINS)[number];
