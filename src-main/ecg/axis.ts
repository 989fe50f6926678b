/**
 * Frontal-plane QRS axis from the net QRS area (integral over each beat's global QRS, above the level at QRS
 * onset). Einthoven's model makes lead I the x component of the heart vector and (II + III)/√3 = 2·aVF/√3 its
 * y component (downwards positive), so axis = atan2(2·aVF/√3, I); with only I and II stored, y = (2·II − I)/√3.
 * The 2/√3 factor matters: atan2(aVF, I) alone compresses every axis towards the horizontal.
 */
import type { EcgRecord } from './record.js';
import type { BeatMarks } from './delineate-types.js';

/** Net area (mV·samples) of one lead over the QRS of each beat, summed over beats. */
export function netQrsArea(x: ArrayLike<number>, beats: BeatMarks[]): number {
  let area = 0;
  for (const { qrs } of beats) {
    if (qrs.off <= qrs.on) continue;
    const base = x[qrs.on]!;
    for (let t = qrs.on; t <= qrs.off; t++) area += x[t]! - base;
  }
  return area;
}

/** Axis in degrees, (−180, 180]; undefined without lead I or without aVF/II, or when the areas vanish. */
export function frontalAxis(record: EcgRecord, beats: BeatMarks[]): number | undefined {
  const lead = (name: string) => {
    const k = record.leads.indexOf(name);
    return k >= 0 ? record.samples[k] : undefined;
  };
  const leadI = lead('I');
  if (!leadI || beats.length === 0) return undefined;
  const x = netQrsArea(leadI, beats);
  const aVF = lead('aVF');
  const leadII = lead('II');
  let y: number;
  if (aVF) y = (2 * netQrsArea(aVF, beats)) / Math.sqrt(3);
  else if (leadII) y = (2 * netQrsArea(leadII, beats) - x) / Math.sqrt(3);
  else return undefined;
  if ((x === 0 && y === 0) || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  const deg = (Math.atan2(y, x) * 180) / Math.PI;
  return deg === -180 ? 180 : deg;
}
