/**
 * EDF+ 'EDF Annotations' signals (EDF+ spec §2.2): each data record's share of the signal holds
 * Time-stamped Annotation Lists (TALs) as UTF-8 text, padded with 0x00. The first TAL of a data record in the
 * first annotations signal is the time-keeping TAL: its onset is the record's start, its first text empty.
 */

export interface EdfAnnotation {
  /** seconds from the header's start date/time */
  onset: number;
  /** seconds, when the TAL gives one */
  duration?: number;
  text: string;
}

export interface TalBlock {
  /** onset of the time-keeping TAL when the block starts with one */
  recordOnset?: number;
  annotations: EdfAnnotation[];
  /** TALs skipped because their onset or duration is not a number */
  malformed: number;
}

const utf8 = new TextDecoder('utf-8');
const ONSET = /^[+-](\d+(\.\d*)?|\.\d+)$/;
const DURATION = /^(\d+(\.\d*)?|\.\d+)$/;

// TAL:  ('+' | '-') onset [ 0x15 duration ] 0x14 [ text 0x14 ]* 0x00
// e.g.  "+30\x1530\x14Sleep stage W\x14\x00"   time-keeping: "+567\x14\x14\x00"
export function parseTals(bytes: Uint8Array): TalBlock {
  const block: TalBlock = { annotations: [], malformed: 0 };
  let first = true;
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes[pos] === 0) {
      pos++;
      continue;
    }
    let end = bytes.indexOf(0, pos);
    if (end < 0) end = bytes.length;
    const tal = bytes.subarray(pos, end);
    pos = end + 1;
    const timeEnd = tal.indexOf(0x14);
    const time = utf8.decode(timeEnd < 0 ? tal : tal.subarray(0, timeEnd));
    const [onsetText, durationText] = time.split('\x15');
    if (timeEnd < 0 || !ONSET.test(onsetText!) || (durationText !== undefined && !DURATION.test(durationText))) {
      block.malformed++;
      first = false;
      continue;
    }
    const onset = Number(onsetText);
    const duration = durationText === undefined ? undefined : Number(durationText);
    const texts = utf8.decode(tal.subarray(timeEnd + 1)).split('\x14');
    if (first && texts[0] === '') block.recordOnset = onset;
    first = false;
    for (const t of texts) {
      if (t === '') continue;
      block.annotations.push(duration === undefined ? { onset, text: t } : { onset, duration, text: t });
    }
  }
  return block;
}
