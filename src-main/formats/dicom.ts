/**
 * DICOM ECG waveform reader (Supplement 30; PS3.3 A.34 ECG IODs, C.10.9 Waveform Module): the DICOM structure
 * comes from dicom-parser (dicom-dataset.ts), the waveform mapping is ours (dicom-waveform.ts, dicom-leads.ts,
 * dicom-annotations.ts). The rhythm multiplex group becomes the record; the others (median beats) are kept as
 * extra waveform sets.
 */
import { completeLimbLeads } from '../ecg/derived.js';
import { leadOrder } from '../ecg/leads.js';
import type { Device, EcgRecord, Patient, WaveformSet } from '../ecg/record.js';
import { readWaveformAnnotations } from './dicom-annotations.js';
import { hasDicmMarker, parseDicomPart10, type DicomView } from './dicom-dataset.js';
import { readMultiplexGroup, type MultiplexGroup } from './dicom-waveform.js';
import { FormatError } from './errors.js';
import { sha256Hex } from './file-source.js';
import type { FileSource, FormatReader } from './types.js';

/** SOP classes whose IOD is an ECG waveform (PS3.4 B.5). */
const ECG_SOP_CLASSES: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.9.1.1': '12-lead ECG',
  '1.2.840.10008.5.1.4.1.1.9.1.2': 'General ECG',
  '1.2.840.10008.5.1.4.1.1.9.1.3': 'Ambulatory ECG',
};

export const dicomReader: FormatReader = {
  id: 'dicom',
  name: 'DICOM ECG waveform',
  extensions: ['.dcm', '.dicom'],
  sniff: (head) => hasDicmMarker(head),
  parse: (src) => parseDicomEcg(src),
};

function parseDicomEcg(src: FileSource): EcgRecord {
  const file = src.path;
  const ds = parseDicomPart10(src.bytes, file);
  const sop = ds.text('x00080016');
  const sopName = sop ? ECG_SOP_CLASSES[sop] : undefined;
  if (!sopName) {
    const supported = Object.entries(ECG_SOP_CLASSES).map(([uid, name]) => `${name} (${uid})`).join(', ');
    throw new FormatError(file, `DICOM SOP class ${sop ?? '(none)'} is not an ECG waveform; supported: ${supported}`);
  }
  const items = ds.items('x54000100');
  if (!items.length) throw new FormatError(file, `DICOM ${sopName} object has no Waveform Sequence (5400,0100)`);
  const groups = items.map((item, i) => readMultiplexGroup(item, i + 1));
  const rhythm = chooseRhythm(groups);

  const record: EcgRecord = {
    leads: rhythm.channels.map((c) => c.lead),
    fs: rhythm.fs,
    samples: rhythm.channels.map((c) => c.mv),
    digital: rhythm.channels.map((c) => c.digital),
    patient: readPatient(ds),
    source: { format: 'dicom', path: file, sha256: sha256Hex(src.bytes), details: groupDetails(ds, sopName, groups, rhythm) },
  };
  const optional = {
    id: ds.text('x00080018'),
    startTime: dicomDateTime(ds.text('x0008002a')) ?? dicomDateTime(joinDateTime(ds, 'x00080022', 'x00080032'))
      ?? dicomDateTime(joinDateTime(ds, 'x00080023', 'x00080033')),
    device: readDevice(ds),
    site: ds.text('x00080080'),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(record, { [k]: v });
  if (record.digital!.every((d) => d === undefined)) delete record.digital;
  const extras = groups.filter((g) => g !== rhythm).map(waveformSet);
  if (extras.length) record.extraWaveforms = extras;

  const notes = readWaveformAnnotations(ds, { group: rhythm.index, fs: rhythm.fs, samples: rhythm.samples, leads: record.leads });
  if (notes.statements.length) record.statements = notes.statements;
  if (Object.keys(notes.measurements).length) record.measurements = notes.measurements;
  if (notes.annotations.length) record.annotations = notes.annotations;
  return completeLimbLeads(record);
}

/** The group labelled RHYTHM, else the longest one (the others are beats derived from it). */
function chooseRhythm(groups: MultiplexGroup[]): MultiplexGroup {
  const labelled = groups.find((g) => /rhythm/i.test(g.label ?? ''));
  return labelled ?? groups.reduce((a, b) => (b.samples / b.fs > a.samples / a.fs ? b : a));
}

function waveformSet(g: MultiplexGroup): WaveformSet {
  const label = g.label ?? '';
  const kind = /median/i.test(label) ? 'median' : /representative|average|template/i.test(label) ? 'representative' : 'other';
  const order = g.channels.map((c, i) => ({ c, i })).sort((a, b) => leadOrder(a.c.lead) - leadOrder(b.c.lead) || a.i - b.i);
  return { kind, fs: g.fs, leads: order.map((o) => o.c.lead), samples: order.map((o) => o.c.mv) };
}

function groupDetails(ds: DicomView, sopName: string, groups: MultiplexGroup[], rhythm: MultiplexGroup): Record<string, unknown> {
  const skews = Object.fromEntries(rhythm.channels.filter((c) => c.skewMs).map((c) => [c.lead, c.skewMs]));
  return {
    sopClass: sopName,
    transferSyntax: ds.text('x00020010'),
    multiplexGroups: groups.map((g) => ({ label: g.label, originality: g.originality, fs: g.fs, samples: g.samples, channels: g.channels.length, interpretation: g.interpretation })),
    filters: Object.fromEntries(rhythm.channels.map((c) => [c.lead, c.filters])),
    ...(Object.keys(skews).length ? { channelSkewMs: skews } : {}),
  };
}

/** PN "Family^Given^Middle^Prefix^Suffix" (first component group) → "Family, Given Middle". */
export function personName(pn: string | undefined): string | undefined {
  if (!pn) return undefined;
  const [family = '', given = '', middle = ''] = pn.split('=')[0]!.split('^').map((s) => s.trim());
  const first = [given, middle].filter(Boolean).join(' ');
  const name = family && first ? `${family}, ${first}` : family || first;
  return name || undefined;
}

/** AS "nnnD|W|M|Y" → years. */
function ageYears(as: string | undefined): number | undefined {
  const m = /^(\d{3})([DWMY])$/.exec(as ?? '');
  if (!m) return undefined;
  const per = { D: 365.25, W: 365.25 / 7, M: 12, Y: 1 }[m[2] as 'D' | 'W' | 'M' | 'Y'];
  return Math.round((Number(m[1]) / per) * 100) / 100;
}

/** DA "YYYYMMDD" → YYYY-MM-DD when it is a calendar date. */
function isoDate(da: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da ?? '');
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** DT "YYYYMMDDHHMMSS.FFFFFF&ZZXX" (time part optional) → local ISO date-time as the file gives it. */
export function dicomDateTime(dt: string | undefined): string | undefined {
  const m = /^(\d{8})(\d{2})?(\d{2})?(\d{2})?/.exec(dt ?? '');
  const date = isoDate(m?.[1]);
  if (!m || !date) return undefined;
  if (m[2] === undefined) return date;
  const [h, mi, s] = [m[2], m[3] ?? '00', m[4] ?? '00'];
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return date;
  return `${date}T${h}:${mi}:${s}`;
}

function joinDateTime(ds: DicomView, dateTag: string, timeTag: string): string | undefined {
  const date = ds.text(dateTag);
  return date ? date + (ds.text(timeTag) ?? '').replace(/:/g, '') : undefined;
}

function readPatient(ds: DicomView): Patient {
  const sex = ds.text('x00100040');
  const patient: Patient = {
    id: ds.text('x00100020'),
    name: personName(ds.text('x00100010')),
    sex: sex === 'M' || sex === 'F' ? sex : undefined,
    birthDate: isoDate(ds.text('x00100030')),
    age: ageYears(ds.text('x00101010')),
  };
  for (const k of Object.keys(patient) as Array<keyof Patient>) if (patient[k] === undefined) delete patient[k];
  return patient;
}

function readDevice(ds: DicomView): Device | undefined {
  const device: Device = {
    manufacturer: ds.text('x00080070'),
    model: ds.text('x00081090'),
    serial: ds.text('x00181000'),
    software: ds.values('x00181020').join(' ') || undefined,
  };
  for (const k of Object.keys(device) as Array<keyof Device>) if (device[k] === undefined) delete device[k];
  return Object.keys(device).length ? device : undefined;
}
