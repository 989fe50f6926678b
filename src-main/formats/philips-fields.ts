/**
 * Philips SierraECG header fields → EcgRecord: patient, acquisition time and device, site, the device's global
 * measurements and its interpretation statements. Element names differ between 1.03 (<measurements>/
 * <globalmeasurements>) and 1.04 (<internalmeasurements>/<crossleadmeasurements>); the interpretation's own
 * measurements take precedence over both, as the 1.04 schema says.
 */
import type { Device, Measurements, Patient } from '../ecg/record.js';
import { at, attr, child, children, textAt, type XmlNode } from './xml-tree.js';
import { compact, isoDate, isoTime, num, personName, sexFrom } from './xml-values.js';

export function philipsPatient(root: XmlNode): Patient {
  const g = at(root, 'patient/generalpatientdata');
  const dob = /^(\d{4})-(\d{2})-(\d{2})$/.exec(textAt(g, 'age/dateofbirth') ?? '');
  return compact({
    id: textAt(g, 'patientid'),
    name: personName(textAt(g, 'name/lastname'), textAt(g, 'name/firstname')),
    sex: sexFrom(textAt(g, 'sex')),
    birthDate: dob ? isoDate(Number(dob[1]), Number(dob[2]), Number(dob[3])) : undefined,
    age: num(textAt(g, 'age/years')),
  });
}

// <dataacquisition date="2010-01-19" time="15:19:22">
export function philipsStartTime(root: XmlNode): string | undefined {
  const acq = child(root, 'dataacquisition');
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(attr(acq, 'date') ?? '');
  if (!d) return undefined;
  const date = isoDate(Number(d[1]), Number(d[2]), Number(d[3]));
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(attr(acq, 'time') ?? '');
  const time = t ? isoTime(Number(t[1]), Number(t[2]), Number(t[3] ?? 0)) : undefined;
  return date && time ? `${date}T${time}` : date;
}

// <machine machineid="EKG1715" detaildescription="Philips Medical Products:860315:A.01.01.01">PageWriter Touch</machine>
// detaildescription is MFG:MODEL:SW_REV by the schema's convention.
export function philipsDevice(root: XmlNode): Device | undefined {
  const machine = at(root, 'dataacquisition/machine');
  if (!machine) return undefined;
  const [mfg, modelNumber, software] = (attr(machine, 'detaildescription') ?? '').split(':').map((s) => s.trim());
  const name = machine.text.trim();
  const device = compact({
    manufacturer: mfg || undefined,
    model: name && modelNumber ? `${name} (${modelNumber})` : name || modelNumber || undefined,
    serial: attr(machine, 'machineid'),
    software: software || undefined,
  });
  return Object.keys(device).length ? device : undefined;
}

export function philipsSite(root: XmlNode): string | undefined {
  const acq = at(root, 'dataacquisition/acquirer');
  const parts = [textAt(acq, 'institutionname'), textAt(acq, 'departmentname') ?? textAt(acq, 'departmentid')].filter(Boolean);
  return parts.length ? parts.join(' / ') : undefined;
}

/** Element name in the Philips measurement blocks → our measurement key (all ms, bpm or degrees). */
const MEASUREMENTS: Array<[string, string]> = [
  ['heartrate', 'hr'],
  ['meanventrate', 'hr'],
  ['atrialrate', 'atrialRate'],
  ['meanprint', 'pr'],
  ['meanqrsdur', 'qrs'],
  ['meanqtint', 'qt'],
  ['meanqtc', 'qtc'],
  ['pfrontaxis', 'pAxis'],
  ['qrsfrontaxis', 'qrsAxis'],
  ['tfrontaxis', 'tAxis'],
];

export function philipsMeasurements(root: XmlNode): Measurements | undefined {
  const sources = [
    at(root, 'interpretations/interpretation/interpretationmeasurements'),
    at(root, 'internalmeasurements/crossleadmeasurements'),
    at(root, 'measurements/globalmeasurements'),
  ];
  const m: Measurements = {};
  for (const block of sources) {
    for (const [element, key] of MEASUREMENTS) {
      if (m[key] === undefined) m[key] = num(textAt(block, element));
    }
  }
  const rr = num(textAt(at(root, 'internalmeasurements/groupmeasurements') ?? at(root, 'measurements/groupmeasurements'), 'groupmeasurement/meanrrint'));
  if (rr !== undefined) m.rr = rr;
  compact(m);
  return Object.keys(m).length ? m : undefined;
}

/**
 * Statements of the first interpretation, each "left (right)" where the device gives its reason on the right,
 * followed by the severity line ("- ABNORMAL ECG -").
 */
export function philipsStatements(root: XmlNode): string[] | undefined {
  const interp = at(root, 'interpretations/interpretation');
  const out: string[] = [];
  for (const st of children(interp, 'statement')) {
    const left = textAt(st, 'leftstatement');
    const right = textAt(st, 'rightstatement');
    if (left && right) out.push(`${left} (${right})`);
    else if (left ?? right) out.push((left ?? right)!);
  }
  const severity = textAt(interp, 'severity');
  if (severity) out.push(severity);
  return out.length ? out : undefined;
}
