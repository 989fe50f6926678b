/**
 * Papers that pan together (the serial comparison's two ECGs): each paper's scroller joins as a pane; when the
 * reader scrolls one, the others are scrolled to the same seconds and leads (lib/compare/pan-sync.ts). A scroll
 * the group itself caused comes back as a scroll event on the follower; it is recognised by its position and not
 * carried back, so a follower clamped at its paper's end never drags the leader with it.
 */
import { syncedScroll, type PaneGeometry, type ScrollPos } from '../lib/compare/pan-sync.js';

/** The members of a scrolling element a pane uses (an HTMLElement, or a test's stand-in). */
export interface Scroller {
  scrollLeft: number;
  scrollTop: number;
}

export class Pane {
  /** scroll position, CSS px, as last seen or set */
  left = $state(0);
  top = $state(0);
  geometry = $state.raw<PaneGeometry | undefined>(undefined);
  #el: Scroller | undefined;
  /** the position the group last moved this pane to, until its scroll event comes back */
  #expected: ScrollPos | undefined;

  constructor(private readonly group: PanGroup) {}

  /** Joins `el`; returns the detach function (an effect's cleanup). */
  attach(el: Scroller): () => void {
    this.#el = el;
    this.#read();
    return () => {
      if (this.#el === el) this.#el = undefined;
    };
  }

  /** The paper's layout, scale or view size changed: line it up with the leader again. */
  setGeometry(g: PaneGeometry): void {
    this.geometry = g;
    this.group.realign(this);
  }

  /** The scroller's scroll event: the reader moved it, unless it is the group's own move coming back. */
  scrolled(): void {
    if (!this.#el) return;
    this.#read();
    const e = this.#expected;
    this.#expected = undefined;
    if (e && e.left === this.left && e.top === this.top) return;
    this.group.lead(this);
  }

  /** Moves the scroller; the browser clamps, and what it kept is what the echo will report. */
  moveTo(pos: ScrollPos): void {
    const el = this.#el;
    if (!el) return;
    const before = { left: el.scrollLeft, top: el.scrollTop };
    el.scrollLeft = pos.left;
    el.scrollTop = pos.top;
    this.#read();
    // unmoved, no scroll event comes; but one still due from an earlier move reports this same position
    const moved = this.left !== before.left || this.top !== before.top;
    this.#expected = moved || this.#expected ? { left: this.left, top: this.top } : undefined;
  }

  /** Reads the scroller again (its position may have been clamped by a paper that shrank). */
  refresh(): void {
    this.#read();
  }

  get attached(): boolean {
    return this.#el !== undefined;
  }

  #read(): void {
    if (!this.#el) return;
    this.left = this.#el.scrollLeft;
    this.top = this.#el.scrollTop;
  }
}

export class PanGroup {
  readonly panes: Pane[] = [];
  /** the pane the reader moved last: the others follow it */
  #leader: Pane | undefined;

  pane(): Pane {
    const p = new Pane(this);
    this.panes.push(p);
    return p;
  }

  /** `from` was moved by the reader: every other pane follows. */
  lead(from: Pane): void {
    this.#leader = from;
    for (const p of this.panes) if (p !== from) this.#follow(p, from);
  }

  /** After `changed`'s geometry changed: a follower lines up with the leader, a leader brings the others along. */
  realign(changed: Pane): void {
    const leader = this.#leader ?? this.panes.find((p) => p.attached && p.geometry);
    if (!leader) return;
    leader.refresh();
    if (changed === leader) this.lead(leader);
    else this.#follow(changed, leader);
  }

  #follow(p: Pane, leader: Pane): void {
    if (!p.geometry || !leader.geometry) return;
    p.moveTo(syncedScroll(leader.geometry, { left: leader.left, top: leader.top }, p.geometry));
  }
}
