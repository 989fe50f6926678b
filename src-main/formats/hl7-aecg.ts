/**
 * HL7 v3 annotated ECG (aECG, FDA submissions): <AnnotatedECG> with a RHYTHM series of sequence sets, derived
 * representative-beat series, annotation sets (waves, beats, rhythm, interval measurements) and the clinical-trial
 * context for subject and device. Reference: HL7 aECG Implementation Guide (2005) and its example document.
 */
import type { DigitalLead, EcgRecord, RecordCheck, WaveformSet } from '../ecg/record.js';
import { completeLimbLeads } from '../ecg/derived.js';
import { FormatError } from './errors.js';
import { sha256Hex } from './file-source.js';
import type { FileSource, FormatReader } from './types.js';
import { harvestAnnotationSet, pickMeasurements, type AnnotationHarvest, type TimeBase } from './hl7-aecg-annotations.js';
import { aecgDevice, aecgPatient, aecgSite } from './hl7-aecg-header.js';
import { readSeriesLeads, type AecgLead } from './hl7-aecg-series.js';
import { parseTs } from './hl7-aecg-time.js';
import { decodeXmlText, sniffXmlRoot } from './xml-text.js';
import { at, attr, child, children, parseXml, type XmlNode } from './xml-tree.js';
import { compact } from './xml-values.js';

const ROOT = 'AnnotatedECG';

/** derivedSeries code → WaveformSet kind */
const DERIVED_KINDS: Record<string, WaveformSet['kind']> = { REPRESENTATIVE_BEAT: 'representative', MEDIAN_BEAT: 'median' };

const seriesCode = (s: XmlNode) => attr(child(s, 'code'), 'code');

function toMillivolts(l: AecgLead, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let t = 0; t < n; t++) out[t] = l.originMv + l.scaleMv * l.digits[t]!;
  return out;
}

/** Keeps the first sequence of each lead and cuts all to the shortest, saying so in a check. */
function equalise(leads: AecgLead[], checks: RecordCheck[], what: string): { leads: AecgLead[]; n: number } {
  const unique = leads.filter((l, i) => leads.findIndex((o) => o.name === l.name) === i);
  const n = Math.min(...unique.map((l) => l.digits.length));
  if (unique.some((l) => l.digits.length !== n)) {
    checks.push({ name: `equal-lengths:${what}`, status: 'mismatch', detail: `leads cut to the shortest, ${n} samples` });
  }
  return { leads: unique, n };
}

function derivedWaveforms(series: XmlNode, file: string, checks: RecordCheck[]): WaveformSet[] {
  const out: WaveformSet[] = [];
  for (const d of children(series, 'derivation').map((x) => child(x, 'derivedSeries')).filter((x): x is XmlNode => !!x)) {
    const code = seriesCode(d) ?? 'derived';
    const { set } = readSeriesLeads(d, file, `${code} series`);
    if (!set) continue;
    const { leads, n } = equalise(set.leads, checks, code);
    out.push({ kind: DERIVED_KINDS[code] ?? 'other', fs: set.fs, leads: leads.map((l) => l.name), samples: leads.map((l) => toMillivolts(l, n)) });
  }
  return out;
}

function parse(src: FileSource): EcgRecord {
  const file = src.path;
  const { text, encoding } = decodeXmlText(src.bytes, file);
  const root = parseXml(text, file);
  if (root.name !== ROOT) throw new FormatError(file, `root element is <${root.name}>, not <${ROOT}>: not an HL7 aECG document`);

  const allSeries = children(root, 'component').map((c) => child(c, 'series')).filter((s): s is XmlNode => !!s);
  const ordered = [...allSeries.filter((s) => seriesCode(s) === 'RHYTHM'), ...allSeries.filter((s) => seriesCode(s) !== 'RHYTHM')];
  let series: XmlNode | undefined;
  let read: ReturnType<typeof readSeriesLeads> = { skippedSets: 0 };
  for (const s of ordered) {
    read = readSeriesLeads(s, file, `${seriesCode(s) ?? 'unnamed'} series`);
    if (read.set) {
      series = s;
      break;
    }
  }
  const set = read.set;
  if (!series || !set) throw new FormatError(file, 'contains no rhythm waveform (no series with lead sequences)');

  const checks: RecordCheck[] = [];
  const { leads, n } = equalise(set.leads, checks, 'rhythm');
  const seriesStart = parseTs(attr(at(series, 'effectiveTime/low'), 'value'));
  const docTime = parseTs(attr(at(root, 'effectiveTime/center'), 'value') ?? attr(at(root, 'effectiveTime/low'), 'value'));
  const start = set.start ?? seriesStart;

  const base: TimeBase = { fs: set.fs, samples: n, ...(start ? { startMs: start.ms } : {}) };
  const harvest: AnnotationHarvest = { annotations: [], statements: [], measured: [] };
  for (const s of children(series, 'subjectOf').map((x) => child(x, 'annotationSet')).filter((x): x is XmlNode => !!x)) {
    harvestAnnotationSet(s, base, 1, true, harvest);
  }
  for (const d of children(series, 'derivation').map((x) => child(x, 'derivedSeries'))) {
    for (const s of children(d, 'subjectOf').map((x) => child(x, 'annotationSet')).filter((x): x is XmlNode => !!x)) {
      harvestAnnotationSet(s, base, 0, false, harvest);
    }
  }
  harvest.annotations.sort((a, b) => a.sample - b.sample);
  const extra = derivedWaveforms(series, file, checks);

  const digital: Array<DigitalLead | undefined> = leads.map((l) => ({
    values: l.digits.length === n ? l.digits : l.digits.slice(0, n),
    gain: 1 / l.scaleMv,
    baseline: -l.originMv / l.scaleMv,
  }));
  const record: EcgRecord = compact({
    id: attr(child(root, 'id'), 'root'),
    leads: leads.map((l) => l.name),
    fs: set.fs,
    samples: leads.map((l) => toMillivolts(l, n)),
    digital,
    startTime: (start ?? docTime)?.iso,
    patient: aecgPatient(root),
    device: aecgDevice(series),
    site: aecgSite(root),
    statements: harvest.statements.length ? harvest.statements : undefined,
    measurements: pickMeasurements(harvest.measured),
    annotations: harvest.annotations.length ? harvest.annotations : undefined,
    extraWaveforms: extra.length ? extra : undefined,
    checks: checks.length ? checks : undefined,
    source: {
      format: 'hl7-aecg',
      path: file,
      sha256: sha256Hex(src.bytes),
      details: compact({
        encoding,
        series: seriesCode(series),
        skippedSequenceSets: read.skippedSets || undefined,
        ignoredSequences: set.ignored.length ? set.ignored : undefined,
        assumedMicrovolts: set.assumedMicrovolts || undefined,
      }),
    },
  });
  return completeLimbLeads(record);
}

export const hl7AecgReader: FormatReader = {
  id: 'hl7-aecg',
  name: 'HL7 aECG',
  extensions: ['.xml'],
  sniff: (head) => sniffXmlRoot(head, [ROOT]),
  parse,
};
