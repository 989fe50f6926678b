/**
 * The stored explanation blob (stored-analysis.ts): written as tagged brotli, and every form the archive may hold
 * read back — brotli rows, gzip rows written before, plain JSON — to the same object.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeExplanation, encodeExplanation } from '../../../src-main/analysis/stored-analysis.js';
import type { Explanation } from '../../../src-main/explain/explain-ecg.js';
import { handExplanation } from '../renderer/explanation-fixture.js';

describe('stored explanation blob', () => {
  const e = handExplanation().explanation as unknown as Explanation;
  const json = JSON.stringify(e);

  it('writes the brotli tag and a compressed payload, and reads it back', () => {
    const blob = encodeExplanation(e);
    expect(Array.from(blob.subarray(0, 2))).toEqual([0x42, 0x31]);
    expect(blob.length).toBeLessThan(json.length);
    expect(decodeExplanation(blob)).toEqual(JSON.parse(json));
  });

  it('reads rows written before (gzip) and plain JSON', () => {
    expect(decodeExplanation(gzipSync(json, { level: 6 }))).toEqual(JSON.parse(json));
    expect(decodeExplanation(new TextEncoder().encode(json))).toEqual(JSON.parse(json));
  });

  it('a damaged brotli row fails loudly instead of reading as something else', () => {
    const blob = encodeExplanation(e);
    expect(() => decodeExplanation(blob.subarray(0, blob.length - 5))).toThrow();
  });
});
