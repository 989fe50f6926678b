/**
 * Serial comparison of two studies: compareStudies for the analyses and the changes B − A, and one StudyState
 * per side for the traces, which the viewer's own paper draws at the app's one paper speed, gain, layout and zoom.
 * The two papers lie one above the other (full width: a 3×4 page's four columns in view on both) or side by side.
 * A is the older whatever order the route names them in (lib/compare/serial-order.ts): both studies are fetched
 * first, and their acquisition times decide the order the comparison is asked for, once.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { Comparison } from '../../src-main/api/contract/compare.js';
import { errorText } from '../api/error-text.js';
import { olderFirst } from '../lib/compare/serial-order.js';
import { StudyState, type GetStudy } from './study.svelte.js';

export type Arrangement = 'stacked' | 'across';

export class CompareState {
  arrangement = $state<Arrangement>('stacked');
  comparison = $state.raw<Comparison | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  readonly a: StudyState;
  readonly b: StudyState;
  #key = '';
  readonly #bridge: Pick<EcgBridge, 'invoke'>;
  readonly #get: GetStudy;

  constructor(bridge: Pick<EcgBridge, 'invoke'>) {
    this.#bridge = bridge;
    this.#get = (id) => bridge.invoke('getStudy', { id });
    this.a = new StudyState(this.#get);
    this.b = new StudyState(this.#get);
  }

  get key(): string {
    return this.#key;
  }

  /** The studies the route names, in either order: A becomes the older, B the newer. */
  async load(first: number, second: number): Promise<void> {
    const key = `${first}:${second}`;
    this.#key = key;
    this.comparison = undefined;
    this.error = undefined;
    try {
      const [x, y] = await Promise.all([this.#get(first), this.#get(second)]);
      if (key !== this.#key) return;
      const [older, newer] = olderFirst(x.summary.acquiredAt, y.summary.acquiredAt) === 'swap' ? [y, x] : [x, y];
      const c = await this.#bridge.invoke('compareStudies', { a: older.summary.id, b: newer.summary.id });
      if (key !== this.#key) return;
      this.a.show(older);
      this.b.show(newer);
      this.comparison = c;
    } catch (e) {
      if (key === this.#key) this.error = errorText(e).message;
    }
  }
}
