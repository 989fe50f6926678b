/**
 * Intervals from a global delineation: medians over beats (robust to the odd ectopic or mis-delineated beat),
 * in milliseconds; heart rate from the median RR. QT is corrected with the median RR:
 * Bazett QT/√RR and Fridericia QT/∛RR, RR in seconds. A value is undefined when no beat supports it.
 */
import type { EcgRecord } from './record.js';
import type { BeatMarks, Intervals } from './delineate-types.js';
import { frontalAxis } from './axis.js';
import { median } from './order-stats.js';

export function measureIntervals(record: EcgRecord, beats: BeatMarks[], rPeaks: number[]): Intervals {
  const ms = (samples: number) => (samples / record.fs) * 1000;
  const med = (values: number[]) => (values.length ? ms(median(values)) : undefined);
  const rr = med(rPeaks.slice(1).map((r, i) => r - rPeaks[i]!));
  const qrsBeats = beats.filter((b) => b.qrs.off > b.qrs.on);
  const pr = med(qrsBeats.flatMap((b) => (b.p ? [b.qrs.on - b.p.on] : [])));
  const qrs = med(qrsBeats.map((b) => b.qrs.off - b.qrs.on));
  const qt = med(qrsBeats.flatMap((b) => (b.t ? [b.t.off - b.qrs.on] : [])));
  const out: Intervals = {};
  if (rr !== undefined) {
    out.rr = rr;
    out.hr = 60000 / rr;
  }
  if (pr !== undefined) out.pr = pr;
  if (qrs !== undefined) out.qrs = qrs;
  if (qt !== undefined) {
    out.qt = qt;
    if (rr !== undefined) {
      out.qtcBazett = qt / Math.sqrt(rr / 1000);
      out.qtcFridericia = qt / Math.cbrt(rr / 1000);
    }
  }
  const axis = frontalAxis(record, qrsBeats);
  if (axis !== undefined) out.axis = axis;
  return out;
}
