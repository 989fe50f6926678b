/**
 * SCP-ECG sections that describe the signal (EN 1064 §5.6–5.9): lead definitions (3), QRS locations (4) and the
 * encoded reference beat (5) and rhythm/residual (6) data. Decoding and reconstruction live in scp-signal.ts.
 */
import type { LeadName } from '../ecg/leads.js';
import type { ScpBytes } from './scp-bytes.js';
import { scpLeadName } from './scp-leads.js';

export interface LeadDefinition {
  code: number;
  name: LeadName;
  /** first and last sample number (1-based in the standard) */
  start: number;
  end: number;
}

export interface LeadSection {
  leads: LeadDefinition[];
  referenceBeatSubtracted: boolean;
  allSimultaneous: boolean;
  simultaneous: number;
}

/**
 * Section 3: number of leads(1), flags(1: bit 0 reference beat subtraction used, bit 2 all leads recorded
 * simultaneously, bits 3–7 number of simultaneously recorded leads), then per lead:
 * first sample(4) last sample(4) lead code(1).
 */
export function readLeadSection(d: ScpBytes): LeadSection {
  const n = d.u8('number of leads');
  const flags = d.u8('flag byte');
  if (n === 0) d.fail('defines no leads');
  d.need(9 * n, `table of ${n} leads`);
  const leads: LeadDefinition[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const start = d.u32('first sample');
    const end = d.u32('last sample');
    const code = d.u8('lead code');
    if (end < start) d.fail(`lead ${i + 1} ends at sample ${end} before it starts at ${start}`);
    let name: LeadName = scpLeadName(code) ?? (code === 0 ? 'unspecified' : `lead code ${code}`);
    const k = (seen.get(name) ?? 0) + 1;
    seen.set(name, k);
    if (k > 1) name = `${name} (${k})`;
    leads.push({ code, name, start, end });
  }
  return { leads, referenceBeatSubtracted: (flags & 1) === 1, allSimultaneous: (flags & 4) === 4, simultaneous: flags >> 3 };
}

export interface QrsComplex {
  /** beat type; 0 = the reference beat's type, the only one subtracted */
  type: number;
  /** sample numbers in the rhythm data: start of subtraction, fiducial, end of subtraction */
  start: number;
  fiducial: number;
  end: number;
}

export interface QrsSection {
  referenceBeatMs: number;
  /** sample number (1-based) of the fiducial within reference beat 0 */
  referenceFiducial: number;
  complexes: QrsComplex[];
  /** QRS protected zones (full-rate samples under bimodal compression) */
  protectedZones: Array<{ start: number; end: number }>;
}

/**
 * Section 4: length of reference beat 0 in ms(2), fiducial sample of reference beat 0(2), number of QRS(2),
 * then per QRS: type(2) start(4) fiducial(4) end(4) of the subtraction zone, then per QRS the protected
 * zone: start(4) end(4) (absent in SCP 1.x files).
 */
export function readQrsSection(d: ScpBytes): QrsSection {
  const referenceBeatMs = d.u16('length of reference beat');
  const referenceFiducial = d.u16('reference beat fiducial');
  const n = d.u16('number of QRS complexes');
  d.need(14 * n, `${n} QRS subtraction zones`);
  const complexes: QrsComplex[] = [];
  for (let i = 0; i < n; i++) {
    complexes.push({ type: d.u16('beat type'), start: d.u32('subtraction start'), fiducial: d.u32('fiducial'), end: d.u32('subtraction end') });
  }
  const protectedZones: Array<{ start: number; end: number }> = [];
  if (d.remaining >= 8 * n) for (let i = 0; i < n; i++) protectedZones.push({ start: d.u32('protected start'), end: d.u32('protected end') });
  return { referenceBeatMs, referenceFiducial, complexes, protectedZones };
}

export interface EncodedData {
  /** amplitude value multiplier, nV per unit */
  avmNv: number;
  /** sample time interval in µs */
  intervalUs: number;
  /** 0 = values, 1 = first differences, 2 = second differences */
  difference: number;
  bimodal: boolean;
  leadBytes: Uint8Array[];
}

/**
 * Sections 5 and 6: AVM in nV(2), sample time interval in µs(2), difference encoding(1), bimodal compression(1;
 * reserved in section 5), bytes per lead(2 × leads), then the leads' data one after another.
 */
export function readEncodedData(d: ScpBytes, leads: number): EncodedData {
  const avmNv = d.u16('amplitude value multiplier');
  const intervalUs = d.u16('sample time interval');
  const difference = d.u8('difference encoding');
  const bimodalByte = d.u8('bimodal compression flag');
  if (avmNv === 0) d.fail('amplitude value multiplier is 0 nV');
  if (intervalUs === 0) d.fail('sample time interval is 0 µs');
  if (difference > 2) d.fail(`difference encoding ${difference} is not 0, 1 or 2`);
  d.need(2 * leads, 'bytes-per-lead table');
  const sizes: number[] = [];
  for (let i = 0; i < leads; i++) sizes.push(d.u16('bytes of lead data'));
  const leadBytes = sizes.map((n, i) => d.take(n, `data of lead ${i + 1}`));
  return { avmNv, intervalUs, difference, bimodal: d.what === 'section 6' && bimodalByte === 1, leadBytes };
}
