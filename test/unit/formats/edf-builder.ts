/**
 * Builds small EDF/EDF+/BDF files byte by byte, following the spec's layout, for tests of cases the fixtures
 * do not cover (mixed rates, sub-second starts, EDF+D, BDF, damaged headers).
 */
export interface SignalSpec {
  label: string;
  dim?: string;
  physMin?: number;
  physMax?: number;
  digMin?: number;
  digMax?: number;
  prefilter?: string;
  samplesPerRecord: number;
  /** digital samples over all records (samplesPerRecord × records); zeros when absent */
  values?: number[];
  /** for annotation signals: the TAL text of each data record (padded with NUL) */
  tals?: string[];
}

export interface EdfSpec {
  bdf?: boolean;
  patient?: string;
  recording?: string;
  startDate?: string;
  startTime?: string;
  reserved?: string;
  records: number;
  /** what the header says; defaults to `records` */
  declaredRecords?: number;
  duration: string;
  signals: SignalSpec[];
  /** overrides the header byte count field */
  headerBytes?: number;
}

const field = (v: string | number, width: number) => String(v).padEnd(width, ' ').slice(0, width);

export function buildEdf(spec: EdfSpec): Uint8Array {
  const ns = spec.signals.length;
  const bps = spec.bdf ? 3 : 2;
  let h = '';
  h += spec.bdf ? field('\xffBIOSEMI', 8) : field('0', 8);
  h += field(spec.patient ?? 'X X X X', 80);
  h += field(spec.recording ?? 'Startdate X X X X', 80);
  h += field(spec.startDate ?? '01.02.21', 8);
  h += field(spec.startTime ?? '10.20.30', 8);
  h += field(spec.headerBytes ?? 256 * (ns + 1), 8);
  h += field(spec.reserved ?? '', 44);
  h += field(spec.declaredRecords ?? spec.records, 8);
  h += field(spec.duration, 8);
  h += field(ns, 4);
  const col = (f: (s: SignalSpec) => string | number, width: number) => spec.signals.map((s) => field(f(s), width)).join('');
  const isAnn = (s: SignalSpec) => s.tals !== undefined;
  h += col((s) => s.label, 16);
  h += col(() => '', 80);
  h += col((s) => s.dim ?? (isAnn(s) ? '' : 'uV'), 8);
  h += col((s) => s.physMin ?? -32768, 8);
  h += col((s) => s.physMax ?? 32767, 8);
  h += col((s) => s.digMin ?? -32768, 8);
  h += col((s) => s.digMax ?? 32767, 8);
  h += col((s) => s.prefilter ?? '', 80);
  h += col((s) => s.samplesPerRecord, 8);
  h += col(() => '', 32);
  const head = Uint8Array.from(h, (c) => c.charCodeAt(0));

  const recordBytes = spec.signals.reduce((n, s) => n + s.samplesPerRecord * bps, 0);
  const out = new Uint8Array(head.length + recordBytes * spec.records);
  out.set(head);
  let pos = head.length;
  for (let r = 0; r < spec.records; r++) {
    for (const s of spec.signals) {
      const width = s.samplesPerRecord * bps;
      if (s.tals) {
        out.set(new TextEncoder().encode(s.tals[r] ?? '').subarray(0, width), pos);
      } else {
        for (let i = 0; i < s.samplesPerRecord; i++) {
          const v = s.values?.[r * s.samplesPerRecord + i] ?? 0;
          for (let b = 0; b < bps; b++) out[pos + bps * i + b] = (v >> (8 * b)) & 0xff;
        }
      }
      pos += width;
    }
  }
  return out;
}

/** Time-keeping TAL for a record starting at `onset` seconds, followed by any annotation TALs. */
export function tal(onset: string, ...annotations: Array<[string, string | undefined, string]>): string {
  let t = `${onset}\x14\x14\x00`;
  for (const [at, duration, text] of annotations) t += `${at}${duration !== undefined ? `\x15${duration}` : ''}\x14${text}\x14\x00`;
  return t;
}
