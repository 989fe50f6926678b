/**
 * Limb leads computable from I and II (Einthoven: III = II − I; Goldberger: aVR = −(I+II)/2,
 * aVL = I − II/2, aVF = II − I/2). Devices that store 8 leads (MUSE, SCP, Philips often do) rely on these.
 */
import type { EcgRecord } from './record.js';
import { STANDARD_LEADS, leadOrder, type LeadName } from './leads.js';

type Relation = (i: number, ii: number) => number;
export const LIMB_RELATIONS: Record<'III' | 'aVR' | 'aVL' | 'aVF', Relation> = {
  III: (i, ii) => ii - i,
  aVR: (i, ii) => -(i + ii) / 2,
  aVL: (i, ii) => i - ii / 2,
  aVF: (i, ii) => ii - i / 2,
};

export function deriveLead(name: keyof typeof LIMB_RELATIONS, leadI: Float32Array, leadII: Float32Array): Float32Array {
  const f = LIMB_RELATIONS[name];
  const out = new Float32Array(leadI.length);
  for (let t = 0; t < out.length; t++) out[t] = f(leadI[t]!, leadII[t]!);
  return out;
}

/**
 * Adds III/aVR/aVL/aVF when absent and I and II are present, marking them derived, and sorts leads into
 * canonical order. Returns the same record object for chaining.
 */
export function completeLimbLeads(record: EcgRecord): EcgRecord {
  const iIdx = record.leads.indexOf('I');
  const iiIdx = record.leads.indexOf('II');
  if (iIdx >= 0 && iiIdx >= 0) {
    const derived = new Set(record.derived ?? []);
    for (const name of Object.keys(LIMB_RELATIONS) as Array<keyof typeof LIMB_RELATIONS>) {
      if (record.leads.includes(name)) continue;
      record.leads.push(name);
      record.samples.push(deriveLead(name, record.samples[iIdx]!, record.samples[iiIdx]!));
      record.digital?.push(undefined);
      derived.add(name);
    }
    if (derived.size) record.derived = [...derived];
  }
  return sortLeads(record);
}

/** Puts standard leads first in clinical order; other leads keep their relative order after them. */
export function sortLeads(record: EcgRecord): EcgRecord {
  const order = record.leads.map((name, i) => ({ name, i })).sort((a, b) => leadOrder(a.name) - leadOrder(b.name) || a.i - b.i);
  record.leads = order.map((o) => o.name);
  record.samples = order.map((o) => record.samples[o.i]!);
  if (record.digital) record.digital = order.map((o) => record.digital![o.i]);
  return record;
}

/** The annotation label readers give a device's calibration pulse (Philips appends one after the rhythm). */
export const CALIBRATION_PULSE_LABEL = 'calibration pulse';

/** Per sample: 1 inside an annotated calibration pulse, whose square wave stands on every lead alike (not ECG). */
function calibrationMask(record: EcgRecord, n: number): Uint8Array | undefined {
  const pulses = (record.annotations ?? []).filter((a) => a.label === CALIBRATION_PULSE_LABEL && a.lead === undefined);
  if (!pulses.length) return undefined;
  const mask = new Uint8Array(n);
  for (const p of pulses) mask.fill(1, Math.max(0, p.sample), Math.min(n, p.sample + Math.max(1, p.duration ?? 1)));
  return mask;
}

/**
 * Largest absolute deviation (in µV) from the four limb-lead relations, over the leads present and not derived,
 * outside annotated calibration pulses (the same pulse on I, II and III breaks III = II − I by design).
 * Undefined when the record lacks I and II or stores none of the relations independently.
 */
export function einthovenResidualMicrovolts(record: EcgRecord): number | undefined {
  const idx = (n: LeadName) => record.leads.indexOf(n);
  const i = idx('I');
  const ii = idx('II');
  if (i < 0 || ii < 0) return undefined;
  const derived = new Set(record.derived ?? []);
  let worst: number | undefined;
  const skip = calibrationMask(record, record.samples[i]!.length);
  for (const name of Object.keys(LIMB_RELATIONS) as Array<keyof typeof LIMB_RELATIONS>) {
    const k = idx(name);
    if (k < 0 || derived.has(name)) continue;
    const f = LIMB_RELATIONS[name];
    const a = record.samples[i]!, b = record.samples[ii]!, c = record.samples[k]!;
    let m = 0;
    for (let t = 0; t < c.length; t++) if (!skip?.[t]) m = Math.max(m, Math.abs(c[t]! - f(a[t]!, b[t]!)));
    worst = Math.max(worst ?? 0, m * 1000);
  }
  return worst;
}

export { STANDARD_LEADS };
