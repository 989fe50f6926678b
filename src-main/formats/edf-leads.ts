/**
 * Which EDF signals become leads. An EcgRecord has one rate and mV samples, an EDF file may mix rates and
 * quantities (EEG at 256 Hz beside temperature at 1 Hz). The rule, for every reader of this code:
 *
 * | step | rule |
 * |---|---|
 * | 1 | annotations signals and signals with 0 samples per record are never leads |
 * | 2 | a signal is a voltage when its physical dimension is V, mV, uV/µV or nV; an empty dimension is taken as mV (and reported as a check) |
 * | 3 | the main rate is the most common samples-per-record among voltage signals labelled as standard leads (ECG I, V1, …), or among all voltage signals when none is; ties go to the higher rate |
 * | 4 | every voltage signal at the main rate is a lead; all others are listed in source.details.otherSignals with the reason |
 */
import type { LeadName } from '../ecg/leads.js';
import { isStandardLead } from '../ecg/leads.js';
import type { EdfHeader, EdfSignalHeader } from './edf-header.js';
import { leadFromLabel, millivoltsPerUnit } from './edf-labels.js';

export interface LeadSignal {
  /** index in the header's signal list */
  index: number;
  lead: LeadName;
  /** mV per physical unit */
  millivolts: number;
  /** the physical dimension was empty and mV assumed */
  unitAssumed: boolean;
}

export interface OtherSignal {
  label: string;
  unit: string;
  fs: number;
  reason: string;
}

export interface LeadSelection {
  samplesPerRecord: number;
  leads: LeadSignal[];
  others: OtherSignal[];
}

function voltageFactor(s: EdfSignalHeader): number | undefined {
  return s.physicalDimension === '' ? 1 : millivoltsPerUnit(s.physicalDimension);
}

/** The most common value, ties to the larger one; undefined for an empty list. */
function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  for (const [v, c] of counts) {
    const bc = best === undefined ? -1 : counts.get(best)!;
    if (c > bc || (c === bc && v > best!)) best = v;
  }
  return best;
}

export function selectLeads(header: EdfHeader): LeadSelection {
  const rate = (s: EdfSignalHeader) => (header.recordDuration > 0 ? s.samplesPerRecord / header.recordDuration : 0);
  const voltage = header.signals
    .map((s, index) => ({ s, index, mv: voltageFactor(s) }))
    .filter((c) => !c.s.isAnnotations && c.s.samplesPerRecord > 0 && c.mv !== undefined);
  const ecg = voltage.filter((c) => isStandardLead(leadFromLabel(c.s.label)));
  const samplesPerRecord = mode((ecg.length ? ecg : voltage).map((c) => c.s.samplesPerRecord)) ?? 0;

  const used = new Set<string>();
  const leads: LeadSignal[] = [];
  for (const c of voltage) {
    if (c.s.samplesPerRecord !== samplesPerRecord) continue;
    // Two signals may map to one lead name ("II" and "ECG II"): the later one keeps its own label.
    let lead: LeadName = leadFromLabel(c.s.label);
    if (used.has(lead)) lead = c.s.label.trim() || `signal ${c.index + 1}`;
    if (used.has(lead)) lead = `${lead} (signal ${c.index + 1})`;
    used.add(lead);
    leads.push({ index: c.index, lead, millivolts: c.mv!, unitAssumed: c.s.physicalDimension === '' });
  }

  const chosen = new Set(leads.map((l) => l.index));
  const others: OtherSignal[] = [];
  header.signals.forEach((s, index) => {
    if (s.isAnnotations || chosen.has(index)) return;
    const reason =
      s.samplesPerRecord === 0
        ? 'no samples'
        : voltageFactor(s) === undefined
          ? `not a voltage (unit "${s.physicalDimension}")`
          : `rate ${rate(s)} Hz differs from the leads' rate`;
    others.push({ label: s.label, unit: s.physicalDimension, fs: rate(s), reason });
  });
  return { samplesPerRecord, leads, others };
}
