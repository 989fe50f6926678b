/**
 * Signal labels and voltage units as text formats spell them (EDF labels, CSV column headers).
 * Shared by the EDF and CSV readers; it belongs in ecg/leads.ts once that file has an owner for it.
 */
import { canonicalLead, isStandardLead, type LeadName } from '../ecg/leads.js';

/**
 * Canonical lead for a signal label. EDF+ standard texts put the signal type first ("ECG V2", "ECG I"),
 * vendors write "EKG II" or "ECG-aVR": such a prefix is dropped only when what follows is a standard lead,
 * so "ECG" alone or "ECG pads" keep their name (missing is missing: we do not guess).
 */
export function leadFromLabel(label: string): LeadName {
  const trimmed = label.trim();
  const direct = canonicalLead(trimmed);
  if (isStandardLead(direct)) return direct;
  const m = /^(?:ecg|ekg)[\s_\-:.]+(.+)$/i.exec(trimmed);
  if (m) {
    const rest = canonicalLead(m[1]!);
    if (isStandardLead(rest)) return rest;
  }
  return direct;
}

/** Millivolts per unit of each voltage spelling (lower case, µ and the micro sign folded to u). */
const MILLIVOLTS_PER_UNIT: Record<string, number> = {
  v: 1000,
  volt: 1000,
  volts: 1000,
  mv: 1,
  millivolt: 1,
  millivolts: 1,
  uv: 1e-3,
  microvolt: 1e-3,
  microvolts: 1e-3,
  nv: 1e-6,
};

/** Millivolts per unit for a voltage unit ('uV', 'µV', 'mV', 'V', 'nV'), or undefined for anything else. */
export function millivoltsPerUnit(unit: string): number | undefined {
  const key = unit.trim().replace(/[\u00b5\u03bc]/g, 'u').toLowerCase();
  return MILLIVOLTS_PER_UNIT[key];
}
