/**
 * WFDB annotation files in MIT format (annot(5)): beat labels (.atr, .qrs) and LUDB's per-lead delineation
 * files (.i .ii .iii .avr .avl .avf .v1–.v6: "(" onset, peak "p"/"N"/"t", ")" offset).
 *
 * MIT format, a stream of 16-bit little-endian words; the high 6 bits A, the low 10 bits I:
 *
 * | A       | meaning                                                                  |
 * |---------|--------------------------------------------------------------------------|
 * | 0, I=0  | end of file                                                              |
 * | 1–49    | annotation of code A, I samples after the previous one                   |
 * | 59 SKIP | the next two words (high word first, each little-endian) are a 32-bit signed interval added to the time |
 * | 60 NUM  | I (signed 8-bit) is the current annotation's num (carried to later ones) |
 * | 61 SUB  | I (signed 8-bit) is its subtype (reset to 0 for each annotation)         |
 * | 62 CHN  | I is its channel (carried to later ones)                                 |
 * | 63 AUX  | I bytes of auxiliary text follow, padded to an even count                |
 *
 * Modifiers 60–63 follow the annotation they modify; SKIP precedes it.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { Annotation } from '../ecg/record.js';
import type { LeadName } from '../ecg/leads.js';
import { FormatError, ensure } from './errors.js';
import { nodeFileSource } from './file-source.js';
import type { FileSource } from './types.js';

export interface MitAnnotation {
  sample: number;
  code: number;
  symbol: string;
  subtype: number;
  chan: number;
  num: number;
  aux?: string;
}

/** Standard WFDB annotation codes (ecgcodes.h) → symbol. */
export const ANNOTATION_SYMBOLS: Readonly<Record<number, string>> = {
  1: 'N', 2: 'L', 3: 'R', 4: 'a', 5: 'V', 6: 'F', 7: 'J', 8: 'A', 9: 'S', 10: 'E', 11: 'j', 12: '/', 13: 'Q',
  14: '~', 16: '|', 18: 's', 19: 'T', 20: '*', 21: 'D', 22: '"', 23: '=', 24: 'p', 25: 'B', 26: '^', 27: 't',
  28: '+', 29: 'u', 30: '?', 31: '!', 32: '[', 33: ']', 34: 'e', 35: 'n', 36: '@', 37: 'x', 38: 'f', 39: '(',
  40: ')', 41: 'r',
};

/** Codes that label a heartbeat (ecgcodes.h isqrs table). */
const BEAT_CODES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41]);
const WAVE_PEAK: Record<string, 'P' | 'QRS' | 'T' | 'U'> = { p: 'P', N: 'QRS', t: 'T', u: 'U' };

/** Most annotations read from one file, so a hostile stream cannot allocate without bound. */
const MAX_ANNOTATIONS = 10_000_000;

export interface MitAnnotationFile {
  annotations: MitAnnotation[];
  /** sampling frequency stated by a "## time resolution" note, if any */
  fs?: number;
}

export function decodeMitAnnotations(bytes: Uint8Array, file: string): MitAnnotationFile {
  const out: MitAnnotation[] = [];
  let fs: number | undefined;
  let t = 0;
  let chan = 0;
  let num = 0;
  let p = 0;
  let cur: MitAnnotation | undefined;
  const word = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  while (p + 1 < bytes.length) {
    const w = word(p);
    const A = w >> 10;
    const I = w & 0x3ff;
    p += 2;
    if (A === 0 && I === 0) break;
    if (A === 59) {
      ensure(p + 4 <= bytes.length, file, 'annotation SKIP runs past the end of the file', p - 2);
      t += (((word(p) << 16) | word(p + 2)) >> 0);
      p += 4;
      continue;
    }
    if (A >= 60) {
      if (A === 63) {
        ensure(p + I <= bytes.length, file, 'annotation text runs past the end of the file', p - 2);
        if (cur) cur.aux = new TextDecoder('latin1').decode(bytes.subarray(p, p + I)).replace(/\0+$/, '');
        p += I + (I & 1);
      } else if (A === 60) {
        num = (I << 24) >> 24;
        if (cur) cur.num = num;
      } else if (A === 61) {
        if (cur) cur.subtype = (I << 24) >> 24;
      } else {
        chan = I & 0xff;
        if (cur) cur.chan = chan;
      }
      continue;
    }
    t += I;
    if (A === 0) {
      cur = undefined; // a NOTQRS placeholder: not an annotation
      continue;
    }
    ensure(out.length < MAX_ANNOTATIONS, file, `more than ${MAX_ANNOTATIONS} annotations`);
    cur = { sample: t, code: A, symbol: ANNOTATION_SYMBOLS[A] ?? `[${A}]`, subtype: 0, chan, num };
    out.push(cur);
  }
  // wfdb-python writes the record's rate as a NOTE at sample 0: "## time resolution: 500"
  const kept = out.filter((a) => {
    if (a.sample !== 0 || a.code !== 22 || !a.aux?.startsWith('## ')) return true;
    const m = /## time resolution: (\d+\.?\d*)/.exec(a.aux);
    if (m) fs = Number(m[1]);
    return false;
  });
  for (const a of kept) ensure(a.sample >= 0, file, `annotation at negative sample ${a.sample}`);
  return fs !== undefined ? { annotations: kept, fs } : { annotations: kept };
}

export interface WaveTriple {
  wave: 'P' | 'QRS' | 'T' | 'U';
  /** indices into the annotation list */
  onset: number;
  peak: number;
  offset: number;
}

/** Finds "(" peak ")" triples (LUDB delineation) in a time-ordered list of symbols. */
export function findWaveTriples(symbols: readonly string[]): WaveTriple[] {
  const out: WaveTriple[] = [];
  for (let i = 0; i + 2 < symbols.length; i++) {
    const wave = WAVE_PEAK[symbols[i + 1]!];
    if (symbols[i] === '(' && wave && symbols[i + 2] === ')') {
      out.push({ wave, onset: i, peak: i + 1, offset: i + 2 });
      i += 2;
    }
  }
  return out;
}

export interface ToAnnotationOptions {
  /** lead the whole file annotates (LUDB per-lead files); undefined: all leads */
  lead?: LeadName;
  /** output samples per annotation sample (multi-frequency records, annotation fs ≠ record fs) */
  scale?: number;
}

/**
 * MIT annotations → EcgRecord annotations. Delineation triples "(" p|N|t ")" become wave_on / wave_peak /
 * wave_off labelled P, QRS or T; beat codes become 'beat', rhythm changes 'rhythm' (label = the aux text, e.g.
 * "(AFIB"), anything else 'event' with its symbol.
 */
export function toEcgAnnotations(anns: readonly MitAnnotation[], opts: ToAnnotationOptions = {}): Annotation[] {
  const scale = opts.scale ?? 1;
  const inTriple = new Map<number, { type: string; label: string }>();
  for (const t of findWaveTriples(anns.map((a) => a.symbol))) {
    inTriple.set(t.onset, { type: 'wave_on', label: t.wave });
    inTriple.set(t.peak, { type: 'wave_peak', label: t.wave });
    inTriple.set(t.offset, { type: 'wave_off', label: t.wave });
  }
  return anns.map((a, i): Annotation => {
    let kind = inTriple.get(i);
    if (!kind) {
      if (BEAT_CODES.has(a.code)) kind = { type: 'beat', label: a.symbol };
      else if (a.code === 28) kind = { type: 'rhythm', label: a.aux || a.symbol };
      else if (a.code === 39 || a.code === 40) kind = { type: a.code === 39 ? 'wave_on' : 'wave_off', label: a.symbol };
      else if (a.symbol in WAVE_PEAK) kind = { type: 'wave_peak', label: WAVE_PEAK[a.symbol]! };
      else kind = { type: 'event', label: a.aux ? `${a.symbol} ${a.aux}` : a.symbol };
    }
    const out: Annotation = { sample: Math.round(a.sample * scale), type: kind.type, label: kind.label };
    if (opts.lead !== undefined) out.lead = opts.lead;
    return out;
  });
}

/** LUDB per-lead annotation file extensions → canonical lead. */
export const LUDB_LEAD_FILES: Readonly<Record<string, LeadName>> = {
  i: 'I', ii: 'II', iii: 'III', avr: 'aVR', avl: 'aVL', avf: 'aVF', v1: 'V1', v2: 'V2', v3: 'V3', v4: 'V4', v5: 'V5', v6: 'V6',
};

/** Whole-record annotation file extensions read beside a header. */
export const RECORD_ANNOTATION_FILES = ['atr'] as const;

export interface SiblingAnnotations {
  annotations: Annotation[];
  /** annotator (extension) → number of annotations read */
  files: Record<string, number>;
  /** annotator → reason, for files present but unreadable (the record still reads) */
  errors: Record<string, string>;
}

/**
 * Reads the annotation files that sit beside a record (`stem`.atr and LUDB's `stem`.i … `stem`.v6).
 * Annotation times count frames unless the file states its own rate ("## time resolution"); both are mapped
 * onto the record's output rate.
 */
export function readSiblingAnnotations(
  stem: string,
  sibling: (name: string) => Uint8Array | undefined,
  timing: { outputFs: number; frameRate: number } = { outputFs: 1, frameRate: 1 },
): SiblingAnnotations {
  const res: SiblingAnnotations = { annotations: [], files: {}, errors: {} };
  const exts: Array<[string, LeadName | undefined]> = [
    ...RECORD_ANNOTATION_FILES.map((e): [string, undefined] => [e, undefined]),
    ...Object.entries(LUDB_LEAD_FILES),
  ];
  for (const [ext, lead] of exts) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = sibling(`${stem}.${ext}`);
    } catch (e) {
      res.errors[ext] = (e as Error).message;
      continue;
    }
    if (!bytes) continue;
    try {
      const { annotations, fs } = decodeMitAnnotations(bytes, `${stem}.${ext}`);
      const scale = timing.outputFs / (fs ?? timing.frameRate);
      const anns = toEcgAnnotations(annotations, lead !== undefined ? { lead, scale } : { scale });
      res.annotations.push(...anns);
      res.files[ext] = anns.length;
    } catch (e) {
      res.errors[ext] = e instanceof FormatError ? e.reason : (e as Error).message;
    }
  }
  res.annotations.sort((a, b) => a.sample - b.sample);
  return res;
}

export interface LudbWave {
  lead: LeadName;
  wave: 'P' | 'QRS' | 'T';
  onset: number;
  peak: number;
  offset: number;
}

/**
 * Groups delineation annotations (wave_on / wave_peak / wave_off with labels P, QRS, T, one lead each) into
 * waves. Markers that do not form a complete onset–peak–offset triple in one lead are left out.
 */
export function groupLudbWaves(annotations: readonly Annotation[]): LudbWave[] {
  const byLead = new Map<LeadName, Annotation[]>();
  for (const a of annotations) {
    if (a.lead === undefined || !a.type.startsWith('wave_')) continue;
    let list = byLead.get(a.lead);
    if (!list) byLead.set(a.lead, (list = []));
    list.push(a);
  }
  const out: LudbWave[] = [];
  for (const [lead, list] of byLead) {
    list.sort((x, y) => x.sample - y.sample);
    for (let i = 0; i + 2 < list.length; i++) {
      const [on, pk, off] = [list[i]!, list[i + 1]!, list[i + 2]!];
      const wave = pk.label as LudbWave['wave'];
      if (on.type === 'wave_on' && pk.type === 'wave_peak' && off.type === 'wave_off' && (wave === 'P' || wave === 'QRS' || wave === 'T') && on.label === wave && off.label === wave) {
        out.push({ lead, wave, onset: on.sample, peak: pk.sample, offset: off.sample });
        i += 2;
      }
    }
  }
  return out.sort((a, b) => a.onset - b.onset || a.lead.localeCompare(b.lead));
}

/**
 * All LUDB per-lead annotations of a record, from its header path ("…/data/1.hea") or record path ("…/data/1").
 * Throws FormatError when the record has no per-lead annotation file.
 */
export function loadLudbAnnotations(recordPath: string): { annotations: Annotation[]; waves: LudbWave[] } {
  const stem = basename(recordPath, extname(recordPath) === '.hea' ? '.hea' : '');
  const dir = dirname(recordPath);
  const anchor: FileSource = nodeFileSource(join(dir, `${stem}.hea`));
  const found = readSiblingAnnotations(stem, (name) => anchor.sibling(name));
  const leadFiles = Object.keys(found.files).filter((e) => e in LUDB_LEAD_FILES);
  const firstError = Object.entries(found.errors)[0];
  if (firstError) throw new FormatError(join(dir, `${stem}.${firstError[0]}`), firstError[1]);
  if (leadFiles.length === 0) throw new FormatError(recordPath, 'no LUDB per-lead annotation files (.i … .v6) beside the record');
  const annotations = found.annotations.filter((a) => a.lead !== undefined);
  return { annotations, waves: groupLudbWaves(annotations) };
}
