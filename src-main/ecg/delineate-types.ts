/**
 * Shapes of a delineation. All positions are sample indices at the record's sampling rate; all durations in the
 * intervals are milliseconds, rates in beats per minute, angles in degrees. What could not be measured is
 * undefined (missing is missing), never 0 or NaN.
 */

/** One wave: first sample, extremum (or the centre of a biphasic wave's main lobe), last sample. */
export interface WaveMarks {
  on: number;
  peak: number;
  off: number;
}

export interface BeatMarks {
  p?: WaveMarks;
  qrs: WaveMarks;
  t?: WaveMarks;
}

export interface Intervals {
  /** heart rate from the median RR, beats per minute */
  hr?: number;
  rr?: number;
  pr?: number;
  qrs?: number;
  qt?: number;
  /** QT/√(RR in s) */
  qtcBazett?: number;
  /** QT/∛(RR in s) */
  qtcFridericia?: number;
  /** frontal-plane QRS axis, degrees in (−180, 180] */
  axis?: number;
}

export interface Delineation {
  fs: number;
  rPeaks: number[];
  /** one entry per R peak, the global (multi-lead) marks */
  beats: BeatMarks[];
  /** per lead (in the record's lead order), the single-lead marks of each beat: undefined for a lead not delineated */
  leadBeats: Array<Array<Partial<BeatMarks>> | undefined>;
  intervals: Intervals;
}
