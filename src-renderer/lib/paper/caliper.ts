/**
 * What a pair of caliper points measures: the time between them (ms, and the rate that interval would mean as
 * an RR interval) and, within one lead, the voltage difference (mV). Points are kept in seconds and millivolts,
 * not pixels, so a reading does not depend on the paper speed, gain or zoom it was taken at.
 */
export interface CaliperPoint {
  /** seconds from the start of the recording */
  t: number;
  /** the panel the point was placed in: its lead, and whether it is the rhythm strip */
  lead?: string;
  rhythm?: boolean;
  /** voltage at the point against the lead's baseline, when placed in a lead */
  mv?: number;
}

export interface CaliperReading {
  ms: number;
  /** beats per minute if the interval were one RR interval */
  bpm: number | undefined;
  /** undefined when the points lie in different leads (or outside a lead) */
  mv: number | undefined;
}

export function caliperReading(a: CaliperPoint, b: CaliperPoint): CaliperReading {
  const ms = Math.abs(b.t - a.t) * 1000;
  const sameLead = a.lead !== undefined && a.lead === b.lead;
  return {
    ms,
    bpm: ms > 0 ? 60_000 / ms : undefined,
    mv: sameLead && a.mv !== undefined && b.mv !== undefined ? b.mv - a.mv : undefined,
  };
}
