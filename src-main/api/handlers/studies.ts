/**
 * listStudies and getStudy over the store; Float32Array samples become plain arrays for the wire. getStudy also
 * carries what the study view shows beside the traces: the latest analysis (brief) and its explanation with the
 * legend, our intervals, and the overread state (getAnalysis gives the analysis alone).
 */
import { delineate } from '../../ecg/delineate.js';
import type { EcgRecord } from '../../ecg/record.js';
import type { Archive } from '../../store/archive.js';
import { StudyQueryError } from '../../store/study-query.js';
import type { StoredStudy } from '../../store/study-repository.js';
import type { StudyDetail } from '../contract/studies.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import type { AnalysisService } from '../services/analysis-service.js';
import { analysisView } from './analysis.js';
import { overreadState } from './overread.js';

const toArrays = (samples: Float32Array[]): number[][] => samples.map((s) => Array.from(s));

/**
 * Most sample values one getStudy answer carries (≈ 200 MB of JSON): 12 leads × 20 min at 1 kHz. A longer
 * recording (a Holter) is refused with a clear error instead of exhausting memory; it needs a ranged call.
 */
export const MAX_SIGNAL_VALUES = 16_000_000;

export function studyDetail({ summary, record }: StoredStudy, maxValues = MAX_SIGNAL_VALUES): StudyDetail {
  const values = record.samples.reduce((n, s) => n + s.length, 0);
  if (values > maxValues) {
    throw new ApiError('too-large', `study ${summary.id} holds ${values} sample values, more than the ${maxValues} one answer may carry`);
  }
  const derived = new Set<string>(record.derived ?? []);
  const optional: Partial<Pick<StudyDetail, 'device' | 'measurements' | 'sourceDetails'>> = {};
  if (record.device) optional.device = record.device;
  if (record.measurements) optional.measurements = definedNumbers(record.measurements);
  if (record.source.details) optional.sourceDetails = record.source.details;
  return {
    summary,
    patient: record.patient,
    ...optional,
    checks: record.checks ?? [],
    fs: record.fs,
    leads: record.leads.map((name) => ({ name, derived: derived.has(name) })),
    signals: toArrays(record.samples),
    annotations: record.annotations ?? [],
    extraWaveforms: (record.extraWaveforms ?? []).map((w) => ({ kind: w.kind, fs: w.fs, leads: w.leads, signals: toArrays(w.samples) })),
  };
}

function definedNumbers(m: NonNullable<EcgRecord['measurements']>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

/** Longest record measured on request when no analysis holds its intervals (the delineator takes ~16 ms per 10 s). */
export const MAX_MEASURED_SECONDS = 120;

/** The analysis, explanation, intervals and overread of a study, for getStudy. */
function studyContext(archive: Archive, service: AnalysisService | undefined, stored: StoredStudy): Partial<StudyDetail> {
  const id = stored.summary.id;
  const out: Partial<StudyDetail> = { overread: overreadState(archive.overreads.latest(id)) };
  const latest = archive.analyses.latest(id);
  if (latest) {
    const { explanation, legend, ...brief } = analysisView(latest, service?.current(), true, service?.contexts);
    out.analysis = brief;
    if (explanation && legend) out.explanation = { explanation, legend };
    if (brief.intervals) out.measured = { source: 'analysis', intervals: brief.intervals };
  }
  if (!out.measured && stored.summary.durationS <= MAX_MEASURED_SECONDS) {
    try {
      out.measured = { source: 'delineator', intervals: delineate(stored.record).intervals };
    } catch {
      // too short or no usable lead: nothing measured
    }
  }
  return out;
}

export function studyHandlers(archive: Archive, service?: AnalysisService): Pick<Handlers, 'listStudies' | 'getStudy'> {
  const { studies: repo, queries } = archive;
  return {
    listStudies: async (query) => {
      try {
        // stale analyses marked against the model analyses use now; unknown (no mark) when it cannot be loaded
        return queries.list(query, service?.current());
      } catch (e) {
        // A stale cursor or a date the store cannot order: the caller's mistake, said in the store's words.
        if (e instanceof StudyQueryError) throw new ApiError('invalid-arguments', e.message);
        throw e;
      }
    },
    getStudy: async ({ id }) => {
      const stored = repo.get(id);
      if (!stored) throw new ApiError('not-found', `study ${id} is not in the archive`);
      return { ...studyDetail(stored), ...studyContext(archive, service, stored) };
    },
  };
}
