/**
 * One import from the Import screen: the paths to read, live progress from import:progress events, and the
 * summary with every failure and its reason. The job id is ours, so Cancel works before the first event.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { ImportProgress, ImportSummary } from '../../src-main/api/contract/import.js';
import { errorText } from '../api/error-text.js';

export type ImportStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** One path per line; blank lines and surrounding spaces ignored; file:// URIs (from a drop) become paths. */
export function parsePaths(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    out.push(t.startsWith('file://') ? decodeURIComponent(new URL(t).pathname) : t);
  }
  return [...new Set(out)];
}

let jobCounter = 0;
const newJobId = () => `import-${Date.now().toString(36)}-${(++jobCounter).toString(36)}`;

export class ImportJob {
  pathsText = $state('');
  status = $state<ImportStatus>('idle');
  jobId = $state<string | undefined>(undefined);
  progress = $state.raw<ImportProgress | undefined>(undefined);
  summary = $state.raw<ImportSummary | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  readonly #bridge: Pick<EcgBridge, 'invoke' | 'on'>;

  constructor(bridge: Pick<EcgBridge, 'invoke' | 'on'>) {
    this.#bridge = bridge;
  }

  get paths(): string[] {
    return parsePaths(this.pathsText);
  }

  addPaths(paths: string[]): void {
    this.pathsText = [...new Set([...this.paths, ...paths])].join('\n');
  }

  async start(): Promise<void> {
    const paths = this.paths;
    if (!paths.length || this.status === 'running') return;
    const jobId = newJobId();
    this.jobId = jobId;
    this.status = 'running';
    this.progress = undefined;
    this.summary = undefined;
    this.error = undefined;
    const off = this.#bridge.on('import:progress', (p) => {
      if (p.jobId === jobId) this.progress = p;
    });
    try {
      const summary = await this.#bridge.invoke('importPaths', { paths, jobId });
      this.summary = summary;
      this.status = summary.cancelled ? 'cancelled' : 'done';
    } catch (e) {
      this.error = errorText(e).message;
      this.status = 'failed';
    } finally {
      off();
    }
  }

  async cancel(): Promise<void> {
    if (this.status !== 'running' || !this.jobId) return;
    await this.#bridge.invoke('cancelImport', { jobId: this.jobId });
  }
}
