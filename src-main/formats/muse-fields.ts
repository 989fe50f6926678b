/**
 * GE MUSE header fields → EcgRecord: PatientDemographics, TestDemographics, RestingECGMeasurements, Diagnosis
 * statements and the QRS times of QRSTimesTypes. MUSE writes dates as MM-DD-YYYY and times as HH:MM:SS.
 */
import type { Annotation, Device, Measurements, Patient } from '../ecg/record.js';
import { at, child, children, textAt, type XmlNode } from './xml-tree.js';
import { compact, isoDate, isoTime, num, personName, sexFrom } from './xml-values.js';

// 03-15-1968 (MM-DD-YYYY); some exports use '/'
function museDate(text: string | undefined): string | undefined {
  const m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(text?.trim() ?? '');
  return m ? isoDate(Number(m[3]), Number(m[1]), Number(m[2])) : undefined;
}

/** AgeUnits → years per unit */
const AGE_UNITS: Record<string, number> = { YEARS: 1, MONTHS: 1 / 12, WEEKS: 7 / 365.25, DAYS: 1 / 365.25, HOURS: 1 / 8766 };

export function musePatient(root: XmlNode): Patient {
  const p = child(root, 'PatientDemographics');
  const age = num(textAt(p, 'PatientAge'));
  const perUnit = AGE_UNITS[(textAt(p, 'AgeUnits') ?? 'YEARS').toUpperCase()];
  return compact({
    id: textAt(p, 'PatientID'),
    name: personName(textAt(p, 'PatientLastName'), textAt(p, 'PatientFirstName')),
    sex: sexFrom(textAt(p, 'Gender')),
    birthDate: museDate(textAt(p, 'DateofBirth')),
    age: age !== undefined && perUnit !== undefined ? age * perUnit : undefined,
  });
}

export function museStartTime(root: XmlNode): string | undefined {
  const t = child(root, 'TestDemographics');
  const date = museDate(textAt(t, 'AcquisitionDate'));
  const tm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(textAt(t, 'AcquisitionTime') ?? '');
  const time = tm ? isoTime(Number(tm[1]), Number(tm[2]), Number(tm[3] ?? 0)) : undefined;
  return date && time ? `${date}T${time}` : date;
}

export function museDevice(root: XmlNode): Device | undefined {
  const t = child(root, 'TestDemographics');
  const device = compact({
    model: textAt(t, 'AcquisitionDevice'),
    serial: textAt(t, 'CartNumber') ?? textAt(root, 'PharmaData/PharmaCartID'),
    software: textAt(t, 'AcquisitionSoftwareVersion') ?? textAt(t, 'AnalysisSoftwareVersion'),
  });
  return Object.keys(device).length ? device : undefined;
}

export function museSite(root: XmlNode): string | undefined {
  const t = child(root, 'TestDemographics');
  return textAt(t, 'SiteName') ?? textAt(t, 'LocationName') ?? textAt(t, 'Site');
}

/** RestingECGMeasurements element → our measurement key (ms, bpm, degrees; qrsCount a count). */
const MEASUREMENTS: Array<[string, string]> = [
  ['VentricularRate', 'hr'],
  ['AtrialRate', 'atrialRate'],
  ['PRInterval', 'pr'],
  ['QRSDuration', 'qrs'],
  ['QTInterval', 'qt'],
  ['QTCorrected', 'qtc'],
  ['QTcFrederica', 'qtcFridericia'],
  ['PAxis', 'pAxis'],
  ['RAxis', 'qrsAxis'],
  ['TAxis', 'tAxis'],
  ['QRSCount', 'qrsCount'],
];

/** Confirmed (edited) measurements first, the machine's originals for anything the edit left out. */
export function museMeasurements(root: XmlNode): Measurements | undefined {
  const m: Measurements = {};
  for (const block of [child(root, 'RestingECGMeasurements'), child(root, 'OriginalRestingECGMeasurements')]) {
    for (const [element, key] of MEASUREMENTS) if (m[key] === undefined) m[key] = num(textAt(block, element));
  }
  m.rr = num(textAt(root, 'QRSTimesTypes/GlobalRR'));
  compact(m);
  return Object.keys(m).length ? m : undefined;
}

/**
 * Statement lines of <Diagnosis> (else <OriginalDiagnosis>). A statement continues the line until one flagged
 * ENDSLINE; files that flag none have one statement per line.
 */
export function museStatements(root: XmlNode): string[] | undefined {
  for (const name of ['Diagnosis', 'OriginalDiagnosis']) {
    const stmts = children(child(root, name), 'DiagnosisStatement');
    const texts = stmts.map((s) => ({ text: textAt(s, 'StmtText'), ends: children(s, 'StmtFlag').some((f) => f.text.trim() === 'ENDSLINE') }));
    const flagged = texts.some((s) => s.ends);
    const lines: string[] = [];
    let cur: string[] = [];
    for (const s of texts) {
      if (s.text) cur.push(s.text);
      if (!flagged || s.ends) {
        if (cur.length) lines.push(cur.join(' '));
        cur = [];
      }
    }
    if (cur.length) lines.push(cur.join(' '));
    if (lines.length) return lines;
  }
  return undefined;
}

// <QRSTimesTypes><QRS><Number>1</Number><Type>0</Type><Time>614</Time></QRS>… Time in ms from the start.
export function museBeats(root: XmlNode, fs: number, samples: number): Annotation[] {
  const out: Annotation[] = [];
  for (const q of children(at(root, 'QRSTimesTypes'), 'QRS')) {
    const ms = num(textAt(q, 'Time'));
    if (ms === undefined) continue;
    const sample = Math.round((ms * fs) / 1000);
    if (sample < 0 || sample >= samples) continue;
    out.push({ sample, type: 'beat', label: `QRS type ${textAt(q, 'Type') ?? '?'}` });
  }
  return out;
}
