/**
 * `ecg-tlc export --pdf-dir DIR`: every study the worklist filters select, one PDF each, a progress bar on stderr
 * (cli-progress draws only when stderr is a terminal). A study that fails is listed; the others are still written.
 */
import { SingleBar } from 'cli-progress';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportFileName } from '../../report/file-name.js';
import { renderReport } from '../../report/render.js';
import type { StudyQuery } from '../../store/study-query.js';
import { openExisting, studyReportInput, withSources } from './export-inputs.js';
import { reportOptionsFrom, type ExportOptions } from './export-options.js';

export interface BatchSummary {
  written: string[];
  failures: Array<{ studyId: number; reason: string }>;
}

export async function exportBatch(o: ExportOptions, query: StudyQuery): Promise<BatchSummary> {
  const options = reportOptionsFrom(o);
  const archive = openExisting(o.db);
  const summary: BatchSummary = { written: [], failures: [] };
  const bar = new SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} studies | {failed} failed', hideCursor: true, barsize: 30 });
  try {
    const ids = archive.queries.ids(query);
    mkdirSync(o.pdfDir!, { recursive: true });
    bar.start(ids.length, 0, { failed: 0 });
    await withSources(o, async (sources) => {
      for (const [n, id] of ids.entries()) {
        try {
          const r = await renderReport(await studyReportInput(archive, id, sources), options);
          const name = reportFileName(id, r.printed.deidentified, n + 1);
          writeFileSync(join(o.pdfDir!, name), r.pdf);
          summary.written.push(name);
        } catch (e) {
          summary.failures.push({ studyId: id, reason: e instanceof Error ? e.message : String(e) });
        }
        bar.update(n + 1, { failed: summary.failures.length });
      }
    });
  } finally {
    bar.stop();
    archive.close();
  }
  return summary;
}
