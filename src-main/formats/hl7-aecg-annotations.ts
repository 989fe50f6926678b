/**
 * aECG annotation sets → record annotations, measurements and statements.
 *
 * <annotation><code code="MDC_ECG_BEAT"/><value xsi:type="CE" code="MDC_ECG_BEAT_NORMAL"/>
 *   <component><annotation><code code="MDC_ECG_WAVC"/><value xsi:type="CE" code="MDC_ECG_WAVC_QRSWAVE"/>
 *     <support><supportingROI><component><boundary><code code="TIME_ABSOLUTE"/>
 *       <value xsi:type="IVL_TS"><low value="…091000.270"/><high value="…091000.390"/></value> …
 *   <component><annotation><code code="MDC_ECG_TIME_PD_QRS"/><value xsi:type="PQ" value="120" unit="ms"/> …
 *
 * A boundary coded with an MDC_ECG_LEAD_* code ties the annotation to that lead; without one it is global.
 * TIME_ABSOLUTE boundaries are TS values, TIME_RELATIVE ones PQ offsets from the start of the series.
 */
import type { Annotation, Measurements } from '../ecg/record.js';
import { BEAT_LABELS, MEASUREMENT_CODES, WAVE_LABELS, aecgLeadName, measurementValue } from './hl7-aecg-codes.js';
import { parseTs, pqSeconds } from './hl7-aecg-time.js';
import { attr, child, children, descendants, type XmlNode } from './xml-tree.js';
import { num } from './xml-values.js';

export interface TimeBase {
  fs: number;
  /** TS of sample 0 in ms on the file's naive time line, when the series has an absolute time */
  startMs?: number;
  samples: number;
}

/** Where an annotation set sits decides how much its numbers weigh (see pickMeasurements). */
export type SetRank = 0 | 1 | 2; // 0 representative beat, 1 rhythm global, 2 one beat among many

export interface AnnotationHarvest {
  annotations: Annotation[];
  statements: string[];
  measured: Array<{ key: string; value: number; rank: SetRank }>;
}

interface Roi {
  low?: number; // seconds from series start
  high?: number;
  lead?: string;
}

function boundarySeconds(value: XmlNode | undefined, relative: boolean, base: TimeBase, key: 'low' | 'high' | 'point'): number | undefined {
  const node = key === 'point' ? value : child(value, key);
  if (!node) return undefined;
  if (relative) return pqSeconds(node);
  const ts = parseTs(attr(node, 'value'));
  return ts && base.startMs !== undefined ? (ts.ms - base.startMs) / 1000 : undefined;
}

function readRoi(ann: XmlNode, base: TimeBase): Roi {
  const roi: Roi = {};
  for (const boundary of descendants(child(ann, 'support'), 'boundary')) {
    const code = attr(child(boundary, 'code'), 'code') ?? '';
    const lead = aecgLeadName(code);
    if (lead !== undefined) {
      roi.lead = lead;
      continue;
    }
    if (code !== 'TIME_ABSOLUTE' && code !== 'TIME_RELATIVE') continue;
    const value = child(boundary, 'value');
    const relative = code === 'TIME_RELATIVE';
    const type = attr(value, 'type') ?? '';
    if (type.startsWith('IVL')) {
      roi.low = boundarySeconds(value, relative, base, 'low');
      roi.high = boundarySeconds(value, relative, base, 'high');
    } else {
      roi.low = boundarySeconds(value, relative, base, 'point');
    }
  }
  return roi;
}

const toSample = (s: number, base: TimeBase) => Math.round(s * base.fs);

function waveAnnotation(label: string, roi: Roi, base: TimeBase, peak: boolean): Annotation | undefined {
  const lead = roi.lead ? { lead: roi.lead } : {};
  const { low, high } = roi;
  let a: Annotation | undefined;
  if (low !== undefined && high !== undefined) {
    a = { ...lead, sample: toSample(low, base), duration: toSample(high, base) - toSample(low, base), type: 'interval', label };
  } else if (low !== undefined) a = { ...lead, sample: toSample(low, base), type: peak ? 'wave_peak' : 'wave_on', label };
  else if (high !== undefined) a = { ...lead, sample: toSample(high, base), type: 'wave_off', label };
  return a && a.sample >= 0 && a.sample < base.samples ? a : undefined;
}

/**
 * Walks one annotation set. `withMarks` is false for sets whose times belong to another waveform (the
 * representative beat): their numbers still count, their marks do not fit the rhythm's time line.
 */
export function harvestAnnotationSet(set: XmlNode, base: TimeBase, rank: 0 | 1, withMarks: boolean, out: AnnotationHarvest): void {
  const visit = (ann: XmlNode, parentLabel: string | undefined, inBeat: boolean): void => {
    const code = attr(child(ann, 'code'), 'code') ?? '';
    const value = child(ann, 'value');
    const type = attr(value, 'type');
    const vcode = attr(value, 'code') ?? '';
    const measure = MEASUREMENT_CODES[code.replace(/_GL$/, '')];
    if (measure && type === 'PQ') {
      const v = num(attr(value, 'value'));
      const converted = v === undefined ? undefined : measurementValue(measure[1], v, attr(value, 'unit'));
      if (converted !== undefined) out.measured.push({ key: measure[0], value: converted, rank: inBeat ? 2 : rank });
    }
    if (type === 'ST' && code.includes('INTERPRETATION') && value!.text.trim()) out.statements.push(value!.text.trim());

    let label: string | undefined;
    let firstOnset: number | undefined;
    if (vcode.startsWith('MDC_ECG_WAVC_')) {
      const own = WAVE_LABELS[vcode] ?? vcode;
      const peak = vcode === 'MDC_ECG_WAVC_PEAK';
      label = peak && parentLabel ? parentLabel : own;
      const a = withMarks ? waveAnnotation(label, readRoi(ann, base), base, peak) : undefined;
      if (a) {
        out.annotations.push(a);
        firstOnset = a.sample;
      }
    } else if (vcode.startsWith('MDC_ECG_RHY') && withMarks) {
      const roi = readRoi(ann, base);
      const a = waveAnnotation(attr(value, 'displayName') ?? vcode, roi, base, false);
      if (a) out.annotations.push({ ...a, type: 'rhythm' });
    }
    const isBeat = code === 'MDC_ECG_BEAT';
    let beatOnset: number | undefined;
    for (const c of children(ann, 'component')) {
      const sub = child(c, 'annotation');
      if (!sub) continue;
      const before = out.annotations.length;
      visit(sub, label, inBeat || isBeat);
      // the beat sits where its QRS starts (or its first marked wave when it has no QRS)
      const added = out.annotations.slice(before);
      const qrs = added.find((a) => a.label === 'QRS' && a.type !== 'wave_off');
      beatOnset ??= qrs?.sample;
      firstOnset ??= added[0]?.sample;
    }
    if (isBeat && withMarks) {
      const roi = readRoi(ann, base);
      const sample = roi.low !== undefined ? toSample(roi.low, base) : beatOnset ?? firstOnset;
      if (sample !== undefined) out.annotations.push({ sample, type: 'beat', label: BEAT_LABELS[vcode] ?? vcode });
    }
  };
  for (const c of children(set, 'component')) {
    const ann = child(c, 'annotation');
    if (ann) visit(ann, undefined, false);
  }
}

/** The representative beat's numbers first, then the rhythm's global ones, then the median over beats. */
export function pickMeasurements(measured: AnnotationHarvest['measured']): Measurements | undefined {
  const m: Measurements = {};
  const keys = [...new Set(measured.map((x) => x.key))];
  for (const key of keys) {
    const mine = measured.filter((x) => x.key === key);
    const best = Math.min(...mine.map((x) => x.rank));
    const values = mine.filter((x) => x.rank === best).map((x) => x.value).sort((a, b) => a - b);
    m[key] = best === 2 ? values[(values.length - 1) >> 1]! : values[0]!;
  }
  return keys.length ? m : undefined;
}
