/**
 * One fuzz case, judged: every reader's sniff must not throw; the format's reader must either return a valid
 * EcgRecord or throw a FormatError naming the case's file (or a companion of it, e.g. the .dat it could not
 * read); anything else is a finding. The reader is called directly, not through parseSource, because the
 * registry turns stray exceptions into FormatErrors and would hide exactly the bugs the fuzzer looks for.
 *
 * | finding | meaning |
 * |---|---|
 * | crash | a non-FormatError exception (TypeError, RangeError, …) escaped the reader |
 * | sniff | a reader's sniff threw |
 * | wrong-file | a FormatError that names a file other than the case's file or its companions |
 * | invalid-record | an accepted file produced a record that breaks the EcgRecord contract |
 * | memory | the parse grew heap + array buffers by more than the limit |
 * | hang | the parse took longer than the limit (bench only; tests do not time) |
 */
import type { EcgRecord } from '../../src-main/ecg/record.js';
import { FormatError } from '../../src-main/formats/errors.js';
import { memoryFileSource } from '../../src-main/formats/file-source.js';
import { READERS, parseSource, readerById } from '../../src-main/formats/registry.js';
import type { FuzzCase } from './mutate.js';

export type FindingKind = 'crash' | 'sniff' | 'wrong-file' | 'invalid-record' | 'memory' | 'hang';

export interface Outcome {
  verdict: 'accepted' | 'rejected' | 'finding';
  kind?: FindingKind;
  message?: string;
  /** a rejection whose FormatError names a companion file rather than the primary */
  namedCompanion?: boolean;
  ms: number;
  /** growth of V8 heap + array buffers across the parse (bytes; garbage not yet collected counts) */
  allocated: number;
}

export interface CheckLimits {
  /** flag a parse slower than this (ms); undefined: no time check */
  hangMs?: number;
  /** flag a parse that grows heap + array buffers by more than this (bytes) */
  memoryBytes: number;
}

export const DEFAULT_MEMORY_LIMIT = 512 * 1024 ** 2;

/** Formats that mark missing samples as NaN (WFDB's invalid-sample value, skew tails, gaps between segments). */
const MISSING_AS_NAN = new Set(['wfdb', 'cinc']);

function badValues(a: Float32Array, nanAllowed: boolean): string | undefined {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (Number.isFinite(v) || (nanAllowed && Number.isNaN(v))) continue;
    return `sample ${i} is ${v}`;
  }
  return undefined;
}

/** Ways `r` breaks the EcgRecord contract (record.ts); empty when it keeps it. */
export function recordProblems(r: EcgRecord, c: Pick<FuzzCase, 'format' | 'path'>): string[] {
  const p: string[] = [];
  const nanAllowed = MISSING_AS_NAN.has(c.format);
  if (!(Number.isFinite(r.fs) && r.fs > 0)) p.push(`fs is ${r.fs}`);
  if (!Array.isArray(r.leads) || r.leads.length < 1) p.push('no leads');
  if (!Array.isArray(r.samples) || r.samples.length !== r.leads.length) p.push(`${r.samples?.length} sample arrays for ${r.leads?.length} leads`);
  const n = r.samples?.[0]?.length ?? 0;
  if (n < 1) p.push('no samples');
  else if (!Number.isFinite(n / r.fs)) p.push(`${n} samples at ${r.fs} Hz last forever`);
  r.samples?.forEach((s, k) => {
    if (!(s instanceof Float32Array)) p.push(`lead ${k} is not a Float32Array`);
    else if (s.length !== n) p.push(`lead ${r.leads[k]} has ${s.length} samples, lead ${r.leads[0]} ${n}`);
    else {
      const bad = badValues(s, nanAllowed);
      if (bad) p.push(`lead ${r.leads[k]}: ${bad}`);
    }
  });
  if (r.digital) {
    if (r.digital.length !== r.leads.length) p.push(`${r.digital.length} digital entries for ${r.leads.length} leads`);
    r.digital.forEach((d, k) => {
      if (!d) return;
      if (!(d.values instanceof Int32Array) || d.values.length !== n) p.push(`digital ${r.leads[k]} has ${d.values?.length} values for ${n} samples`);
      if (!Number.isFinite(d.gain) || d.gain === 0 || !Number.isFinite(d.baseline)) p.push(`digital ${r.leads[k]}: gain ${d.gain}, baseline ${d.baseline}`);
    });
  }
  for (const d of r.derived ?? []) if (!r.leads.includes(d)) p.push(`derived lead ${d} is not among the leads`);
  r.extraWaveforms?.forEach((w, k) => {
    if (!(Number.isFinite(w.fs) && w.fs > 0)) p.push(`waveform set ${k}: fs ${w.fs}`);
    if (w.samples.length !== w.leads.length) p.push(`waveform set ${k}: ${w.samples.length} arrays for ${w.leads.length} leads`);
    const m = w.samples[0]?.length ?? 0;
    w.samples.forEach((s, j) => {
      if (!(s instanceof Float32Array) || s.length !== m) p.push(`waveform set ${k} lead ${j}: ${s?.length} samples, expected ${m}`);
      else {
        const bad = badValues(s, nanAllowed);
        if (bad) p.push(`waveform set ${k} lead ${w.leads[j]}: ${bad}`);
      }
    });
  });
  r.annotations?.forEach((a, k) => {
    if (!Number.isFinite(a.sample)) p.push(`annotation ${k} at sample ${a.sample}`);
    if (a.duration !== undefined && !Number.isFinite(a.duration)) p.push(`annotation ${k} lasts ${a.duration}`);
  });
  const formatOk = r.source?.format === c.format || (c.format === 'wfdb' && r.source?.format === 'cinc');
  if (!formatOk) p.push(`source.format is ${r.source?.format}`);
  if (typeof r.source?.path !== 'string' || !inCaseFolder(r.source.path, c.path)) p.push(`source.path is ${r.source?.path}`);
  return p.slice(0, 5);
}

const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
/** The case's folder is unique to it, so a path inside it names the case's file or one of its companions. */
const inCaseFolder = (named: string, casePath: string) => named === casePath || named.startsWith(folderOf(casePath));

function memoryNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function sniffProblem(c: FuzzCase): string | undefined {
  const head = c.bytes.subarray(0, 64 * 1024);
  for (const r of READERS) {
    try {
      r.sniff(head, c.path);
    } catch (e) {
      return `${r.id}.sniff threw ${(e as Error)?.name}: ${(e as Error)?.message}`;
    }
  }
  return undefined;
}

/** The first stack frame inside our sources, to say where a crash happened. */
export function whereThrown(e: unknown): string {
  const frame = (e as Error)?.stack?.split('\n').find((l) => l.includes('src-main/'));
  return frame ? frame.trim().replace(/^at /, '').replace(/\(?(?:file:\/\/)?\/.*?src-main\//, 'src-main/').replace(/\)$/, '') : '';
}

export function runCase(c: FuzzCase, limits: CheckLimits): Outcome {
  const sniff = sniffProblem(c);
  if (sniff) return { verdict: 'finding', kind: 'sniff', message: sniff, ms: 0, allocated: 0 };
  const reader = readerById(c.format);
  if (!reader) throw new Error(`no reader ${c.format}`);
  const src = memoryFileSource(c.path, c.bytes, c.siblings);
  const before = memoryNow();
  const t0 = performance.now();
  let outcome: Outcome;
  try {
    // The registry refuses empty files before any reader sees them; everything else goes to the reader itself.
    const record = c.bytes.length === 0 ? parseSource(src, undefined, c.format) : reader.parse(src);
    const problems = recordProblems(record, c);
    outcome = problems.length
      ? { verdict: 'finding', kind: 'invalid-record', message: problems.join('; '), ms: 0, allocated: 0 }
      : { verdict: 'accepted', ms: 0, allocated: 0 };
  } catch (e) {
    if (e instanceof FormatError) {
      if (!inCaseFolder(e.file, c.path) || !e.reason) outcome = { verdict: 'finding', kind: 'wrong-file', message: `FormatError names "${e.file}": ${e.message}`, ms: 0, allocated: 0 };
      else outcome = { verdict: 'rejected', namedCompanion: e.file !== c.path, message: e.reason, ms: 0, allocated: 0 };
    } else {
      const what = e instanceof Error ? `${e.name}: ${e.message} at ${whereThrown(e)}` : `a bare ${typeof e} was thrown: ${String(e).slice(0, 200)}`;
      outcome = { verdict: 'finding', kind: 'crash', message: what, ms: 0, allocated: 0 };
    }
  }
  outcome.ms = performance.now() - t0;
  outcome.allocated = memoryNow() - before;
  if (outcome.verdict !== 'finding' && outcome.allocated > limits.memoryBytes) {
    outcome = { ...outcome, verdict: 'finding', kind: 'memory', message: `allocated ${(outcome.allocated / 1024 ** 2).toFixed(0)} MiB` };
  } else if (outcome.verdict !== 'finding' && limits.hangMs !== undefined && outcome.ms > limits.hangMs) {
    outcome = { ...outcome, verdict: 'finding', kind: 'hang', message: `took ${outcome.ms.toFixed(0)} ms` };
  }
  return outcome;
}
