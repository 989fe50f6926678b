/**
 * WFDB record reading shared by the WFDB and PhysioNet/CinC readers: header → segments → leads → EcgRecord,
 * plus the redirect from a signal file opened directly (.dat / .mat) to the header beside it.
 */
import type { EcgRecord } from '../ecg/record.js';
import { completeLimbLeads } from '../ecg/derived.js';
import { FormatError, ensure } from './errors.js';
import { sha256Hex } from './file-source.js';
import { LIMITS, type FileSource } from './types.js';
import { decodeHeaderText, parseWfdbHeader, type WfdbHeader, type WfdbRecordLine, type WfdbSignalSpec } from './wfdb-header.js';
import { readSegment, siblingDisplayPath, type SegmentSignal } from './wfdb-segment.js';
import { assembleLeads, type Piece } from './wfdb-assemble.js';
import { interpretComments, isCincHeader } from './wfdb-comments.js';
import { readSiblingAnnotations } from './wfdb-annotations.js';

/** header(5): a record line without a sampling frequency means 250 frames per second. */
export const DEFAULT_FRAME_RATE = 250;

const baseOf = (path: string) => path.slice(siblingDisplayPath(path, '').length);
const stemOf = (path: string) => baseOf(path).replace(/\.[^.]*$/, '');

interface Layout {
  specs: WfdbSignalSpec[];
  pieces: Piece[];
  notes: string[];
  flac: Record<string, string>;
  segments?: Array<{ name: string; frames: number }>;
}

function readSingle(path: string, h: Extract<WfdbHeader, { kind: 'single' }>, sibling: FileSource['sibling']): Layout {
  const seg = readSegment(path, h.record, h.signals, sibling);
  return { specs: h.signals, pieces: [{ name: h.record.name, frames: seg.frames, signals: seg.signals }], notes: seg.notes, flac: seg.flac };
}

/**
 * Multi-segment records: "~" segments are gaps; a first segment of length 0 is a layout header (variable
 * layout: segments carry subsets of its signals, matched by description); otherwise every segment must carry
 * the same signals in the same order (fixed layout).
 */
function readMulti(path: string, h: Extract<WfdbHeader, { kind: 'multi' }>, sibling: FileSource['sibling']): Layout {
  const frames = h.segments.reduce((a, s) => a + s.length, 0);
  ensure(frames <= LIMITS.maxSamplesPerLead, path, `segments total ${frames} frames, more than ${LIMITS.maxSamplesPerLead} samples per signal`);
  let specs: WfdbSignalSpec[] | undefined;
  let variable = false;
  const pieces: Piece[] = [];
  const notes: string[] = [];
  const flac: Record<string, string> = {};
  const segments: Array<{ name: string; frames: number }> = [];
  h.segments.forEach((seg, k) => {
    segments.push({ name: seg.name, frames: seg.length });
    if (seg.name === '~') {
      pieces.push({ name: '~', frames: seg.length, signals: [] });
      return;
    }
    const segPath = siblingDisplayPath(path, `${seg.name}.hea`);
    const bytes = sibling(`${seg.name}.hea`);
    ensure(bytes, segPath, `segment header named by ${path} is missing; put it beside the record header`);
    const sh = parseWfdbHeader(decodeHeaderText(bytes), segPath);
    ensure(sh.kind === 'single', segPath, 'a segment of a multi-segment record is itself multi-segment, which WFDB does not allow');
    if (k === 0 && seg.length === 0) {
      specs = sh.signals;
      variable = true;
      return;
    }
    if (sh.record.fs !== undefined && h.record.fs !== undefined && Math.abs(sh.record.fs - h.record.fs) > 1e-6 * h.record.fs) {
      throw new FormatError(segPath, `segment frame rate ${sh.record.fs} Hz differs from the record's ${h.record.fs} Hz`);
    }
    const record: WfdbRecordLine = { ...sh.record, length: seg.length };
    const data = readSegment(segPath, record, sh.signals, sibling);
    for (const n of data.notes) notes.push(`${seg.name}: ${n}`);
    Object.assign(flac, data.flac);
    let signals: Array<SegmentSignal | undefined>;
    if (variable) {
      const used = new Set<number>();
      signals = specs!.map((ls) => {
        const idx = sh.signals.findIndex((s, i) => !used.has(i) && s.description === ls.description);
        if (idx < 0) return undefined;
        used.add(idx);
        return data.signals[idx];
      });
      if (used.size < sh.signals.length) notes.push(`${seg.name}: ${sh.signals.length - used.size} signal(s) not in the layout were left out`);
    } else {
      specs ??= sh.signals;
      ensure(sh.signals.length === specs.length, segPath, `segment has ${sh.signals.length} signals; a fixed-layout record needs ${specs.length} in every segment`);
      signals = data.signals;
    }
    pieces.push({ name: seg.name, frames: seg.length, signals });
  });
  ensure(specs, path, 'multi-segment record has no segment with signals');
  if (h.record.length !== undefined && h.record.length !== frames) notes.push(`record length ${h.record.length} differs from the segments' total ${frames}`);
  return { specs, pieces, notes, flac, segments };
}

function startTimeOf(r: WfdbRecordLine): string | undefined {
  if (r.baseDate === undefined) return undefined;
  return `${r.baseDate}T${r.baseTime ?? '00:00:00'}`;
}

/** Reads the record whose header is `src` (bytes of the .hea). `format` is the reader id to report. */
export function readWfdbHeaderSource(src: FileSource, format: string, openedAs?: string): EcgRecord {
  const header = parseWfdbHeader(decodeHeaderText(src.bytes), src.path);
  const layout = header.kind === 'single' ? readSingle(src.path, header, src.sibling) : readMulti(src.path, header, src.sibling);
  const frameRate = header.record.fs ?? DEFAULT_FRAME_RATE;
  const leads = assembleLeads(src.path, layout.specs, layout.pieces, frameRate);
  const fs = frameRate * leads.upsample;
  const facts = interpretComments(header.comments);

  const details: Record<string, unknown> = {
    record: header.record.name,
    frameRate,
    samplesPerFrameRule: 'leads share the highest rate; slower signals are repeated (sample-and-hold)',
    signals: leads.signalDetails,
    ...(leads.setAside.length ? { otherSignals: leads.setAside } : {}),
    comments: header.comments,
  };
  if (header.record.fs === undefined) details.frameRateAssumed = true;
  if (header.record.counterFrequency !== undefined) details.counterFrequency = header.record.counterFrequency;
  if (header.record.baseCounter !== undefined) details.baseCounter = header.record.baseCounter;
  if (header.record.baseTime !== undefined) details.baseTime = header.record.baseTime;
  if (header.record.unparsed) details.unparsedRecordFields = header.record.unparsed;
  if (layout.segments) details.segments = layout.segments;
  if (layout.notes.length) details.notes = layout.notes;
  if (Object.keys(facts.details).length) details.info = facts.details;
  if (openedAs !== undefined) details.openedAs = openedAs;

  const record: EcgRecord = {
    id: header.record.name,
    leads: leads.leads,
    fs,
    samples: leads.samples,
    digital: leads.digital,
    patient: facts.patient,
    checks: [...leads.checks, ...Object.entries(layout.flac).map(([file, status]) => ({ name: `flac-md5:${file}`, status: status as 'ok' | 'mismatch' | 'absent' }))],
    source: { format, path: src.path, sha256: sha256Hex(src.bytes), details },
  };
  const start = startTimeOf(header.record);
  if (start !== undefined) record.startTime = start;
  if (facts.statements.length) record.statements = facts.statements;

  const ann = readSiblingAnnotations(stemOf(src.path), src.sibling, { outputFs: fs, frameRate });
  const annotations = [...leads.annotations, ...ann.annotations].sort((a, b) => a.sample - b.sample);
  if (annotations.length) record.annotations = annotations;
  if (Object.keys(ann.files).length) details.annotationFiles = ann.files;
  for (const [ext, reason] of Object.entries(ann.errors)) record.checks!.push({ name: `annotations:${ext}`, status: 'mismatch', detail: reason });
  return completeLimbLeads(record);
}

/**
 * A signal file opened directly: read its record through the header of the same name beside it, provided that
 * header is a single-segment record using this file; anything else asks the user to open the .hea. A CinC
 * header makes the record a 'cinc' one, as opening the .hea would.
 */
export function readWfdbSignalFileSource(src: FileSource, format: string): EcgRecord {
  const name = baseOf(src.path);
  const headerName = `${stemOf(src.path)}.hea`;
  const headerPath = siblingDisplayPath(src.path, headerName);
  const bytes = src.sibling(headerName);
  ensure(bytes, src.path, `this is a WFDB signal file; its header ${headerName} is not beside it (open the record's .hea file)`);
  const header = parseWfdbHeader(decodeHeaderText(bytes), headerPath);
  if (header.kind !== 'single' || !header.signals.some((s) => s.file === name)) {
    throw new FormatError(src.path, `this is a WFDB signal file that is not simply described by ${headerName}; open the record's .hea file instead`);
  }
  return readWfdbHeaderSource({ path: headerPath, bytes, sibling: src.sibling }, isCincHeader(header) ? 'cinc' : format, src.path);
}

/** True for names the WFDB readers treat as signal files to redirect. */
export function isSignalFileName(name: string): boolean {
  return /\.(dat|mat)$/i.test(name);
}
