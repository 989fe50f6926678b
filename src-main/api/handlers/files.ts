/**
 * inspectFile, and summarizeRecord, which `ecg-tlc inspect` shares so the CLI and the app say the same thing
 * about a file.
 */
import { einthovenResidualMicrovolts } from '../../ecg/derived.js';
import { recordDurationSeconds, sampleCount, type EcgRecord } from '../../ecg/record.js';
import { readEcgFile, readerById } from '../../formats/registry.js';
import type { FileSummary } from '../contract/files.js';
import type { Handlers } from '../dispatch.js';

export type ReadFile = (path: string) => EcgRecord;

/** 'mismatch' if any checksum failed, 'ok' if at least one matched and none failed, otherwise 'absent'. */
function checksumSummary(record: EcgRecord): FileSummary['checksum'] {
  const sums = (record.checks ?? []).filter((c) => c.name.startsWith('checksum'));
  if (sums.some((c) => c.status === 'mismatch')) return 'mismatch';
  return sums.some((c) => c.status === 'ok') ? 'ok' : 'absent';
}

function definedEntries<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function summarizeRecord(record: EcgRecord): FileSummary {
  const derived = new Set(record.derived ?? []);
  const residual = einthovenResidualMicrovolts(record);
  const measurements = record.measurements ? (definedEntries(record.measurements) as Record<string, number>) : undefined;
  return {
    path: record.source.path,
    format: record.source.format,
    formatName: readerById(record.source.format)?.name ?? record.source.format,
    sha256: record.source.sha256,
    leads: record.leads.map((name) => ({ name, derived: derived.has(name) })),
    fs: record.fs,
    samples: sampleCount(record),
    durationS: recordDurationSeconds(record),
    ...(record.startTime !== undefined ? { startTime: record.startTime } : {}),
    patient: definedEntries(record.patient),
    ...(record.device ? { device: definedEntries(record.device) } : {}),
    ...(record.site !== undefined ? { site: record.site } : {}),
    checksum: checksumSummary(record),
    checks: (record.checks ?? []).map((c) => ({ ...c })),
    ...(residual !== undefined ? { einthovenResidualUv: residual } : {}),
    statementCount: record.statements?.length ?? 0,
    annotationCount: record.annotations?.length ?? 0,
    ...(measurements && Object.keys(measurements).length ? { measurements } : {}),
    ...(record.source.details ? { details: record.source.details } : {}),
  };
}

export function fileHandlers(readFile: ReadFile = readEcgFile): Pick<Handlers, 'inspectFile'> {
  return {
    inspectFile: async ({ path }) => summarizeRecord(readFile(path)),
  };
}
