/**
 * "EDF Annotations" signals inside WFDB records (written by edf2mit from EDF+ files, e.g. test_generator_2):
 * the signal's 16-bit samples are the bytes of EDF+ time-stamped annotation lists (TALs), one data record per
 * frame. It is text, not a waveform, so it becomes annotations instead of a lead.
 *
 * TAL grammar (EDF+ spec §2.2.2):  ("+"|"-") onset [0x15 duration] 0x14 { annotation 0x14 } 0x00
 * The first TAL of each data record is its time stamp and carries no annotation text.
 */
import type { Annotation } from '../ecg/record.js';

export function isEdfAnnotationSignal(description: string | undefined): boolean {
  return (description ?? '').trim().toLowerCase() === 'edf annotations';
}

/** `values`: the signal's samples (samplesPerFrame per frame); `fs`: the record's output rate in Hz. */
export function decodeEdfTal(values: Int32Array, samplesPerFrame: number, fs: number): Annotation[] {
  const out: Annotation[] = [];
  const utf8 = new TextDecoder('utf-8');
  const frames = Math.floor(values.length / samplesPerFrame);
  const bytes = new Uint8Array(samplesPerFrame * 2);
  for (let f = 0; f < frames; f++) {
    for (let k = 0; k < samplesPerFrame; k++) {
      const v = values[f * samplesPerFrame + k]! & 0xffff;
      bytes[2 * k] = v & 0xff;
      bytes[2 * k + 1] = v >> 8;
    }
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0) continue;
      if (i > start) parseTal(utf8.decode(bytes.subarray(start, i)), fs, out);
      start = i + 1;
    }
  }
  return out;
}

function parseTal(tal: string, fs: number, out: Annotation[]): void {
  const parts = tal.split('\x14');
  const head = /^([+-]\d+(?:\.\d*)?)(?:\x15(\d+(?:\.\d*)?))?$/.exec(parts[0] ?? '');
  if (!head) return;
  const onset = Number(head[1]);
  const duration = head[2] !== undefined ? Number(head[2]) : undefined;
  for (const text of parts.slice(1)) {
    if (text === '') continue;
    const a: Annotation = { sample: Math.round(onset * fs), type: 'event', label: text };
    if (duration !== undefined) a.duration = Math.round(duration * fs);
    out.push(a);
  }
}
