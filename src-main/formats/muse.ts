/**
 * GE MUSE XML (<RestingECG>): 8 stored leads (I, II, V1–V6) of int16 Base64 rhythm data and median beats,
 * with demographics, measurements and statements. III, aVR, aVL, aVF are derived from I and II and marked so.
 * Files are declared ISO-8859-1, windows-1252 or UTF-16; xml-text.ts decodes all of them.
 */
import type { DigitalLead, EcgRecord, WaveformSet } from '../ecg/record.js';
import { completeLimbLeads } from '../ecg/derived.js';
import { FormatError } from './errors.js';
import { sha256Hex } from './file-source.js';
import type { FileSource, FormatReader } from './types.js';
import { museBeats, museDevice, museMeasurements, musePatient, museSite, museStartTime, museStatements } from './muse-fields.js';
import { museMillivolts, readMuseWaveform } from './muse-waveform.js';
import { decodeXmlText, sniffXmlRoot } from './xml-text.js';
import { children, parseXml, textAt, type XmlNode } from './xml-tree.js';
import { compact } from './xml-values.js';

const ROOT = 'RestingECG';

function waveformOfType(root: XmlNode, type: string): XmlNode | undefined {
  return children(root, 'Waveform').find((w) => textAt(w, 'WaveformType')?.toLowerCase() === type);
}

function parse(src: FileSource): EcgRecord {
  const file = src.path;
  const { text, encoding } = decodeXmlText(src.bytes, file);
  const root = parseXml(text, file);
  if (root.name !== ROOT) throw new FormatError(file, `root element is <${root.name}>, not <${ROOT}>: not a GE MUSE XML file`);
  const rhythmNode = waveformOfType(root, 'rhythm');
  if (!rhythmNode) throw new FormatError(file, 'contains no rhythm waveform (no <Waveform> with WaveformType Rhythm)');

  const rhythm = readMuseWaveform(rhythmNode, file);
  const samples = museMillivolts(rhythm);
  const digital: Array<DigitalLead | undefined> = rhythm.values.map((v, k) => ({ values: v, gain: 1 / rhythm.mvPerBit[k]!, baseline: 0 }));
  const extraWaveforms: WaveformSet[] = [];
  const medianNode = waveformOfType(root, 'median');
  const checks = [...rhythm.checks];
  if (medianNode) {
    const median = readMuseWaveform(medianNode, file);
    extraWaveforms.push({ kind: 'median', fs: median.fs, leads: median.leads, samples: museMillivolts(median) });
    checks.push(...median.checks);
  }
  const beats = museBeats(root, rhythm.fs, samples[0]!.length);

  const record: EcgRecord = compact({
    id: textAt(root, 'PharmaData/PharmaUniqueECGID'),
    leads: rhythm.leads,
    fs: rhythm.fs,
    samples,
    digital,
    startTime: museStartTime(root),
    patient: musePatient(root),
    device: museDevice(root),
    site: museSite(root),
    statements: museStatements(root),
    measurements: museMeasurements(root),
    annotations: beats.length ? beats : undefined,
    extraWaveforms: extraWaveforms.length ? extraWaveforms : undefined,
    checks,
    source: {
      format: 'muse',
      path: file,
      sha256: sha256Hex(src.bytes),
      details: compact({ encoding, museVersion: textAt(root, 'MuseInfo/MuseVersion') }),
    },
  });
  return completeLimbLeads(record);
}

export const museReader: FormatReader = {
  id: 'muse',
  name: 'GE MUSE XML',
  extensions: ['.xml'],
  sniff: (head) => sniffXmlRoot(head, [ROOT]),
  parse,
};
