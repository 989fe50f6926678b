/**
 * SCP-ECG lead identification codes (EN 1064 Table "Lead Identification", section 3 byte 9 of each lead entry).
 * The same numbering is reused by DICOM's SCPECG coding scheme ("5.6.3-9-<code>") and by the IEEE 11073 MDC lead
 * codes ("2:<code>", MDC_ECG_LEAD_*), so the DICOM reader maps channel sources through this table too.
 *
 * Names follow the project's canonical spelling where one exists; Frank electrodes get a "Frank " prefix so that
 * electrode I is never mistaken for lead I, and inverted aVR keeps its sign in the name ("-aVR").
 */
import type { LeadName } from '../ecg/leads.js';

const CODES: Record<number, LeadName> = {
  1: 'I', 2: 'II', 3: 'V1', 4: 'V2', 5: 'V3', 6: 'V4', 7: 'V5', 8: 'V6',
  9: 'V7', 10: 'V2R', 11: 'V3R', 12: 'V4R', 13: 'V5R', 14: 'V6R', 15: 'V7R',
  16: 'X', 17: 'Y', 18: 'Z', 19: 'CC5', 20: 'CM5',
  21: 'LA', 22: 'RA', 23: 'LL',
  24: 'Frank I', 25: 'Frank E', 26: 'Frank C', 27: 'Frank A', 28: 'Frank M', 29: 'Frank F', 30: 'Frank H',
  61: 'III', 62: 'aVR', 63: 'aVL', 64: 'aVF', 65: '-aVR',
  66: 'V8', 67: 'V9', 68: 'V8R', 69: 'V9R',
  70: 'Nehb D', 71: 'Nehb A', 72: 'Nehb J',
  73: 'Defib anterior-lateral', 74: 'Ext pacing anterior-posterior',
  75: 'A1', 76: 'A2', 77: 'A3', 78: 'A4',
};

/** Calibration signals recorded on a lead (codes 31–60 and 79–85) carry the name of the lead plus "-cal". */
const CAL_BASE: Record<number, number> = {};
for (let c = 31; c <= 60; c++) CAL_BASE[c] = c - 30;
for (const [cal, base] of [[79, 66], [80, 67], [81, 68], [82, 69], [83, 70], [84, 71], [85, 72]] as const) CAL_BASE[cal] = base;

/** Lead name for an SCP/MDC lead code; undefined for 0 (unspecified) and for codes the standard does not define. */
export function scpLeadName(code: number): LeadName | undefined {
  const direct = CODES[code];
  if (direct) return direct;
  const base = CAL_BASE[code];
  if (base !== undefined) return `${CODES[base]}-cal`;
  return undefined;
}
