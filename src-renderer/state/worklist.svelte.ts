/**
 * The worklist: filters, sort, the selected row, and the rows themselves fetched page by page as the table
 * scrolls (offset paging, so any part of a 100 000-study archive is one query away). Changing a filter or the
 * sort starts a new generation; answers to an older generation's requests are dropped.
 */
import type { StudyPage, StudyQuery, StudySummary } from '../../src-main/api/contract/studies.js';
import { EMPTY_FILTERS, studyQuery, type StudySortKey, type WorklistFilters, type WorklistSort } from '../lib/worklist/query.js';
import { pagesFor } from '../lib/worklist/virtual-window.js';

export type ListStudies = (query: StudyQuery) => Promise<StudyPage>;

export const PAGE_SIZE = 100;

export class WorklistState {
  filters = $state<WorklistFilters>({ ...EMPTY_FILTERS, classes: [] });
  sort = $state<WorklistSort>({ key: 'acquired', direction: 'desc' });
  total = $state(0);
  /** the first page of the current generation has arrived */
  ready = $state(false);
  error = $state<string | undefined>(undefined);
  selected = $state(0);
  /** bumped when a page arrives, so rows read through row() update */
  #version = $state(0);
  #pages = new Map<number, StudySummary[]>();
  #inFlight = new Set<number>();
  #generation = 0;
  readonly #list: ListStudies;

  constructor(list: ListStudies) {
    this.#list = list;
  }

  /** Starts over with the current filters and sort; resolves when the first page is in. */
  async refresh(): Promise<void> {
    this.#generation++;
    this.#pages = new Map();
    this.#inFlight = new Set();
    this.ready = false;
    this.error = undefined;
    this.selected = 0;
    this.#version++;
    await this.#load(0, this.#generation);
  }

  /** Fetches the pages already shown again, keeping scroll and selection (new analyses, a confirmation). */
  async reloadPages(): Promise<void> {
    const gen = this.#generation;
    await Promise.all([...this.#pages.keys()].filter((p) => !this.#inFlight.has(p)).map((p) => this.#load(p, gen)));
  }

  setFilters(patch: Partial<WorklistFilters>): Promise<void> {
    this.filters = { ...this.filters, ...patch };
    return this.refresh();
  }

  /** A header click: sort by that column, or flip the direction if it is the column already. */
  sortBy(key: StudySortKey): Promise<void> {
    this.sort = this.sort.key === key ? { key, direction: this.sort.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: key === 'patient' ? 'asc' : 'desc' };
    return this.refresh();
  }

  /** Loads the pages rows [first, end) fall on that are neither loaded nor loading. */
  async ensureRows(first: number, end: number): Promise<void> {
    const gen = this.#generation;
    const wanted = pagesFor(first, Math.min(end, this.total), PAGE_SIZE).filter((p) => !this.#pages.has(p) && !this.#inFlight.has(p));
    await Promise.all(wanted.map((p) => this.#load(p, gen)));
  }

  row(index: number): StudySummary | undefined {
    void this.#version;
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  get selectedStudy(): StudySummary | undefined {
    return this.row(this.selected);
  }

  /** Moves the selection by `delta` rows, within the list; returns the new index. */
  move(delta: number): number {
    return this.select(this.selected + delta);
  }

  select(index: number): number {
    this.selected = this.total ? Math.max(0, Math.min(this.total - 1, index)) : 0;
    return this.selected;
  }

  async #load(page: number, gen: number): Promise<void> {
    this.#inFlight.add(page);
    try {
      const result = await this.#list(studyQuery(this.filters, this.sort, page * PAGE_SIZE, PAGE_SIZE));
      if (gen !== this.#generation) return;
      this.#pages.set(page, result.items);
      this.total = result.total;
      this.ready = true;
      this.#version++;
    } catch (e) {
      if (gen === this.#generation) this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (gen === this.#generation) this.#inFlight.delete(page);
    }
  }
}
