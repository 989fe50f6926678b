/**
 * One open study: its signals as Float32Array per lead (what the traces draw), the display-filtered copies,
 * the explanation if the study has been analysed, and what of it the reader chose to see (cluster view /
 * block, bands, uncertainty, Grad-CAM class).
 */
import type { StudyDetail } from '../../src-main/api/contract/studies.js';
import { errorText } from '../api/error-text.js';
import { explanationIn, type ExplanationLookup } from '../lib/explain/study-explanation.js';
import { applyDisplayFilters, type DisplayFilters } from '../lib/signal/display-filters.js';

export type GetStudy = (id: number) => Promise<StudyDetail>;

export class StudyState {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<string | undefined>(undefined);
  detail = $state.raw<StudyDetail | undefined>(undefined);
  /** mV per lead, in the order of detail.leads */
  signals = $state.raw<Float32Array[]>([]);
  explanation = $state.raw<ExplanationLookup>({ state: 'absent' });
  /** cluster view shown: 'combined' or a block's name */
  view = $state('');
  showBands = $state(true);
  showUncertainty = $state(true);
  showGradCam = $state(false);
  gradCamClass = $state('');
  #filtered: { key: string; signals: Float32Array[] } | undefined;
  #loadSeq = 0;
  readonly #get: GetStudy;

  constructor(get: GetStudy) {
    this.#get = get;
  }

  get id(): number | undefined {
    return this.detail?.summary.id;
  }

  get leadNames(): string[] {
    return this.detail?.leads.map((l) => l.name) ?? [];
  }

  get durationS(): number {
    const d = this.detail;
    return d && this.signals[0] ? this.signals[0].length / d.fs : 0;
  }

  async load(id: number): Promise<void> {
    const seq = ++this.#loadSeq;
    this.status = 'loading';
    this.error = undefined;
    try {
      const detail = await this.#get(id);
      if (seq === this.#loadSeq) this.#show(detail);
    } catch (err) {
      if (seq !== this.#loadSeq) return;
      this.error = errorText(err).message;
      this.status = 'error';
    }
  }

  /** Shows a study fetched elsewhere (the comparison fetches both sides to order them), as load would. */
  show(detail: StudyDetail): void {
    ++this.#loadSeq;
    this.error = undefined;
    this.#show(detail);
  }

  #show(detail: StudyDetail): void {
    this.detail = detail;
    this.signals = detail.signals.map((s) => Float32Array.from(s));
    this.#filtered = undefined;
    this.explanation = explanationIn(detail);
    const e = this.explanation.state === 'present' ? this.explanation.value.explanation : undefined;
    this.view = e?.defaultView ?? '';
    const top = e ? e.classes[e.cnn.probabilities.indexOf(Math.max(...e.cnn.probabilities))] : undefined;
    this.gradCamClass = top ?? '';
    this.status = 'ready';
  }

  /** Signals with the display filters applied, computed once per filter setting. */
  displaySignals(filters: DisplayFilters): Float32Array[] {
    const d = this.detail;
    if (!d) return [];
    const key = `${d.summary.id}:${filters.baseline}:${filters.notch}:${filters.lowPass}`;
    if (this.#filtered?.key !== key) this.#filtered = { key, signals: applyDisplayFilters(this.signals, d.fs, filters) };
    return this.#filtered.signals;
  }
}
