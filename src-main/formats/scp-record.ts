/**
 * SCP-ECG record envelope (EN 1064 §5.2–5.3): the record CRC and length, the pointer section (section 0) and the
 * 16-byte identification header of every section it points to.
 *
 * Record layout:
 *   bytes 0–1  CRC-CCITT over bytes 2 .. length-1
 *   bytes 2–5  record length (whole file, CRC bytes included)
 *   bytes 6..  section 0, then the other sections wherever section 0 says
 * Section identification header (16 bytes):
 *   CRC(2) id(2) length(4, header included) section version(1) protocol version(1) reserved(6; "SCPECG" in section 0)
 * Section 0 data part: pointer fields of 10 bytes: id(2) length(4) index(4, 1-based byte offset in the record).
 */
import type { RecordCheck } from '../ecg/record.js';
import { FormatError } from './errors.js';
import { ScpBytes } from './scp-bytes.js';

export const SECTION_HEADER_BYTES = 16;
const POINTER_BYTES = 10;

export interface ScpSection {
  id: number;
  /** byte offset of the section's identification header */
  offset: number;
  /** length including the 16-byte header */
  length: number;
  version: number;
  protocol: number;
  /** cursor over the data part (after the header) */
  data(): ScpBytes;
}

export interface ScpRecord {
  length: number;
  /** protocol version of section 0 (10 = 1.0, 13 = 1.3, 20 = 2.0, 30 = 3.0) */
  protocol: number;
  sections: Map<number, ScpSection>;
  checks: RecordCheck[];
}

const CRC_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

/** CRC-CCITT (polynomial 0x1021, initial value 0xFFFF, no reflection), as EN 1064 §5.2.1 prescribes. */
export function crcCcitt(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

const hex = (v: number) => `0x${v.toString(16).toUpperCase().padStart(4, '0')}`;

function readLe16(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8);
}

export function readScpRecord(bytes: Uint8Array, file: string): ScpRecord {
  if (bytes.length < 6 + SECTION_HEADER_BYTES) {
    throw new FormatError(file, `SCP-ECG record too short (${bytes.length} bytes): the file is truncated or not SCP-ECG`);
  }
  const head = new ScpBytes(bytes, file, 'record header', 0, 6);
  const storedCrc = head.u16('record CRC');
  const length = head.u32('record length');
  if (length > bytes.length) {
    throw new FormatError(file, `SCP-ECG record length ${length} exceeds the file size ${bytes.length}: the file is truncated`, 2);
  }
  if (length < 6 + SECTION_HEADER_BYTES) throw new FormatError(file, `SCP-ECG record length ${length} is too small`, 2);

  const checks: RecordCheck[] = [];
  const computed = crcCcitt(bytes, 2, length);
  if (computed === storedCrc) {
    checks.push({ name: 'crc:record', status: 'ok', detail: hex(computed) });
  } else if (storedCrc === 0) {
    checks.push({ name: 'crc:record', status: 'absent', detail: 'the device stored 0 instead of a CRC' });
  } else {
    throw new FormatError(file, `SCP-ECG record CRC mismatch (stored ${hex(storedCrc)}, computed ${hex(computed)}): the file is corrupt`, 0);
  }
  if (length < bytes.length) checks.push({ name: 'record-length', status: 'mismatch', detail: `${bytes.length - length} bytes after the record ignored` });

  const s0 = readSectionHeader(bytes, file, 6, length, 0);
  const sections = new Map<number, ScpSection>([[0, s0]]);
  pushSectionCrc(bytes, s0, checks);
  const ptr = s0.data();
  const count = Math.floor(ptr.remaining / POINTER_BYTES);
  for (let i = 0; i < count; i++) {
    const id = ptr.u16('pointer id');
    const len = ptr.u32('pointer length');
    const index = ptr.u32('pointer index');
    if (len === 0 || id === 0) continue;
    if (index < 1 || index - 1 + len > length) {
      throw new FormatError(file, `SCP-ECG section 0 points section ${id} at byte ${index} with length ${len}, outside the ${length}-byte record`, ptr.offset - POINTER_BYTES);
    }
    if (sections.has(id)) throw new FormatError(file, `SCP-ECG section 0 lists section ${id} twice`, ptr.offset - POINTER_BYTES);
    const s = readSectionHeader(bytes, file, index - 1, length, id);
    sections.set(id, s);
    pushSectionCrc(bytes, s, checks);
  }
  return { length, protocol: s0.protocol, sections, checks };
}

function readSectionHeader(bytes: Uint8Array, file: string, offset: number, recordLength: number, expectId: number): ScpSection {
  if (offset + SECTION_HEADER_BYTES > recordLength) {
    throw new FormatError(file, `SCP-ECG section ${expectId} header lies beyond the record end`, offset);
  }
  const id = readLe16(bytes, offset + 2);
  if (id !== expectId) {
    throw new FormatError(file, `SCP-ECG section 0 points to section ${expectId} but the header there says section ${id}`, offset);
  }
  const length = readLe16(bytes, offset + 4) + bytes[offset + 6]! * 0x10000 + bytes[offset + 7]! * 0x1000000;
  if (length < SECTION_HEADER_BYTES || offset + length > recordLength) {
    throw new FormatError(file, `SCP-ECG section ${id} length ${length} does not fit the record`, offset + 4);
  }
  return {
    id,
    offset,
    length,
    version: bytes[offset + 8]!,
    protocol: bytes[offset + 9]!,
    data: () => new ScpBytes(bytes, file, `section ${id}`, offset + SECTION_HEADER_BYTES, offset + length),
  };
}

function pushSectionCrc(bytes: Uint8Array, s: ScpSection, checks: RecordCheck[]): void {
  const stored = readLe16(bytes, s.offset);
  const computed = crcCcitt(bytes, s.offset + 2, s.offset + s.length);
  // The record CRC already guards the bytes; a section CRC that disagrees means the writer computed it wrongly.
  checks.push({
    name: `crc:section-${s.id}`,
    status: stored === computed ? 'ok' : stored === 0 ? 'absent' : 'mismatch',
    detail: stored === computed ? hex(computed) : `stored ${hex(stored)}, computed ${hex(computed)}`,
  });
}
