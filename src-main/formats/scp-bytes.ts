/**
 * Bounded little-endian cursor over one SCP-ECG section (EN 1064: "multi-byte binary values are transmitted
 * least significant byte first"). Every read is checked against the section's end, so a hostile length can
 * only ever produce a FormatError that names the file, the section and the byte offset.
 */
import { FormatError } from './errors.js';

export class ScpBytes {
  private pos: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    /** what is being read, for messages ("section 3") */
    readonly what: string,
    readonly start: number,
    /** exclusive end */
    readonly end: number,
  ) {
    if (start < 0 || end > bytes.length || start > end) {
      throw new FormatError(file, `${what} (bytes ${start}..${end}) lies outside the ${bytes.length}-byte file`, start);
    }
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  seek(offset: number): void {
    if (offset < this.start || offset > this.end) this.fail(`seek to byte ${offset} outside the section`);
    this.pos = offset;
  }

  need(n: number, field: string): void {
    if (n < 0 || this.pos + n > this.end) this.fail(`${field} needs ${n} bytes but only ${this.end - this.pos} remain`);
  }

  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.pos++]!;
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.bytes[this.pos]! | (this.bytes[this.pos + 1]! << 8);
    this.pos += 2;
    return v;
  }

  i16(field: string): number {
    const v = this.u16(field);
    return v >= 0x8000 ? v - 0x10000 : v;
  }

  u32(field: string): number {
    this.need(4, field);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
  }

  take(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number, field: string): void {
    this.need(n, field);
    this.pos += n;
  }

  fail(reason: string): never {
    throw new FormatError(this.file, `SCP-ECG ${this.what}: ${reason}`, this.pos);
  }
}

const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');

/**
 * Text up to the first NUL, without control characters (some writers put length bytes inside strings), trimmed;
 * undefined when empty. SCP v3 uses UTF-8, earlier versions 8-bit character sets.
 */
export function scpText(bytes: Uint8Array, utf8 = false): string | undefined {
  const nul = bytes.indexOf(0);
  const raw = nul >= 0 ? bytes.subarray(0, nul) : bytes;
  const s = (utf8 ? UTF8 : LATIN1).decode(raw).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return s.length ? s : undefined;
}
