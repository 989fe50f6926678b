/**
 * "Export PDFs…" from the worklist: one report per study the filters select, into one folder where the main
 * process names each file as the CLI's --pdf-dir does (src-main/report/file-name.ts): study-<id>.pdf, or
 * <pseudonym>-<n>.pdf when de-identified, n the study's place in this run. Studies are paged in with the cursor
 * (filters fixed at start) and exported one at a time, so Cancel stops after the file in hand and a failure is
 * recorded without stopping the rest.
 */
import type { StudyFilter } from '../../src-main/api/contract/analysis.js';
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { PdfOptions } from '../../src-main/api/contract/report.js';
import { errorText } from '../api/error-text.js';
import { trimFolder } from '../lib/report/folder.js';

const PAGE = 200;

export interface PdfFailure {
  studyId: number;
  reason: string;
}

export class PdfExportState {
  running = $state(false);
  cancelling = $state(false);
  total = $state(0);
  done = $state(0);
  failures = $state<PdfFailure[]>([]);
  /** why the run itself stopped (listing failed), not a study's failure */
  error = $state<string | undefined>(undefined);
  finished = $state<'done' | 'cancelled' | undefined>(undefined);
  #cancel = false;
  readonly #bridge: Pick<EcgBridge, 'invoke'>;

  constructor(bridge: Pick<EcgBridge, 'invoke'>) {
    this.#bridge = bridge;
  }

  cancel(): void {
    if (!this.running) return;
    this.#cancel = true;
    this.cancelling = true;
  }

  async start(filter: StudyFilter, folder: string, options: PdfOptions): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.#cancel = this.cancelling = false;
    this.total = this.done = 0;
    this.failures = [];
    this.error = this.finished = undefined;
    const dir = trimFolder(folder);
    let sequence = 0;
    try {
      let cursor: string | undefined;
      do {
        const page = await this.#bridge.invoke('listStudies', { ...filter, sort: 'imported', direction: 'asc', limit: PAGE, ...(cursor ? { cursor } : {}) });
        if (cursor === undefined) this.total = page.total;
        for (const s of page.items) {
          if (this.#cancel) break;
          sequence++;
          try {
            await this.#bridge.invoke('exportPdf', { studyId: s.id, folder: dir, sequence, options });
            this.done++;
          } catch (e) {
            this.failures = [...this.failures, { studyId: s.id, reason: errorText(e).message }];
          }
        }
        cursor = page.nextCursor;
      } while (cursor && !this.#cancel);
      this.finished = this.#cancel ? 'cancelled' : 'done';
    } catch (e) {
      this.error = errorText(e).message;
    } finally {
      this.running = this.cancelling = false;
    }
  }
}
