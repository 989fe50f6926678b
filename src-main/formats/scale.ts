/**
 * The check a reader makes before scaling stored integers to mV: every value it may meet must land within
 * LIMITS.maxAbsMillivolts, and the inverse (units per mV, kept as DigitalLead.gain) must be finite. A damaged
 * or hostile scale (1e308, 1e-320) would otherwise give ±Infinity samples or an infinite gain.
 */
import { ensure } from './errors.js';
import { LIMITS } from './types.js';

/**
 * mV = offsetMv + stored × mvPerUnit, for |stored| ≤ maxStored (default: any 32-bit integer).
 * Throws a FormatError naming `file` and `what` when that mapping leaves the usable range.
 */
export function ensureUsableScale(file: string, what: string, mvPerUnit: number, offsetMv: number, maxStored = 2 ** 31): void {
  const gain = 1 / mvPerUnit;
  ensure(
    mvPerUnit !== 0 && Number.isFinite(gain) && Number.isFinite(offsetMv * gain) &&
      Math.abs(offsetMv) + maxStored * Math.abs(mvPerUnit) <= LIMITS.maxAbsMillivolts,
    file,
    `${what}: a scale of ${mvPerUnit} mV per unit (offset ${offsetMv} mV) gives values beyond any voltage a lead can hold`,
  );
}
