/**
 * The study viewer's "Export PDF": one report, to a file the reader names, or, de-identified, into a folder
 * where the main process names it by the pseudonym (src-main/report/file-name.ts), since a name made from the
 * record or patient id would undo the de-identification and only the main process holds the pseudonym's salt.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { PdfOptions } from '../../src-main/api/contract/report.js';
import { errorText } from '../api/error-text.js';
import { trimFolder } from '../lib/report/folder.js';

export class StudyPdfExport {
  /** the file an identified report goes to */
  path = $state('');
  /** the folder a de-identified report goes to */
  folder = $state('');
  busy = $state(false);
  result = $state<string | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  readonly #bridge: Pick<EcgBridge, 'invoke'>;

  constructor(bridge: Pick<EcgBridge, 'invoke'>) {
    this.#bridge = bridge;
  }

  /** Fills the empty fields: `<dataDir>/<name>.pdf` (name made file-safe) and the data folder itself. */
  prefill(dataDir: string, name: string): void {
    const dir = trimFolder(dataDir);
    if (!this.path) this.path = `${dir}/${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
    if (!this.folder) this.folder = dir;
  }

  /** The field these options write to is filled in: the folder when de-identified, else a .pdf path. */
  readyFor(options: PdfOptions): boolean {
    return options.deidentify ? this.folder.trim().length > 0 : /\.pdf$/i.test(this.path.trim());
  }

  /** Writes the report: into the folder when `options` de-identify it, else to the path. */
  async run(studyId: number, options: PdfOptions): Promise<void> {
    if (this.busy || !this.readyFor(options)) return;
    this.busy = true;
    this.result = this.error = undefined;
    try {
      const r = await this.#bridge.invoke('exportPdf', {
        studyId,
        ...(options.deidentify ? { folder: trimFolder(this.folder) } : { path: this.path.trim() }),
        options,
      });
      this.result = `${r.pages} page${r.pages === 1 ? '' : 's'}, ${Math.round(r.bytes / 1024)} KiB written to ${r.path}${r.pseudonym ? ` (pseudonym ${r.pseudonym})` : ''}`;
    } catch (e) {
      this.error = errorText(e).message;
    } finally {
      this.busy = false;
    }
  }
}
