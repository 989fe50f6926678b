/**
 * A report's plain inputs gathered from an ECG file or a stored study (record, our delineator's intervals, the
 * model's output and explanation, the latest overread), so src-main/report stays a pure function of data. Shared
 * by `ecg-tlc export` and the API's exportPdf.
 *
 * | input        | from a file                         | from the archive                                        |
 * |--------------|-------------------------------------|---------------------------------------------------------|
 * | record       | readEcgFile                         | StudyRepository.get                                     |
 * | measurements | delineate(record).intervals         | the same, on the stored record                          |
 * | predictions  | with an analyzer: a fresh analysis  | latest analysis (or, with an analyzer, a fresh one, not stored) |
 * | explanation  | the analyzer (when the package has a cluster model) or an explanation file | the analysis's explanation, or as for a file |
 * | overread     | unconfirmed                         | the newest overread                                     |
 */
import { readFileSync } from 'node:fs';
import type { Analyzer, RecordAnalysis } from '../../analysis/analyzer.js';
import { decodeExplanation } from '../../analysis/stored-analysis.js';
import { delineate } from '../../ecg/delineate.js';
import type { EcgRecord } from '../../ecg/record.js';
import type { Explanation } from '../../explain/explain-ecg.js';
import { completeExplanation, withLocalDrivers, type ContextLookup } from '../../explain/local-drivers.js';
import { readEcgFile } from '../../formats/registry.js';
import { defaultModelDir } from '../../model/default-model.js';
import { loadModelPackage } from '../../model/manifest.js';
import type { OverreadState, ReportInput, ReportMeasurements, ReportModel, ReportPrediction } from '../../report/input.js';
import type { Archive } from '../../store/archive.js';
import { Explanation as ExplanationSchema, StudyExplanation } from '../contract/explanation.js';
import { appVersion, findAppRoot } from './app-root.js';

export interface InputSources {
  /** an explanation JSON to draw ({explanation, legend} as the API sends it, or a bare Explanation) */
  explanationFile?: string;
  /** run the model now (and explain, when its package has a cluster model) */
  analyzer?: Analyzer;
  /** finds the surrogate of a stored or saved explanation, for its per-ECG drivers (explain/local-drivers.ts) */
  contexts?: ContextLookup;
}

export const MEASUREMENT_SOURCE = 'ECG TLC delineator (median over beats)';

export function measure(record: EcgRecord): ReportMeasurements | undefined {
  try {
    const i = delineate(record).intervals;
    return Object.keys(i).length ? i : undefined;
  } catch {
    return undefined; // too short or without usable leads: the report prints "not measured"
  }
}

/** An explanation as stored or sent, validated against the API contract. */
export function parseExplanationJson(json: unknown, where: string): Explanation {
  const full = StudyExplanation.safeParse(json);
  if (full.success) return full.data.explanation;
  const bare = ExplanationSchema.safeParse(json);
  if (bare.success) return bare.data;
  const issue = bare.error.issues[0]!;
  throw new Error(`${where}: not an explanation (${issue.path.join('.') || '(root)'}: ${issue.message})`);
}

function explanationFile(path: string | undefined, contexts: ContextLookup | undefined): Explanation | undefined {
  return path ? completeExplanation(parseExplanationJson(JSON.parse(readFileSync(path, 'utf8')), path), contexts) : undefined;
}

/** Class names from the shipped model package when the analysis came from it (a foreign model keeps bare ids). */
function modelInfo(id: string, version: string | undefined, sha256: string | undefined): ReportModel {
  const info: ReportModel = { id, sha256: sha256 ?? '', ...(version ? { version } : {}) };
  try {
    const m = loadModelPackage(defaultModelDir()).manifest;
    if (m.id === id) info.classes = m.classes.map((c) => ({ id: c.id, name: c.name }));
  } catch {
    // no shipped package here: ids only
  }
  return info;
}

export function softwareVersion(): string {
  return appVersion(findAppRoot());
}

/** A fresh analysis's part of the report input. */
async function analysed(analyzer: Analyzer, record: EcgRecord, where: string): Promise<Partial<ReportInput>> {
  const [outcome] = await analyzer.analyze([record]);
  if (!outcome!.ok) throw new Error(`${where}: ${outcome!.error}`);
  const a: RecordAnalysis = outcome!.analysis;
  const m = analyzer.pkg.manifest;
  return {
    model: { id: a.modelId, version: a.modelVersion, sha256: a.modelSha256, classes: m.classes.map((c) => ({ id: c.id, name: c.name })) },
    predictions: a.classes.map((c, i) => ({ class: c, probability: a.probabilities[i]!, called: a.predicted[i]! })),
    ...(a.explanation ? { explanation: withLocalDrivers(a.explanation, analyzer.context) } : {}),
    ...(a.clusterModel ? { clusterModel: { createdAt: a.clusterModel } } : {}),
  };
}

function withMeasurements(record: EcgRecord): Pick<ReportInput, 'measurements' | 'measurementSource'> {
  const measurements = measure(record);
  return measurements ? { measurements, measurementSource: MEASUREMENT_SOURCE } : {};
}

export async function fileReportInput(path: string, sources: InputSources): Promise<ReportInput> {
  const record = readEcgFile(path);
  const fresh = sources.analyzer ? await analysed(sources.analyzer, record, path) : {};
  const explanation = explanationFile(sources.explanationFile, sources.contexts) ?? fresh.explanation;
  return {
    record,
    ...withMeasurements(record),
    ...fresh,
    ...(explanation ? { explanation } : {}),
    ...(explanation && !fresh.model ? { model: modelInfo(explanation.modelId, undefined, undefined) } : {}),
    overread: { status: 'unconfirmed' },
    softwareVersion: softwareVersion(),
  };
}

/** The newest overread of a study, as a report prints it (statements and comment in one line). */
export function latestOverread(archive: Archive, studyId: number): OverreadState {
  const r = archive.overreads.latest(studyId);
  if (!r) return { status: 'unconfirmed' };
  const statement = [...(r.statements ?? []), ...(r.comment ? [r.comment] : [])].join('; ');
  return { status: r.status, by: r.reader, at: r.createdAt, ...(statement ? { statement } : {}) };
}

function predictionsOf(probabilities: Record<string, number>, settings: Record<string, unknown> | undefined): ReportPrediction[] {
  const thresholds = (settings?.thresholds ?? {}) as Record<string, number>;
  const called = Array.isArray(settings?.called) ? (settings.called as string[]) : undefined;
  return Object.entries(probabilities).map(([c, p]) => ({ class: c, probability: p, called: called ? called.includes(c) : p >= (thresholds[c] ?? 0.5) }));
}

export async function studyReportInput(archive: Archive, studyId: number, sources: InputSources): Promise<ReportInput> {
  const study = archive.studies.get(studyId);
  if (!study) throw new Error(`study ${studyId} is not in the archive`);
  const where = `study ${studyId}`;
  let parts: Partial<ReportInput> = {};
  if (sources.analyzer) parts = await analysed(sources.analyzer, study.record, where);
  else {
    const a = archive.analyses.latest(studyId);
    if (a) {
      parts = {
        model: modelInfo(a.modelId, a.modelVersion, a.modelSha256),
        predictions: predictionsOf(a.probabilities, a.settings),
        ...(a.explanation ? { explanation: completeExplanation(parseExplanationJson(decodeExplanation(a.explanation), `${where}: the stored explanation`), sources.contexts) } : {}),
        ...(a.clusterModelVersion ? { clusterModel: { createdAt: a.clusterModelVersion } } : {}),
      };
    }
  }
  const file = explanationFile(sources.explanationFile, sources.contexts);
  return {
    record: study.record,
    ...withMeasurements(study.record),
    ...parts,
    ...(file ? { explanation: file } : {}),
    overread: latestOverread(archive, studyId),
    softwareVersion: softwareVersion(),
  };
}
