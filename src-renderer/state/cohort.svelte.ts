/**
 * The cohort screen: cohortStats over the worklist's current filters, the class whose studies are listed, and
 * the three triage lists (each fetched when its tab is first shown).
 */
import type { StudyFilter } from '../../src-main/api/contract/analysis.js';
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { CohortStats, TriageList } from '../../src-main/api/contract/cohort.js';
import { errorText } from '../api/error-text.js';

export type TriageKind = TriageList['kind'];

export const TRIAGE_TABS: ReadonlyArray<{ kind: TriageKind; label: string }> = [
  { kind: 'disagreement', label: 'Surrogate disagrees' },
  { kind: 'uncertainty', label: 'Highest uncertainty' },
  { kind: 'label', label: 'Stored label disagrees' },
];

export class CohortState {
  stats = $state.raw<CohortStats | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  loading = $state(false);
  /** the class whose studies are listed */
  selectedClass = $state<string | undefined>(undefined);
  tab = $state<TriageKind>('disagreement');
  triage = $state.raw<Partial<Record<TriageKind, TriageList>>>({});
  triageError = $state<string | undefined>(undefined);
  #query: StudyFilter | undefined;
  readonly #bridge: Pick<EcgBridge, 'invoke'>;

  constructor(bridge: Pick<EcgBridge, 'invoke'>) {
    this.#bridge = bridge;
  }

  async load(query: StudyFilter | undefined): Promise<void> {
    this.#query = query;
    this.loading = true;
    this.triage = {};
    try {
      this.stats = await this.#bridge.invoke('cohortStats', { ...(query ? { query } : {}), maxIds: 1000, bins: 20 });
      this.error = undefined;
      if (this.selectedClass && !this.stats.classes.some((c) => c.class === this.selectedClass)) this.selectedClass = undefined;
    } catch (e) {
      this.error = errorText(e).message;
    } finally {
      this.loading = false;
    }
    await this.showTab(this.tab);
  }

  get selected(): CohortStats['classes'][number] | undefined {
    return this.stats?.classes.find((c) => c.class === this.selectedClass);
  }

  async showTab(kind: TriageKind): Promise<void> {
    this.tab = kind;
    if (this.triage[kind]) return;
    try {
      const list = await this.#bridge.invoke('triage', { kind, limit: 50, ...(this.#query ? { query: this.#query } : {}) });
      this.triage = { ...this.triage, [kind]: list };
      this.triageError = undefined;
    } catch (e) {
      this.triageError = errorText(e).message;
    }
  }
}
