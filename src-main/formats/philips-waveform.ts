/**
 * Where each SierraECG version keeps the facts about <parsedwaveforms>, and their decoding to integer channels.
 *
 * | fact              | 1.03                                            | 1.04, 1.04.01                          |
 * |-------------------|-------------------------------------------------|----------------------------------------|
 * | compression       | @compressflag="True" + @compressmethod="XLI"    | @compression="XLI"                     |
 * | sampling rate     | signalcharacteristics/samplingrate              | @samplespersecond (else samplingrate)  |
 * | µV per LSB        | signalcharacteristics/signalresolution          | @resolution (else …/resolution)        |
 * | offset            | signalcharacteristics/signaloffset              | @signaloffset (else …/signaloffset)    |
 * | channels          | signalcharacteristics/numberchannelsvalid       | @numberofleads                         |
 * | lead labels       | none: standard 12 for STD-12 acquisitions       | @leadlabels                            |
 * | duration          | @durationperchannel (ms)                        | @durationperchannel (ms)               |
 */
import { FormatError } from './errors.js';
import { LIMITS } from './types.js';
import { decodeXli } from './philips-xli.js';
import { hasResidualLimbLayout, labelsFor103, reconstructLimbLeads } from './philips-leads.js';
import { at, attr, textAt, type XmlNode } from './xml-tree.js';
import { checkSampleCount, decodeBase64, int16le, num, requireNum } from './xml-values.js';
import { ensureUsableScale } from './scale.js';

export type SierraLayout = '1.03' | '1.04';

/** documentversion → layout of the waveform section */
export const SIERRA_VERSIONS: Record<string, SierraLayout> = { '1.03': '1.03', '1.04': '1.04', '1.04.01': '1.04' };

export interface PhilipsChannels {
  labels: string[];
  fs: number;
  /** µV per LSB */
  resolution: number;
  offset: number;
  values: Int32Array[];
  compression: string;
  limbLeadsFromResiduals: boolean;
}

export function readPhilipsChannels(root: XmlNode, layout: SierraLayout, file: string): PhilipsChannels {
  const pw = at(root, 'waveforms/parsedwaveforms');
  if (!pw || !pw.text.trim()) throw new FormatError(file, 'no <parsedwaveforms> data: the file carries no rhythm waveform (missing lead data)');
  const sc = at(root, 'dataacquisition/signalcharacteristics');
  const is103 = layout === '1.03';

  const compression = is103
    ? attr(pw, 'compressflag')?.toLowerCase() === 'true' ? attr(pw, 'compressmethod') ?? 'unknown' : 'none'
    : attr(pw, 'compression') ?? 'none';
  const fs = requireNum(is103 ? textAt(sc, 'samplingrate') : attr(pw, 'samplespersecond') ?? textAt(sc, 'samplingrate'), file, 'sampling rate');
  const resolution = requireNum(
    is103 ? textAt(sc, 'signalresolution') : attr(pw, 'resolution') ?? textAt(sc, 'resolution'),
    file,
    'signal resolution (µV per LSB)',
  );
  const offset = num(is103 ? textAt(sc, 'signaloffset') : attr(pw, 'signaloffset') ?? textAt(sc, 'signaloffset')) ?? 0;
  const channels = requireNum(
    is103 ? textAt(sc, 'numberchannelsvalid') ?? textAt(sc, 'numberchannelsallocated') : attr(pw, 'numberofleads'),
    file,
    'number of leads',
  );
  const durationMs = requireNum(attr(pw, 'durationperchannel'), file, 'parsedwaveforms durationperchannel');
  if (!(fs > 0 && fs <= 100_000)) throw new FormatError(file, `sampling rate ${fs} Hz is out of range`);
  if (!(resolution > 0)) throw new FormatError(file, `signal resolution ${resolution} µV per LSB must be positive`);
  ensureUsableScale(file, 'signal resolution and offset', resolution / 1000, (-offset * resolution) / 1000);
  if (!(Number.isInteger(channels) && channels >= 1 && channels <= LIMITS.maxLeads)) throw new FormatError(file, `number of leads ${channels} is out of range`);
  const samples = Math.round((durationMs * fs) / 1000);
  checkSampleCount(samples, file, 'parsedwaveforms');
  if (samples * channels > LIMITS.maxTotalSamples) throw new FormatError(file, `${samples * channels} samples in all exceeds the limit of ${LIMITS.maxTotalSamples}`);

  const labels = is103
    ? labelsFor103(textAt(sc, 'leadset') ?? textAt(sc, 'acquisitiontype'), channels)
    : (attr(pw, 'leadlabels') ?? '').split(/\s+/).filter(Boolean).slice(0, channels);
  if (labels.length < channels) throw new FormatError(file, `leadlabels names ${labels.length} leads but numberofleads is ${channels}`);

  const encoding = attr(pw, 'dataencoding');
  if (encoding !== 'Base64') throw new FormatError(file, `unsupported waveform dataencoding "${encoding ?? ''}" (expected Base64)`);
  const payload = decodeBase64(pw.text, file, 'parsedwaveforms');
  let values: Int32Array[];
  if (compression === 'XLI') {
    values = decodeXli(payload, channels, samples, file);
  } else if (compression === 'none' || compression === 'Uncompressed') {
    if (payload.length < 2 * samples * channels) {
      throw new FormatError(file, `uncompressed waveform holds ${payload.length} bytes, expected ${2 * samples * channels} (missing lead data)`);
    }
    values = Array.from({ length: channels }, (_, c) => int16le(payload.subarray(2 * samples * c), samples));
  } else {
    throw new FormatError(file, `unsupported waveform compression "${compression}" (supported: XLI, uncompressed)`);
  }

  const limbLeadsFromResiduals = compression === 'XLI' && hasResidualLimbLayout(labels);
  if (limbLeadsFromResiduals) reconstructLimbLeads(values);
  return { labels, fs, resolution, offset, values, compression, limbLeadsFromResiduals };
}
