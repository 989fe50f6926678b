/**
 * Serial comparison of two studies: compareStudies for the analyses and the changes B − A, and one StudyState
 * per side for the traces, which the viewer's own paper draws at the app's one paper speed, gain, layout and zoom.
 * The two papers lie one above the other (full width: a 3×4 page's four columns in view on both) or side by side.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { Comparison } from '../../src-main/api/contract/compare.js';
import { errorText } from '../api/error-text.js';
import { StudyState } from './study.svelte.js';

export type Arrangement = 'stacked' | 'across';

export class CompareState {
  arrangement = $state<Arrangement>('stacked');
  comparison = $state.raw<Comparison | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  readonly a: StudyState;
  readonly b: StudyState;
  #key = '';
  readonly #bridge: Pick<EcgBridge, 'invoke'>;

  constructor(bridge: Pick<EcgBridge, 'invoke'>) {
    this.#bridge = bridge;
    this.a = new StudyState((id) => bridge.invoke('getStudy', { id }));
    this.b = new StudyState((id) => bridge.invoke('getStudy', { id }));
  }

  get key(): string {
    return this.#key;
  }

  async load(a: number, b: number): Promise<void> {
    const key = `${a}:${b}`;
    this.#key = key;
    this.comparison = undefined;
    this.error = undefined;
    try {
      const [c] = await Promise.all([this.#bridge.invoke('compareStudies', { a, b }), this.a.load(a), this.b.load(b)]);
      if (key === this.#key) this.comparison = c;
    } catch (e) {
      if (key === this.#key) this.error = errorText(e).message;
    }
  }
}
