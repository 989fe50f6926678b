/**
 * HL7 v3 time values: TS points in time and PQ time quantities, as aECG uses them for series heads, annotation
 * boundaries and sampling increments.
 */
import { TIME_S } from './hl7-aecg-codes.js';
import { attr, type XmlNode } from './xml-tree.js';
import { isoDate, isoTime, num } from './xml-values.js';

export interface HL7Time {
  /** ISO 8601 as precise as the file gives it, local time plus the offset when the file states one */
  iso: string;
  /** milliseconds on a naive (offset-ignored) time line: for differences between TS values of one file */
  ms: number;
}

// TS: YYYY[MM[DD[HH[MM[SS[.U+]]]]]][+|-ZZzz], e.g. 20021122091000.122
const TS = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\.\d+)?([+-]\d{4})?$/;

export function parseTs(text: string | undefined): HL7Time | undefined {
  const m = TS.exec(text?.trim() ?? '');
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? undefined : Number(v)));
  const date = isoDate(y!, mo ?? 1, d ?? 1);
  if (!date) return undefined;
  const frac = m[7] ? Number(m[7]) : 0;
  const time = h === undefined ? undefined : isoTime(h, mi ?? 0, s ?? 0);
  if (h !== undefined && !time) return undefined;
  const ms = Date.UTC(y!, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0) + frac * 1000;
  const fracText = m[7] ? m[7].slice(0, 4) : '';
  const zone = m[8] ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : '';
  const iso = time ? `${date}T${time}${fracText}${zone}` : mo === undefined ? String(y) : d === undefined ? date.slice(0, 7) : date;
  return { iso, ms };
}

/** A PQ element with a time unit (value="0.002" unit="s") → seconds; undefined when absent or not a time. */
export function pqSeconds(node: XmlNode | undefined): number | undefined {
  const v = num(attr(node, 'value'));
  const per = TIME_S[attr(node, 'unit') ?? 's'];
  return v === undefined || per === undefined ? undefined : v * per;
}
