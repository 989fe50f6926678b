/**
 * aECG header → patient, device and site. The subject lives deep in the clinical-trial context:
 * componentOf/timepointEvent/componentOf/subjectAssignment/subject/trialSubject
 *   (id, subjectDemographicPerson: name, administrativeGenderCode, birthTime);
 * the reported age is a controlVariable observation with LOINC 21612-7; the device is the rhythm series' author.
 */
import type { Device, Patient } from '../ecg/record.js';
import { parseTs } from './hl7-aecg-time.js';
import { at, attr, child, children, descendants, textAt, type XmlNode } from './xml-tree.js';
import { compact, num, sexFrom } from './xml-values.js';

const LOINC_REPORTED_AGE = '21612-7';
/** PQ age units (UCUM) → years per unit */
const AGE_UNITS: Record<string, number> = { a: 1, mo: 1 / 12, wk: 7 / 365.25, d: 1 / 365.25 };

/** An HL7 name: plain text, or <family>/<given> parts. */
function hl7Name(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const family = textAt(node, 'family');
  const given = children(node, 'given').map((g) => g.text.trim()).filter(Boolean).join(' ');
  if (family || given) return family && given ? `${family}, ${given}` : family ?? given;
  return node.text.trim() || undefined;
}

function reportedAge(root: XmlNode): number | undefined {
  for (const obs of descendants(root, 'relatedObservation')) {
    if (attr(child(obs, 'code'), 'code') !== LOINC_REPORTED_AGE) continue;
    const value = child(obs, 'value');
    const v = num(attr(value, 'value'));
    const per = AGE_UNITS[attr(value, 'unit') ?? 'a'];
    if (v !== undefined && per !== undefined) return v * per;
  }
  return undefined;
}

export function aecgPatient(root: XmlNode): Patient {
  const subject = descendants(root, 'trialSubject')[0];
  const person = child(subject, 'subjectDemographicPerson');
  const id = child(subject, 'id');
  const birth = parseTs(attr(child(person, 'birthTime'), 'value'));
  return compact({
    id: attr(id, 'extension') ?? attr(id, 'root'),
    name: hl7Name(child(person, 'name')),
    sex: sexFrom(attr(child(person, 'administrativeGenderCode'), 'code')),
    birthDate: birth && birth.iso.length >= 10 ? birth.iso.slice(0, 10) : undefined,
    age: reportedAge(root),
  });
}

export function aecgDevice(series: XmlNode): Device | undefined {
  const author = at(series, 'author/seriesAuthor');
  const dev = child(author, 'manufacturedSeriesDevice');
  const device = compact({
    manufacturer: textAt(author, 'manufacturerOrganization/name'),
    model: textAt(dev, 'manufacturerModelName'),
    serial: attr(child(dev, 'id'), 'extension'),
    software: textAt(dev, 'softwareName'),
  });
  return Object.keys(device).length ? device : undefined;
}

export function aecgSite(root: XmlNode): string | undefined {
  return textAt(root, 'location/testingSite/location/name') ?? textAt(descendants(root, 'trialSite')[0], 'location/name');
}
