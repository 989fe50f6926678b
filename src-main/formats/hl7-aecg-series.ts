/**
 * aECG sequence sets → leads. A sequenceSet holds simultaneously sampled sequences: one time sequence and one
 * sequence per lead.
 *
 * <sequence><code code="TIME_ABSOLUTE"/>                      (or TIME_RELATIVE)
 *   <value xsi:type="GLIST_TS"><head value="20021122091000.000"/><increment value="0.002" unit="s"/></value>
 * <sequence><code code="MDC_ECG_LEAD_I"/>
 *   <value xsi:type="SLIST_PQ"><origin value="0" unit="uV"/><scale value="2.5" unit="uV"/><digits>-10 -9 …</digits>
 *
 * Physical value = origin + scale × digit. SLIST_INT carries no unit; aECG producers write microvolts, so that is
 * assumed and recorded in the source details.
 */
import { FormatError } from './errors.js';
import { AMPLITUDE_MV, aecgLeadName } from './hl7-aecg-codes.js';
import { parseTs, pqSeconds, type HL7Time } from './hl7-aecg-time.js';
import { attr, child, children, type XmlNode } from './xml-tree.js';
import { checkSampleCount, num } from './xml-values.js';
import { ensureUsableScale } from './scale.js';

export interface AecgLead {
  name: string;
  digits: Int32Array;
  /** mV of digit 0 */
  originMv: number;
  /** mV per digit */
  scaleMv: number;
}

export interface AecgSequenceSet {
  fs: number;
  /** TIME_ABSOLUTE head, when the set has one */
  start?: HL7Time;
  leads: AecgLead[];
  /** codes of sequences that are neither time nor a lead (kept for the source details) */
  ignored: string[];
  assumedMicrovolts: boolean;
}

const MAX_INT = 2 ** 31 - 1;

/** Whitespace-separated integers → Int32Array, counting first so a hostile list is refused before allocation. */
export function parseDigits(text: string, file: string, what: string): Int32Array {
  let count = 0;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ws = c === 32 || c === 9 || c === 10 || c === 13;
    if (!ws && !inToken) count++;
    inToken = !ws;
  }
  checkSampleCount(count, file, what);
  const out = new Int32Array(count);
  let k = 0;
  for (const token of text.split(/[ \t\r\n]+/)) {
    if (!token) continue;
    if (!/^[+-]?\d+$/.test(token)) throw new FormatError(file, `${what}: "${token.slice(0, 20)}" in <digits> is not an integer`);
    const v = Number(token);
    if (Math.abs(v) > MAX_INT) throw new FormatError(file, `${what}: digit ${token} is out of range`);
    out[k++] = v;
  }
  return out;
}

function amplitudeMv(node: XmlNode | undefined, file: string, what: string): { mv: number; assumed: boolean } {
  const v = num(attr(node, 'value'));
  if (v === undefined) throw new FormatError(file, `${what} has no numeric value`);
  const unit = attr(node, 'unit');
  if (unit === undefined) return { mv: v * AMPLITUDE_MV.uV!, assumed: true };
  const per = AMPLITUDE_MV[unit];
  if (per === undefined) throw new FormatError(file, `${what} has unit "${unit}", expected one of ${Object.keys(AMPLITUDE_MV).join(', ')}`);
  return { mv: v * per, assumed: false };
}

/** Reads one sequenceSet; undefined when it holds no lead sequences. */
export function readSequenceSet(set: XmlNode, file: string, what: string): AecgSequenceSet | undefined {
  const out: AecgSequenceSet = { fs: 0, leads: [], ignored: [], assumedMicrovolts: false };
  let increment: number | undefined;
  for (const seq of children(set, 'component').map((c) => child(c, 'sequence')).filter((s): s is XmlNode => !!s)) {
    const code = attr(child(seq, 'code'), 'code') ?? '';
    const value = child(seq, 'value');
    if (code === 'TIME_ABSOLUTE' || code === 'TIME_RELATIVE') {
      increment = pqSeconds(child(value, 'increment'));
      if (code === 'TIME_ABSOLUTE') out.start = parseTs(attr(child(value, 'head'), 'value'));
      continue;
    }
    const name = aecgLeadName(code);
    if (name === undefined) {
      out.ignored.push(code);
      continue;
    }
    const label = `${what} lead ${code}`;
    const digitsNode = child(value, 'digits');
    if (!digitsNode || !digitsNode.text.trim()) throw new FormatError(file, `${label} has no <digits> (missing lead data)`);
    const scale = amplitudeMv(child(value, 'scale'), file, `${label} <scale>`);
    const origin = child(value, 'origin') ? amplitudeMv(child(value, 'origin'), file, `${label} <origin>`) : { mv: 0, assumed: false };
    if (scale.mv === 0) throw new FormatError(file, `${label} has a zero <scale>`);
    ensureUsableScale(file, label, scale.mv, origin.mv);
    out.assumedMicrovolts ||= scale.assumed || origin.assumed;
    out.leads.push({ name, digits: parseDigits(digitsNode.text, file, label), originMv: origin.mv, scaleMv: scale.mv });
  }
  if (out.leads.length === 0) return undefined;
  if (increment === undefined || !(increment > 0)) throw new FormatError(file, `${what} has no positive time increment (GLIST with <increment>), so no sampling rate`);
  out.fs = 1 / increment;
  const longest = Math.max(...out.leads.map((l) => l.digits.length));
  if (!(out.fs <= 100_000) || !Number.isFinite(longest / out.fs)) throw new FormatError(file, `${what}: sampling rate ${out.fs} Hz is out of range`);
  return out;
}

/**
 * All sequence sets of a series. Sets recorded at one rate and length with distinct leads are merged (some
 * producers put 3 leads per set); any other set is left out and counted.
 */
export function readSeriesLeads(series: XmlNode, file: string, what: string): { set?: AecgSequenceSet; skippedSets: number } {
  const sets = children(series, 'component')
    .map((c) => child(c, 'sequenceSet'))
    .filter((s): s is XmlNode => !!s)
    .map((s, i) => readSequenceSet(s, file, `${what} sequenceSet ${i + 1}`))
    .filter((s): s is AecgSequenceSet => !!s);
  const [first, ...rest] = sets;
  if (!first) return { skippedSets: 0 };
  let skippedSets = 0;
  const n = first.leads[0]!.digits.length;
  for (const s of rest) {
    const fits = s.fs === first.fs && s.leads.every((l) => l.digits.length === n && !first.leads.some((f) => f.name === l.name));
    if (!fits) {
      skippedSets++;
      continue;
    }
    first.leads.push(...s.leads);
    first.ignored.push(...s.ignored);
    first.assumedMicrovolts ||= s.assumedMicrovolts;
  }
  return { set: first, skippedSets };
}
