/**
 * inspectFile, and summarizeRecord, which `ecg-tlc inspect` shares so the CLI and the app say the same thing
 * about a file; pickPaths, over the native dialog a desktop shell hands in (none in the browser host).
 */
import { einthovenResidualMicrovolts } from '../../ecg/derived.js';
import { recordDurationSeconds, sampleCount, type EcgRecord } from '../../ecg/record.js';
import { readEcgFile, readerById } from '../../formats/registry.js';
import type { FileSummary, PickPathsArgs } from '../contract/files.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import { userPathProblem } from '../transport/user-path.js';

export type ReadFile = (path: string) => EcgRecord;
/** The shell's open dialog: the chosen paths, none when the user cancelled. */
export type PickPaths = (request: PickPathsArgs) => Promise<string[]>;

/**
 * The checks that verify the file's own integrity data, by the name prefix the readers give them:
 *
 * | prefix      | reader  | what it verifies                                    |
 * |-------------|---------|-----------------------------------------------------|
 * | `checksum:` | WFDB    | the header's 16-bit signal checksum                 |
 * | `flac-md5:` | WFDB    | the MD5 a FLAC (format 516) stream stores            |
 * | `crc:`      | SCP-ECG | CRC-CCITT of the record and of each section          |
 * | `crc32:`    | MUSE    | CRC32 of each base64 waveform                        |
 */
const INTEGRITY_PREFIXES = ['checksum:', 'flac-md5:', 'crc:', 'crc32:'];

export function isIntegrityCheck(name: string): boolean {
  return INTEGRITY_PREFIXES.some((p) => name.startsWith(p));
}

/** 'mismatch' if any integrity check failed, 'ok' if at least one matched and none failed, otherwise 'absent'. */
function checksumSummary(record: EcgRecord): FileSummary['checksum'] {
  const sums = (record.checks ?? []).filter((c) => isIntegrityCheck(c.name));
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

/**
 * The chosen paths go straight on to importPaths, so they must pass the policy that call's transport applies
 * (user-path.ts); a dialog produces only such paths, and this keeps a shell bug from bypassing the check.
 */
async function pickChecked(pickPaths: PickPaths | undefined, request: PickPathsArgs): Promise<string[]> {
  if (!pickPaths) {
    throw new ApiError('unavailable', 'choosing files in a native dialog is unsupported here (browser host): type, paste or drop the paths instead');
  }
  const paths = await pickPaths(request);
  for (const p of paths) {
    const problem = userPathProblem(p);
    if (problem) throw new ApiError('forbidden', `the dialog returned a path the app refuses: ${JSON.stringify(p.slice(0, 200))} ${problem}`);
  }
  return paths;
}

export function fileHandlers(readFile: ReadFile = readEcgFile, pickPaths?: PickPaths): Pick<Handlers, 'inspectFile' | 'pickPaths'> {
  return {
    inspectFile: async ({ path }) => summarizeRecord(readFile(path)),
    pickPaths: async (request) => ({ paths: await pickChecked(pickPaths, request) }),
  };
}
