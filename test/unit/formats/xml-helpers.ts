/** Helpers for the XML reader tests: fixture bytes, re-encodings and edited copies of real files. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import type { FileSource } from '../../../src-main/formats/types.js';
import { fixture } from '../../helpers/shared.js';

export function fixtureSource(folder: string, name: string): FileSource {
  return memoryFileSource(name, new Uint8Array(readFileSync(fixture(folder, name))));
}

export function utf8(text: string, bom = false): Uint8Array {
  return new Uint8Array(Buffer.from((bom ? '\ufeff' : '') + text, 'utf8'));
}

export function utf16(text: string, order: 'le' | 'be', bom = true): Uint8Array {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  if (order === 'be') le.swap16();
  return new Uint8Array(le);
}

export function latin1(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** A copy of a fixture's text, edited, as UTF-8 bytes under a name that says what was done to it. */
export function editedSource(src: FileSource, name: string, edit: (text: string) => string): FileSource {
  const text = new TextDecoder(src.bytes[0] === 0xff ? 'utf-16le' : 'utf-8').decode(src.bytes.subarray(src.bytes[0] === 0xff ? 2 : 0));
  const edited = edit(text);
  expect(edited, `edit for ${name} changed nothing`).not.toBe(text);
  return memoryFileSource(name, utf8(edited));
}

export function maxAbs(a: Float32Array, from = 0, to = a.length): number {
  let m = 0;
  for (let t = from; t < to; t++) m = Math.max(m, Math.abs(a[t]!));
  return m;
}
