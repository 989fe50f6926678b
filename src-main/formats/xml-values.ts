/**
 * Value helpers shared by the XML readers: numbers that may be absent or junk ("Failed", "Indeterminate"),
 * strict Base64, little-endian int16 sample arrays, and dates that must be real calendar dates.
 */
import { FormatError } from './errors.js';
import { LIMITS } from './types.js';

/** A finite number from text, or undefined (vendors write "Failed", "", "Indeterminate" for missing values). */
export function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** Like num() but throws a FormatError naming the field when the value is absent or not a number. */
export function requireNum(text: string | undefined, file: string, field: string): number {
  const v = num(text);
  if (v === undefined) throw new FormatError(file, `${field} is ${text === undefined ? 'missing' : `not a number ("${text}")`}`);
  return v;
}

const B64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict Base64 → bytes. Whitespace (line breaks every 64–76 characters) is allowed; anything else, or a length
 * that is not a multiple of four, is a FormatError: Node's own decoder would silently drop the damage.
 */
export function decodeBase64(text: string, file: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!B64_BODY.test(compact)) throw new FormatError(file, `${what}: invalid Base64 (characters outside the Base64 alphabet)`);
  if (compact.length % 4 !== 0) {
    throw new FormatError(file, `${what}: invalid Base64 length ${compact.length} (not a multiple of 4; truncated data?)`);
  }
  const buf = Buffer.from(compact, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Little-endian int16 samples from bytes. */
export function int16le(bytes: Uint8Array, count: number): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true);
  return out;
}

/** Guards a sample count read from the file before anything is allocated for it. */
export function checkSampleCount(count: number, file: string, what: string): void {
  if (!Number.isInteger(count) || count < 0) throw new FormatError(file, `${what}: sample count ${count} is not a non-negative integer`);
  if (count > LIMITS.maxSamplesPerLead) {
    throw new FormatError(file, `${what}: ${count} samples exceeds the limit of ${LIMITS.maxSamplesPerLead} per lead`);
  }
}

/** 'YYYY-MM-DD' when y-m-d is a real calendar date, else undefined. */
export function isoDate(y: number, m: number, d: number): string | undefined {
  if (!(y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 'HH:MM:SS' (seconds optional in the input) when valid, else undefined. */
export function isoTime(h: number, mi: number, s = 0): string | undefined {
  if (!(h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s < 61)) return undefined;
  const two = (v: number) => String(Math.floor(v)).padStart(2, '0');
  return `${two(h)}:${two(mi)}:${two(s)}`;
}

/** Sex from the vendors' spellings (M, MALE, Male, F, FEMALE, UN, Unknown …). */
export function sexFrom(text: string | undefined): 'M' | 'F' | 'U' | undefined {
  if (!text) return undefined;
  const t = text.trim().toUpperCase();
  if (t === 'M' || t === 'MALE') return 'M';
  if (t === 'F' || t === 'FEMALE') return 'F';
  if (t === 'U' || t === 'UN' || t === 'UNKNOWN' || t === 'UNSPECIFIED') return 'U';
  return undefined;
}

/** "Last, First" from name parts; undefined when both are empty. */
export function personName(last: string | undefined, first: string | undefined): string | undefined {
  const l = last?.trim();
  const f = first?.trim();
  if (l && f) return `${l}, ${f}`;
  return l || f || undefined;
}

/** Drops keys whose value is undefined so records compare and serialise cleanly. */
export function compact<T extends object>(obj: T): T {
  for (const k of Object.keys(obj) as Array<keyof T>) if (obj[k] === undefined) delete obj[k];
  return obj;
}
