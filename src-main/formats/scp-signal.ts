/**
 * SCP-ECG signal reconstruction (EN 1064 §5.7–5.9 and Annex C), in the order the reference decoder (SCP-AV,
 * Cervesato & De Odorico, carried in BioSig) applies it:
 *   1. Huffman-decode each lead (or read little-endian 16-bit values when there is no section 2);
 *   2. undo first or second differences;
 *   3. under bimodal compression, re-expand the decimated stretches between QRS protected zones
 *      (linear interpolation, then a 3-point moving average outside the zones);
 *   4. when section 3 flags reference beat subtraction, add reference beat 0 back over every type-0
 *      subtraction zone of section 4, aligned on the fiducials;
 *   5. scale by the amplitude value multiplier.
 * Sample numbers in sections 3 and 4 count from 1.
 */
import { FormatError } from './errors.js';
import { DEFAULT_HUFFMAN_TABLE, huffmanDecode, type HuffmanTable } from './scp-huffman.js';
import type { EncodedData, LeadSection, QrsComplex, QrsSection } from './scp-sections.js';
import { LIMITS } from './types.js';

export interface ScpSignals {
  fs: number;
  /** nV per unit of `values` */
  avmNv: number;
  /** per lead, on a common time axis, in units of avmNv */
  values: Float64Array[];
  /** true when every value is an integer (digital values are exact) */
  integral: boolean;
  /** reference beat 0, per lead, in units of its own multiplier */
  median?: { fs: number; avmNv: number; values: Int32Array[] };
  details: Record<string, unknown>;
}

export interface ScpSignalInput {
  file: string;
  leads: LeadSection;
  tables?: HuffmanTable[];
  qrs?: QrsSection;
  reference?: EncodedData;
  rhythm: EncodedData;
}

export function undoDifferences(x: Int32Array, order: number): Int32Array {
  if (order === 1) for (let i = 1; i < x.length; i++) x[i] = x[i]! + x[i - 1]!;
  else if (order === 2) for (let i = 2; i < x.length; i++) x[i] = x[i]! + 2 * x[i - 1]! - x[i - 2]!;
  return x;
}

function decodeValues(input: ScpSignalInput, enc: EncodedData, lead: number, count: number | undefined, what: string): Int32Array {
  const bytes = enc.leadBytes[lead]!;
  let values: Int32Array;
  if (input.tables) {
    values = huffmanDecode(bytes, count ?? 0, input.tables, input.file, what);
  } else {
    // Without section 2 the data are plain little-endian 16-bit values (EN 1064 §5.9.1).
    if (bytes.length % 2) throw new FormatError(input.file, `${what}: ${bytes.length} bytes is not a whole number of 16-bit samples`);
    const n = bytes.length / 2;
    if (count !== undefined && n < count) throw new FormatError(input.file, `${what}: holds ${n} samples, ${count} expected`);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    values = new Int32Array(count ?? n);
    for (let i = 0; i < values.length; i++) values[i] = dv.getInt16(2 * i, true);
  }
  return undoDifferences(values, enc.difference);
}

interface Segment {
  /** lead-local index of the first sample */
  from: number;
  length: number;
  full: boolean;
}

/** Stretches of one lead: protected zones at full rate, the gaps between them decimated. */
export function bimodalSegments(start: number, end: number, zones: QrsSection['protectedZones']): Segment[] {
  const sorted = zones.map((z) => ({ start: Math.max(z.start, start), end: Math.min(z.end, end) }))
    .filter((z) => z.start <= z.end)
    .sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let cursor = start;
  for (const z of sorted) {
    const zs = Math.max(z.start, cursor);
    if (zs > z.end) continue; // overlaps the previous zone entirely
    if (zs > cursor) segments.push({ from: cursor - start, length: zs - cursor, full: false });
    segments.push({ from: zs - start, length: z.end - zs + 1, full: true });
    cursor = z.end + 1;
  }
  if (cursor <= end) segments.push({ from: cursor - start, length: end - cursor + 1, full: false });
  return segments;
}

/** Number of stored values for a lead under bimodal compression with decimation factor f. */
export function bimodalStoredCount(segments: Segment[], f: number): number {
  let n = 0;
  for (const s of segments) n += s.full ? s.length : Math.floor(s.length / f) + (s.length % f);
  return n;
}

/**
 * Decimated stretch of L samples: floor(L/f) averages of f samples each, then the L mod f samples that did not
 * fill a block, as they were. Each average is placed at the centre of its block and the samples between centres
 * are interpolated linearly; the stretch is then smoothed with a rounded 3-point mean, its end samples kept.
 */
export function expandBimodal(stored: Int32Array, segments: Segment[], f: number, total: number): Int32Array {
  const out = new Int32Array(total);
  let p = 0;
  for (const seg of segments) {
    const o = seg.from;
    if (seg.full) {
      out.set(stored.subarray(p, p + seg.length), o);
      p += seg.length;
      continue;
    }
    const m = Math.floor(seg.length / f);
    const r = seg.length % f;
    const centre = (f - 1) / 2;
    for (let t = 0; t < m * f; t++) {
      const k = Math.floor((t - centre) / f);
      let v: number;
      if (k < 0) v = stored[p]!;
      else if (k >= m - 1) v = stored[p + m - 1]!;
      else v = stored[p + k]! + ((stored[p + k + 1]! - stored[p + k]!) * (t - (k * f + centre))) / f;
      out[o + t] = Math.round(v);
    }
    for (let j = 0; j < r; j++) out[o + m * f + j] = stored[p + m + j]!;
    p += m + r;
    const copy = out.slice(o, o + seg.length);
    for (let i = 1; i < seg.length - 1; i++) out[o + i] = Math.round((copy[i - 1]! + copy[i]! + copy[i + 1]!) / 3);
  }
  return out;
}

/**
 * Adds reference beat 0 over each type-0 subtraction zone: rhythm sample s (1-based) receives reference sample
 * s − fiducial + referenceFiducial (1-based), as ECG Toolkit and the SCP-AV decoder align them.
 */
export function addReferenceBeat(values: Float64Array, leadStart: number, complexes: QrsComplex[], refFiducial: number, ref: Int32Array, scale: number): void {
  for (const c of complexes) {
    if (c.type !== 0) continue;
    const shift = refFiducial - c.fiducial - 1; // reference index (0-based) = s + shift
    const from = Math.max(c.start, leadStart, -shift);
    const to = Math.min(c.end, leadStart + values.length - 1, ref.length - 1 - shift);
    for (let s = from; s <= to; s++) values[s - leadStart] = values[s - leadStart]! + ref[s + shift]! * scale;
  }
}

export function decodeScpSignals(input: ScpSignalInput): ScpSignals {
  const { file, leads, qrs, reference, rhythm } = input;
  const defs = leads.leads;
  const details: Record<string, unknown> = {
    difference: rhythm.difference,
    huffman: !input.tables ? 'none' : input.tables[0] === DEFAULT_HUFFMAN_TABLE ? 'default' : `${input.tables.length} custom`,
    bimodal: rhythm.bimodal,
    referenceBeatSubtracted: leads.referenceBeatSubtracted,
  };

  let median: ScpSignals['median'];
  if (reference) {
    if (input.tables && !qrs) {
      details.median = 'section 5 present but section 4 (reference beat length) absent: reference beat not decoded';
    } else {
      const count = qrs ? Math.floor((qrs.referenceBeatMs * 1000) / reference.intervalUs) : undefined;
      median = {
        fs: 1e6 / reference.intervalUs,
        avmNv: reference.avmNv,
        values: defs.map((_, i) => decodeValues(input, reference, i, count, `section 5 lead ${defs[i]!.name}`)),
      };
    }
  }

  let f = 1;
  let fs = 1e6 / rhythm.intervalUs;
  if (rhythm.bimodal) {
    if (!reference) throw new FormatError(file, 'SCP-ECG section 6 uses bimodal compression but section 5, which gives the full sampling rate, is absent');
    f = rhythm.intervalUs / reference.intervalUs;
    if (!Number.isInteger(f) || f < 1) throw new FormatError(file, `SCP-ECG bimodal decimation factor ${rhythm.intervalUs}/${reference.intervalUs} µs is not a whole number`);
    fs = 1e6 / reference.intervalUs;
    details.decimationFactor = f;
  }
  if (leads.referenceBeatSubtracted && (!median || !qrs)) {
    throw new FormatError(file, 'SCP-ECG section 3 says the reference beat was subtracted, but sections 4 and 5 needed to add it back are missing');
  }

  const perLead: Float64Array[] = [];
  for (let i = 0; i < defs.length; i++) {
    const def = defs[i]!;
    const what = `section 6 lead ${def.name}`;
    const declared = def.end - def.start + 1;
    if (declared > LIMITS.maxSamplesPerLead) throw new FormatError(file, `${what}: ${declared} samples exceeds the limit of ${LIMITS.maxSamplesPerLead}`);
    let ints: Int32Array;
    if (f > 1) {
      const segments = bimodalSegments(def.start, def.end, qrs?.protectedZones ?? []);
      const stored = decodeValues(input, rhythm, i, bimodalStoredCount(segments, f), what);
      ints = expandBimodal(stored, segments, f, declared);
    } else {
      ints = decodeValues(input, rhythm, i, input.tables ? declared : undefined, what);
    }
    const values = Float64Array.from(ints);
    if (leads.referenceBeatSubtracted) addReferenceBeat(values, def.start, qrs!.complexes, qrs!.referenceFiducial, median!.values[i]!, median!.avmNv / rhythm.avmNv);
    perLead.push(values);
  }
  const integral = !leads.referenceBeatSubtracted || Number.isInteger(median!.avmNv / rhythm.avmNv);
  return { fs, avmNv: rhythm.avmNv, values: alignLeads(file, defs, perLead, details), integral, median, details };
}

/** Puts leads that start at different sample numbers (leads not recorded simultaneously) on one time axis. */
function alignLeads(file: string, defs: LeadSection['leads'], perLead: Float64Array[], details: Record<string, unknown>): Float64Array[] {
  const first = Math.min(...defs.map((d) => d.start));
  const offsets = defs.map((d) => d.start - first);
  const length = Math.max(...perLead.map((v, i) => v.length + offsets[i]!));
  if (offsets.every((o) => o === 0) && perLead.every((v) => v.length === length)) return perLead;
  if (length > LIMITS.maxSamplesPerLead || length * defs.length > LIMITS.maxTotalSamples) {
    throw new FormatError(file, `SCP-ECG leads span ${length} samples, more than the limit`);
  }
  // Stretches a lead did not record stay at 0 mV; which ones is said in the details.
  details.leadCoverage = Object.fromEntries(defs.map((d, i) => [d.name, [offsets[i]!, offsets[i]! + perLead[i]!.length - 1]]));
  return perLead.map((v, i) => {
    const out = new Float64Array(length);
    out.set(v, offsets[i]!);
    return out;
  });
}
