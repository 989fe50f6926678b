/**
 * SCP-ECG reader (EN 1064 / ANSI-AAMI EC71): record and section envelope in scp-record.ts, the header in
 * scp-header.ts, Huffman tables in scp-huffman.ts, signal sections and their reconstruction in scp-sections.ts and
 * scp-signal.ts, measurements and statements in scp-reports.ts. This file puts the parts into an EcgRecord.
 */
import { completeLimbLeads } from '../ecg/derived.js';
import { leadOrder } from '../ecg/leads.js';
import type { Annotation, DigitalLead, EcgRecord, RecordCheck, WaveformSet } from '../ecg/record.js';
import { FormatError } from './errors.js';
import { sha256Hex } from './file-source.js';
import { readScpHeader, type ScpHeader } from './scp-header.js';
import { readHuffmanTables } from './scp-huffman.js';
import { readScpRecord, type ScpRecord, type ScpSection } from './scp-record.js';
import { confirmationName, readGlobalMeasurements, readInterpretation, readLeadMeasurements } from './scp-reports.js';
import { readEncodedData, readLeadSection, readQrsSection, type QrsSection } from './scp-sections.js';
import { decodeScpSignals, type ScpSignals } from './scp-signal.js';
import type { FileSource, FormatReader } from './types.js';

const SIGNATURE = [0x53, 0x43, 0x50, 0x45, 0x43, 0x47]; // "SCPECG" in section 0's reserved bytes

export const scpReader: FormatReader = {
  id: 'scp',
  name: 'SCP-ECG',
  extensions: ['.scp'],
  sniff(head, name) {
    if (head.length < 22) return false;
    const section0 = head[8] === 0 && head[9] === 0;
    const signed = SIGNATURE.every((b, i) => head[16 + i] === b);
    const s0len = head[10]! | (head[11]! << 8) | (head[12]! << 16) | (head[13]! << 24);
    // Files from 1.x writers may lack the signature: then the extension and a sane section 0 must agree.
    return section0 && (signed || (/\.scp$/i.test(name) && s0len >= 16 && (s0len - 16) % 10 === 0));
  },
  parse(src: FileSource): EcgRecord {
    return parseScp(src);
  },
};

function parseScp(src: FileSource): EcgRecord {
  const file = src.path;
  const rec = readScpRecord(src.bytes, file);
  const utf8 = rec.protocol >= 30;
  const checks: RecordCheck[] = [...rec.checks];
  const section = (id: number): ScpSection | undefined => rec.sections.get(id);

  const header: ScpHeader = section(1) ? readScpHeader(section(1)!.data(), utf8) : { patient: {}, details: {} };
  const s3 = section(3);
  const s6 = section(6);
  if (!s3) throw new FormatError(file, 'SCP-ECG record has no lead definition (section 3)');
  if (!s6) throw new FormatError(file, 'SCP-ECG record has no rhythm data (section 6); records holding only reference beats are not supported');
  const leads = readLeadSection(s3.data());
  const qrs: QrsSection | undefined = section(4) ? readQrsSection(section(4)!.data()) : undefined;
  const signals = decodeScpSignals({
    file,
    leads,
    tables: section(2) ? readHuffmanTables(section(2)!.data()) : undefined,
    qrs,
    reference: section(5) ? readEncodedData(section(5)!.data(), leads.leads.length) : undefined,
    rhythm: readEncodedData(s6.data(), leads.leads.length),
  });

  const record: EcgRecord = {
    leads: leads.leads.map((l) => l.name),
    fs: signals.fs,
    samples: signals.values.map((v) => toMillivolts(v, signals.avmNv)),
    digital: signals.integral ? signals.values.map((v) => digitalLead(v, signals.avmNv)) : undefined,
    patient: header.patient,
    source: {
      format: 'scp',
      path: file,
      sha256: sha256Hex(src.bytes),
      details: { protocolVersion: rec.protocol / 10, sections: [...rec.sections.keys()], avmNv: signals.avmNv, ...signals.details, ...header.details },
    },
    checks,
  };
  if (!record.digital) delete record.digital;
  if (header.startTime) record.startTime = header.startTime;
  if (header.device) record.device = header.device;
  if (header.site) record.site = header.site;
  const median = medianWaveform(signals, record.leads);
  if (median) record.extraWaveforms = [median];
  const beats = qrs ? beatAnnotations(qrs, Math.min(...leads.leads.map((l) => l.start))) : [];
  if (beats.length) record.annotations = beats;
  addReports(rec, record, utf8, checks);
  return completeLimbLeads(record);
}

function toMillivolts(values: Float64Array, avmNv: number): Float32Array {
  const out = new Float32Array(values.length);
  const k = avmNv / 1e6;
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * k;
  return out;
}

function digitalLead(values: Float64Array, avmNv: number): DigitalLead {
  return { values: Int32Array.from(values), gain: 1e6 / avmNv, baseline: 0 };
}

/** Reference beat 0 with its leads in clinical order (stored leads only: a WaveformSet cannot mark derived ones). */
function medianWaveform(signals: ScpSignals, names: string[]): WaveformSet | undefined {
  const m = signals.median;
  if (!m) return undefined;
  const order = names.map((name, i) => ({ name, i })).sort((a, b) => leadOrder(a.name) - leadOrder(b.name) || a.i - b.i);
  return {
    kind: 'median',
    fs: m.fs,
    leads: order.map((o) => o.name),
    samples: order.map((o) => toMillivolts(Float64Array.from(m.values[o.i]!), m.avmNv)),
  };
}

/** Section 4 fiducials as beat marks (sample numbers count from the first sample of the leads). */
function beatAnnotations(qrs: QrsSection, firstSample: number): Annotation[] {
  return qrs.complexes
    .filter((c) => c.fiducial >= firstSample)
    .map((c) => ({ sample: c.fiducial - firstSample, duration: c.end >= c.start ? c.end - c.start + 1 : undefined, type: 'beat', label: `QRS type ${c.type}` }));
}

/**
 * Sections 7, 8, 10, 11 only describe the ECG: a malformed one is reported in the checks and skipped rather than
 * costing the user the signal.
 */
function addReports(rec: ScpRecord, record: EcgRecord, utf8: boolean, checks: RecordCheck[]): void {
  const details = record.source.details!;
  const statements: string[] = [];
  const attempt = (id: number, read: (s: ScpSection) => void) => {
    const s = rec.sections.get(id);
    if (!s) return;
    try {
      read(s);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      checks.push({ name: `section-${id}`, status: 'mismatch', detail: `unreadable, skipped: ${e.reason}` });
    }
  };
  attempt(7, (s) => {
    const g = readGlobalMeasurements(s.data());
    if (Object.keys(g.measurements).length) record.measurements = g.measurements;
    if (Object.keys(g.referenceBeatMarks).length) details.referenceBeatMarksMs = g.referenceBeatMarks;
    if (g.qrsTypes.length) details.qrsTypes = g.qrsTypes;
  });
  for (const [id, typed] of [[8, false], [11, true]] as const) {
    attempt(id, (s) => {
      const r = readInterpretation(s.data(), utf8, typed);
      for (const t of r.statements) if (!statements.includes(t)) statements.push(t);
      details[`section${id}`] = { confirmation: confirmationName(r.confirmation), dateTime: r.dateTime };
    });
  }
  attempt(10, (s) => {
    const perLead = readLeadMeasurements(s.data());
    if (Object.keys(perLead).length) details.leadMeasurements = perLead;
  });
  if (statements.length) record.statements = statements;
}
