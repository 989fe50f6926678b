/**
 * The I/O behind `ecg-tlc export`: the report inputs are gathered by api/services/report-inputs.ts (shared with
 * the API's exportPdf); here the command's own parts: the analyzer for --analyze and the archive for --db.
 */
import { existsSync } from 'node:fs';
import { Analyzer } from '../../analysis/analyzer.js';
import { ExplainContexts } from '../../api/services/explain-contexts.js';
import { ModelCatalog } from '../../api/services/model-catalog.js';
import type { InputSources } from '../../api/services/report-inputs.js';
import { defaultModelDir } from '../../model/default-model.js';
import { openArchive, type Archive } from '../../store/archive.js';
import { databasePath, dataDirectory } from '../data-dir.js';
import { resolveModelDir } from '../model-arg.js';

export {
  fileReportInput,
  latestOverread,
  measure,
  MEASUREMENT_SOURCE,
  parseExplanationJson,
  softwareVersion,
  studyReportInput,
  type InputSources,
} from '../../api/services/report-inputs.js';

/**
 * Runs `work` with the inputs' sources; with --analyze the model is loaded once for all of it. Stored and saved
 * explanations get their per-ECG drivers from the installed packages and the data folder's cluster models.
 */
export async function withSources<T>(o: { explanation?: string; analyze?: boolean; model?: string }, work: (s: InputSources) => Promise<T>): Promise<T> {
  const analyzer = o.analyze ? await Analyzer.open({ modelDir: resolveModelDir(o.model) }) : undefined;
  const contexts = new ExplainContexts(new ModelCatalog(dataDirectory(), defaultModelDir));
  try {
    return await work({ ...(o.explanation ? { explanationFile: o.explanation } : {}), ...(analyzer ? { analyzer } : {}), contexts: contexts.lookup });
  } finally {
    await analyzer?.close();
  }
}

export function openExisting(db: string | undefined): Archive {
  const dbPath = databasePath(db);
  if (!existsSync(dbPath)) throw new Error(`no archive at ${dbPath}; import ECG files first or name one with --db`);
  return openArchive(dbPath);
}
