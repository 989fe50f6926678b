/**
 * DICOM Part 10 structure through the `dicom-parser` package (explicit and implicit VR little endian, explicit
 * big endian, deflated), with typed accessors that never read past an element and decode text in the data set's
 * character set. Everything the waveform mapping needs goes through `DicomView`.
 */
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { FormatError } from './errors.js';
import { LIMITS } from './types.js';

/**
 * A deflated data set may inflate to 16 MiB whatever its size (flat, lead-off channels compress very well), and
 * beyond that to 100 times its size; more is refused as a decompression bomb.
 */
const MAX_INFLATE_RATIO = 100;
const INFLATE_FLOOR = 16 * 1024 * 1024;
const DICM = [0x44, 0x49, 0x43, 0x4d];

export function hasDicmMarker(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && DICM.every((b, i) => bytes[128 + i] === b);
}

export interface Code {
  value?: string;
  scheme?: string;
  meaning?: string;
}

const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');

export class DicomView {
  constructor(
    readonly ds: DataSet,
    readonly file: string,
    readonly utf8: boolean,
  ) {}

  element(tag: string): Element | undefined {
    const el = this.ds.elements[tag];
    if (!el) return undefined;
    if (el.dataOffset + el.length > this.ds.byteArray.length) {
      throw new FormatError(this.file, `DICOM element ${tagName(tag)} runs past the end of the file: the file is truncated`, el.dataOffset);
    }
    return el;
  }

  /** Element bytes. */
  bytes(tag: string): Uint8Array | undefined {
    const el = this.element(tag);
    return el ? this.ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length) : undefined;
  }

  /** Whole text value, padding removed; undefined when absent or empty. */
  text(tag: string): string | undefined {
    const b = this.bytes(tag);
    if (!b || b.length === 0 || this.element(tag)!.items) return undefined;
    const s = (this.utf8 ? UTF8 : LATIN1).decode(b).replace(/[\0\s]+$/, '').trim();
    return s.length ? s : undefined;
  }

  /** Values of a multi-valued string element (backslash-separated). */
  values(tag: string): string[] {
    return (this.text(tag) ?? '').split('\\').map((s) => s.trim()).filter((s) => s.length);
  }

  /** First value of a DS or IS element as a finite number. */
  number(tag: string, index = 0): number | undefined {
    const v = this.values(tag)[index];
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  }

  /** US value at `index`. */
  uint16(tag: string, index = 0): number | undefined {
    return this.binary(tag, 2)[index];
  }

  uint16s(tag: string): number[] {
    return this.binary(tag, 2);
  }

  /** UL value at `index`. */
  uint32(tag: string, index = 0): number | undefined {
    return this.binary(tag, 4)[index];
  }

  uint32s(tag: string): number[] {
    return this.binary(tag, 4);
  }

  /** All whole values of a US (width 2) or UL (width 4) element, in the data set's byte order. */
  private binary(tag: string, width: 2 | 4): number[] {
    const el = this.element(tag);
    const out: number[] = [];
    for (let i = 0; el && width * (i + 1) <= el.length; i++) out.push(width === 2 ? this.ds.uint16(tag, i)! : this.ds.uint32(tag, i)!);
    return out;
  }

  items(tag: string): DicomView[] {
    const el = this.element(tag);
    return (el?.items ?? []).flatMap((it) => (it.dataSet ? [new DicomView(it.dataSet, this.file, this.utf8)] : []));
  }

  /** First item of a code sequence: Code Value (0008,0100), Coding Scheme Designator (0008,0102), Code Meaning (0008,0104). */
  code(tag: string): Code | undefined {
    const item = this.items(tag)[0];
    if (!item) return undefined;
    const c: Code = { value: item.text('x00080100'), scheme: item.text('x00080102'), meaning: item.text('x00080104') };
    return c.value || c.meaning ? c : undefined;
  }

  get littleEndian(): boolean {
    return this.ds.byteArrayParser !== dicomParser.bigEndianByteArrayParser;
  }
}

export function tagName(tag: string): string {
  return `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5, 9).toUpperCase()})`;
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'exception' in e) return describe((e as { exception: unknown }).exception);
  return String(e);
}

/** Parses a Part 10 file; no preamble/DICM marker, a broken structure or a truncation → FormatError. */
export function parseDicomPart10(bytes: Uint8Array, file: string): DicomView {
  if (!hasDicmMarker(bytes)) {
    throw new FormatError(file, 'not a DICOM Part 10 file: no "DICM" marker after the 128-byte preamble (bare data sets are not supported)');
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inflater = (arr: Uint8Array, position: number): Uint8Array => {
    const cap = Math.min(LIMITS.maxFileBytes, Math.max(INFLATE_FLOOR, (arr.length - position) * MAX_INFLATE_RATIO));
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(arr.subarray(position), { maxOutputLength: cap });
    } catch (e) {
      if (e instanceof RangeError) {
        throw new FormatError(file, `the deflated data set inflates to more than ${cap} bytes: refused as a decompression bomb`);
      }
      throw e;
    }
    const full = Buffer.alloc(position + inflated.length);
    full.set(arr.subarray(0, position));
    full.set(inflated, position);
    return full;
  };
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(buf, { inflater: inflater as unknown as (arr: Uint8Array, position: number) => void });
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(file, `DICOM structure unreadable (${describe(e)}): the file is truncated or corrupt`);
  }
  // Through DicomView, not ds.string(): dicom-parser throws a bare string when an element runs past the buffer.
  const charset = (new DicomView(ds, file, false).text('x00080005') ?? '').toUpperCase();
  return new DicomView(ds, file, charset.includes('ISO_IR 192'));
}
