/**
 * Philips SierraECG / PhilipsECG XML (PageWriter, TraceMaster, HeartStart), document versions 1.03, 1.04 and
 * 1.04.01: XLI-compressed rhythm data in <parsedwaveforms>, representative beats, patient and acquisition data,
 * the device's measurements and interpretation. Files come as UTF-8 or UTF-16 (with BOM).
 */
import type { Annotation, DigitalLead, EcgRecord } from '../ecg/record.js';
import { canonicalLead } from '../ecg/leads.js';
import { CALIBRATION_PULSE_LABEL, completeLimbLeads } from '../ecg/derived.js';
import { FormatError } from './errors.js';
import { sha256Hex } from './file-source.js';
import type { FileSource, FormatReader } from './types.js';
import { findCalibrationPulse } from './philips-leads.js';
import { philipsDevice, philipsMeasurements, philipsPatient, philipsSite, philipsStartTime, philipsStatements } from './philips-fields.js';
import { philipsRepBeats } from './philips-repbeats.js';
import { readPhilipsChannels, SIERRA_VERSIONS } from './philips-waveform.js';
import { decodeXmlText, sniffXmlRoot } from './xml-text.js';
import { parseXml, textAt } from './xml-tree.js';
import { compact } from './xml-values.js';

const ROOT = 'restingecgdata';

function parse(src: FileSource): EcgRecord {
  const file = src.path;
  const { text, encoding } = decodeXmlText(src.bytes, file);
  const root = parseXml(text, file);
  if (root.name !== ROOT) throw new FormatError(file, `root element is <${root.name}>, not <${ROOT}>: not a Philips SierraECG file`);
  const version = textAt(root, 'documentinfo/documentversion');
  const layout = version ? SIERRA_VERSIONS[version] : undefined;
  if (!layout) {
    throw new FormatError(file, `unsupported SierraECG document version "${version ?? ''}" (supported: ${Object.keys(SIERRA_VERSIONS).join(', ')})`);
  }

  const ch = readPhilipsChannels(root, layout, file);
  const gain = 1000 / ch.resolution; // LSB per mV
  const leads = ch.labels.map(canonicalLead);
  const samples = ch.values.map((v) => {
    const mv = new Float32Array(v.length);
    for (let t = 0; t < v.length; t++) mv[t] = (v[t]! - ch.offset) / gain;
    return mv;
  });
  const digital: Array<DigitalLead | undefined> = ch.values.map((values) => ({ values, gain, baseline: ch.offset }));

  const annotations: Annotation[] = [];
  const pulse = findCalibrationPulse(ch.values);
  if (pulse) annotations.push({ sample: pulse[0], duration: pulse[1] - pulse[0], type: 'event', label: CALIBRATION_PULSE_LABEL });

  const rep = philipsRepBeats(root, file);
  const record: EcgRecord = compact({
    id: textAt(root, 'documentinfo/documentname'),
    leads,
    fs: ch.fs,
    samples,
    digital,
    startTime: philipsStartTime(root),
    patient: philipsPatient(root),
    device: philipsDevice(root),
    site: philipsSite(root),
    statements: philipsStatements(root),
    measurements: philipsMeasurements(root),
    annotations: annotations.length ? annotations : undefined,
    extraWaveforms: rep ? [rep] : undefined,
    source: {
      format: 'philips',
      path: file,
      sha256: sha256Hex(src.bytes),
      details: {
        documentType: textAt(root, 'documentinfo/documenttype'),
        documentVersion: version,
        encoding,
        compression: ch.compression,
        resolutionMicrovolts: ch.resolution,
        limbLeadsFromResiduals: ch.limbLeadsFromResiduals,
      },
    },
  });
  return completeLimbLeads(record);
}

export const philipsReader: FormatReader = {
  id: 'philips',
  name: 'Philips SierraECG XML',
  extensions: ['.xml'],
  sniff: (head) => sniffXmlRoot(head, [ROOT]),
  parse,
};
