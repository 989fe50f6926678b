/**
 * SCP-ECG Huffman coding (EN 1064 §5.5 and Annex C): section 2 tables and the bit-stream decoder for sections 5/6.
 *
 * Section 2 data part:
 *   number of tables(2)  — 19999 means "the default table of Annex C", no table follows
 *   per table: number of code structures(2), then per structure (9 bytes):
 *     prefix bits(1) total bits(1) table mode switch(1) base value(2, signed) base code(4)
 * A structure with mode switch 1 is a value: when total bits > prefix bits, the value is the next
 * (total − prefix) bits of the stream as a signed two's-complement number, otherwise it is the base value.
 * Mode switch 0 switches decoding to table number <base value> (1-based) from the next code on.
 * The base code holds the prefix with its bits in reverse order (first transmitted bit in bit 0); the stream
 * itself is read most significant bit first.
 */
import { FormatError } from './errors.js';
import type { ScpBytes } from './scp-bytes.js';

export interface HuffmanCode {
  prefixBits: number;
  totalBits: number;
  /** table to switch to (1-based), for mode-switch codes */
  switchTo?: number;
  value: number;
  /** prefix, first bit most significant */
  prefix: number;
}

export interface HuffmanTable {
  codes: HuffmanCode[];
  /** key prefixBits·2³² + prefix */
  lookup: Map<number, HuffmanCode>;
  maxPrefixBits: number;
}

const DEFAULT_TABLE_MARK = 19999;
const KEY_SCALE = 2 ** 32;
const MAX_TABLES = 256;
const MAX_CODES = 4096;

/** Annex C default table: [prefix bits, total bits, value, prefix as transmitted]. */
const DEFAULT_CODES: Array<[number, number, number, string]> = [
  [1, 1, 0, '0'],
  [3, 3, 1, '100'], [3, 3, -1, '101'],
  [4, 4, 2, '1100'], [4, 4, -2, '1101'],
  [5, 5, 3, '11100'], [5, 5, -3, '11101'],
  [6, 6, 4, '111100'], [6, 6, -4, '111101'],
  [7, 7, 5, '1111100'], [7, 7, -5, '1111101'],
  [8, 8, 6, '11111100'], [8, 8, -6, '11111101'],
  [9, 9, 7, '111111100'], [9, 9, -7, '111111101'],
  [10, 10, 8, '1111111100'], [10, 10, -8, '1111111101'],
  [10, 18, 0, '1111111110'], // next 8 bits hold the value
  [10, 26, 0, '1111111111'], // next 16 bits hold the value
];

export const DEFAULT_HUFFMAN_TABLE: HuffmanTable = makeTable(
  DEFAULT_CODES.map(([prefixBits, totalBits, value, bits]) => ({ prefixBits, totalBits, value, prefix: parseInt(bits, 2) })),
);

function makeTable(codes: HuffmanCode[]): HuffmanTable {
  const lookup = new Map<number, HuffmanCode>();
  let maxPrefixBits = 0;
  for (const c of codes) {
    lookup.set(c.prefixBits * KEY_SCALE + c.prefix, c);
    maxPrefixBits = Math.max(maxPrefixBits, c.prefixBits);
  }
  return { codes, lookup, maxPrefixBits };
}

function reverseBits(v: number, n: number): number {
  let r = 0;
  for (let i = 0; i < n; i++) r = r * 2 + (Math.floor(v / 2 ** i) & 1);
  return r;
}

/** Section 2 → the tables to decode with (the default table when the section says 19999). */
export function readHuffmanTables(data: ScpBytes): HuffmanTable[] {
  const count = data.u16('number of Huffman tables');
  if (count === DEFAULT_TABLE_MARK) return [DEFAULT_HUFFMAN_TABLE];
  if (count === 0 || count > MAX_TABLES) data.fail(`${count} Huffman tables is not a valid count`);
  const tables: HuffmanTable[] = [];
  for (let t = 0; t < count; t++) {
    const n = data.u16(`number of codes in Huffman table ${t + 1}`);
    if (n === 0 || n > MAX_CODES) data.fail(`Huffman table ${t + 1} declares ${n} codes`);
    data.need(n * 9, `Huffman table ${t + 1}`);
    const codes: HuffmanCode[] = [];
    for (let i = 0; i < n; i++) {
      const prefixBits = data.u8('prefix bits');
      const totalBits = data.u8('total bits');
      const mode = data.u8('table mode switch');
      const value = data.i16('base value');
      const baseCode = data.u32('base code');
      const where = `Huffman table ${t + 1} code ${i + 1}`;
      if (prefixBits > 32 || totalBits < prefixBits || totalBits - prefixBits > 32) data.fail(`${where} has ${prefixBits} prefix and ${totalBits} total bits`);
      if (mode === 0) {
        // A switch must consume bits, or decoding could switch forever without moving.
        if (prefixBits === 0 || value < 1 || value > count) data.fail(`${where} switches to table ${value} of ${count}`);
        codes.push({ prefixBits, totalBits, value, switchTo: value, prefix: reverseBits(baseCode, prefixBits) });
      } else {
        if (totalBits === 0) data.fail(`${where} is a value code of zero bits`);
        codes.push({ prefixBits, totalBits, value, prefix: reverseBits(baseCode, prefixBits) });
      }
    }
    tables.push(makeTable(codes));
  }
  return tables;
}

/** Smallest number of stream bits any value can take: bounds how many samples a byte count can hold. */
export function minBitsPerValue(tables: HuffmanTable[]): number {
  let min = Infinity;
  for (const t of tables) for (const c of t.codes) if (c.switchTo === undefined) min = Math.min(min, c.totalBits);
  return min;
}

/**
 * A table of one code with no prefix is a container for plain samples; real files (BioSig's reader documents
 * them) store those samples as little-endian words rather than as a most-significant-bit-first stream.
 */
function plainSampleBits(tables: HuffmanTable[]): number | undefined {
  const only = tables.length === 1 && tables[0]!.codes.length === 1 ? tables[0]!.codes[0]! : undefined;
  return only && only.prefixBits === 0 && only.switchTo === undefined && (only.totalBits === 8 || only.totalBits === 16)
    ? only.totalBits
    : undefined;
}

/**
 * Decodes exactly `count` values from one lead's bytes. Every lead starts in table 1. Throws a FormatError when
 * the bits match no code or run out before `count` values.
 */
export function huffmanDecode(bytes: Uint8Array, count: number, tables: HuffmanTable[], file: string, what: string): Int32Array {
  const plain = plainSampleBits(tables);
  // Check the claim against what the bytes can hold before allocating for it.
  const capacity = plain !== undefined ? Math.floor(bytes.length / (plain / 8)) : Math.floor((bytes.length * 8) / minBitsPerValue(tables));
  if (count > capacity) throw new FormatError(file, `${what}: ${bytes.length} bytes cannot hold ${count} samples`);
  const out = new Int32Array(count);
  if (plain !== undefined) {
    const width = plain / 8;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) out[i] = width === 2 ? dv.getInt16(2 * i, true) : dv.getInt8(i);
    return out;
  }
  const totalBits = bytes.length * 8;
  let bit = 0;
  const readBit = () => (bytes[bit >> 3]! >> (7 - (bit++ & 7))) & 1;
  let table = tables[0]!;
  for (let n = 0; n < count; ) {
    let len = 0;
    let prefix = 0;
    let code = table.lookup.get(0);
    while (!code) {
      if (len >= table.maxPrefixBits) {
        throw new FormatError(file, `${what}: bad Huffman data, bits ${bit - len}..${bit - 1} match no code (sample ${n + 1} of ${count})`);
      }
      if (bit >= totalBits) throw new FormatError(file, `${what}: Huffman data ends after ${n} of ${count} samples`);
      prefix = prefix * 2 + readBit();
      len++;
      code = table.lookup.get(len * KEY_SCALE + prefix);
    }
    if (code.switchTo !== undefined) {
      table = tables[code.switchTo - 1]!;
      continue;
    }
    const extra = code.totalBits - code.prefixBits;
    if (extra === 0) {
      out[n++] = code.value;
      continue;
    }
    if (bit + extra > totalBits) throw new FormatError(file, `${what}: Huffman data ends inside sample ${n + 1} of ${count}`);
    let raw = 0;
    for (let i = 0; i < extra; i++) raw = raw * 2 + readBit();
    out[n++] = raw >= 2 ** (extra - 1) ? raw - 2 ** extra : raw;
  }
  return out;
}
