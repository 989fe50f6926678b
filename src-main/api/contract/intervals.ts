/**
 * Our delineator's measurements as they cross the API (src-main/ecg/delineate-types.ts is the source of truth):
 * intervals in ms, rate in bpm, axis in degrees; wave marks as sample indices at the record's rate.
 */
import { z } from 'zod';

export const Intervals = z.object({
  hr: z.number().optional(),
  rr: z.number().optional(),
  pr: z.number().optional(),
  qrs: z.number().optional(),
  qt: z.number().optional(),
  qtcBazett: z.number().optional(),
  qtcFridericia: z.number().optional(),
  axis: z.number().optional(),
});
export type Intervals = z.infer<typeof Intervals>;

export const WaveMarks = z.object({ on: z.number().int(), peak: z.number().int(), off: z.number().int() });

export const BeatMarks = z.object({ p: WaveMarks.optional(), qrs: WaveMarks, t: WaveMarks.optional() });
export type BeatMarks = z.infer<typeof BeatMarks>;

/** Intervals of a study and where they come from: its latest analysis, or the delineator run on request. */
export const MeasuredIntervals = z.object({ source: z.enum(['analysis', 'delineator']), intervals: Intervals });
export type MeasuredIntervals = z.infer<typeof MeasuredIntervals>;
