/**
 * Signal codec choice on the 60 CinC fixtures (10-s 12-lead, int16): size against the raw int16 samples and
 * time per record, for the shipped codec (store/signal-codec.ts: delta-zigzag-varint + brotli quality 1) and
 * the compressors it was chosen over, each timed from the record (varint stream included). Baseline, same run: the raw int16
 * samples deflated at the default level, what storing the source's values without a codec would give.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, deflateRawSync } from 'node:zlib';
import type { EcgRecord } from '../src-main/ecg/record.js';
import { readEcgFile } from '../src-main/formats/registry.js';
import { maxDeltaVarintBytes, writeDeltaVarint } from '../src-main/store/delta-varint.js';
import { decodeSignals, encodeSignals } from '../src-main/store/signal-codec.js';
import { Report, isQuick, medianMs } from './lib/result.js';
import { fixturesDir } from './lib/shared.js';

const report = new Report('codec', 'signal blob codec on the CinC fixtures');
const dir = fixturesDir('cinc');
const records: EcgRecord[] = readdirSync(dir).filter((f) => f.endsWith('.hea')).sort().map((f) => readEcgFile(join(dir, f)));
const rawBytes = records.reduce((a, r) => a + r.leads.length * r.samples[0]!.length * 2, 0);
const runs = isQuick() ? 3 : 7;

function varintStream(r: EcgRecord): Uint8Array {
  const out = new Uint8Array(r.digital!.length * maxDeltaVarintBytes(r.samples[0]!.length));
  let p = 0;
  for (const d of r.digital!) p = writeDeltaVarint(d!.values, out, p);
  return out.subarray(0, p);
}

function int16(r: EcgRecord): Uint8Array {
  const out = new Int16Array(r.leads.length * r.samples[0]!.length);
  r.digital!.forEach((d, k) => out.set(d!.values, k * d!.values.length));
  return new Uint8Array(out.buffer);
}

/** Adds "<name>: size" (fraction of raw int16) and "<name>: encode" (ms per record). */
function measure(name: string, encode: (r: EcgRecord) => Uint8Array, baseline?: string): void {
  const size = records.reduce((a, r) => a + encode(r).length, 0) / rawBytes;
  const ms = medianMs(() => records.forEach(encode), runs, 1) / records.length;
  if (baseline) {
    report.compare(`${name}: size`, size, 'of raw int16', `${baseline}: size`);
    report.compare(`${name}: encode`, ms, 'ms/record', `${baseline}: encode`);
  } else {
    report.add(`${name}: size`, size, 'of raw int16');
    report.add(`${name}: encode`, ms, 'ms/record');
  }
}

const BASE = 'raw int16, deflate level 6';
measure(BASE, (r) => deflateRawSync(int16(r), { level: 6 }));
measure('varint only', varintStream, BASE);
measure('varint + deflate 1', (r) => deflateRawSync(varintStream(r), { level: 1 }), BASE);
measure('varint + deflate Huffman-only', (r) => deflateRawSync(varintStream(r), { level: 1, strategy: constants.Z_HUFFMAN_ONLY }), BASE);
measure('varint + brotli 1', (r) => brotliCompressSync(varintStream(r), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }), BASE);
measure('varint + brotli 5', (r) => brotliCompressSync(varintStream(r), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }), BASE);
measure('shipped codec (varint + brotli 1, mV check, hash)', (r) => encodeSignals(r).blob, BASE);
const blobs = records.map((r) => encodeSignals(r).blob);
report.add('shipped codec: decode', medianMs(() => blobs.forEach((b) => decodeSignals(b)), runs, 1) / records.length, 'ms/record');
report.note(`${records.length} records, ${(rawBytes / 2 ** 20).toFixed(1)} MiB as raw int16`);
report.finish();
