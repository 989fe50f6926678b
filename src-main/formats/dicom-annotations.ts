/**
 * Waveform Annotation Module (PS3.3 §C.10.10), Waveform Annotation Sequence (0040,B020). In the 12-lead ECG IOD
 * an item is one of:
 *   - a statement: Unformatted Text Value (0070,0006);
 *   - a measurement: Concept Name Code Sequence (0040,A043) + Numeric Value (0040,A30A) + Measurement Units
 *     Code Sequence (0040,08EA);
 *   - a mark: Concept Name + Temporal Range Type (0040,A130) + Referenced Sample Positions (0040,A132, first
 *     sample = 1) or Referenced Time Offsets (0040,A138, ms), optionally Referenced Waveform Channels
 *     (0040,A0B0) as pairs (multiplex group number, channel number; channel 0 = all channels).
 */
import type { LeadName } from '../ecg/leads.js';
import type { Annotation, Measurements } from '../ecg/record.js';
import type { Code, DicomView } from './dicom-dataset.js';

/** Measurement concepts: SCPECG code values (as Mortara and others write them) and code meanings. */
const MEASUREMENT_CODES: Record<string, string> = {
  '5.10.2.1-3': 'rr', '5.10.2.1-5': 'pp', '5.13.5-7': 'pr', '5.13.5-9': 'qrs', '5.13.5-11': 'qt',
  '5.10.2.5-5': 'qtc', '5.10.3-11': 'pAxis', '5.10.3-13': 'qrsAxis', '5.10.3-15': 'tAxis',
};
const MEASUREMENT_MEANINGS: Record<string, string> = {
  'rr interval': 'rr', 'pp interval': 'pp', 'pr interval': 'pr', 'qrs duration': 'qrs', 'qt interval': 'qt',
  'qtc interval': 'qtc', 'p axis': 'pAxis', 'qrs axis': 'qrsAxis', 't axis': 'tAxis', 'heart rate': 'hr',
  'ventricular heart rate': 'hr', 'ventricular rate': 'hr', 'atrial heart rate': 'atrialRate', 'atrial rate': 'atrialRate',
  'p duration': 'pDuration',
};
/** Measurement units (UCUM) that need scaling to the record's ms / degrees / bpm. */
const UNIT_SCALE: Record<string, number> = { s: 1000, ms: 1, us: 0.001 };

/** Mark concepts by meaning → annotation type and label. */
const MARKS: Record<string, { type: string; label: string }> = {
  'p onset': { type: 'wave_on', label: 'P' }, 'p offset': { type: 'wave_off', label: 'P' },
  'qrs onset': { type: 'wave_on', label: 'QRS' }, 'qrs offset': { type: 'wave_off', label: 'QRS' },
  't onset': { type: 'wave_on', label: 'T' }, 't offset': { type: 'wave_off', label: 'T' },
  'p peak': { type: 'wave_peak', label: 'P' }, 't peak': { type: 'wave_peak', label: 'T' },
  'fiducial point': { type: 'beat', label: 'QRS' },
};

export interface WaveformAnnotations {
  statements: string[];
  measurements: Measurements;
  annotations: Annotation[];
}

export interface AnnotationTarget {
  /** 1-based index of the record's multiplex group in the Waveform Sequence */
  group: number;
  fs: number;
  samples: number;
  leads: LeadName[];
}

function camel(meaning: string): string {
  const words = meaning.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ');
  return words.map((w, i) => (i ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join('');
}

function measurementKey(concept: Code): string | undefined {
  return (concept.value && MEASUREMENT_CODES[concept.value])
    ?? (concept.meaning && (MEASUREMENT_MEANINGS[concept.meaning.toLowerCase()] ?? camel(concept.meaning)))
    ?? undefined;
}

export function readWaveformAnnotations(root: DicomView, target: AnnotationTarget): WaveformAnnotations {
  const out: WaveformAnnotations = { statements: [], measurements: {}, annotations: [] };
  for (const item of root.items('x0040b020')) {
    const text = item.text('x00700006');
    if (text) {
      out.statements.push(text);
      continue;
    }
    const concept = item.code('x0040a043');
    if (!concept) continue;
    const numeric = item.number('x0040a30a');
    if (numeric !== undefined) {
      const key = measurementKey(concept);
      const scale = UNIT_SCALE[item.code('x004008ea')?.value ?? ''] ?? 1;
      if (key) out.measurements[key] = numeric * scale;
      continue;
    }
    out.annotations.push(...marks(item, concept, target));
  }
  return out;
}

function marks(item: DicomView, concept: Code, target: AnnotationTarget): Annotation[] {
  const refs = item.uint16s('x0040a0b0');
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i + 1 < refs.length; i += 2) pairs.push([refs[i]!, refs[i + 1]!]);
  if (pairs.length && !pairs.some(([g]) => g === target.group)) return [];
  const channels = new Set(pairs.filter(([g]) => g === target.group).map(([, c]) => c));
  const lead = channels.size === 1 && !channels.has(0) ? target.leads[[...channels][0]! - 1] : undefined;

  let positions = item.uint32s('x0040a132').map((p) => p - 1);
  if (!positions.length) positions = item.values('x0040a138').map((ms) => Math.round((Number(ms) * target.fs) / 1000));
  const meaning = concept.meaning ?? concept.value ?? 'annotation';
  const kind = MARKS[meaning.toLowerCase()] ?? { type: 'event', label: meaning };
  const range = (item.text('x0040a130') ?? 'POINT').toUpperCase();
  const inRange = (s: number) => Number.isFinite(s) && s >= 0 && s < target.samples;
  const result: Annotation[] = [];
  if (range === 'SEGMENT' || range === 'MULTISEGMENT') {
    for (let i = 0; i + 1 < positions.length; i += 2) {
      const [a, b] = [positions[i]!, positions[i + 1]!];
      if (inRange(a) && inRange(b) && b >= a) result.push({ lead, sample: a, duration: b - a + 1, type: 'interval', label: kind.label });
    }
  } else {
    for (const s of positions) if (inRange(s)) result.push({ lead, sample: s, type: kind.type, label: kind.label });
  }
  for (const a of result) if (a.lead === undefined) delete a.lead;
  return result;
}
