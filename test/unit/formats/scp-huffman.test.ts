/**
 * SCP-ECG Huffman decoding (EN 1064 Annex C) on hand-written bit strings: the default table, custom tables with
 * reversed base codes, table switching, and the ways bad data must fail.
 */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors.js';
import { ScpBytes } from '../../../src-main/formats/scp-bytes.js';
import { crcCcitt } from '../../../src-main/formats/scp-record.js';
import { DEFAULT_HUFFMAN_TABLE, huffmanDecode, readHuffmanTables } from '../../../src-main/formats/scp-huffman.js';
import { bitsToBytes, DEFAULT_CODES, huffmanBits, le16, le32 } from './scp-synth.js';

const bytes = (bits: string) => Uint8Array.from(bitsToBytes(bits));
const decodeDefault = (bits: string, n: number) => [...huffmanDecode(bytes(bits), n, [DEFAULT_HUFFMAN_TABLE], 'x.scp', 'test')];

/** Section 2 data part for tables of [prefix, total bits, mode, base value] (base code computed, reversed). */
function section2(tables: Array<Array<[string, number, number, number]>>): ScpBytes {
  const data = [...le16(tables.length)];
  for (const t of tables) {
    data.push(...le16(t.length));
    for (const [prefix, total, mode, value] of t) {
      data.push(prefix.length, total, mode, ...le16(value), ...le32(parseInt([...prefix].reverse().join('') || '0', 2)));
    }
  }
  const b = Uint8Array.from(data);
  return new ScpBytes(b, 'x.scp', 'section 2', 0, b.length);
}

describe('SCP-ECG Huffman decoding', () => {
  it('CRC-CCITT matches the standard check value', () => {
    expect(crcCcitt(Buffer.from('123456789'))).toBe(0x29b1); // CRC-16/CCITT-FALSE
  });

  it('default table: short codes, both escapes, sign of the escaped values', () => {
    // 0 | +1 100 | -1 101 | +8 1111111100 | -8 1111111101 | 8-bit escape −100 | 16-bit escape 1000
    const bits = '0' + '100' + '101' + '1111111100' + '1111111101' + '1111111110' + '10011100' + '1111111111' + '0000001111101000';
    expect(decodeDefault(bits, 7)).toEqual([0, 1, -1, 8, -8, -100, 1000]);
  });

  it('default table round trip over the whole 16-bit range', () => {
    const values = [0, 3, -7, 9, -9, 127, -128, 128, -129, 32767, -32768, 5, 0, 0, -2];
    expect(decodeDefault(huffmanBits(values, DEFAULT_CODES), values.length)).toEqual(values);
  });

  it('section 2 custom tables: reversed base codes and switching between tables', () => {
    const tables = readHuffmanTables(section2([
      [['0', 1, 1, 0], ['10', 2, 0, 2], ['11', 10, 1, 0]], // table 1: 0, switch to 2, 8-bit escape
      [['0', 1, 1, 100], ['1', 1, 0, 1]], // table 2: 100, back to table 1
    ]));
    expect(tables).toHaveLength(2);
    const bits = '0' + '10' + '0' + '0' + '1' + '0' + '11' + '11111101';
    expect([...huffmanDecode(bytes(bits), 5, tables, 'x.scp', 'lead I')]).toEqual([0, 100, 100, 0, -3]);
  });

  it('19999 selects the default table', () => {
    const b = Uint8Array.from(le16(19999));
    expect(readHuffmanTables(new ScpBytes(b, 'x.scp', 'section 2', 0, 2))).toEqual([DEFAULT_HUFFMAN_TABLE]);
  });

  it('bits that match no code of an incomplete table → FormatError', () => {
    const tables = readHuffmanTables(section2([[['0', 1, 1, 0], ['10', 2, 1, 1]]]));
    expect(() => huffmanDecode(bytes('0' + '10' + '11'), 3, tables, 'bad.scp', 'section 6 lead V1')).toThrowError(
      /^bad\.scp: section 6 lead V1: bad Huffman data, bits 3\.\.4 match no code \(sample 3 of 3\)$/,
    );
  });

  it('data that ends early → FormatError; a count the bytes cannot hold is refused before allocating', () => {
    expect(() => decodeDefault('1'.repeat(8 * 40), 20)).toThrowError(/Huffman data ends (after|inside)/);
    expect(() => decodeDefault('0'.repeat(16), 17)).toThrowError(/2 bytes cannot hold 17 samples/);
    expect(() => decodeDefault('0', 2 ** 31)).toThrowError(FormatError);
  });

  it('tables that could decode forever are refused', () => {
    expect(() => readHuffmanTables(section2([[['', 1, 0, 1]]]))).toThrowError(/switches to table 1 of 1/);
    expect(() => readHuffmanTables(section2([[['', 0, 1, 5]]]))).toThrowError(/value code of zero bits/);
    expect(() => readHuffmanTables(section2([[['0', 1, 0, 3]]]))).toThrowError(/switches to table 3 of 1/);
    const b = Uint8Array.from([...le16(2), ...le16(5000)]);
    expect(() => readHuffmanTables(new ScpBytes(b, 'x.scp', 'section 2', 0, b.length))).toThrowError(/declares 5000 codes/);
  });
});
