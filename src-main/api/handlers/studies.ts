/** listStudies and getStudy over the store; Float32Array samples become plain arrays for the wire. */
import type { EcgRecord } from '../../ecg/record.js';
import { StudyQueryError, type StudyQueries } from '../../store/study-query.js';
import type { StoredStudy, StudyRepository } from '../../store/study-repository.js';
import type { StudyDetail } from '../contract/studies.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';

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

export function studyHandlers(repo: StudyRepository, queries: StudyQueries): Pick<Handlers, 'listStudies' | 'getStudy'> {
  return {
    listStudies: async (query) => {
      try {
        return queries.list(query);
      } catch (e) {
        // A stale cursor or a date the store cannot order: the caller's mistake, said in the store's words.
        if (e instanceof StudyQueryError) throw new ApiError('invalid-arguments', e.message);
        throw e;
      }
    },
    getStudy: async ({ id }) => {
      const stored = repo.get(id);
      if (!stored) throw new ApiError('not-found', `study ${id} is not in the archive`);
      return studyDetail(stored);
    },
  };
}
